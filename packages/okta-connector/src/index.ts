/**
 * The Okta connector shared by the backend plugins: one client factory
 * (`connectors.okta`) and one paced request executor.
 *
 * @packageDocumentation
 */

export { createOktaConnection } from './createOktaConnection';
export type {
  OktaConnection,
  OktaConnectionOptions,
} from './createOktaConnection';
export { OktaRequestExecutor } from './OktaRequestExecutor';
export type { OktaRequestExecutorOptions } from './OktaRequestExecutor';
export { RateLimitPacer } from './RateLimitPacer';
export type {
  RateLimitPacerOptions,
  RateLimitPacerStats,
} from './RateLimitPacer';
