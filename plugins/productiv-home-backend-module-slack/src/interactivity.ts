import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ApprovalDecisions } from '@internal/plugin-productiv-home-node';
import { WebClient } from '@slack/web-api';
import express from 'express';
import Router from 'express-promise-router';
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  APPROVE_ACTION,
  ButtonValue,
  DENY_ACTION,
} from './SlackApprovalChannel';
import { SlackStore } from './SlackStore';

const REPLAY_WINDOW_S = 5 * 60;

/** Slack's v0 signature over the raw body, compared in constant time. */
export function validSignature(
  signingSecret: string,
  timestamp: string,
  rawBody: string,
  signature: string,
): boolean {
  const expected = `v0=${createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:${rawBody}`)
    .digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Slack's Interactivity Request URL. Accepts a click only when the request
 * is signed with the signing secret, recent (5 minutes) and not seen before;
 * maps the Slack user to the catalog user by e-mail; and hands the decision
 * to Productiv Home, which accepts it only from the assigned approver.
 * Everything refused is audited; nothing changes.
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
  now?: () => number;
}): express.Router {
  const router = Router();
  router.post(
    '/slack/interactivity',
    express.raw({ type: () => true, limit: '256kb' }),
    async (req, res) => {
      const refuse = async (
        status: number,
        reason: string,
        meta: Record<string, string> = {},
      ) => {
        const event = await options.auditor.createEvent({
          eventId: 'slack-click-refused',
          severityLevel: 'medium',
          request: req,
          meta: { reason, ...meta },
        });
        await event.fail({ error: new Error(reason) });
        res.status(status).json({ error: reason });
      };
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const timestamp = String(req.headers['x-slack-request-timestamp'] ?? '');
      const signature = String(req.headers['x-slack-signature'] ?? '');
      const nowS = Math.floor((options.now ?? Date.now)() / 1000);
      if (!validSignature(options.signingSecret, timestamp, raw, signature)) {
        return refuse(401, 'bad signature');
      }
      if (
        !/^\d+$/.test(timestamp) ||
        Math.abs(nowS - Number(timestamp)) > REPLAY_WINDOW_S
      ) {
        return refuse(401, 'stale request');
      }
      let payload: any;
      try {
        payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '');
      } catch {
        return refuse(400, 'no payload');
      }
      const action = payload?.actions?.[0];
      if (
        payload?.type !== 'block_actions' ||
        ![APPROVE_ACTION, DENY_ACTION].includes(action?.action_id)
      ) {
        res.status(200).end(); // Not ours: nothing to do.
        return undefined;
      }
      const clickId = `${payload.user?.id}:${payload.container?.message_ts}:${action.action_ts}`;
      if (!(await options.store.firstClick(clickId))) {
        return refuse(409, 'replayed click', { clickId });
      }
      const value = JSON.parse(action.value) as ButtonValue;
      const slackUser = await options.client.users.info({
        user: payload.user.id,
      });
      const email = slackUser.user?.profile?.email;
      const credentials = await options.auth.getOwnServiceCredentials();
      const { items } = email
        ? await options.catalog.queryEntities(
            { filter: { kind: 'User', 'spec.profile.email': email }, limit: 1 },
            { credentials },
          )
        : { items: [] };
      if (!items.length) {
        return refuse(403, 'Slack user not in the catalog', {
          slackUser: payload.user.id,
        });
      }
      const approverRef = stringifyEntityRef(items[0]);
      const decisions = options.decisions();
      if (!decisions) return refuse(503, 'approvals are not ready');
      try {
        const decided = await decisions.decide({
          requestId: value.requestId,
          approverRef,
          decision: action.action_id === APPROVE_ACTION ? 'approved' : 'denied',
          via: 'slack',
        });
        options.logger.info(
          `Slack click by ${approverRef} on request ${value.requestId}: ${decided.status}`,
        );
        res.status(200).json({ ok: true, status: decided.status });
        return undefined;
      } catch (error) {
        // Not the assigned approver, or nothing to decide any more.
        return refuse(403, (error as Error).message, {
          requestId: value.requestId,
          approver: approverRef,
        });
      }
    },
  );
  return router;
}
