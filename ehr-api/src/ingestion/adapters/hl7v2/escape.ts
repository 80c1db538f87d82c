/**
 * HL7 v2 escape sequences (v2.5 chapter 2.7). Written here because the parsing library we use
 * (@medplum/core's Hl7Message) splits fields, repetitions and components but leaves escape
 * sequences in the values.
 */

export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export const DEFAULT_DELIMITERS: Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

/**
 * Replaces escape sequences in one value (a component or subcomponent, already split):
 * \F\ \S\ \T\ \R\ \E\ by the delimiter they stand for, \Xhh..\ by the bytes it carries (decoded
 * with `decodeHex`, the message's own character set), \.br\ and \.sp\ by a line break; highlighting
 * (\H\ \N\), other formatting commands and character-set switches (\C..\ \M..\) are dropped.
 * Unknown or unterminated sequences are kept as written, so no text is lost.
 */
export function unescapeValue(
  value: string,
  delimiters: Delimiters,
  decodeHex: (bytes: Buffer) => string,
): string {
  const esc = delimiters.escape;
  if (esc === '' || !value.includes(esc)) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf(esc, i);
    if (start < 0) {
      out += value.slice(i);
      break;
    }
    out += value.slice(i, start);
    const end = value.indexOf(esc, start + 1);
    if (end < 0) {
      out += value.slice(start);
      break;
    }
    const body = value.slice(start + 1, end);
    const replaced = replaceSequence(body, delimiters, decodeHex);
    out += replaced ?? value.slice(start, end + 1);
    i = end + 1;
  }
  return out;
}

function replaceSequence(
  body: string,
  d: Delimiters,
  decodeHex: (bytes: Buffer) => string,
): string | undefined {
  switch (body) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case 'H':
    case 'N':
      return '';
    case '.br':
      return '\n';
  }
  const head = body.charAt(0);
  if (head === 'X' && /^X(?:[0-9A-Fa-f]{2})+$/.test(body))
    return decodeHex(Buffer.from(body.slice(1), 'hex'));
  if (/^\.sp[+-]?\d*$/.test(body)) return '\n';
  if (/^\.(?:in|ti|sk|ce|fi|nf)[+-]?\d*$/.test(body)) return '';
  if ((head === 'C' || head === 'M') && /^[CM][0-9A-Fa-f]{4,6}$/.test(body)) return '';
  return undefined;
}

/** Escapes a value for writing: the delimiters, and line breaks as \.br\ (CR as \X0D\). */
export function escapeValue(value: string, d: Delimiters = DEFAULT_DELIMITERS): string {
  let out = '';
  for (const ch of value) {
    if (ch === d.escape) out += `${d.escape}E${d.escape}`;
    else if (ch === d.field) out += `${d.escape}F${d.escape}`;
    else if (ch === d.component) out += `${d.escape}S${d.escape}`;
    else if (ch === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (ch === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (ch === '\n') out += `${d.escape}.br${d.escape}`;
    else if (ch === '\r') out += `${d.escape}X0D${d.escape}`;
    else out += ch;
  }
  return out;
}
