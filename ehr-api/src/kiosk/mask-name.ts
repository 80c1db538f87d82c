/**
 * A name for a public screen: the family name (first word, Vietnamese order) kept, every other word
 * reduced to its first letter and `***`. "Nguyễn Thị Lan" → "Nguyễn T*** L***". Diacritics kept.
 */
export function maskName(fullName: string): string {
  const words = fullName.normalize('NFC').trim().split(/\s+/).filter((word) => word.length > 0);
  const [family, ...rest] = words;
  if (family === undefined) return '';
  return [family, ...rest.map((word) => `${Array.from(word)[0] ?? ''}***`)].join(' ');
}
