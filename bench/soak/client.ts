export type Answer = { status: number; body: any; text: string };

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * The soak's people calling the portal through the balancer, each signed
 * in through the demo persona provider (the portal's sign-in), with their
 * Backstage token cached until shortly before it expires.
 */
export class PortalClient {
  private readonly tokens = new Map<string, { token: string; until: number }>();

  constructor(readonly baseUrl: string) {}

  async token(userRef: string): Promise<string> {
    const cached = this.tokens.get(userRef);
    if (cached && cached.until > Date.now()) return cached.token;
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${this.baseUrl}/api/auth/demoPersona/refresh`, {
        headers: {
          'x-demo-persona': userRef,
          'x-requested-with': 'XMLHttpRequest',
        },
        signal: AbortSignal.timeout(30_000),
      }).catch(() => undefined);
      if (res?.ok) {
        const body = await res.json();
        const token = body.backstageIdentity.token as string;
        const exp = JSON.parse(
          Buffer.from(token.split('.')[1], 'base64url').toString(),
        ).exp as number;
        this.tokens.set(userRef, { token, until: exp * 1000 - 5 * 60_000 });
        return token;
      }
      // Right after start the catalog may not know the person yet; a
      // backend may be restarting.
      if (attempt >= 60)
        throw new Error(
          `No token for ${userRef}: ${res?.status} ${await res?.text()}`,
        );
      await sleep(1000);
    }
  }

  /** One call as `userRef`; network failures answer status 0. */
  async call(
    userRef: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer> {
    const token = await this.token(userRef);
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      let parsed: any;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed, text };
    } catch (error) {
      return { status: 0, body: undefined, text: String(error) };
    }
  }

  /** A call that must succeed (set-up and checks), retried through restarts. */
  async must(
    userRef: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<any> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.call(userRef, method, path, body);
      if (answer.status >= 200 && answer.status < 300) return answer.body;
      const retryable = answer.status === 0 || answer.status >= 500;
      if (!retryable || attempt >= 10)
        throw new Error(
          `${method} ${path}: ${answer.status} ${answer.text.slice(0, 500)}`,
        );
      await sleep(1000 * attempt);
    }
  }

  /** A plain form POST or GET, as a browser opening an e-mail link does. */
  async page(
    url: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; text: string }> {
    try {
      const res = await fetch(url, {
        method: form ? 'POST' : 'GET',
        headers: form
          ? { 'content-type': 'application/x-www-form-urlencoded' }
          : {},
        body: form ? new URLSearchParams(form).toString() : undefined,
        signal: AbortSignal.timeout(60_000),
      });
      return { status: res.status, text: await res.text() };
    } catch (error) {
      return { status: 0, text: String(error) };
    }
  }
}
