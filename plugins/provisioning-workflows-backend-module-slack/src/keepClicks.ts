import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { WarningKeeps } from '@internal/plugin-provisioning-workflows-node';
import {
  explainSlackError,
  SlackButtonClick,
  SlackClickHandler,
} from '@internal/slack-connector';
import type { KnownBlock, WebClient } from '@slack/web-api';
import { KEEP_ACTION, keptMessage, parseKeepValue } from './warningMessages';

/** The errors with which the plugin refuses a Keep: nothing changes. */
const REFUSALS = new Set([
  'NotFoundError',
  'NotAllowedError',
  'ConflictError',
  'InputError',
]);

type Outcome =
  | { kept: 'kept' | 'already-kept'; email: string }
  | { refused: string; tell: string; email?: string };

/**
 * The *Keep my license* clicks, handed over verified (signature, replay
 * window, first seen) by the Slack app's interactivity endpoint. The Slack
 * user is mapped by the e-mail of their profile (users.info), and the
 * plugin keeps the license only when that is the warned person, the action
 * still waits and its deadline has not passed. Every click is audited;
 * one that is refused changes nothing and its clicker alone is told why.
 */
export function keepClickHandler(deps: {
  client: WebClient;
  keeps: () => WarningKeeps | undefined;
  auditor: AuditorService;
  logger: LoggerService;
  now?: () => number;
}): SlackClickHandler {
  const { client, auditor, logger } = deps;

  async function keep(
    click: SlackButtonClick,
    actionId: string,
  ): Promise<Outcome> {
    let email: string | undefined;
    try {
      email = (await client.users.info({ user: click.slackUserId })).user
        ?.profile?.email;
    } catch (error) {
      throw explainSlackError(error, 'look up who clicked');
    }
    if (!email) {
      return {
        refused: 'Slack user has no e-mail',
        tell: 'Your Slack profile has no e-mail, so the portal cannot tell who you are. Nothing changed: keep your license in the portal instead.',
      };
    }
    const keeps = deps.keeps();
    if (!keeps) throw new Error('Provisioning workflows are not started yet');
    try {
      const { status } = await keeps.keep({
        actionId,
        personEmail: email,
        via: 'slack',
      });
      return { kept: status, email };
    } catch (error) {
      if (!isError(error) || !REFUSALS.has(error.name)) throw error;
      return {
        refused: error.message,
        email,
        tell: `Nothing changed: ${error.message}.`,
      };
    }
  }

  return async (click, { respond, request }) => {
    // The portal button and the results link open URLs: nothing to do.
    if (click.actionId !== KEEP_ACTION) return;
    const actionId = parseKeepValue(click.value);
    const meta = { slackUser: click.slackUserId, actionId };
    const audit = async (outcome: Outcome | { refused: string }) => {
      const refused = 'refused' in outcome;
      const event = await auditor.createEvent({
        eventId: refused ? 'slack-keep-refused' : 'slack-keep',
        severityLevel: 'medium',
        request,
        meta: {
          ...meta,
          ...('email' in outcome && outcome.email
            ? { email: outcome.email }
            : {}),
          ...(refused
            ? { reason: outcome.refused }
            : { status: (outcome as { kept: string }).kept }),
        },
      });
      if (refused) await event.fail({ error: new Error(outcome.refused) });
      else await event.success();
    };

    if (!actionId) {
      await audit({ refused: 'malformed keep click' });
      await respond('Nothing changed: this button does not name a warning.');
      return;
    }
    let outcome: Outcome;
    try {
      outcome = await keep(click, actionId);
    } catch (error) {
      logger.error(`Keeping ${actionId} from Slack failed: ${error}`);
      await audit({ refused: `keep failed: ${error}` });
      await respond(
        'Your license could not be kept just now. Click again in a minute, or keep it in the portal.',
      );
      return;
    }
    await audit(outcome);
    if ('refused' in outcome) {
      await respond(outcome.tell);
      return;
    }
    if (outcome.kept === 'already-kept') {
      await respond('You had already kept this license. Nothing changes.');
    }
    await showKept(click).catch(error =>
      logger.warn(`Could not update the kept warning ${actionId}: ${error}`),
    );
  };

  /** The clicked message loses its buttons and says the license is kept. */
  async function showKept(click: SlackButtonClick) {
    if (!click.channelId || !click.messageTs) return;
    const original = (click.payload as { message?: { blocks?: any[] } })
      .message;
    const { text, blocks } = keptMessage(
      original ?? {},
      new Date((deps.now ?? Date.now)()).toISOString(),
    );
    await client.chat.update({
      channel: click.channelId,
      ts: click.messageTs,
      text,
      blocks: blocks as KnownBlock[],
    });
  }
}
