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
  serverArgs,
  serverSettings,
  serverSettingsChanged,
} from '../src/settings';

function from(values: Record<string, unknown>): ExtensionSettings {
  return readSettings((k) => values[k]);
}

describe('readSettings', () => {
  it('gives the defaults when nothing is set', () => {
    assert.deepEqual(from({}), { path: '', configPath: '', extraPacks: [], minSeverity: 'hint', logLevel: 'info' });
    assert.deepEqual(from({}), DEFAULTS);
  });

  it('reads and normalises every setting', () => {
    const s = from({
      path: ' /opt/guardrail ',
      configPath: 'docs/.guardrail.toml',
      extraPacks: ['builtin:plain-language', '', 42, ' packs/acme.toml '],
      minSeverity: 'Warning',
      logLevel: 'DEBUG',
    });
    assert.deepEqual(s, {
      path: '/opt/guardrail',
      configPath: 'docs/.guardrail.toml',
      extraPacks: ['builtin:plain-language', 'packs/acme.toml'],
      minSeverity: 'warning',
      logLevel: 'debug',
    });
  });

  it('falls back to the default for wrong types and unknown values', () => {
    const s = from({ path: 3, extraPacks: 'builtin:plain-language', minSeverity: 'fatal', logLevel: 'trace' });
    assert.deepEqual(s, DEFAULTS);
  });
});

describe('server settings', () => {
  const s = from({
    path: '/opt/guardrail',
    configPath: '${workspaceFolder}/cfg/.guardrail.toml',
    extraPacks: ['builtin:inclusive-language', '~/packs/acme.toml', '${env:PACKS}/x.toml'],
    minSeverity: 'info',
    logLevel: 'warn',
  });
  const ctx = { workspaceFolder: '/ws', home: '/home/u' };

  it('initializationOptions nest the four server settings under "guardrail" and leave the client-only ones out', () => {
    assert.deepEqual(initializationOptions(s, ctx, { PACKS: '/p' }), {
      guardrail: {
        configPath: '/ws/cfg/.guardrail.toml',
        extraPacks: ['builtin:inclusive-language', '/home/u/packs/acme.toml', '/p/x.toml'],
        minSeverity: 'info',
        logLevel: 'warn',
      },
    });
  });

  it('defaults map to what the server treats as unset', () => {
    assert.deepEqual(initializationOptions(DEFAULTS), {
      guardrail: { configPath: '', extraPacks: [], minSeverity: 'hint', logLevel: 'info' },
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
      [{ section: 'guardrail' }, { section: 'guardrail.minSeverity' }, { section: 'editor' }, {}, { section: 'guardrail.path' }],
      read,
      [{ path: '/opt/guardrail' }, 'info', { tabSize: 2 }, { editor: { tabSize: 2 } }, '/opt/guardrail'],
    );
    assert.deepEqual(got[0], serverSettings(s, ctx));
    assert.equal(got[1], 'info');
    assert.deepEqual(got[2], { tabSize: 2 });
    assert.deepEqual(got[3], { editor: { tabSize: 2 }, guardrail: serverSettings(s, ctx) });
    assert.equal(got[4], null, 'client-only settings are not the server\'s business');
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
    for (const change of [{ configPath: 'a' }, { extraPacks: ['builtin:plain-language'] }, { minSeverity: 'error' }, { logLevel: 'debug' }]) {
      const after = from(change);
      assert.equal(needsRestart(DEFAULTS, after), false, JSON.stringify(change));
      assert.equal(serverSettingsChanged(DEFAULTS, after), true, JSON.stringify(change));
    }
    assert.equal(serverSettingsChanged(DEFAULTS, from({ path: '/x' })), false);
  });
});
