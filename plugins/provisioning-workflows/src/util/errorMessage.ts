import { ResponseError } from '@backstage/errors';

/**
 * What to tell the user about a failed call: the server's own message
 * (e.g. "Rule 1: Figma has no tier 'pro'") rather than "Request failed with 400".
 */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    const message = error.body?.error?.message ?? error.cause?.message;
    if (message) return message;
  }
  return (error as Error)?.message ?? String(error);
}
