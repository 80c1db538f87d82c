import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { z } from 'zod';
import { parseInput } from '../errors/parse-input.js';
import { HttpError } from '../errors/http-error.js';
import { jsonDepth } from './json-body.js';

/** The nesting depth of a parsed value, the slow obvious way, to check the byte scan against. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object')
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('jsonDepth', () => {
  it('measures the depth JSON.parse would build, brackets inside strings and escapes not counted', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), (value) => {
        expect(jsonDepth(Buffer.from(JSON.stringify(value), 'utf8'))).toBe(depthOf(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('counts 10,000 levels of brackets, and stops counting at the limit it is given', () => {
    const deep = Buffer.from(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    expect(jsonDepth(deep)).toBe(10_001);
    expect(jsonDepth(deep, 101)).toBe(101);
  });

  it('does not count brackets in strings, even after escaped quotes and backslashes', () => {
    expect(jsonDepth(Buffer.from('{"a":"[[[{{{\\"[[[\\\\","b":[1]}'))).toBe(2);
  });
});

describe('parseInput', () => {
  const schema = z.object({ q: z.string(), tags: z.array(z.string()).optional() });

  it('refuses text holding U+0000 with 400 naming the field, nested ones too', () => {
    for (const [value, field] of [
      [{ q: 'Lan\u0000' }, 'q'],
      [{ q: 'Lan', tags: ['ok', '\u0000'] }, 'tags.1'],
    ] as const) {
      let error: unknown;
      try {
        parseInput(schema, value, 'query');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(400);
      expect((error as HttpError).extra).toEqual({
        errors: [{ field, message: 'must not contain the NUL character (U+0000)' }],
      });
    }
  });

  it('passes any other text through unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((text) => !text.includes('\u0000')),
        (q) => {
          expect(parseInput(schema, { q }, 'query')).toEqual({ q });
        },
      ),
      { numRuns: 500 },
    );
  });
});
