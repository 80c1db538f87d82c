import { describe, expect, it } from '@jest/globals';
import { maskName } from './mask-name.js';

describe('maskName', () => {
  it('keeps the family name and masks the other words when given a three-word Vietnamese name', () => {
    expect(maskName('Nguyễn Thị Lan')).toBe('Nguyễn T*** L***');
  });

  it('keeps diacritics of the first letter when the words start with one', () => {
    expect(maskName('Đặng Ánh Ngọc')).toBe('Đặng Á*** N***');
  });

  it('folds decomposed input and extra spaces when the name comes from another system', () => {
    expect(maskName('  Trần   Văn\u0301  Ô '.normalize('NFD'))).toBe('Trần V*** Ô***');
  });

  it('returns the family name alone when the name has one word, and nothing when empty', () => {
    expect(maskName('Lý')).toBe('Lý');
    expect(maskName('  ')).toBe('');
  });
});
