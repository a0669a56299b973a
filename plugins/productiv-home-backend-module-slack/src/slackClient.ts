// The Slack client is shared with provisioning workflows' Slack module.
export { createSlackClient } from '@internal/slack-connector';
