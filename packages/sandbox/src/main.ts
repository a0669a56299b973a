/* eslint-disable no-console */
import { startSandbox } from './sandbox';

/**
 * Runs the sandbox for the local portal on fixed loopback ports (the ones
 * app-config.yaml points at). Stops on SIGINT/SIGTERM.
 */
async function main() {
  const port = (name: string, fallback: number) =>
    Number(process.env[`SANDBOX_${name}_PORT`] ?? fallback);
  // The portal's backend, which Slack clicks (and other callbacks) reach.
  const backend = (
    process.env.SANDBOX_PORTAL_BACKEND_URL ?? 'http://localhost:7007'
  ).replace(/\/$/, '');
  const sandbox = await startSandbox({
    ports: {
      inspector: port('INSPECTOR', 7010),
      okta: port('OKTA', 7011),
      slack: port('SLACK', 7012),
      jira: port('JIRA', 7013),
      zendesk: port('ZENDESK', 7014),
      smtp: port('SMTP', 7025),
    },
    slack: {
      interactivityUrl:
        process.env.SANDBOX_SLACK_INTERACTIVITY_URL ??
        // Where Productiv Home's Slack module serves Slack's Request URL.
        `${backend}/api/productiv-home/slack/interactivity`,
      commandUrl:
        process.env.SANDBOX_SLACK_COMMAND_URL ??
        // Where Productiv Home's Slack module serves the slash command.
        `${backend}/api/productiv-home/slack/commands`,
    },
    jira: { webhookUrl: process.env.SANDBOX_JIRA_WEBHOOK_URL },
    zendesk: {
      webhookUrl:
        process.env.SANDBOX_ZENDESK_WEBHOOK_URL ??
        // Where Productiv Home's Zendesk module serves the trigger's webhook.
        `${backend}/api/productiv-home/zendesk/webhook`,
    },
    // E.g. today's date, for a demo whose seeded new hires are recent.
    oktaSeedDate: process.env.SANDBOX_OKTA_SEED_DATE,
  });
  console.log(`Sandbox inspector: ${sandbox.urls.inspector}`);
  console.log(
    `  Okta     ${sandbox.urls.okta}  (SSWS ${sandbox.credentials.okta.token}; ${sandbox.state.log.count} SSO events)`,
  );
  console.log(`  Slack    ${sandbox.urls.slack}`);
  console.log(`  Jira SM  ${sandbox.urls.jira}`);
  console.log(`  Zendesk  ${sandbox.urls.zendesk}`);
  console.log(`  SMTP     ${sandbox.smtp.host}:${sandbox.smtp.port}`);
  const stop = async () => {
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
