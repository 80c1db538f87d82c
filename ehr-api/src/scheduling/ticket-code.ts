import { randomBytes } from 'node:crypto';

/**
 * Ticket codes: 8 characters of Crockford base32 (no I, L, O, U), 40 random bits. Short enough to
 * read out at a counter, hard to guess, and unambiguous when typed back: `normalizeTicketCode`
 * maps the look-alikes (O→0, I/L→1) and drops dashes and spaces.
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TICKET_CODE_LENGTH = 8;

export function newTicketCode(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = TICKET_CODE_LENGTH - 1; i >= 0; i--)
    code += CROCKFORD_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}

/** The canonical form of a code as typed by a person, or undefined when it cannot be one. */
export function normalizeTicketCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return code.length === TICKET_CODE_LENGTH &&
    [...code].every((c) => CROCKFORD_ALPHABET.includes(c))
    ? code
    : undefined;
}
