import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import express from 'express';
import {
  audited,
  auditCommittedEvents,
  auditedWhenRefused,
  isAuditedOnCommit,
} from './auditing';

describe('auditing: one auditor event per write', () => {
  const req = {} as express.Request;

  it('sends run and action events once committed, and leaves set-up changes to their routes', async () => {
    const auditor = mockServices.auditor.mock();
    const forward = auditCommittedEvents(auditor, mockServices.logger.mock());
    forward([
      { type: 'workflow.saved', actor: 'user:default/a' },
      { type: 'exemption.added', actor: 'user:default/a' },
      { type: 'run.started', actor: 'user:default/a', runId: 'r' },
      { type: 'suggestion.accepted', actor: 'user:default/a' },
      { type: 'action.done', actor: 'provisioning-workflows' },
    ]);
    await new Promise(r => setImmediate(r));
    expect(auditor.createEvent.mock.calls.map(([o]) => o.eventId)).toEqual([
      'workflow-run-started',
      'workflow-suggestion-accepted',
      'workflow-action-done',
    ]);
    expect(isAuditedOnCommit({ type: 'workflow.status', actor: 'a' })).toBe(
      false,
    );
  });

  it('audits a set-up change around the call, and a run request only when it is refused', async () => {
    const auditor = mockServices.auditor.mock();
    await audited(auditor, req, 'workflow-save', {}, async () => 1);
    await auditedWhenRefused(auditor, req, 'workflow-run', {}, async () => 1);
    await expect(
      auditedWhenRefused(auditor, req, 'workflow-run', {}, async () => {
        throw new NotAllowedError('no');
      }),
    ).rejects.toThrow('no');
    expect(auditor.createEvent.mock.calls.map(([o]) => o.eventId)).toEqual([
      'workflow-save',
      'workflow-run',
    ]);
  });
});
