// What the browser tests share: starting the sandbox and the portal the way
// the README's start command does, signing in as a demo persona, and the
// checks every main page passes (names not keys, one time format, axe-core,
// no React key warnings), with a screenshot kept for people to look at.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { openSync } from 'node:fs';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
export const APP = 'http://localhost:3100';
export const BACKEND = 'http://localhost:7107';
const START_TIMEOUT_MS = 240_000;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser;

export const SANDBOX_PORTS = {
  SANDBOX_INSPECTOR_PORT: '7110',
  SANDBOX_OKTA_PORT: '7111',
  SANDBOX_SLACK_PORT: '7112',
  SANDBOX_JIRA_PORT: '7113',
  SANDBOX_ZENDESK_PORT: '7114',
  SANDBOX_SMTP_PORT: '7125',
  // The test's portal backend: Slack clicks go to its default Request URL path.
  SANDBOX_PORTAL_BACKEND_URL: 'http://localhost:7107',
};

export const REPORTS = path.join(root, '.reports');
let sandboxLogFd;
function sandboxLog() {
  sandboxLogFd ??= openSync(path.join(REPORTS, 'e2e-sandbox.log'), 'a');
  return sandboxLogFd;
}

/** Keeps what a failing page showed, for the person reading the CI log. */
export async function withDiagnostics(page, name, fn) {
  try {
    await fn();
  } catch (error) {
    await mkdir(REPORTS, { recursive: true });
    await page
      .screenshot({ path: path.join(REPORTS, `e2e-${name}.png`) })
      .catch(() => {});
    const text = await page.innerText('body').catch(() => '');
    await writeFile(path.join(REPORTS, `e2e-${name}.txt`), text);
    console.error(`Page text at failure (${name}):\n${text.slice(0, 3000)}`);
    throw error;
  }
}

export function startSandboxProcess() {
  return spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'packages/sandbox/src/main.ts',
    ],
    {
      cwd: root,
      stdio: ['ignore', sandboxLog(), sandboxLog()],
      env: { ...process.env, ...SANDBOX_PORTS },
    },
  );
}

export function startPortal() {
  const child = spawn(
    'yarn',
    [
      'start',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      path.join(root, 'e2e/app-config.e2e.yaml'),
    ],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    },
  );
  let output = '';
  const keep = chunk => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, log: () => output };
}

export async function stopPortal(p) {
  if (!p || p.child.exitCode !== null) return;
  const exited = new Promise(resolve => p.child.once('exit', resolve));
  try {
    process.kill(-p.child.pid, 'SIGINT');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-p.child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 15_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(url, p) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null) {
      throw new Error(`Portal exited early:\n${p.log()}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`Timed out waiting for ${url}:\n${p.log()}`);
}

export async function waitForPortal(p) {
  await waitFor(`${BACKEND}/api/productiv-home/health`, p);
  await waitFor(`${BACKEND}/api/provisioning-workflows/health`, p);
  await waitFor(APP, p);
}

export async function tokenFor(userEntityRef) {
  // Right after startup the catalog may not have loaded the person yet.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${BACKEND}/api/auth/demoPersona/refresh`, {
      headers: {
        'x-demo-persona': userEntityRef,
        'x-requested-with': 'XMLHttpRequest',
      },
    });
    if (res.status === 200 || Date.now() > deadline) {
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()).backstageIdentity.token;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

export async function newPage(persona) {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  watchConsole(page);
  const url = persona ? `${APP}/productiv-home?persona=${persona}` : `${APP}/`;
  await page.goto(url);
  return page;
}

/** Starts the one Chromium the tests share. */
export async function launchBrowser() {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return browser;
}

/** A page with no persona signed in yet (e-mail links, the inspector). */
export async function newBlankPage() {
  // axe-core needs a page of a context made by browser.newContext().
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  watchConsole(page);
  return page;
}

export async function closeBrowser() {
  await browser?.close();
}

// React reports duplicate or missing keys as console errors; page errors are
// uncaught exceptions. Both fail the page check.
const KEY_WARNING =
  /unique "key" prop|Encountered two children with the same key/;
function watchConsole(page) {
  const problems = [];
  page.on('console', message => {
    if (message.type() === 'error' && KEY_WARNING.test(message.text())) {
      problems.push(`React key warning: ${message.text().slice(0, 300)}`);
    }
  });
  page.on('pageerror', error => {
    problems.push(`Page error: ${String(error).slice(0, 300)}`);
  });
  page.problems = problems;
}

// Keys where a name belongs: entity refs and app keys in the visible text.
const ENTITY_REF = /\b(?:user|group):(?:default\/|group:)[\w.-]+/;
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b/;

/**
 * Violations of upstream Backstage components the product cannot change:
 * the notifications sidebar item names its link "Notifications" while it
 * shows the unread count beside the text (`@backstage/plugin-notifications`).
 */
function upstreamKnown(rule, node) {
  return (
    rule === 'label-content-name-mismatch' &&
    /href="\/notifications"/.test(node.html)
  );
}

/**
 * The checks each main page passes, as its persona: no entity refs, no app
 * key where a name belongs, no ISO time in the visible text; axe-core finds
 * no serious or critical violation; no React key warning and no page error.
 * Saves the page's screenshot as `.reports/screens/<name>.png`.
 */
export async function checkPage(page, name, options = {}) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await mkdir(path.join(REPORTS, 'screens'), { recursive: true });
  await page.screenshot({
    path: path.join(REPORTS, 'screens', `${name}.png`),
    fullPage: true,
  });
  const text = await page.innerText('body');
  const problems = [...(page.problems ?? [])];
  const ref = text.match(ENTITY_REF);
  if (ref) problems.push(`An entity ref is shown: "${ref[0]}"`);
  const iso = text.match(ISO_TIME);
  if (iso) problems.push(`An ISO time is shown: "${iso[0]}"`);
  for (const key of options.appKeys ?? []) {
    const shown = new RegExp(`(^|[^\\w:-])${key}($|[^\\w:-])`, 'm');
    if (shown.test(text)) problems.push(`The app key "${key}" is shown`);
  }
  const axe = await new AxeBuilder({ page })
    .exclude(options.axeExclude ?? [])
    .analyze();
  for (const v of axe.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    const nodes = v.nodes.filter(n => !upstreamKnown(v.id, n));
    if (!nodes.length) continue;
    const where = nodes
      .slice(0, 3)
      .map(n => n.target.join(' '))
      .join('; ');
    problems.push(`axe ${v.impact}: ${v.id} (${v.help}) at ${where}`);
  }
  if (problems.length) {
    await writeFile(path.join(REPORTS, `screens-${name}.txt`), text);
  }
  assert.deepEqual(problems, [], `${name}: ${problems.join('\n')}`);
}
