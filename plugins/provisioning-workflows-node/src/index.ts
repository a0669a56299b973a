/**
 * Node.js library for provisioning workflows: extension points for backend modules.
 *
 * @packageDocumentation
 */

export * from './extensions';
export * from './inventory';
export * from './permissions';
export * from './scheduler';
export * from './warnings';
