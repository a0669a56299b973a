#!/usr/bin/env node
// Generates a backend plugin's typed, validating router from its OpenAPI
// spec: src/schema/openapi.yaml -> src/schema/openapi/generated/router.ts.
//
// The output has the shape `backstage-repo-tools package schema openapi
// generate --server` used to emit (the spec as a `const`, and
// `createOpenApiRouter()` over `createValidatedOpenApiRouter<typeof spec>`),
// so request and response types are inferred from the spec itself. We do not
// use repo-tools for it: its generator downloads a Java jar from Maven
// Central, which this project's machines cannot reach.
//
// Usage: node scripts/openapi-generate.mjs <package dir>... [--check]
//   --check  fails (exit 1) when a generated file is not up to date.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { parse } = require('yaml');
const prettier = require('prettier');

const SPEC = 'src/schema/openapi.yaml';
const OUT = 'src/schema/openapi/generated/router.ts';

function render(spec) {
  const source = `//
// This file is generated from ${SPEC} by scripts/openapi-generate.mjs.
// Do not edit it: change the spec and run \`yarn generate\` in the package.
//
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

/** A router that validates requests against the spec, typed by it. */
export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`;
  const options = prettier.resolveConfig.sync(path.resolve(OUT)) ?? {};
  return prettier.format(source, { ...options, parser: 'typescript' });
}

const args = process.argv.slice(2);
const check = args.includes('--check');
const dirs = args.filter(a => a !== '--check');
if (!dirs.length) dirs.push('.');
let stale = 0;
for (const dir of dirs) {
  const spec = parse(readFileSync(path.join(dir, SPEC), 'utf8'));
  const out = path.join(dir, OUT);
  const text = render(spec);
  const current = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
  if (current === text) continue;
  if (check) {
    console.error(`${out} is not up to date with ${SPEC}: run yarn generate`);
    stale++;
    continue;
  }
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
process.exit(stale ? 1 : 0);
