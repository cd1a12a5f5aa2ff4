#!/usr/bin/env node
// The extension in a real VS Code: code-server in headless Chromium, driven
// by puppeteer-core the way a person would use it (clicks, keys, the
// Problems panel). Started by run.sh, which installs code-server and
// packages the .vsix; environment:
//
//   CODE_SERVER   code-server's package folder (…/node_modules/code-server)
//   VSIX          the linux-x64 .vsix to install (with its server inside)
//   CHROMIUM      the browser (default /usr/bin/chromium; never downloaded)
//   GUARDRAIL_E2E_ARTIFACTS  where screenshots and logs go on failure
//                 (default: a folder in the run's temp dir, printed)
//   GUARDRAIL_E2E_KEEP=1     keep the temp dir
//
// Prints "ok …" per check and "N passed, N failed" last; exit 1 on failure.
'use strict';
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const http = require('http');
const { execFileSync, spawn } = require('child_process');
const puppeteer = require('puppeteer-core');

const TIMEOUT = 60_000;
const codeServer = required('CODE_SERVER');
const vsix = required('VSIX');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`e2e: ${name} is not set (run editors/vscode/test/e2e/run.sh)`);
    process.exit(2);
  }
  return v;
}

// Everything the run writes lives in one temp folder: VS Code's user data,
// extensions, XDG folders, Chromium's profile and the throwaway project.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrail-e2e-'));
const artifacts = process.env.GUARDRAIL_E2E_ARTIFACTS || path.join(tmp, 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const dirs = {
  userData: path.join(tmp, 'user-data'),
  extensions: path.join(tmp, 'extensions'),
  project: path.join(tmp, 'project'),
  chromium: path.join(tmp, 'chromium-profile'),
};
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
const env = {
  ...process.env,
  HOME: path.join(tmp, 'home'),
  XDG_CONFIG_HOME: path.join(tmp, 'config'),
  XDG_DATA_HOME: path.join(tmp, 'data'),
  XDG_CACHE_HOME: path.join(tmp, 'cache'),
  XDG_STATE_HOME: path.join(tmp, 'state'),
};
for (const k of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME']) {
  fs.mkdirSync(env[k], { recursive: true });
}
// guardrail must not find a .guardrail.toml above the project.
for (let d = dirs.project; d !== path.dirname(d); d = path.dirname(d)) {
  if (d !== dirs.project && fs.existsSync(path.join(d, '.guardrail.toml'))) {
    console.error(`e2e: ${d}/.guardrail.toml would change the rules; set TMPDIR elsewhere`);
    process.exit(2);
  }
}

// The project: two restricted phrases (error) and one plain-language one (info).
const sample = path.join(dirs.project, 'sample.md');
const configFile = path.join(dirs.project, '.guardrail.toml');
const CONFIG = 'root = true\nextends = ["builtin:sre-messaging", "builtin:plain-language"]\n';
fs.writeFileSync(configFile, CONFIG);
fs.writeFileSync(
  sample,
  '# Launch notes\n\nSRE enables access to OpenAI models.\n\nTeams utilize it daily.\n\nSRE enables access to OpenAI models, again.\n',
);

const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
function writeSettings() {
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  const s = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'files.autoSave': 'off',
    'editor.codeActionsOnSave': { 'source.fixAll': 'explicit' },
  };
  fs.writeFileSync(settingsFile, JSON.stringify(s, null, 2));
}
writeSettings();

const csArgs = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
let server; // code-server
let browser;
let page;
let passed = 0;
let failed = 0;

function log(msg) {
  console.log(msg);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

async function until(what, fn, timeout = TIMEOUT) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > timeout) {
      throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

// --- page helpers -----------------------------------------------------------

/** The text of the active editor's visible lines, one string per line. */
async function editorLines() {
  return page.$$eval('.editor-group-container.active .monaco-editor .view-lines .view-line', (ls) =>
    ls
      .map((l) => ({ top: parseFloat(l.style.top) || 0, text: l.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
}

async function waitEditorText(what, pred) {
  return until(what, async () => {
    const lines = await editorLines();
    return pred(lines.join('\n')) ? lines : false;
  });
}

/** The Problems panel's rows, as text. */
async function problems() {
  return page.$$eval('.markers-panel .monaco-list-row', (rs) => rs.map((r) => r.textContent.replace(/\s+/g, ' ').trim()));
}

async function showProblems() {
  if (await page.$('.markers-panel .monaco-list')) {
    const visible = await page.$eval('.markers-panel', (e) => e.offsetParent !== null).catch(() => false);
    if (visible) return;
  }
  await key('Control+Shift+KeyM'); // View: Problems
  await until('the Problems panel', () => page.$('.markers-panel .monaco-list'));
}

async function waitProblems(what, pred) {
  await showProblems();
  return until(`Problems panel: ${what}`, async () => {
    const rows = await problems();
    return pred(rows.join('\n')) ? rows : false;
  });
}

/** Sets guardrail.minSeverity in the Settings editor (the UI, not the JSON file). */
async function setMinSeverity(value) {
  await key('Control+Comma'); // Preferences: Open Settings
  const search = await until('the Settings editor search box', () => page.$('.settings-editor .suggest-input-container .monaco-editor textarea'));
  await search.click();
  await key('Control+a');
  await page.keyboard.type('guardrail.minSeverity');
  const select = await until('the guardrail.minSeverity dropdown', () => page.$('.settings-editor select[aria-label="guardrail.minSeverity"]'));
  await select.select(value);
  await until(`"guardrail.minSeverity": "${value}" in settings.json`, () => {
    try {
      return (JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['guardrail.minSeverity'] ?? 'hint') === value;
    } catch {
      return false;
    }
  });
}

/** Opens a file of the project by clicking it in the Explorer. */
async function openFromExplorer(name) {
  const row = await until(`${name} in the Explorer`, async () => {
    const rows = await page.$$('.explorer-folders-view .monaco-list-row');
    for (const r of rows) {
      if ((await r.evaluate((e) => e.textContent.trim())) === name) return r;
    }
    return false;
  });
  await row.click();
  await until(`the editor tab for ${name}`, () =>
    page.$$eval('.tabs-container .tab.active', (ts, n) => ts.some((t) => t.textContent.includes(n)), name),
  );
}

/** Clicks into the active editor's text (keys go to the editor after this). */
async function focusEditor() {
  const lines = await until('the editor', () => page.$('.editor-group-container.active .monaco-editor .view-lines'));
  await lines.click();
  await until('the editor to have focus', () =>
    page.evaluate(() => !!document.activeElement?.closest('.editor-group-container.active .monaco-editor')),
  );
}

async function key(combo) {
  const parts = combo.split('+');
  for (const p of parts.slice(0, -1)) await page.keyboard.down(p);
  await page.keyboard.press(parts[parts.length - 1]);
  for (const p of parts.slice(0, -1).reverse()) await page.keyboard.up(p);
}

async function squiggles(kind) {
  return page.$$eval(`.editor-group-container.active .monaco-editor .squiggly-${kind}`, (e) => e.length);
}

async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    const base = path.join(artifacts, `fail-${passed + failed}`);
    log(`FAIL ${name}: ${e.message}`);
    try {
      await page.screenshot({ path: `${base}.png` });
      log(`     screenshot: ${base}.png`);
      fs.writeFileSync(`${base}.problems.txt`, (await problems().catch(() => [])).join('\n'));
      fs.writeFileSync(`${base}.html`, await page.content());
    } catch (se) {
      log(`     (no screenshot: ${se.message})`);
    }
    throw e;
  }
}

// --- the run ----------------------------------------------------------------

async function main() {
  log(`e2e: temp dir ${tmp}; artifacts (screenshots, logs) in ${artifacts}`);
  const entry = path.join(codeServer, 'out', 'node', 'entry.js');
  const node = process.execPath;

  await step('code-server --install-extension the .vsix', async () => {
    const out = execFileSync(node, [entry, ...csArgs, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
    fs.writeFileSync(path.join(artifacts, 'install-extension.log'), out);
    const installed = fs.readdirSync(dirs.extensions).filter((d) => d.startsWith('guardrail-dev.guardrail-'));
    if (installed.length !== 1) throw new Error(`extensions folder holds ${JSON.stringify(fs.readdirSync(dirs.extensions))}`);
    const bin = path.join(dirs.extensions, installed[0], 'server', 'linux-x64', 'guardrail');
    if (!fs.existsSync(bin)) throw new Error(`no bundled server at ${bin}`);
  });

  const port = await freePort();
  const serverLog = fs.openSync(path.join(artifacts, 'code-server.log'), 'w');
  server = spawn(
    node,
    [
      entry,
      ...csArgs,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      dirs.project,
    ],
    { env, stdio: ['ignore', serverLog, serverLog], detached: true },
  );
  const base = `http://127.0.0.1:${port}`;
  await step('code-server answers', () => until('code-server /healthz', async () => (await get(`${base}/healthz`)) === 200));

  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: dirs.chromium,
    env,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check', '--window-size=1400,900'],
    defaultViewport: { width: 1400, height: 900 },
  });
  page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const consoleLog = fs.createWriteStream(path.join(artifacts, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`${m.type()}: ${m.text()}\n`));

  await step('the workbench opens the throwaway folder', async () => {
    await page.goto(`${base}/?folder=${encodeURIComponent(dirs.project)}`, { waitUntil: 'domcontentloaded', timeout: TIMEOUT });
    await until('the workbench', () => page.$('.monaco-workbench .part.editor'));
  });

  await step('open sample.md from the Explorer', async () => {
    await openFromExplorer('sample.md');
    await waitEditorText('sample.md in the editor', (t) => t.includes('SRE enables access to OpenAI models.'));
  });

  await step('a red squiggle under the restricted phrase', async () => {
    await until('.squiggly-error decorations', async () => (await squiggles('error')) >= 2);
    // The squiggle sits under the phrase: its left edge is right of "SRE ".
    const ok = await page.$$eval('.editor-group-container.active .monaco-editor .squiggly-error', (e) => e.every((s) => s.getBoundingClientRect().width > 50));
    if (!ok) throw new Error('a squiggle is narrower than the phrase');
  });

  await step('the Problems panel lists the findings', async () => {
    await focusEditor();
    const rows = await waitProblems('sre.access-claim ×2 and plain.utilize', (t) =>
      (t.match(/Say SRE is powered by OpenAI models/g) || []).length === 2 && t.includes('sre.access-claim') && t.includes('plain.utilize'),
    );
    log(`     ${rows.filter((r) => r.includes('sre.access-claim'))[0]}`);
  });

  await step('guardrail.minSeverity "error" in the Settings editor hides the info finding; "hint" brings it back', async () => {
    await setMinSeverity('error');
    await waitProblems('plain.utilize gone', (t) => !t.includes('plain.utilize') && t.includes('sre.access-claim'));
    await setMinSeverity('hint');
    await waitProblems('plain.utilize back', (t) => t.includes('plain.utilize'));
    await openFromExplorer('sample.md');
  });

  await step('editing .guardrail.toml (on disk) re-checks the open file', async () => {
    fs.writeFileSync(
      configFile,
      CONFIG + '\n[[rule]]\nid = "team.daily"\nmessage = "Say {approved}, not {match}."\nseverity = "warning"\nrestricted = ["daily"]\napproved = ["every day"]\n',
    );
    await waitProblems('team.daily', (t) => t.includes('team.daily'));
    await until('a warning squiggle', async () => (await squiggles('warning')) >= 1);
    fs.writeFileSync(configFile, CONFIG);
    await waitProblems('team.daily gone', (t) => !t.includes('team.daily') && t.includes('plain.utilize'));
  });

  await step('F8 then Ctrl+. lists the replace, disable and fix-all actions', async () => {
    await focusEditor();
    await key('Control+Home');
    await key('F8');
    await until('the problem peek', () => page.$('.editor-group-container.active .marker-widget'));
    await key('Escape');
    await until('the peek to close', async () => !(await page.$('.editor-group-container.active .marker-widget')));
    await key('Control+.');
    const items = await until('the code action menu', async () => {
      const t = await page.$$eval('.action-widget .monaco-list-row.action', (rs) => rs.map((r) => r.textContent.trim()));
      return t.length > 0 ? t : false;
    });
    log(`     Ctrl+.: ${items.join(' | ')}`);
    for (const want of ["Replace with 'is powered by OpenAI models'", 'Disable sre.access-claim for this line', 'Fix all guardrail issues in this file']) {
      if (!items.some((i) => i.includes(want))) throw new Error(`no "${want}" among ${JSON.stringify(items)}`);
    }
  });

  await step('the preferred fix rewrites the text', async () => {
    const rows = await page.$$('.action-widget .monaco-list-row.action');
    let clicked = false;
    for (const r of rows) {
      if ((await r.evaluate((e) => e.textContent)).includes("Replace with 'is powered by OpenAI models'")) {
        await r.click();
        clicked = true;
        break;
      }
    }
    if (!clicked) throw new Error('the replace action went away');
    await waitEditorText('line 3 rewritten', (t) => t.includes('SRE is powered by OpenAI models.') && t.includes('SRE enables access to OpenAI models, again.'));
  });

  await step('saving with editor.codeActionsOnSave source.fixAll fixes the rest', async () => {
    await focusEditor();
    await key('Control+s');
    await until('sample.md on disk fixed', () => {
      const t = fs.readFileSync(sample, 'utf8');
      return t.includes('SRE is powered by OpenAI models, again.') && t.includes('Teams use it daily.') && !t.includes('enables access');
    });
    await waitProblems('no findings left in sample.md', (t) => !t.includes('sre.access-claim') && !t.includes('plain.utilize'));
  });

  await step('a broken .guardrail.toml shows its error in that file', async () => {
    await openFromExplorer('.guardrail.toml');
    await waitEditorText('.guardrail.toml in the editor', (t) => t.includes('builtin:sre-messaging'));
    await focusEditor();
    await key('Control+End');
    await key('Enter');
    await page.keyboard.type('= broken');
    await key('Control+s');
    await until('.guardrail.toml saved', () => fs.readFileSync(configFile, 'utf8').includes('= broken'));
    await until('an error squiggle in .guardrail.toml', async () => (await squiggles('error')) >= 1);
    const rows = await waitProblems('an error in .guardrail.toml', (t) => t.includes('.guardrail.toml'));
    log(`     ${rows.join(' / ')}`);
  });

  log(`${passed} passed, ${failed} failed`);
}

async function cleanup() {
  try {
    if (browser) await browser.close();
  } catch {}
  if (server && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
  }
  if (failed === 0 && process.env.GUARDRAIL_E2E_KEEP !== '1' && !process.env.GUARDRAIL_E2E_ARTIFACTS) {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main()
  .then(async () => {
    await cleanup();
    process.exit(failed === 0 ? 0 : 1);
  })
  .catch(async (e) => {
    if (failed === 0) {
      failed++;
      log(`FAIL ${e.stack || e.message}`);
    }
    log(`${passed} passed, ${failed} failed`);
    log(`e2e: screenshots and logs in ${artifacts}`);
    const logs = path.join(dirs.userData, 'logs');
    if (fs.existsSync(logs)) {
      log(`e2e: VS Code logs in ${logs}`);
      // The extension's output channel: the server's start and its stderr.
      for (const f of fs.readdirSync(logs, { recursive: true })) {
        if (String(f).endsWith('-guardrail.log')) {
          const text = fs.readFileSync(path.join(logs, String(f)), 'utf8');
          fs.writeFileSync(path.join(artifacts, 'guardrail-output.log'), text);
          log(`--- the guardrail output channel (last 15 lines):\n${text.trimEnd().split('\n').slice(-15).join('\n')}`);
        }
      }
    }
    await cleanup();
    process.exit(1);
  });
