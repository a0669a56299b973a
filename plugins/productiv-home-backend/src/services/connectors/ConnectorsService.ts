import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ConnectorInfo,
  ConnectorTestResult,
} from '@internal/plugin-productiv-home-common';
import {
  ApprovalChannel,
  FulfillmentProvider,
} from '@internal/plugin-productiv-home-node';

const TEST_TIMEOUT_MS = 15_000;

/**
 * The fulfillment providers and approval channels that backend modules
 * installed, which ticketing system is active (exactly one), and live
 * connection tests for the settings page.
 */
export class ConnectorsService {
  readonly activeTicketing?: FulfillmentProvider;

  constructor(
    private readonly deps: {
      providers: Map<string, FulfillmentProvider>;
      channels: Map<string, ApprovalChannel>;
      /** `productivHome.ticketing` from config, if set. */
      ticketing?: string;
      logger: LoggerService;
    },
  ) {
    const tickets = [...deps.providers.values()].filter(
      p => p.kind === 'ticket',
    );
    if (deps.ticketing) {
      this.activeTicketing = tickets.find(p => p.id === deps.ticketing);
      if (!this.activeTicketing) {
        throw new Error(
          `productivHome.ticketing is '${
            deps.ticketing
          }' but no such ticketing module is installed and configured; installed: ${
            tickets.map(t => t.id).join(', ') || 'none'
          }`,
        );
      }
    } else if (tickets.length === 1) {
      this.activeTicketing = tickets[0];
    } else if (tickets.length > 1) {
      deps.logger.warn(
        `Several ticketing systems are configured (${tickets
          .map(t => t.id)
          .join(
            ', ',
          )}); set productivHome.ticketing to the one to use. No ticket will be opened until then.`,
      );
    }
  }

  /** The provider for automatic fulfillment (Okta), if installed. */
  get okta(): FulfillmentProvider | undefined {
    return [...this.deps.providers.values()].find(p => p.kind === 'access');
  }

  provider(id: string): FulfillmentProvider | undefined {
    return this.deps.providers.get(id);
  }

  ticketProviders(): FulfillmentProvider[] {
    return [...this.deps.providers.values()].filter(p => p.kind === 'ticket');
  }

  /** The installed approval channels. */
  channelIds(): string[] {
    return [...this.deps.channels.keys()];
  }

  /** The channels that reach the admins (e.g. Slack with an admin channel configured). */
  adminChannels(): ApprovalChannel[] {
    return [...this.deps.channels.values()].filter(c => c.notifyAdmins);
  }

  channel(id: string): ApprovalChannel | undefined {
    return this.deps.channels.get(id);
  }

  list(approvalMethod?: string): ConnectorInfo[] {
    return [
      ...[...this.deps.providers.values()].map(p => ({
        id: p.id,
        role:
          p.kind === 'access'
            ? ('okta-fulfillment' as const)
            : ('ticketing' as const),
        active: p.kind === 'access' || p === this.activeTicketing,
        testable: Boolean(p.test),
      })),
      ...[...this.deps.channels.values()].map(c => ({
        id: c.id,
        role: 'approvals' as const,
        active: c.id === approvalMethod,
        testable: Boolean(c.test),
      })),
    ].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Makes one live call through a connector and reports what happened. */
  async test(id: string): Promise<ConnectorTestResult> {
    const target =
      this.deps.providers.get(id) ??
      (this.deps.channels.get(id) as { test?: FulfillmentProvider['test'] });
    if (!target) throw new NotFoundError(`No connector '${id}' is installed`);
    if (!target.test)
      throw new InputError(`The ${id} connector has no connection test`);
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const detail = await Promise.race([
        target.test({ logger: this.deps.logger }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(`No answer within ${TEST_TIMEOUT_MS / 1000} seconds`),
              ),
            TEST_TIMEOUT_MS,
          );
        }),
      ]);
      return { id, ok: true, detail, durationMs: Date.now() - started };
    } catch (error) {
      return {
        id,
        ok: false,
        detail: (error as Error).message || String(error),
        durationMs: Date.now() - started,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
