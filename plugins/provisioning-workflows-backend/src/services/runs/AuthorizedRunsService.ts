import { InputError, NotFoundError } from '@backstage/errors';
import { WorkflowStore } from '../../database/WorkflowStore';
import { AppAuthorization } from '../AppAuthorization';
import { Creds } from '../common';
import { ActionsQuery, RunsService } from './types';

/**
 * The permission checks of runs, around another RunsService: starting runs
 * and deciding suggestions is for the app's admins (manage), following them
 * for whoever may read its history. Warnings and opt-outs belong to the
 * warned person, which the service itself checks.
 */
export class AuthorizedRunsService implements RunsService {
  constructor(
    private readonly inner: RunsService,
    private readonly deps: { apps: AppAuthorization; store: WorkflowStore },
  ) {}

  async startRun(...args: Parameters<RunsService['startRun']>) {
    await this.deps.apps.managed(args[0], args[2].credentials);
    return this.inner.startRun(...args);
  }

  async getRun(runId: string, options: Creds) {
    const run = await this.inner.getRun(runId, options);
    await this.deps.apps.readable(run.instanceId, options.credentials);
    return run;
  }

  async listRuns(...args: Parameters<RunsService['listRuns']>) {
    await this.deps.apps.readable(args[0], args[1].credentials);
    return this.inner.listRuns(...args);
  }

  async listActions(filter: ActionsQuery, options: Creds) {
    let instanceId = filter.instanceId;
    if (filter.runId) {
      instanceId = (await this.inner.getRun(filter.runId, options)).instanceId;
    }
    if (!instanceId) throw new InputError('Give a run or an instance');
    await this.deps.apps.readable(instanceId, options.credentials);
    return this.inner.listActions({ ...filter, instanceId }, options);
  }

  /** Each suggestion is checked, then decided, in turn: as many are decided as are allowed before a refusal. */
  async decideSuggestions(
    ids: string[],
    decision: 'accept' | 'dismiss',
    options: Creds,
  ) {
    const changed: string[] = [];
    const unchanged: string[] = [];
    const checked = new Set<string>();
    for (const id of ids) {
      const action = await this.deps.store.getAction(id);
      if (!action) throw new NotFoundError(`No suggestion ${id}`);
      if (!checked.has(action.instanceId)) {
        await this.deps.apps.managed(action.instanceId, options.credentials);
        checked.add(action.instanceId);
      }
      const result = await this.inner.decideSuggestions(
        [id],
        decision,
        options,
      );
      changed.push(...result.changed);
      unchanged.push(...result.unchanged);
    }
    return { changed, unchanged };
  }

  myWarnings(options: Creds) {
    return this.inner.myWarnings(options);
  }

  optOut(actionId: string, options: Creds) {
    return this.inner.optOut(actionId, options);
  }

  async results(instanceId: string, options: Creds) {
    await this.deps.apps.readable(instanceId, options.credentials);
    return this.inner.results(instanceId, options);
  }
}
