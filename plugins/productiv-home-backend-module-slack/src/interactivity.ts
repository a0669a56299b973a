import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ApprovalDecisions,
  Refusal,
  refusalError,
} from '@internal/plugin-productiv-home-node';
import {
  freshTimestamp,
  SlackInteractionsService,
  validSignature,
} from '@internal/slack-connector';
import type { WebClient } from '@slack/web-api';
import { withBodyErrors } from '@internal/openapi-router';
import express from 'express';
import Router from 'express-promise-router';
import { APPROVE_ACTION, DENY_ACTION, parseButtonValue } from './messages';
import { APPROVE_ALL_ACTION, parseBulkValue } from './approvalsList';
import { SlackFrontDoor } from './frontDoor';
import { APP_ACTION, REQUEST_CALLBACK } from './requestModal';
import { responder } from './responseUrls';
import { catalogUserOf, notInCatalog } from './slackPeople';
import { SlackStore } from './SlackStore';

/** What to check when Slack's calls are refused, beside the audited reason. */
const SLACK_HINTS: Record<string, string> = {
  'bad signature':
    'the X-Slack-Signature does not match; check connectors.slack.signingSecret',
  'stale request': 'the X-Slack-Request-Timestamp is more than 5 minutes off',
  'no payload': 'expected a form-encoded payload from Slack',
  'malformed click': 'the payload is not a Productiv Home button click',
  'replayed click': 'this click was already handled',
  'malformed submission':
    'the payload is not a Productiv Home form with its user, view and trigger',
  'replayed submission': 'this submission was already handled',
};
/** The errors with which Productiv Home refuses a decision. */
const REFUSALS = new Set([
  'NotAllowedError',
  'ConflictError',
  'NotFoundError',
  'InputError',
]);

/** Slack wants an answer within 3 s; what takes longer goes on after it. */
const ACK_WITHIN_MS = 2500;

type Click = {
  slackUserId: string;
  requestId: string;
  level: number;
  decision: 'approved' | 'denied';
  responseUrl?: string;
};

/** How a click ended; refusals are audited and shown to the clicker. */
type ClickResult =
  | { accepted: true; approverRef: string; status: string }
  | { accepted: false; reason: string; tell: string; approverRef?: string };

/**
 * Slack's Interactivity Request URL. Accepts a click only when the request
 * is signed with the signing secret, recent (5 minutes) and not seen before;
 * maps the Slack user to the catalog user by e-mail; and hands the decision
 * to Productiv Home, which accepts it only from the assigned approver.
 * Clicks on other plugins' buttons, verified the same way, go to the
 * handler that claimed their action_id in `interactions`.
 * Everything refused is audited and changes nothing; a person whose click
 * is refused is told why in an ephemeral message.
 */
export function createInteractivityRouter(options: {
  signingSecret: string;
  client: WebClient;
  store: SlackStore;
  catalog: CatalogService;
  auth: AuthService;
  auditor: AuditorService;
  logger: LoggerService;
  decisions: () => ApprovalDecisions | undefined;
  /** Other plugins' buttons (the one Request URL of the Slack app is here). */
  interactions?: SlackInteractionsService;
  /** Origins a click's response_url may point at (Slack's, the sandbox's). */
  responseOrigins?: string[];
  /** The request form and "Approve all" (the slash command's). */
  frontDoor?: SlackFrontDoor;
  now?: () => number;
  ackWithinMs?: number;
}): express.Router {
  const { logger, store } = options;
  const now = options.now ?? Date.now;
  const responseOrigins = new Set(
    options.responseOrigins ?? ['https://hooks.slack.com'],
  );

  const { respond, tell } = responder({ origins: responseOrigins, logger });

  async function decide(click: Click): Promise<ClickResult> {
    const who = await catalogUserOf(options, click.slackUserId);
    if (!who.userRef) {
      return {
        accepted: false,
        reason: 'Slack user not in the catalog',
        tell: `Your click was not counted. ${notInCatalog(who)}`,
      };
    }
    const decisions = options.decisions();
    if (!decisions) throw new Error('Approvals are not ready yet');
    try {
      const decided = await decisions.decide({
        requestId: click.requestId,
        approverRef: who.userRef,
        decision: click.decision,
        via: 'slack',
        // A click on an earlier level's message must not decide this one.
        level: click.level,
      });
      return {
        accepted: true,
        approverRef: who.userRef,
        status: decided.status,
      };
    } catch (error) {
      const e = error as Error;
      if (!REFUSALS.has(e.name)) throw error;
      // Not the assigned approver, or nothing to decide any more.
      return {
        accepted: false,
        reason: e.message,
        approverRef: who.userRef,
        tell: `Your click was not counted: ${e.message}.`,
      };
    }
  }

  /** Answers Slack in time; slow work finishes after the answer. */
  async function answerInTime(work: Promise<void>) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      work,
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, options.ackWithinMs ?? ACK_WITHIN_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  const router = Router();
  router.post(
    '/slack/interactivity',
    withBodyErrors(express.raw({ type: () => true, limit: '256kb' })),
    async (req, res) => {
      const audit = async (
        outcome: { reason: string } | { accepted: true },
        meta: Record<string, string | number | undefined> = {},
      ) => {
        const refused = 'reason' in outcome;
        const event = await options.auditor.createEvent({
          eventId: refused ? 'slack-click-refused' : 'slack-click',
          severityLevel: 'medium',
          request: req,
          meta: refused ? { reason: outcome.reason, ...meta } : meta,
        });
        if (refused) await event.fail({ error: new Error(outcome.reason) });
        else await event.success();
      };
      const refuse = async (
        status: Refusal['status'],
        reason: string,
        meta: Record<string, string | number | undefined> = {},
      ) => {
        await audit({ reason }, meta);
        throw refusalError({ status, reason, hint: SLACK_HINTS[reason] });
      };

      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const timestamp = String(req.headers['x-slack-request-timestamp'] ?? '');
      const signature = String(req.headers['x-slack-signature'] ?? '');
      if (!validSignature(options.signingSecret, timestamp, raw, signature)) {
        return refuse(401, 'bad signature');
      }
      if (!freshTimestamp(timestamp, now())) {
        return refuse(401, 'stale request');
      }
      let payload: any;
      try {
        payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '');
      } catch {
        return refuse(400, 'no payload');
      }
      const frontDoor = options.frontDoor;
      if (
        frontDoor &&
        payload?.type === 'view_submission' &&
        payload.view?.callback_id === REQUEST_CALLBACK
      ) {
        const slackUser = payload.user?.id;
        const triggerId = payload.trigger_id;
        if (
          typeof slackUser !== 'string' ||
          typeof payload.view.id !== 'string' ||
          typeof triggerId !== 'string'
        ) {
          return refuse(400, 'malformed submission');
        }
        // Each submission comes with a trigger of its own.
        const submissionId = `submit:${payload.view.id}:${triggerId}`;
        if (!(await store.firstClick(submissionId, now()))) {
          return refuse(409, 'replayed submission', { slackUser });
        }
        const answer = await frontDoor.submitted(payload).catch(error => {
          logger.error(`Slack request form failed: ${error}`);
          return {
            response_action: 'errors',
            errors: {
              app: 'Your request could not be saved. Try again in a minute, or use the portal.',
            },
          };
        });
        if (answer) res.json(answer);
        else res.status(200).end();
        return undefined;
      }
      const action = payload?.actions?.[0];
      const actionId = action?.action_id;
      const ours = [APPROVE_ACTION, DENY_ACTION].includes(actionId);
      const front =
        frontDoor &&
        payload?.type === 'block_actions' &&
        ((actionId === APP_ACTION && payload.container?.type === 'view') ||
          actionId === APPROVE_ALL_ACTION);
      const claimed =
        payload?.type === 'block_actions' &&
        !ours &&
        !front &&
        typeof actionId === 'string'
          ? options.interactions?.handlerFor(actionId)
          : undefined;
      if (payload?.type !== 'block_actions' || (!ours && !claimed && !front)) {
        res.status(200).end(); // Not ours: nothing to do.
        return undefined;
      }
      const value = ours ? parseButtonValue(action.value) : undefined;
      const bulk =
        actionId === APPROVE_ALL_ACTION
          ? parseBulkValue(action.value)
          : undefined;
      const slackUserId = payload.user?.id;
      const messageTs =
        payload.container?.message_ts ??
        payload.message?.ts ??
        payload.container?.view_id;
      if (
        (ours && !value) ||
        (actionId === APPROVE_ALL_ACTION && !bulk) ||
        typeof slackUserId !== 'string' ||
        !action.action_ts
      ) {
        return refuse(400, 'malformed click');
      }
      // One click is one action of one user on one message at one moment;
      // the same click delivered again is a replay.
      const clickId = `${slackUserId}:${messageTs}:${action.action_id}:${action.action_ts}`;
      if (!(await store.firstClick(clickId, now()))) {
        return refuse(409, 'replayed click', { clickId });
      }
      const responseUrl =
        typeof payload.response_url === 'string'
          ? payload.response_url
          : undefined;

      if (front) {
        const work =
          actionId === APPROVE_ALL_ACTION
            ? frontDoor.approveAll(
                { slackUserId, items: bulk!, request: req },
                content =>
                  respond(responseUrl, {
                    replace_original: true,
                    ...content,
                  }),
              )
            : frontDoor.appChosen(payload);
        await answerInTime(
          work.catch(async error => {
            logger.error(`Slack ${actionId} failed: ${error}`);
            if (actionId === APPROVE_ALL_ACTION) {
              await tell(
                responseUrl,
                'Your approvals could not all be recorded. Try again in a minute, or decide in the portal.',
              );
            }
          }),
        );
        res.status(200).end();
        return undefined;
      }

      if (claimed) {
        await answerInTime(
          claimed(
            {
              actionId,
              value:
                typeof action.value === 'string' ? action.value : undefined,
              slackUserId,
              channelId: payload.container?.channel_id ?? payload.channel?.id,
              messageTs,
              actionTs: String(action.action_ts),
              payload,
            },
            { respond: text => tell(responseUrl, text), request: req },
          ).catch(async error => {
            logger.error(`Slack click ${actionId} failed: ${error}`);
            await tell(
              responseUrl,
              'Your click could not be handled. Click again in a minute, or use the portal.',
            );
          }),
        );
        res.status(200).end();
        return undefined;
      }

      const click: Click = {
        slackUserId,
        ...value!,
        decision: action.action_id === APPROVE_ACTION ? 'approved' : 'denied',
        responseUrl,
      };
      const meta = {
        slackUser: slackUserId,
        requestId: click.requestId,
        level: click.level,
        decision: click.decision,
      };
      const work = decide(click)
        .then(async result => {
          if (result.accepted) {
            logger.info(
              `Slack click by ${result.approverRef} on request ${click.requestId}: ${result.status}`,
            );
            await audit(result, { ...meta, approver: result.approverRef });
            return;
          }
          await audit(result, { ...meta, approver: result.approverRef });
          await tell(click.responseUrl, result.tell);
        })
        .catch(async error => {
          logger.error(
            `Slack click on request ${click.requestId} failed: ${error}`,
          );
          await audit({ reason: `decision failed: ${error}` }, meta).catch(
            () => {},
          );
          await tell(
            click.responseUrl,
            'Your decision could not be recorded. Click again in a minute, or decide in the portal.',
          );
        });
      await answerInTime(work);
      res.status(200).end();
      return undefined;
    },
  );
  return router;
}
