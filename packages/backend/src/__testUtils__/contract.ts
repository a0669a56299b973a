import { createContractChecker } from '@internal/openapi-router';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';

/**
 * The contract of a backend plugin: its OpenAPI spec, read from the
 * package, and a supertest hook that checks every answer against it, so a
 * walk through the routes fails on any answer the spec does not declare.
 */
export function pluginContract(packageName: string, mountPath: string) {
  const dir = path.dirname(require.resolve(`${packageName}/package.json`));
  const spec = parse(
    readFileSync(path.join(dir, 'src/schema/openapi.yaml'), 'utf8'),
  );
  const checker = createContractChecker(spec);
  return {
    ...checker,
    /** Checks the answer of `test` (a request under `mountPath`) when it arrives. */
    checked(test: request.Test): request.Test {
      return test.expect(res => {
        const url = new URL(res.request.url);
        checker.check({
          method: res.request.method,
          path: `${url.pathname.slice(mountPath.length)}${url.search}`,
          status: res.status,
          contentType: res.type,
          body: res.body,
        });
      });
    },
  };
}
