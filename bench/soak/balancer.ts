import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One call through the balancer, as the soak counts it. */
export type CallRecord = {
  route: string;
  method: string;
  status: number;
  startedAt: number;
  endedAt: number;
  /** The backend that answered (or failed to). */
  upstream?: string;
  /** The connection to the backend broke before its answer ended. */
  upstreamError?: string;
};

const ID = '[0-9a-zA-Z_-]{6,}';

/** The route template of a path: ids and tokens replaced, no query. */
export function routeOf(method: string, url: string): string {
  const p = url.split('?')[0];
  const templated = p
    .replace(/\/email\/(decide|done)\/[^/]+/, '/email/$1/:token')
    .replace(/\/requests\/(?!intake)[^/]+/, '/requests/:id')
    .replace(/\/(workflows|workflow-runs|instances)\/[^/]+/, '/$1/:id')
    .replace(new RegExp(`/apps/${ID}$`), '/apps/:key');
  return `${method} ${templated}`;
}

type Upstream = { name: string; url: URL; ready: boolean };

/**
 * The soak's load balancer in front of the two backends, as a deployment
 * has one: each call goes to a ready backend in turn; one refused before
 * anything was sent (a backend that is down) goes to the other, which is
 * safe; a connection that breaks once the call was sent is answered 502,
 * since the call may have taken effect. Every call is recorded.
 */
export class Balancer {
  readonly calls: CallRecord[] = [];
  private readonly upstreams: Upstream[] = [];
  private next = 0;
  private server?: http.Server;

  add(name: string, url: string): void {
    this.upstreams.push({ name, url: new URL(url), ready: false });
  }

  setReady(name: string, ready: boolean): void {
    this.upstreams.find(u => u.name === name)!.ready = ready;
  }

  async listen(port: number): Promise<string> {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    return `http://localhost:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise(r => this.server?.close(r));
  }

  private order(): Upstream[] {
    const ready = this.upstreams.filter(u => u.ready);
    this.next = (this.next + 1) % Math.max(1, ready.length);
    return [...ready.slice(this.next), ...ready.slice(0, this.next)];
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const startedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record: CallRecord = {
        route: routeOf(req.method ?? 'GET', req.url ?? '/'),
        method: req.method ?? 'GET',
        status: 0,
        startedAt,
        endedAt: 0,
      };
      const finish = (status: number, text?: string) => {
        if (record.endedAt) return;
        record.status = status;
        record.endedAt = Date.now();
        this.calls.push(record);
        if (text !== undefined && !res.headersSent) {
          res.writeHead(status, { 'content-type': 'text/plain' });
          res.end(text);
        } else if (text !== undefined) {
          res.destroy();
        }
      };
      const attempt = (candidates: Upstream[]) => {
        const target = candidates[0];
        if (!target) {
          finish(503, 'No backend is ready');
          return;
        }
        record.upstream = target.name;
        const headers = { ...req.headers };
        delete headers['transfer-encoding'];
        delete headers.connection;
        headers['content-length'] = String(body.length);
        headers['x-forwarded-for'] = '127.0.0.1';
        let sent = false;
        const forward = http.request(
          {
            host: target.url.hostname,
            port: target.url.port,
            method: req.method,
            path: req.url,
            headers,
            agent: false,
          },
          answer => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('error', e => {
              record.upstreamError =
                (e as NodeJS.ErrnoException).code ?? e.message;
              finish(502);
              res.destroy();
            });
            answer.on('end', () => finish(answer.statusCode ?? 502));
            answer.on('close', () => {
              if (answer.complete) return;
              record.upstreamError ??= 'aborted';
              finish(502);
              res.destroy();
            });
          },
        );
        forward.on('socket', s => s.on('connect', () => (sent = true)));
        forward.on('error', (e: NodeJS.ErrnoException) => {
          if (record.endedAt) return;
          if (!sent && e.code === 'ECONNREFUSED' && candidates.length > 1) {
            attempt(candidates.slice(1));
            return;
          }
          record.upstreamError = e.code ?? e.message;
          finish(502, `Backend ${target.name}: ${e.code ?? e.message}`);
        });
        forward.end(body);
      };
      attempt(this.order());
    });
  }
}
