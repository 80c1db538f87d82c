import express, { type RequestHandler } from 'express';
import { HttpError } from '../errors/http-error.js';

/**
 * Deeper than any body of ours or any FHIR resource we take (a Questionnaire nested ten items
 * deep is about 40 levels), and far below what breaks JSON.stringify (about 10,000 levels).
 */
export const MAX_JSON_DEPTH = 100;

/**
 * How deeply the JSON text in `bytes` nests arrays and objects, counting no further than `stop`.
 * A hand-written scan because JSON.parse gives no depth and the parsed value cannot be measured
 * without the recursion this guards against; brackets inside strings do not count.
 */
export function jsonDepth(bytes: Uint8Array, stop = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c)
        i += 1; // backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest >= stop) return deepest;
    } else if (byte === 0x5d || byte === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * `express.json` that also refuses bodies nested deeper than MAX_JSON_DEPTH with 400
 * `/problems/too-deeply-nested`, before parsing: JSON.parse copes with any depth, but the
 * recursion of JSON.stringify, zod and FHIR serialisation later on does not.
 */
export function jsonBody(options: { limit: string; type?: string | string[] }): RequestHandler {
  return express.json({
    limit: options.limit,
    strict: true,
    ...(options.type ? { type: options.type } : {}),
    verify: (_req, _res, buffer) => {
      if (jsonDepth(buffer, MAX_JSON_DEPTH + 1) > MAX_JSON_DEPTH) {
        throw new HttpError({
          status: 400,
          code: 'too-deeply-nested',
          title: 'JSON nested too deeply',
          detail: `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
        });
      }
    },
  });
}
