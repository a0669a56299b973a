import { gzipSync } from 'node:zlib';
import {
  CatalogListing,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import { AppsStore } from '../../database/AppsStore';
import { SettingsStore } from '../../database/SettingsStore';
import { DEFAULT_HOME_SETTINGS, SETTINGS_KEY } from '../requests/defaults';

/** One consistent copy of the Home catalog and settings. */
export type HomeConfigSnapshot = {
  version: number;
  apps: HomeApp[];
  /**
   * The employees' catalog listing (`{"items":[...]}`: what employees see
   * of each app), serialized and gzipped
   * once per version: sending it costs no JSON or compression work per call.
   */
  listing: () => { json: Buffer; gzip: Buffer };
  byKey: Map<string, HomeApp>;
  settings: HomeSettings;
};

/**
 * The Home catalog and settings in memory. Every write bumps a version row
 * in the database; a replica checks it at most every `maxStalenessMs` and
 * reloads when it moved, so changes made on other replicas show up within
 * that time and changes made here show up at once (`invalidate`).
 */
export class HomeConfigCache {
  private snapshot?: HomeConfigSnapshot;
  private checkedAtMs = 0;
  private inflight?: Promise<HomeConfigSnapshot>;

  constructor(
    private readonly deps: {
      apps: Pick<AppsStore, 'configVersion' | 'listApps'>;
      settings: SettingsStore;
      maxStalenessMs?: number;
      now?: () => number;
    },
  ) {}

  /** Forgets the copy; the next read reloads. Call after a local write. */
  invalidate(): void {
    this.snapshot = undefined;
    this.checkedAtMs = 0;
  }

  async current(): Promise<HomeConfigSnapshot> {
    const now = (this.deps.now ?? Date.now)();
    if (
      this.snapshot &&
      now - this.checkedAtMs < (this.deps.maxStalenessMs ?? 1000)
    ) {
      return this.snapshot;
    }
    // One reload at a time: concurrent callers share it.
    this.inflight ??= this.refresh(now).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  async getApp(appKey: string): Promise<HomeApp | undefined> {
    return (await this.current()).byKey.get(appKey);
  }

  /** Every app offered. */
  async listApps(): Promise<HomeApp[]> {
    return (await this.current()).apps;
  }

  async settings(): Promise<HomeSettings> {
    return (await this.current()).settings;
  }

  private async refresh(now: number): Promise<HomeConfigSnapshot> {
    const { apps: store, settings } = this.deps;
    const version = await store.configVersion();
    if (!this.snapshot || this.snapshot.version !== version) {
      // Read the version first: a write landing meanwhile bumps it again,
      // so the next check reloads rather than keeping a stale copy.
      const [apps, stored] = await Promise.all([
        store.listApps(),
        settings.get<HomeSettings>(SETTINGS_KEY),
      ]);
      let listing: { json: Buffer; gzip: Buffer } | undefined;
      this.snapshot = {
        version,
        apps,
        listing: () => {
          if (!listing) {
            const items: CatalogListing[] = apps.map(a => ({
              appKey: a.appKey,
              name: a.name,
              description: a.description,
              category: a.category,
              tiers: a.tiers,
              // How long access lasts: the request dialog offers what it allows.
              ...(a.duration ? { duration: a.duration } : {}),
            }));
            const json = Buffer.from(JSON.stringify({ items }));
            listing = { json, gzip: gzipSync(json) };
          }
          return listing;
        },
        byKey: new Map(apps.map(a => [a.appKey, a])),
        settings: stored?.value ?? DEFAULT_HOME_SETTINGS,
      };
    }
    this.checkedAtMs = now;
    return this.snapshot;
  }
}
