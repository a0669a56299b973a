import { createContractChecker } from '@internal/openapi-router';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';

const ERROR_KEYS = {
  '': ['error', 'request', 'response'],
  error: ['message', 'name'],
  request: ['method', 'url'],
  response: ['statusCode'],
};

const isText = (v: unknown) => typeof v === 'string' && v.length > 0;

/**
 * What is wrong with an error body, if anything: it must be exactly
 * `{error: {name, message}, request: {method, url}, response: {statusCode}}`
 * as Backstage's error middleware writes it, with no stack trace, no
 * server path and no other field (a cause, an http-errors `limit`).
 */
export function errorBodyProblem(
  body: any,
  status: number,
): string | undefined {
  const shown = JSON.stringify(body);
  for (const [field, keys] of Object.entries(ERROR_KEYS)) {
    const value = field ? body?.[field] : body;
    const actual =
      value && typeof value === 'object' ? Object.keys(value).sort() : value;
    if (JSON.stringify(actual) !== JSON.stringify(keys)) {
      return `${field || 'the body'} has ${JSON.stringify(
        actual,
      )}, not ${keys.join(', ')}: ${shown}`;
    }
  }
  const { error, request: req, response } = body;
  if (![error.name, error.message, req.method, req.url].every(isText)) {
    return `name, message, method and url must be text: ${shown}`;
  }
  if (response.statusCode !== status) {
    return `response.statusCode is ${response.statusCode}, not ${status}`;
  }
  if (/\/work\/|\.[jt]s:\d+|\n\s+at /.test(error.message)) {
    return `the message shows the server's code: ${error.message}`;
  }
  return undefined;
}

/**
 * The contract of a backend plugin or module: its OpenAPI spec, read from
 * the package, and a supertest hook that checks every answer against it,
 * so a walk through the routes fails on any answer the spec does not
 * declare, and on an error body that is not Backstage's standard one.
 */
export function pluginContract(packageName: string, mountPath: string) {
  const dir = path.dirname(require.resolve(`${packageName}/package.json`));
  const spec = parse(
    readFileSync(path.join(dir, 'src/schema/openapi.yaml'), 'utf8'),
  );
  const checker = createContractChecker(spec);
  let checks = 0;
  return {
    ...checker,
    spec,
    /** How many answers passed the checks. */
    checks: () => checks,
    /** Checks the answer of `test` (a request under `mountPath`) when it arrives. */
    checked(test: request.Test): request.Test {
      return test.expect(res => {
        const url = new URL(res.request.url);
        const where = `${url.pathname.slice(mountPath.length)}${url.search}`;
        const json = /json/.test(res.type);
        checker.check({
          method: res.request.method,
          path: where,
          status: res.status,
          contentType: res.type,
          body: json ? res.body : res.text,
        });
        const framework = where.startsWith('/.backstage/');
        if (res.status >= 400 && json && !framework) {
          const wrong = errorBodyProblem(res.body, res.status);
          if (wrong) {
            throw new Error(`${res.request.method} ${where}: ${wrong}`);
          }
        }
        checks++;
      });
    },
  };
}
