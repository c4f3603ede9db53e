/** At most `max` UTF-16 units of a text, never half of a character outside the BMP (a lone surrogate is not valid UTF-8). */
export function clip(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
