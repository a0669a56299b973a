import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';

/**
 * One button click from Slack's interactivity endpoint, after it was
 * verified: signed with the signing secret, within the replay window, and
 * not seen before.
 *
 * @public
 */
export type SlackButtonClick = {
  /** The button's `action_id`, starting with the handler's prefix. */
  actionId: string;
  /** The button's `value`. */
  value?: string;
  /** The Slack user who clicked (U...). */
  slackUserId: string;
  /** The message the button is on. */
  channelId?: string;
  messageTs?: string;
  /** Slack's time of the click. */
  actionTs: string;
  /** The whole `block_actions` payload, for anything else a handler needs. */
  payload: unknown;
};

/**
 * What a handler may do besides reading the click.
 *
 * @public
 */
export type SlackClickContext = {
  /** Tells the clicker alone (an ephemeral message through the click's response_url). */
  respond(text: string): Promise<void>;
  /** The HTTP request, for audit events. */
  request: Request;
};

/**
 * Handles the clicks whose `action_id` starts with its prefix. It runs
 * within Slack's 3-second answer as far as it can and goes on after; it
 * must audit what it refuses and tell the clicker with `respond`.
 *
 * @public
 */
export type SlackClickHandler = (
  click: SlackButtonClick,
  ctx: SlackClickContext,
) => Promise<void>;

/**
 * The clicks that reach the one Interactivity Request URL of the Slack app
 * (served by Productiv Home's Slack module), by `action_id` prefix: a module
 * registers the prefix of its buttons, and the endpoint hands it their
 * verified clicks.
 *
 * @public
 */
export interface SlackInteractionsService {
  /** Claims the clicks whose action_id starts with `prefix`; a prefix overlapping another one throws. */
  register(prefix: string, handler: SlackClickHandler): void;
  /** The handler of an action_id, if a module claimed it. */
  handlerFor(actionId: string): SlackClickHandler | undefined;
}

/** The registry of one backend process (a root service). */
export class DefaultSlackInteractions implements SlackInteractionsService {
  private readonly handlers = new Map<string, SlackClickHandler>();

  register(prefix: string, handler: SlackClickHandler): void {
    if (!prefix) throw new Error('A Slack click prefix must not be empty');
    const taken = [...this.handlers.keys()].find(
      p => p.startsWith(prefix) || prefix.startsWith(p),
    );
    if (taken) {
      throw new Error(
        `The Slack click prefix '${prefix}' overlaps '${taken}', which is already registered`,
      );
    }
    this.handlers.set(prefix, handler);
  }

  handlerFor(actionId: string): SlackClickHandler | undefined {
    for (const [prefix, handler] of this.handlers) {
      if (actionId.startsWith(prefix)) return handler;
    }
    return undefined;
  }
}

/**
 * The Slack click registry, shared by every plugin of the backend (root
 * scope, with a default factory: nothing to wire).
 *
 * @public
 */
export const slackInteractionsServiceRef =
  createServiceRef<SlackInteractionsService>({
    id: 'internal.slack-connector.interactions',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => new DefaultSlackInteractions(),
      }),
  });
