import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AccessRequest,
  CatalogAppTiers,
} from '@internal/plugin-productiv-home-common';
import { tierLabel } from '../access/AccessService';

/** The tiers of a request by name, as channel messages show them. */
export type TierNames = { tierName: string; fromTierName?: string };

/** Where tier names come from: the inventory's tiers of every Home app (AccessService). */
export type TierDirectory = { catalogTiers(): Promise<CatalogAppTiers[]> };

/**
 * The display names of a request's tier and, for a tier change, of the tier
 * it replaces; the key title-cased when the inventory has no name for it or
 * cannot be read (a message is still worth sending).
 */
export async function tierNamesOf(
  tiers: TierDirectory | undefined,
  request: Pick<AccessRequest, 'appKey' | 'tier' | 'fromTier'>,
  logger?: LoggerService,
): Promise<TierNames> {
  let known: CatalogAppTiers['tiers'] = [];
  try {
    known =
      (await tiers?.catalogTiers())?.find(a => a.appKey === request.appKey)
        ?.tiers ?? [];
  } catch (error) {
    logger?.warn(
      `Tier names unavailable for a message: ${(error as Error).message}`,
    );
  }
  const name = (tier: string) =>
    known.find(t => t.tier === tier)?.displayName || tierLabel(tier);
  return {
    tierName: name(request.tier),
    ...(request.fromTier ? { fromTierName: name(request.fromTier) } : {}),
  };
}

/** "Figma Editor", or for a tier change "Tableau Explorer (instead of Viewer)". */
export function requestedByName(appName: string, names: TierNames): string {
  const thing = `${appName} ${names.tierName}`;
  return names.fromTierName
    ? `${thing} (instead of ${names.fromTierName})`
    : thing;
}
