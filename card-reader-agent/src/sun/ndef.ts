/** NDEF URI records live in the shared package `@qn/card-crypto` (the API builds the SUN template too). */
export { decodeUriMessage, encodeNdefFile, encodeUriMessage, NdefError } from '@qn/card-crypto';
