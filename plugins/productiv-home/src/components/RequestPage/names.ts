import { ResponseError } from '@backstage/errors';
import {
  AccessRequest,
  CatalogApp,
  CatalogTier,
} from '@internal/plugin-productiv-home-common';

// Requests carry keys (`figma`, `editor`, `intake:gong`); people read names.
// The catalog listing names apps; a key it no longer lists (an app removed
// since) is turned into words rather than shown as it is.

const INTAKE_PREFIX = 'intake:';
/** License automation's change of an app Home does not offer. */
const RECLAIM_PREFIX = 'reclaim:';
const NEW_APP = 'New app: ';

/** `tableau_online` → `Tableau online`, `new-app` → `New app`. */
export function humanize(key: string): string {
  const words = key.replace(/[-_.:]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

/** What the screens of requests know about the apps offered. */
export type AppDirectory = {
  /** The app of a request by its display name; a new app by the name asked for. */
  appName(request: Pick<AccessRequest, 'appKey' | 'history'>): string;
  /**
   * A tier by its display name; a license given back says so ("Viewer
   * (give back)"), in lists as in titles.
   */
  tierName(request: Pick<AccessRequest, 'appKey' | 'tier' | 'kind'>): string;
  /** The listing of the request's app, when it is still offered. */
  app(appKey: string): CatalogApp | undefined;
};

/** A directory over the catalog listing (empty while it loads or when it fails). */
export function appDirectory(apps: CatalogApp[] = []): AppDirectory {
  const byKey = new Map(apps.map(a => [a.appKey, a]));
  return {
    app: appKey => byKey.get(appKey),
    appName: request => {
      const listed = byKey.get(request.appKey);
      if (listed) return listed.name;
      if (request.appKey.startsWith(INTAKE_PREFIX)) {
        const asked = request.history.find(
          e => e.type === 'submitted' && e.comment?.startsWith(NEW_APP),
        );
        return asked?.comment
          ? asked.comment.slice(NEW_APP.length)
          : humanize(request.appKey.slice(INTAKE_PREFIX.length));
      }
      if (request.appKey.startsWith(RECLAIM_PREFIX)) {
        return humanize(request.appKey.slice(RECLAIM_PREFIX.length));
      }
      return humanize(request.appKey);
    },
    tierName: request => {
      if (request.appKey.startsWith(INTAKE_PREFIX)) return 'New app';
      const name =
        tierOf(byKey.get(request.appKey), request.tier)?.displayName ??
        humanize(request.tier);
      return request.kind === 'return' ? `${name} (give back)` : name;
    },
  };
}

/** A tier of a listed app with its name, description and price. */
export function tierOf(
  app: CatalogApp | undefined,
  tier: string,
): CatalogTier | undefined {
  return app?.tierDetails?.find(t => t.tier === tier);
}

/**
 * The app's tiers lowest first, with their details when the inventory
 * gave them (names made from the keys otherwise).
 */
export function tiersOf(app: CatalogApp): CatalogTier[] {
  return (
    app.tierDetails ??
    app.tiers.map(tier => ({ tier, displayName: humanize(tier) }))
  );
}

/** "$15 / month per seat", or undefined when no price is set. */
export function priceText(monthlyPrice?: number): string | undefined {
  if (monthlyPrice === undefined) return undefined;
  return `${new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: monthlyPrice % 1 ? 2 : 0,
  }).format(monthlyPrice)} / month per seat`;
}

/**
 * "Figma · Editor", the way every request screen names what was asked for;
 * a tier change says what it changes from: "Tableau · Explorer (from Viewer)",
 * and a license given back says so: "Tableau · Viewer (give back)".
 */
export function requestTitle(
  apps: AppDirectory,
  request: Pick<
    AccessRequest,
    'appKey' | 'tier' | 'history' | 'fromTier' | 'kind'
  >,
): string {
  // License automation's change says what it did, as submitted:
  // "Figma Editor removed by license automation".
  const reclaim =
    request.kind === 'reclaim' &&
    request.history.find(e => e.type === 'submitted')?.comment;
  if (reclaim) return reclaim;
  const title = `${apps.appName(request)} · ${apps.tierName(request)}`;
  if (!request.fromTier) return title;
  return `${title} (from ${apps.tierName({
    appKey: request.appKey,
    tier: request.fromTier,
  })})`;
}

/**
 * What the server said, for a person: its message rather than "Request
 * failed with 409 Conflict".
 */
export function serverMessage(error: unknown): string {
  if (ResponseError.is(error) && error.cause?.message) {
    return error.cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}
