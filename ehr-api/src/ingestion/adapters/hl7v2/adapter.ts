/**
 * The HL7 v2 SourceAdapter: cuts the input into messages and maps each one; never throws.
 */
import { isUtf8 } from 'node:buffer';
import { type AdapterContext, type ParseOutcome, type SourceAdapter } from '../../model.js';
import { mapMessage } from './map-message.js';
import { splitMessages } from './split.js';

function printable(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
}

function garbageOutcome(bytes: Buffer, context: AdapterContext, ordinal: number): ParseOutcome {
  const raw = printable(bytes);
  const preview = raw.slice(0, 40).replace(/\p{Cc}/gu, '·');
  return {
    ok: false,
    sourceRecordId: `${context.sourceName}#${ordinal}`,
    issues: [
      {
        severity: 'error',
        location: 'message',
        code: 'not-hl7',
        message: `Not an HL7 v2 message (no MSH segment): ${bytes.length} bytes starting "${preview}"`,
      },
    ],
    raw,
  };
}

function* parseHl7v2(input: Buffer, context: AdapterContext): Generator<ParseOutcome> {
  let ordinal = 0;
  for (const piece of splitMessages(input)) {
    ordinal++;
    if (piece.kind === 'garbage') {
      yield garbageOutcome(piece.bytes, context, ordinal);
      continue;
    }
    let outcome: ParseOutcome;
    try {
      outcome = mapMessage(piece, context, ordinal);
    } catch (error) {
      // A bug of ours must not stop the rest of the file: the message is rejected and kept.
      outcome = {
        ok: false,
        sourceRecordId: `${context.sourceName}#${ordinal}`,
        issues: [
          {
            severity: 'error',
            location: 'message',
            code: 'parser-error',
            message: `The HL7 v2 adapter failed on this message: ${error instanceof Error ? error.message : String(error)}`,
          },
        ],
        raw: printable(piece.bytes),
      };
    }
    yield outcome;
  }
}

export const hl7v2Adapter: SourceAdapter = {
  format: 'hl7v2',
  parse: parseHl7v2,
};
