import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';

/**
 * How a call reached the services, for its audit event: an HTTP request
 * (the auditor takes the actor from it), or another entry point such as the
 * actions registry.
 */
export type CallOrigin =
  | { request: Parameters<AuditorService['createEvent']>[0]['request'] }
  | { via: string };

/** What every service method takes last: who calls, and from where. */
export type CallOptions = {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  origin?: CallOrigin;
};

/** The calling user's entity ref. */
export function actorOf(options: CallOptions): string {
  return options.credentials.principal.userEntityRef;
}

/**
 * Input the service reads only once the caller is authorized, so that what it
 * checks of it (an unknown tier, a missing justification) and audits never
 * precede a refusal. Its shape was checked before: HTTP bodies against the
 * OpenAPI spec, action inputs against the action's schema.
 */
export type CheckedInput<T> = () => T;
