import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';

const HOME = 'productiv-home';
/** Home's answer (or its absence) is kept this long. */
const TTL_MS = 60_000;
/** A Home that does not answer within this counts as unreachable. */
const TIMEOUT_MS = 5_000;

/** How Productiv Home reaches approvers: Slack or e-mail. */
export type ApprovalMethod = 'slack' | 'email';

/**
 * Productiv Home's approval method (`GET /settings/channels`), read with
 * this plugin's own service credentials and kept a minute, so that a run
 * warning hundreds of people asks Home about once. `undefined` when Home
 * is not installed or does not answer (also kept a minute); that it does
 * not is logged once, until it answers again.
 */
export class HomeApprovalMethod {
  private cached?: { method?: ApprovalMethod; untilMs: number };
  private reading?: Promise<ApprovalMethod | undefined>;
  private unavailable = false;

  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      fetch?: typeof fetch;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  async get(): Promise<ApprovalMethod | undefined> {
    if (this.cached && this.now() < this.cached.untilMs) {
      return this.cached.method;
    }
    // Warnings run many at a time: one read for all of them.
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<ApprovalMethod | undefined> {
    let method: ApprovalMethod | undefined;
    try {
      method = await this.ask();
      if (this.unavailable) {
        this.deps.logger.info(
          `Productiv Home answers again: warnings of workflows that say "default" go by its approval method (${method})`,
        );
      }
      this.unavailable = false;
    } catch (error) {
      if (!this.unavailable) {
        this.deps.logger.warn(
          `Could not read Productiv Home's approval method, so warnings of workflows that say "default" go by provisioningWorkflows.notifications.defaultChannel (or the installed channels) until it answers: ${
            (error as Error).message
          }`,
        );
      }
      this.unavailable = true;
    }
    this.cached = { method, untilMs: this.now() + TTL_MS };
    return method;
  }

  private async ask(): Promise<ApprovalMethod> {
    const { discovery, auth } = this.deps;
    const baseUrl = await discovery.getBaseUrl(HOME);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: HOME,
    });
    const response = await (this.deps.fetch ?? fetch)(
      `${baseUrl}/settings/channels`,
      {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
    );
    if (!response.ok) {
      throw new Error(
        response.status === 404
          ? 'Productiv Home is not installed (404)'
          : `Productiv Home answered ${response.status}`,
      );
    }
    const { approvalMethod } = (await response.json()) as {
      approvalMethod?: unknown;
    };
    if (approvalMethod !== 'slack' && approvalMethod !== 'email') {
      throw new Error(
        `Productiv Home named an approval method this plugin does not know: ${JSON.stringify(
          approvalMethod,
        )}`,
      );
    }
    return approvalMethod;
  }
}
