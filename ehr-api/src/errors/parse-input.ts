import type { z } from 'zod';
import { badRequest } from './http-error.js';

/**
 * Parses request input with a zod schema; a failure becomes one 400 naming each field and what is
 * wrong with it (`errors: [{ field, message }]`). `where` names the input when the whole of it is wrong.
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || where,
    message: issue.message,
  }));
  throw badRequest(errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}
