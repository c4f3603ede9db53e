/**
 * Runs a command-line run (`make fuzz`, `make chaos`, the benches) to its end: the process exits
 * with the status `main` returns (0 when it returns none), 130 on Ctrl-C, and `failedWith` after
 * printing the error when it throws.
 */
export function runEntryPoint(name: string, main: () => Promise<number | void>, failedWith = 1): void {
  process.once('SIGINT', () => process.exit(130));
  main().then(
    (code) => process.exit(code ?? 0),
    (err) => {
      console.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
      process.exit(failedWith);
    },
  );
}
