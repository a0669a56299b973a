/**
 * Durable jobs on a plugin's own database: every external call of Productiv
 * runs from here, with idempotency, leases, retries and backoff.
 *
 * @packageDocumentation
 */

export * from './JobStore';
export * from './JobRunner';
export * from './JobWorker';
export * from './errors';
export * from './writeAheadLog';
export * from './jobRetention';
