/**
 * Types and permissions shared by the provisioning workflows frontend and backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './types';
export * from './inventory';
export * from './workflows';
export * from './backtest';
export * from './api';
export * from './teams';
export * from './dashboard';
export * from './signals';
export * from './restores';
