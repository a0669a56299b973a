import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's replay window: a signed request whose timestamp is further than
 * this from now is refused.
 *
 * @public
 */
export const REPLAY_WINDOW_S = 5 * 60;

/**
 * Slack's v0 signature (`X-Slack-Signature`) over the timestamp and the raw
 * body, compared in constant time.
 *
 * @public
 */
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
 * Whether `X-Slack-Request-Timestamp` is a whole number of seconds within
 * the replay window of `nowMs`.
 *
 * @public
 */
export function freshTimestamp(timestamp: string, nowMs: number): boolean {
  return (
    /^\d+$/.test(timestamp) &&
    Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) <= REPLAY_WINDOW_S
  );
}
