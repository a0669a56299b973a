/**
 * Test utilities for plugins that use provisioning workflows, imported from
 * `@internal/plugin-provisioning-workflows-node/testUtils`.
 *
 * @packageDocumentation
 */

export { provisioningWorkflowsInventoryServiceMock } from './inventoryServiceMock';
export { auditRecorder, workflowsTestApi } from './workflowsTestApi';
export type { RecordedAuditEvent, WorkflowsTestApi } from './workflowsTestApi';
