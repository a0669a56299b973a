#!/usr/bin/env node
// Writes a Backstage release manifest ({ releaseVersion, packages: [{ name, version }] },
// the format of https://versions.backstage.io/v1/releases/<version>/manifest.json) for
// `BACKSTAGE_MANIFEST_FILE=<file> yarn backstage-cli versions:bump`, on machines that
// reach the npm registry (or a mirror of it) but not versions.backstage.io.
//
//   node scripts/release-manifest.mjs --release 1.57.0 --out /tmp/manifest.json
//
// The packages are the @backstage/* packages this repository depends on, each at the
// version the registry tags `latest` (what `versions:bump` itself picks for a package
// that the release manifest does not list). --release is the release number written to
// backstage.json; it is required, since the registry does not say which release a
// package version belongs to. scripts/versions-bump.sh runs this and the bump.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEP_TYPES = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
];

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split('=', 2);
    if (key !== '--release' && key !== '--out') {
      throw new Error(`Unknown option ${argv[i]} (use --release, --out)`);
    }
    const value = inline ?? argv[++i];
    if (!value) throw new Error(`${key} needs a value`);
    args[key.slice(2)] = value;
  }
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(args.release ?? '')) {
    throw new Error(
      'Pass the release number, e.g. --release 1.57.0: the release whose packages the ' +
        'registry tags latest (https://backstage.io/docs/releases lists them).',
    );
  }
  return args;
}

async function workspacePackageJsons() {
  const { stdout } = await run('yarn', ['workspaces', 'list', '--json'], {
    cwd: root,
  });
  const locations = stdout
    .trim()
    .split('\n')
    .map(line => JSON.parse(line).location);
  return Promise.all(
    locations.map(async location =>
      JSON.parse(await readFile(join(root, location, 'package.json'), 'utf8')),
    ),
  );
}

async function latestVersion(name) {
  // The same registry lookup `versions:bump` makes (yarn's registry settings).
  const { stdout } = await run(
    'yarn',
    ['npm', 'info', name, '--fields', 'dist-tags', '--json'],
    { cwd: root },
  );
  const latest = JSON.parse(stdout)['dist-tags']?.latest;
  if (!latest) throw new Error(`The registry has no latest version of ${name}`);
  return latest;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const names = new Set();
  for (const pkg of await workspacePackageJsons()) {
    for (const type of DEP_TYPES) {
      for (const [name, range] of Object.entries(pkg[type] ?? {})) {
        if (name.startsWith('@backstage/') && !range.startsWith('workspace:')) {
          names.add(name);
        }
      }
    }
  }
  const sorted = [...names].sort();
  const versions = new Map();
  const queue = [...sorted];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        versions.set(name, await latestVersion(name));
      }
    }),
  );
  const manifest = {
    releaseVersion: args.release,
    packages: sorted.map(name => ({ name, version: versions.get(name) })),
  };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (args.out) {
    await writeFile(args.out, text);
    console.error(
      `Wrote the ${args.release} manifest (${sorted.length} packages) to ${args.out}`,
    );
  } else {
    process.stdout.write(text);
  }
}

main().catch(error => {
  console.error(error.message);
  process.exit(1);
});
