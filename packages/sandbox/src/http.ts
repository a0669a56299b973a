import express from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/** Base URL of the server that received a request, for absolute links. */
export function baseUrl(req: express.Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

/** Starts an express app on loopback; port 0 picks a free one. */
export async function listen(
  app: express.Express | http.RequestListener,
  port = 0,
): Promise<{ server: http.Server; url: string; port: number }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${actual}`, port: actual };
}

export async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>(resolve => server.close(() => resolve()));
}

/** Reads Basic credentials: `[user, password]`, or undefined. */
export function basicCredentials(
  req: express.Request,
): [string, string] | undefined {
  const header = req.get('authorization') ?? '';
  if (!header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return [decoded.slice(0, i), decoded.slice(i + 1)];
}

/** Wraps an async handler so that thrown errors reach express. */
export function handle(
  fn: (
    req: express.Request,
    res: express.Response,
  ) => unknown | Promise<unknown>,
): express.RequestHandler {
  return (req, res, next) => {
    Promise.resolve(fn(req, res)).catch(next);
  };
}

/**
 * The app's last handler: answers what a route threw. Express knows an error
 * handler by its four parameters, which this spells out once.
 */
export function answerErrors(
  answer: (err: Error, res: express.Response) => void,
): express.ErrorRequestHandler {
  return (
    err: Error,
    _req: express.Request,
    res: express.Response,
    _next: express.NextFunction,
  ) => answer(err, res);
}
