import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/** Validates input against its schema; a 400 that says which field is wrong and why. */
export function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what}: ${parsed.error.issues
        .map(i => `${i.path.join('.') || what}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
