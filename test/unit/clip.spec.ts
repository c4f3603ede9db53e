import { describe, expect, it } from '@jest/globals';
import { clip } from '../../libs/domain/src';

describe('stored texts are clipped to their column, never through a character', () => {
  it('keeps short texts, cuts long ones, and drops half of a character outside the BMP', () => {
    expect(clip('调解', 500)).toBe('调解');
    expect(clip('abcdef', 3)).toBe('abc');
    // 𝑻 is two UTF-16 units: cutting after its first would leave a lone surrogate, which is not UTF-8.
    expect(clip('ab𝑻c', 3)).toBe('ab');
    expect(clip('ab𝑻c', 4)).toBe('ab𝑻');
  });
});
