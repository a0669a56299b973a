import {
  AuditEvent,
  Exemption,
  InstanceWorkflowDetail,
  InstanceWorkflowSummary,
  Workflow,
  WorkflowDefinition,
  WorkflowPreviewResult,
} from '@internal/plugin-provisioning-workflows-common';
import { EventFilter } from '../../database/operations/events/events';
import { Creds } from '../common';

export type ExemptionEntry = {
  kind: 'user' | 'group';
  value: string;
  note?: string;
};

/** Workflow set-up: definitions, preview, exempt lists, and the audit events. */
export interface WorkflowsService {
  /** The instances with their workflow status; of `appKeys` only, when given. */
  listInstances(
    options: Creds & { appKeys?: string[] },
  ): Promise<InstanceWorkflowSummary[]>;
  getInstance(
    instanceId: string,
    options: Creds,
  ): Promise<InstanceWorkflowDetail>;
  saveWorkflow(
    instanceId: string,
    definition: WorkflowDefinition,
    options: Creds,
  ): Promise<Workflow>;
  setStatus(
    instanceId: string,
    status: 'active' | 'paused',
    options: Creds,
  ): Promise<Workflow>;
  /** Who the workflow (saved, or `definition` being edited) acts on now; changes nothing. */
  preview(
    instanceId: string,
    definition: WorkflowDefinition | undefined,
    options: Creds & { limit: number },
  ): Promise<WorkflowPreviewResult>;
  listExemptions(scope: string, options: Creds): Promise<Exemption[]>;
  addExemptions(
    scope: string,
    entries: ExemptionEntry[],
    options: Creds,
  ): Promise<{ added: number; exemptions: Exemption[] }>;
  removeExemption(id: string, options: Creds): Promise<void>;
  listEvents(
    filter: Omit<EventFilter, 'appKeys'> & {
      appKey?: string;
      /** Only events of these apps; undefined: of every app and of none. */
      appKeys?: string[];
    },
    options: Creds,
  ): Promise<{ items: AuditEvent[]; nextCursor?: string }>;
}
