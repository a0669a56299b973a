import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { PeerUsageService } from './PeerUsageService';

const credentials = mockCredentials;

function inventory(counts: { figma: number }) {
  const calls: string[] = [];
  return {
    calls,
    service: {
      listApps: async () => [],
      listAssignments: async () => [],
      getPeerUsage: async (entityRef: string) => {
        calls.push(entityRef);
        if (entityRef === 'user:default/new.hire') {
          const notFound = new Error('not found') as Error & {
            response: { status: number };
          };
          notFound.response = { status: 404 };
          throw notFound;
        }
        return {
          entityRef,
          teams: [],
          byTeam: [{ appKey: 'figma', appName: 'Figma', users: counts.figma }],
          byTitle: [],
          byDepartment: [{ appKey: 'figma', appName: 'Figma', users: 9 }],
        };
      },
    },
  };
}

describe('PeerUsageService', () => {
  it('keeps each person’s counts in the cache service, shared by every instance on it', async () => {
    // One store, as Redis or Valkey is for every replica.
    const cache = CacheManager.fromConfig(mockServices.rootConfig()).forPlugin(
      'productiv-home',
    );
    const set = jest.spyOn(cache, 'set');
    const first = inventory({ figma: 4 });
    const second = inventory({ figma: 5 });
    const replicaA = new PeerUsageService({
      inventory: first.service as any,
      cache,
    });
    const replicaB = new PeerUsageService({
      inventory: second.service as any,
      cache,
    });
    const emma = credentials.user('user:default/emma.jones');

    const counts = [{ appKey: 'figma', team: 4, title: 0, department: 9 }];
    expect(await replicaA.forUser(emma)).toEqual(counts);
    // The other replica reads what the first one stored.
    expect(await replicaB.forUser(emma)).toEqual(counts);
    expect(first.calls).toEqual(['user:default/emma.jones']);
    expect(second.calls).toEqual([]);
    expect(set).toHaveBeenCalledWith(
      'peer-usage:user:default/emma.jones',
      counts,
      { ttl: 300_000 },
    );
  });

  it('gives a person the inventory does not know no counts', async () => {
    const cache = CacheManager.fromConfig(mockServices.rootConfig()).forPlugin(
      'productiv-home',
    );
    const { service } = inventory({ figma: 4 });
    const peers = new PeerUsageService({ inventory: service as any, cache });
    expect(
      await peers.forUser(credentials.user('user:default/new.hire')),
    ).toEqual([]);
  });

  it('still answers when the cache is down', async () => {
    const cache = mockServices.cache.mock();
    cache.get.mockRejectedValue(new Error('ECONNREFUSED'));
    cache.set.mockRejectedValue(new Error('ECONNREFUSED'));
    const { service, calls } = inventory({ figma: 4 });
    const peers = new PeerUsageService({ inventory: service as any, cache });
    const emma = credentials.user('user:default/emma.jones');
    expect(await peers.forUser(emma)).toHaveLength(1);
    expect(await peers.forUser(emma)).toHaveLength(1);
    expect(calls).toHaveLength(2);
  });
});
