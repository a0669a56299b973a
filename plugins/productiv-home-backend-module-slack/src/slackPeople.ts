import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { WebClient } from '@slack/web-api';

/** Who a Slack user is in the portal: their e-mail and, when it names exactly one person, their User entity. */
export type SlackPerson = { email?: string; userRef?: string };

/**
 * The catalog user behind a Slack user, by the e-mail of both (users.info
 * needs users:read.email). Two people with one e-mail name nobody: the
 * portal cannot tell which one it is.
 */
export async function catalogUserOf(
  deps: { client: WebClient; catalog: CatalogService; auth: AuthService },
  slackUserId: string,
): Promise<SlackPerson> {
  const info = await deps.client.users.info({ user: slackUserId });
  const email = info.user?.profile?.email;
  if (!email) return { email };
  const { items } = await deps.catalog.queryEntities(
    { filter: { kind: 'User', 'spec.profile.email': email }, limit: 2 },
    { credentials: await deps.auth.getOwnServiceCredentials() },
  );
  return {
    email,
    userRef: items.length === 1 ? stringifyEntityRef(items[0]) : undefined,
  };
}

/** Why a Slack user cannot act in the portal, in words for them. */
export function notInCatalog(person: SlackPerson): string {
  return person.email
    ? `Your Slack e-mail (${person.email}) matches no single person in the portal. Use the portal instead.`
    : 'Your Slack profile has no e-mail, so the portal cannot tell who you are. Use the portal instead.';
}
