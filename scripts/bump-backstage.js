#!/usr/bin/env node
// Sets every @backstage/* dependency in the workspace to ^<newest version on the registry>,
// so that all packages stay on one Backstage release line. Run, then `yarn install`.
const fs = require('fs');
const cp = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const files = ['package.json'];
for (const dir of ['packages', 'plugins']) {
  for (const d of fs.readdirSync(path.join(root, dir))) {
    const f = path.join(dir, d, 'package.json');
    if (fs.existsSync(path.join(root, f))) files.push(f);
  }
}
const pkgs = files.map(f => [
  f,
  JSON.parse(fs.readFileSync(path.join(root, f), 'utf8')),
]);
const names = new Set();
for (const [, p] of pkgs)
  for (const s of ['dependencies', 'devDependencies'])
    for (const n of Object.keys(p[s] || {}))
      if (n.startsWith('@backstage/')) names.add(n);
const latest = {};
for (const n of names) {
  latest[n] = cp
    .execSync(`npm view ${n} version 2>/dev/null`)
    .toString()
    .trim();
}
for (const [f, p] of pkgs) {
  for (const s of ['dependencies', 'devDependencies'])
    for (const n of Object.keys(p[s] || {}))
      if (latest[n]) p[s][n] = `^${latest[n]}`;
  fs.writeFileSync(path.join(root, f), `${JSON.stringify(p, null, 2)}\n`);
}
console.log(latest);
