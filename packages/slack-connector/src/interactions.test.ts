import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  DefaultSlackInteractions,
  SlackClickHandler,
  SlackInteractionsService,
  slackInteractionsServiceRef,
} from './interactions';

describe('DefaultSlackInteractions', () => {
  const handler: SlackClickHandler = async () => {};
  const other: SlackClickHandler = async () => {};

  it('hands each action_id to the handler of its prefix', () => {
    const registry = new DefaultSlackInteractions();
    registry.register('provisioning-workflows:', handler);
    registry.register('billing:', other);
    expect(registry.handlerFor('provisioning-workflows:keep')).toBe(handler);
    expect(registry.handlerFor('billing:pay')).toBe(other);
    expect(registry.handlerFor('productiv_home_approve')).toBeUndefined();
    expect(registry.handlerFor('provisioning-workflows')).toBeUndefined();
  });

  it('refuses a prefix that overlaps another one, either way, and an empty one', () => {
    const registry = new DefaultSlackInteractions();
    registry.register('pw:', handler);
    expect(() => registry.register('pw:keep', other)).toThrow(
      "The Slack click prefix 'pw:keep' overlaps 'pw:'",
    );
    expect(() => registry.register('p', other)).toThrow(/overlaps 'pw:'/);
    expect(() => registry.register('', other)).toThrow(/must not be empty/);
    expect(registry.handlerFor('pw:keep')).toBe(handler);
  });
});

describe('slackInteractionsServiceRef', () => {
  it('is one registry for every plugin of a backend, with no wiring', async () => {
    const seen: SlackInteractionsService[] = [];
    const plugin = (pluginId: string) =>
      createBackendPlugin({
        pluginId,
        register(env) {
          env.registerInit({
            deps: { interactions: slackInteractionsServiceRef },
            async init({ interactions }) {
              seen.push(interactions);
            },
          });
        },
      });
    await startTestBackend({ features: [plugin('a'), plugin('b')] });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toBeInstanceOf(DefaultSlackInteractions);
    // A ref is root-scoped: plugins share it rather than get one each.
    expect(slackInteractionsServiceRef.scope).toBe('root');
  });
});
