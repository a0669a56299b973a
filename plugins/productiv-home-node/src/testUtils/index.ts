/**
 * Test utilities for Productiv Home backend modules, imported from this
 * package's `/testUtils` entry point: a test backend for a
 * module alone or with the plugin, an auditor that records refusals, and
 * the demo requests and apps that module tests share.
 *
 * @packageDocumentation
 */

export * from './moduleTestBackend';
export * from './pluginTestBackend';
export * from './auditor';
export * from './fixtures';
