import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { mockServices } from '@backstage/backend-test-utils';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { NO_APPROVER_MESSAGE } from './ApproverResolver';
import { ChannelIntakeService, refusalField } from './ChannelIntakeService';

describe('refusalField', () => {
  it('puts each refusal of the intake on the field it is about', () => {
    expect(refusalField(new NotFoundError('figma is not offered'))).toBe('app');
    expect(refusalField(new ConflictError(NO_APPROVER_MESSAGE))).toBe('app');
    expect(
      refusalField(
        new InputError(
          'Tell your approver why you need this app: a justification is required',
        ),
      ),
    ).toBe('justification');
    expect(
      refusalField(new ConflictError('You already have Figma Viewer.')),
    ).toBe('tier');
    expect(
      refusalField(
        new ConflictError('You already have an open request for Figma Editor'),
      ),
    ).toBe('tier');
  });
});

describe('ChannelIntakeService', () => {
  const events: Array<{ eventId: string; meta: object; outcome?: string }> = [];
  const auditor = {
    createEvent: async (o: any) => {
      const event = { eventId: o.eventId, meta: { ...o.meta } } as any;
      events.push(event);
      return {
        success: async (s?: any) => {
          event.outcome = 'success';
          Object.assign(event.meta, s?.meta);
        },
        fail: async () => {
          event.outcome = 'fail';
        },
      };
    },
  };
  const submitted: unknown[] = [];
  const intake = new ChannelIntakeService({
    submit: async (input, options) => {
      submitted.push({ ...input, ...options });
      if (input.tier === 'held') throw new ConflictError('You already have it');
      if (input.tier === 'boom') throw new Error('database down');
      return {
        id: 'r1',
        status: 'pending_approval',
        level: 1,
      } as AccessRequest;
    },
    apps: {
      listApps: async () => [
        {
          appKey: 'figma',
          name: 'Figma',
          description: '',
          category: 'Design',
          tiers: ['viewer', 'editor'],
          owners: [],
          approval: { required: 'everyone', exceptGroups: [], levels: [] },
          fulfillment: 'manual',
        },
      ],
    },
    settings: async () => ({ justificationRequired: true } as any),
    awaiting: async () => [],
    getRequest: async () => {
      throw new NotFoundError('no');
    },
    people: {} as any,
    auditor: auditor as any,
    appBaseUrl: 'http://portal',
    logger: mockServices.logger.mock(),
  });

  beforeEach(() => {
    events.length = 0;
    submitted.length = 0;
  });

  it('creates the request as the person and audits it with the channel', async () => {
    expect(
      await intake.submit({
        requesterRef: 'user:default/emma.jones',
        appKey: 'figma',
        tier: 'editor',
        accessDays: 90,
        via: 'slack',
      }),
    ).toEqual({
      created: true,
      requestId: 'r1',
      status: 'pending_approval',
      level: 1,
    });
    expect(submitted).toEqual([
      {
        appKey: 'figma',
        tier: 'editor',
        justification: undefined,
        accessDays: 90,
        requester: 'user:default/emma.jones',
      },
    ]);
    expect(events).toEqual([
      {
        eventId: 'request-create',
        outcome: 'success',
        meta: {
          appKey: 'figma',
          tier: 'editor',
          requester: 'user:default/emma.jones',
          via: 'slack',
          accessDays: '90',
          requestId: 'r1',
        },
      },
    ]);
  });

  it('refuses a duration that is not offered and an intake refusal, audited; other failures are thrown', async () => {
    const base = {
      requesterRef: 'user:default/emma.jones',
      appKey: 'figma',
      via: 'slack',
    };
    expect(
      await intake.submit({ ...base, tier: 'editor', accessDays: 45 }),
    ).toMatchObject({ created: false, field: 'accessDays' });
    expect(submitted).toEqual([]);
    expect(await intake.submit({ ...base, tier: 'held' })).toEqual({
      created: false,
      field: 'tier',
      message: 'You already have it',
    });
    await expect(intake.submit({ ...base, tier: 'boom' })).rejects.toThrow(
      'database down',
    );
    expect(events.map(e => e.outcome)).toEqual(['fail', 'fail', 'fail']);
  });

  it('searches the catalog by words of the name, with tiers by name', async () => {
    expect(
      await intake.searchApps({
        requesterRef: 'user:default/x',
        search: 'FIG',
      }),
    ).toEqual([
      {
        appKey: 'figma',
        name: 'Figma',
        tiers: [
          { tier: 'viewer', displayName: 'Viewer' },
          { tier: 'editor', displayName: 'Editor' },
        ],
      },
    ]);
    expect(
      await intake.searchApps({
        requesterRef: 'user:default/x',
        search: 'zoom',
      }),
    ).toEqual([]);
    expect(await intake.describe(['unknown'])).toEqual([]);
  });
});
