import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { tierLabel } from '../access/AccessService';
import { PeopleDirectory } from './types';

// What people read about a request in notifications, e-mails and Slack:
// names, never keys ("Figma Editor for Emma Jones", not
// "figma (editor) for user:default/emma.jones").

/** "Figma Editor", or for a tier change "Tableau Explorer (instead of Viewer)". */
export function requestedThing(
  appName: string,
  request: Pick<AccessRequest, 'tier' | 'fromTier'>,
): string {
  const thing = `${appName} ${tierLabel(request.tier)}`;
  return request.fromTier
    ? `${thing} (instead of ${tierLabel(request.fromTier)})`
    : thing;
}

/**
 * A person by the name the catalog gives them, else the name in their ref;
 * text that is not an entity ref ("Alex Morgan, an admin, …") as it is.
 */
export async function personName(
  people: Pick<PeopleDirectory, 'contactOf'>,
  entityRef: string,
): Promise<string> {
  const ref = /^[a-z]+:(?:[^/\s]+\/)?[^\s]+$/i;
  if (!ref.test(entityRef)) return entityRef;
  let name: string | undefined;
  try {
    name = (await people.contactOf?.(entityRef))?.name;
  } catch {
    // A catalog that cannot answer costs the name, not the message.
  }
  return name || entityRef.replace(/^[a-z]+:(?:[^/]+\/)?/i, '');
}
