/**
 * The Slack connector shared by the backend plugins: the Web API client of
 * `connectors.slack`, Slack's request signatures, and the registry through
 * which modules receive the clicks on their buttons.
 *
 * @packageDocumentation
 */

export { createSlackClient } from './createSlackClient';
export { freshTimestamp, REPLAY_WINDOW_S, validSignature } from './signature';
export {
  DefaultSlackInteractions,
  slackInteractionsServiceRef,
} from './interactions';
export type {
  SlackButtonClick,
  SlackClickContext,
  SlackClickHandler,
  SlackInteractionsService,
} from './interactions';
export { explainSlackError, isSlackError } from './slackErrors';
export { postOnce } from './postOnce';
export { readableTime, slackTime } from './slackTime';
