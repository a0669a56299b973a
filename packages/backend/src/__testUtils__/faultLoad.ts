import { Sandbox } from '@internal/sandbox';

/**
 * What the fault tests of the channels share: people only the sandbox and
 * the catalog know (the load), and 20% of Slack and SMTP calls failing.
 */

/**
 * `count` people named `<prefix>.<n>` with e-mails at load.example.com,
 * added to the sandbox's Slack workspace (and, with `oktaGroup`, to Okta as
 * members of that group); returns their catalog User entities.
 */
export function syntheticPeople(
  sandbox: Sandbox,
  options: { prefix: string; count: number; oktaGroup?: string },
) {
  const { prefix, count, oktaGroup } = options;
  if (oktaGroup) {
    const dir = sandbox.state.directory;
    const groupId = [...dir.groups.values()].find(
      g => g.profile.name === oktaGroup,
    )!.id;
    dir.addSyntheticUsers(count, { groupId, prefix });
  }
  return Array.from({ length: count }, (_, n) => {
    const email = `${prefix}.${n}@load.example.com`;
    sandbox.state.workspace.users.push({
      id: `U${prefix.slice(0, 4).toUpperCase()}${String(n).padStart(6, '0')}`,
      name: `${prefix}.${n}`,
      realName: `${prefix} ${n}`,
      email,
    });
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: `${prefix}.${n}` },
      spec: { profile: { email, displayName: `${prefix} ${n}` }, memberOf: [] },
    };
  });
}

/**
 * The faults: 20% of Slack calls fail (429 with Retry-After, 500,
 * or an answer `slackDelayMs` late, default 1.2 s, past the client's
 * timeout, whose call still takes effect after the client gave up) and 20%
 * of mails get a transient 451. Configure the Slack client with a shorter
 * `timeoutSeconds` (1 for the default delay).
 */
export function injectChannelFaults(
  sandbox: Sandbox,
  options: { slackDelayMs?: number } = {},
) {
  const faults = sandbox.state.faults;
  faults.set('slack', {
    rate429: 0.08,
    rate500: 0.06,
    delayRate: 0.07,
    delayMs: options.slackDelayMs ?? 1200,
  });
  faults.set('smtp', { rate429: 0.1, rate500: 0.1 });
}

/** The share of a service's calls that failed or were slowed on purpose. */
export function faultShare(sandbox: Sandbox, service: 'slack' | 'smtp') {
  const s = sandbox.state.faults.stats(service);
  return s.calls ? (s.injected429 + s.injected500 + s.delayed) / s.calls : 0;
}
