import { ApiRouter } from '@backstage/backend-openapi-utils';
import { spec } from '../schema/openapi/generated/router';

/**
 * The plugin's router generated from src/schema/openapi.yaml: routes added to
 * it are validated against the spec and their requests typed by it.
 */
export type HomeApi = ApiRouter<typeof spec>;

/**
 * A query parameter the spec gives a `default`: the validator has applied
 * it, but the spec's types still call it optional.
 */
export function defaulted<T>(value: T | undefined, name: string): T {
  if (value === undefined) {
    throw new Error(`The spec gives query parameter ${name} no default`);
  }
  return value;
}
