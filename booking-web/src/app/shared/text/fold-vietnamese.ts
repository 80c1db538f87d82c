/**
 * Vietnamese text folded for matching what people type: NFD, combining marks stripped, đ/Đ to d,
 * lower case, punctuation to spaces, runs of spaces collapsed ("Khoa Tai–Mũi–Họng" → "khoa tai
 * mui hong"). The same folding as the API's `foldVietnamese` (ehr-api/src/identity/normalize.ts),
 * so a search in the browser agrees with one on the server; many people type without marks.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Whether `text` contains every word of `query`, with or without diacritics and in any order
 * ("hong tai" finds "Khoa Tai Mũi Họng"). An empty query matches everything.
 */
export function matchesFolded(text: string, query: string): boolean {
  const words = foldVietnamese(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = foldVietnamese(text);
  return words.every((word) => haystack.includes(word));
}
