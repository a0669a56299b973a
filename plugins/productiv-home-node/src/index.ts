/**
 * Node.js library for Productiv Home: the extension points that backend
 * modules (Okta, Jira Service Management, Zendesk, e-mail) plug into.
 *
 * @packageDocumentation
 */

export * from './extensions';
export * from './permissions';
export * from './client';
