import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { Refusal, refusalError } from '@internal/plugin-productiv-home-node';
import { freshTimestamp, validSignature } from '@internal/slack-connector';
import { withBodyErrors } from '@internal/openapi-router';
import express from 'express';
import Router from 'express-promise-router';
import { SlackFrontDoor } from './frontDoor';
import { SlackStore } from './SlackStore';

/** What to check when Slack's calls are refused, beside the audited reason. */
const HINTS: Record<string, string> = {
  'bad signature':
    'the X-Slack-Signature does not match; check connectors.slack.signingSecret',
  'stale request': 'the X-Slack-Request-Timestamp is more than 5 minutes off',
  'malformed command':
    'expected Slack\u2019s form-encoded command, user_id and trigger_id',
  'replayed command': 'this command was already handled',
};

/**
 * The slash command's Request URL (`/slack/commands`). Slack signs
 * commands like interactions: accepted only when signed with the signing
 * secret, recent (5 minutes) and not seen before (its trigger_id is used
 * once). Refusals are audited and change nothing.
 */
export function createCommandsRouter(options: {
  signingSecret: string;
  store: SlackStore;
  frontDoor: SlackFrontDoor;
  auditor: AuditorService;
  logger: LoggerService;
  now?: () => number;
}): express.Router {
  const now = options.now ?? Date.now;
  const router = Router();
  router.post(
    '/slack/commands',
    withBodyErrors(express.raw({ type: () => true, limit: '64kb' })),
    async (req, res) => {
      const audit = async (
        meta: Record<string, string | undefined>,
        reason?: string,
      ) => {
        const event = await options.auditor.createEvent({
          eventId: reason ? 'slack-command-refused' : 'slack-command',
          severityLevel: reason ? 'medium' : 'low',
          request: req,
          meta: reason ? { reason, ...meta } : meta,
        });
        if (reason) await event.fail({ error: new Error(reason) });
        else await event.success();
      };
      const refuse = async (
        status: Refusal['status'],
        reason: string,
        meta: Record<string, string | undefined> = {},
      ) => {
        await audit(meta, reason);
        throw refusalError({ status, reason, hint: HINTS[reason] });
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
      const form = new URLSearchParams(raw);
      const userId = form.get('user_id');
      const triggerId = form.get('trigger_id');
      const command = form.get('command') ?? '';
      if (!userId || !triggerId || !command) {
        return refuse(400, 'malformed command');
      }
      const meta = {
        slackUser: userId,
        command,
        // What was asked, not what was typed after it (search words).
        verb: (form.get('text') ?? '').trim().split(/\s+/)[0] || 'help',
      };
      if (!(await options.store.firstClick(`command:${triggerId}`, now()))) {
        return refuse(409, 'replayed command', meta);
      }
      try {
        const answer = await options.frontDoor.command({
          text: form.get('text') ?? '',
          userId,
          triggerId,
        });
        await audit(meta);
        if (answer) res.json(answer);
        else res.status(200).end();
      } catch (error) {
        options.logger.error(`Slack command ${command} failed: ${error}`);
        await audit(meta, `command failed: ${error}`).catch(() => {});
        // Slack shows the answer to the person; a 500 would say nothing useful.
        res.json({
          response_type: 'ephemeral',
          text: 'That did not work. Try again in a minute, or use the portal.',
        });
      }
      return undefined;
    },
  );
  return router;
}
