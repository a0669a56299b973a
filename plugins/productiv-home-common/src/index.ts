/**
 * Types, constants and permissions shared by the Productiv Home frontend and backend.
 *
 * @packageDocumentation
 */

export * from './constants';
export * from './permissions';
export * from './types';
export * from './requests';
export * from './access';
export * from './people';
export * from './seats';
