import type { z } from 'zod';
import { badRequest } from './http-error.js';

/**
 * Parses request input with a zod schema; a failure becomes one 400 naming each field and what is
 * wrong with it (`errors: [{ field, message }]`). `where` names the input when the whole of it is wrong.
 * Text holding U+0000 is refused too: no field of ours means it, and FerretDB's PostgreSQL store
 * fails on it, which would turn a bad request into a server error.
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) {
    const at = nulAt(result.data, []);
    if (at) {
      const field = at.join('.') || where;
      const message = 'must not contain the NUL character (U+0000)';
      throw badRequest(`${field}: ${message}`, { errors: [{ field, message }] });
    }
    return result.data;
  }
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || where,
    message: issue.message,
  }));
  throw badRequest(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

/** The path of the first string holding U+0000 in parsed input, if any. */
function nulAt(value: unknown, path: string[]): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulAt(item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const found = nulAt(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
