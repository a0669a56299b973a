export { provisioningWorkflowsPlugin as default } from './plugin';
