/*
 * Text helpers shared by the API and the web app. Kept out of the package's main entry (which
 * builds zod schemas when loaded) under `@qn/contracts/text`, so the browser gets these few lines
 * without zod.
 */

/**
 * Vietnamese text folded for matching what people type: NFD, combining marks stripped, đ/Đ to d,
 * lower case, punctuation to spaces, runs of spaces collapsed. "Nguyễn  Thị-Lan" → "nguyen thi
 * lan". Written here because no library folds đ (it has no decomposition in Unicode).
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
