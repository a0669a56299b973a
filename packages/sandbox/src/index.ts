/**
 * Local Okta, Slack, Jira Service Management, Zendesk and SMTP servers that
 * the real SDKs talk to, seeded from the demo organization.
 *
 * @packageDocumentation
 */

export { startSandbox, SANDBOX_CREDENTIALS } from './sandbox';
export type { Sandbox, SandboxOptions, SandboxPorts } from './sandbox';
export { clearProxyEnvironment } from './proxy';
export { generateSsoActivity, usageProfile } from './okta/activity';
export type { ActivityOptions, UsageProfile } from './okta/activity';
export { usageFromLog } from './okta/usage';
export type { PastMembership } from './okta/membershipHistory';
export type { UsageRow } from './okta/usage';
export { DEMO_APPS, NOT_IN_OKTA, OKTA_ONLY_PEOPLE } from './state/demoApps';
export { loadOrg } from './state/org';
export type { FaultSettings, ServiceName } from './faults';
export type { SlackMessage, SlackResponse } from './slack/server';
export type { SlackView } from './slack/views';
export type { SubmitOutcome } from './slack/delivery';
export { seededRandom } from './state/ids';
export { demoUserEntities } from './state/catalogEntities';
