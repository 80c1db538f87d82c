/** Hex helpers live in the shared package `@qn/card-crypto`. */
export { fromHex, toHex } from '@qn/card-crypto';
