/**
 * Node.js library for Productiv Home: the extension points that backend
 * modules (Okta, Jira Service Management, Zendesk, e-mail) plug into, and
 * what those modules share.
 *
 * @packageDocumentation
 */

export * from './extensions';
export * from './auditTrail';
export * from './permissions';
export * from './client';
export * from './approvals';
export * from './moduleTables';
export * from './providers';
export * from './openedTickets';
export * from './scheduler';
export * from './refusals';
export * from './ticketRecords';
export * from './ticketWording';
export * from './channelIntake';
