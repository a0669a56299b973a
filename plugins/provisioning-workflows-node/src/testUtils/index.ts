/**
 * Test utilities for plugins that use provisioning workflows, imported from
 * this package's `/testUtils` entry point.
 *
 * @packageDocumentation
 */

export { provisioningWorkflowsInventoryServiceMock } from './inventoryServiceMock';
export { auditRecorder, workflowsTestApi } from './workflowsTestApi';
export type { RecordedAuditEvent, WorkflowsTestApi } from './workflowsTestApi';
