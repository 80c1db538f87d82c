import { foldVietnamese } from '@qn/contracts/text';

export { foldVietnamese };

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
