import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import { explainSlackError } from './slackErrors';

/** How far back a retry looks for a message whose answer was lost. */
const HISTORY_LOOKBACK = 100;

/**
 * One message, posted once per idempotency key: it carries the key in its
 * metadata (`event_type` names the poster), and a retry (`attempt` above 1:
 * an earlier try may have landed after its answer was lost, e.g. a timeout)
 * first looks for the tagged message in the channel and returns it instead
 * of posting again. Errors worth a retry are thrown as they are.
 *
 * @public
 */
export async function postOnce(
  client: WebClient,
  message: ChatPostMessageArguments & { channel: string },
  tag: { eventType: string; key: string; attempt: number },
): Promise<{ channel: string; ts: string; reposted: boolean }> {
  if (tag.attempt > 1) {
    const ts = await findTagged(client, message.channel, tag);
    if (ts) return { channel: message.channel, ts, reposted: true };
  }
  let posted;
  try {
    posted = await client.chat.postMessage({
      ...message,
      metadata: { event_type: tag.eventType, event_payload: { key: tag.key } },
    } as ChatPostMessageArguments);
  } catch (error) {
    throw explainSlackError(error, 'post a message');
  }
  return { channel: posted.channel!, ts: posted.ts!, reposted: false };
}

/** The ts of the recent message in `channel` tagged with the key, if any. */
async function findTagged(
  client: WebClient,
  channel: string,
  tag: { eventType: string; key: string },
): Promise<string | undefined> {
  let history;
  try {
    history = await client.conversations.history({
      channel,
      limit: HISTORY_LOOKBACK,
      include_all_metadata: true,
    });
  } catch (error) {
    // Passing trouble or not: better to try again later than to risk a
    // second message, and a missing scope (im:history) is for an admin.
    throw explainSlackError(
      error,
      'read the conversation before posting again',
    );
  }
  return history.messages?.find(
    m =>
      m.metadata?.event_type === tag.eventType &&
      (m.metadata?.event_payload as Record<string, unknown> | undefined)
        ?.key === tag.key,
  )?.ts;
}
