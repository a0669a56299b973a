// Slack's errors are explained the same way for every plugin.
export { explainSlackError, isSlackError } from '@internal/slack-connector';
