import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULTS,
  ExtensionSettings,
  answerConfiguration,
  expandPath,
  initializationOptions,
  needsRestart,
  readSettings,
  restrictSettings,
  serverArgs,
  serverSettings,
  serverSettingsChanged,
} from '../src/settings';

function from(values: Record<string, unknown>): ExtensionSettings {
  return readSettings((k) => values[k]);
}

describe('readSettings', () => {
  it('gives the defaults when nothing is set', () => {
    assert.deepEqual(from({}), {
      path: '',
      configPath: '',
      extraPacks: [],
      minSeverity: 'hint',
      logLevel: 'info',
      maxDocumentSize: 10485760,
      maxFindings: 1000,
      analysisTimeout: 5000,
    });
    assert.deepEqual(from({}), DEFAULTS);
  });

  it('reads and normalises every setting', () => {
    const s = from({
      path: ' /opt/guardrail ',
      configPath: 'docs/.guardrail.toml',
      extraPacks: ['builtin:plain-language', '', 42, ' packs/acme.toml '],
      minSeverity: 'Warning',
      logLevel: 'DEBUG',
      maxDocumentSize: 1048576,
      maxFindings: 50,
      analysisTimeout: 250,
    });
    assert.deepEqual(s, {
      path: '/opt/guardrail',
      configPath: 'docs/.guardrail.toml',
      extraPacks: ['builtin:plain-language', 'packs/acme.toml'],
      minSeverity: 'warning',
      logLevel: 'debug',
      maxDocumentSize: 1048576,
      maxFindings: 50,
      analysisTimeout: 250,
    });
  });

  it('falls back to the default for wrong types and unknown values', () => {
    const s = from({
      path: 3,
      extraPacks: 'builtin:plain-language',
      minSeverity: 'fatal',
      logLevel: 'trace',
      maxDocumentSize: '1048576',
      maxFindings: -1,
      analysisTimeout: 2.5,
    });
    assert.deepEqual(s, DEFAULTS);
  });

  it('takes 0 as "no limit" and falls back to the default for limits the server would reject', () => {
    const none = from({ maxDocumentSize: 0, maxFindings: 0, analysisTimeout: 0 });
    assert.deepEqual([none.maxDocumentSize, none.maxFindings, none.analysisTimeout], [0, 0, 0]);
    for (const bad of [null, true, '10', -5, 0.5, NaN, Infinity, 2147483648, [1], { n: 1 }]) {
      const s = from({ maxDocumentSize: bad, maxFindings: bad, analysisTimeout: bad });
      assert.equal(s.maxDocumentSize, DEFAULTS.maxDocumentSize, String(bad));
      assert.equal(s.maxFindings, DEFAULTS.maxFindings, String(bad));
      assert.equal(s.analysisTimeout, DEFAULTS.analysisTimeout, String(bad));
    }
    assert.equal(from({ maxFindings: 2147483647 }).maxFindings, 2147483647, 'the largest value the server takes');
  });
});

describe('untrusted workspaces', () => {
  it('take path, configPath and extraPacks from the user\'s settings only, and the rest as set', () => {
    const workspace = from({
      path: './evil',
      configPath: '../../outside.toml',
      extraPacks: ['/etc/passwd', 'builtin:plain-language'],
      minSeverity: 'error',
      maxFindings: 5,
    });
    const user: Record<string, unknown> = { extraPacks: ['builtin:inclusive-language'] };
    assert.deepEqual(restrictSettings(workspace, (k) => user[k]), {
      ...DEFAULTS,
      extraPacks: ['builtin:inclusive-language'],
      minSeverity: 'error',
      maxFindings: 5,
    });
    assert.deepEqual(restrictSettings(workspace, () => undefined), { ...DEFAULTS, minSeverity: 'error', maxFindings: 5 });
  });
});

describe('server settings', () => {
  const s = from({
    path: '/opt/guardrail',
    configPath: '${workspaceFolder}/cfg/.guardrail.toml',
    extraPacks: ['builtin:inclusive-language', '~/packs/acme.toml', '${env:PACKS}/x.toml'],
    minSeverity: 'info',
    logLevel: 'warn',
    maxDocumentSize: 0,
    maxFindings: 200,
    analysisTimeout: 1500,
  });
  const ctx = { workspaceFolder: '/ws', home: '/home/u' };

  it('initializationOptions nest the seven server settings under "guardrail" and leave the client-only ones out', () => {
    assert.deepEqual(initializationOptions(s, ctx, { PACKS: '/p' }), {
      guardrail: {
        configPath: '/ws/cfg/.guardrail.toml',
        extraPacks: ['builtin:inclusive-language', '/home/u/packs/acme.toml', '/p/x.toml'],
        minSeverity: 'info',
        logLevel: 'warn',
        maxDocumentSize: 0,
        maxFindings: 200,
        analysisTimeout: 1500,
      },
    });
  });

  it('defaults are the server\'s own defaults (10 MB, 1,000 findings, 5 s)', () => {
    assert.deepEqual(initializationOptions(DEFAULTS), {
      guardrail: {
        configPath: '',
        extraPacks: [],
        minSeverity: 'hint',
        logLevel: 'info',
        maxDocumentSize: 10485760,
        maxFindings: 1000,
        analysisTimeout: 5000,
      },
    });
  });

  it('expandPath leaves unknown variables and plain relative paths alone', () => {
    assert.equal(expandPath('${workspaceFolder}/a', {}), '${workspaceFolder}/a');
    assert.equal(expandPath('rel/a.toml', ctx), 'rel/a.toml');
    assert.equal(expandPath('~', ctx), '/home/u');
    assert.equal(expandPath('~user/a', ctx), '~user/a');
    assert.equal(expandPath('${env:NOPE}a', ctx, {}), 'a');
  });

  it('answers workspace/configuration for the guardrail section, one key, the whole config, and passes others through', () => {
    const read = () => serverSettings(s, ctx);
    const got = answerConfiguration(
      [
        { section: 'guardrail' },
        { section: 'guardrail.minSeverity' },
        { section: 'editor' },
        {},
        { section: 'guardrail.path' },
        { section: 'guardrail.maxFindings' },
        { section: 'guardrail.maxDocumentSize' },
        { section: 'guardrail.analysisTimeout' },
      ],
      read,
      [{ path: '/opt/guardrail' }, 'info', { tabSize: 2 }, { editor: { tabSize: 2 } }, '/opt/guardrail', 200, 0, 1500],
    );
    assert.deepEqual(got[0], serverSettings(s, ctx));
    assert.equal(got[1], 'info');
    assert.deepEqual(got[2], { tabSize: 2 });
    assert.deepEqual(got[3], { editor: { tabSize: 2 }, guardrail: serverSettings(s, ctx) });
    assert.equal(got[4], null, 'client-only settings are not the server\'s business');
    assert.deepEqual(got.slice(5), [200, 0, 1500], 'the limits, 0 included (0 is "no limit", not "unset")');
  });
});

describe('server command line', () => {
  it('is `lsp --log-level LEVEL`', () => {
    assert.deepEqual(serverArgs(DEFAULTS), ['lsp', '--log-level', 'info']);
    assert.deepEqual(serverArgs(from({ logLevel: 'debug' })), ['lsp', '--log-level', 'debug']);
  });
});

describe('what a settings change needs', () => {
  it('only guardrail.path restarts the server', () => {
    assert.equal(needsRestart(DEFAULTS, from({ path: '/x' })), true);
    for (const change of [
      { configPath: 'a' },
      { extraPacks: ['builtin:plain-language'] },
      { minSeverity: 'error' },
      { logLevel: 'debug' },
      { maxDocumentSize: 0 },
      { maxFindings: 10 },
      { analysisTimeout: 100 },
    ]) {
      const after = from(change);
      assert.equal(needsRestart(DEFAULTS, after), false, JSON.stringify(change));
      assert.equal(serverSettingsChanged(DEFAULTS, after), true, JSON.stringify(change));
    }
    assert.equal(serverSettingsChanged(DEFAULTS, from({ path: '/x' })), false);
  });
});
