// package.json: what VS Code reads. Checked against the pure modules so the
// manifest and the code cannot drift apart.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { activationEvents, documentSelector, LANGUAGES } from '../src/languages';
import { DEFAULTS, LIMIT_KEYS, LOG_LEVELS, MAX_LIMIT, RESTRICTED, SEVERITIES, TRACE_LEVELS } from '../src/settings';
import { extensionRoot } from './helpers';

const pkg = JSON.parse(fs.readFileSync(path.join(extensionRoot, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(extensionRoot, 'package-lock.json'), 'utf8'));

describe('package.json', () => {
  it('has what vsce and the marketplace need', () => {
    assert.equal(pkg.name, 'guardrail');
    assert.equal(pkg.publisher, 'guardrail-dev');
    assert.equal(pkg.license, 'MIT');
    assert.match(pkg.repository.url, /github\.com\/guardrail-dev\/guardrail/);
    assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
    assert.equal(pkg.main, './out/extension.js');
    for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore']) {
      assert.ok(fs.existsSync(path.join(extensionRoot, f)), f);
    }
  });

  it('uses the vscode-languageclient line that matches engines.vscode', () => {
    // vscode-languageclient 9.x requires VS Code ^1.82.0; @types/vscode must not be newer than engines.
    assert.equal(pkg.engines.vscode, '^1.82.0');
    const lc = lock.packages['node_modules/vscode-languageclient'];
    assert.match(lc.version, /^9\./);
    assert.equal(lc.engines.vscode, pkg.engines.vscode);
    assert.equal(lock.packages['node_modules/@types/vscode'].version, '1.82.0');
  });

  it('activates for every checked language and for .guardrail.toml', () => {
    assert.deepEqual(pkg.activationEvents, activationEvents());
    for (const l of ['markdown', 'plaintext', 'html', 'mdx', 'restructuredtext', 'asciidoc', 'go', 'python', 'javascript',
      'javascriptreact', 'typescript', 'typescriptreact', 'java', 'c', 'cpp', 'csharp', 'rust', 'ruby', 'shellscript',
      'json', 'jsonc', 'yaml', 'toml']) {
      assert.ok(LANGUAGES.includes(l), l);
      assert.ok(pkg.activationEvents.includes(`onLanguage:${l}`), l);
    }
    assert.ok(pkg.activationEvents.includes('workspaceContains:**/.guardrail.toml'));
  });

  it('the document selector covers file and untitled documents', () => {
    const sel = documentSelector();
    assert.ok(sel.some((f) => f.scheme === 'file' && f.language === 'markdown'));
    assert.ok(sel.some((f) => f.scheme === 'untitled' && f.language === 'markdown'));
    assert.ok(sel.some((f) => f.scheme === 'file' && f.pattern === '**/.guardrail.toml'));
    assert.ok(sel.every((f) => f.scheme === 'file' || f.scheme === 'untitled'));
    assert.ok(!sel.some((f) => f.scheme === 'untitled' && f.language === 'toml'));
  });

  it('contributes every setting with a description and the code\'s default', () => {
    const props = pkg.contributes.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), [
      'guardrail.analysisTimeout', 'guardrail.configPath', 'guardrail.extraPacks', 'guardrail.logLevel', 'guardrail.maxDocumentSize',
      'guardrail.maxFindings', 'guardrail.minSeverity', 'guardrail.path', 'guardrail.trace.server',
    ]);
    for (const [k, v] of Object.entries(props as Record<string, Record<string, unknown>>)) {
      assert.ok(typeof (v.markdownDescription ?? v.description) === 'string', `${k} has a description`);
      assert.ok('default' in v, `${k} has a default`);
    }
    for (const k of ['path', 'configPath', 'extraPacks', 'minSeverity', 'logLevel', ...LIMIT_KEYS] as const) {
      assert.deepEqual(props[`guardrail.${k}`].default, DEFAULTS[k], k);
    }
    const orders = Object.values(props as Record<string, { order: number }>).map((v) => v.order);
    assert.deepEqual(orders, orders.map((_, i) => i), 'settings listed in order');
    assert.equal(props['guardrail.extraPacks'].type, 'array');
    assert.deepEqual(props['guardrail.minSeverity'].enum, [...SEVERITIES]);
    assert.deepEqual(props['guardrail.logLevel'].enum, [...LOG_LEVELS]);
    assert.deepEqual(props['guardrail.trace.server'].enum, [...TRACE_LEVELS]);
    assert.equal(props['guardrail.trace.server'].default, 'off');
  });

  it('contributes the limits as whole numbers, 0 (no limit) or more, with the server\'s defaults', () => {
    const props = pkg.contributes.configuration.properties;
    assert.deepEqual([...LIMIT_KEYS], ['maxDocumentSize', 'maxFindings', 'analysisTimeout']);
    assert.deepEqual(
      LIMIT_KEYS.map((k) => props[`guardrail.${k}`].default),
      [10 * 1024 * 1024, 1000, 5000],
      'server/limits.go: 10 MB, 1,000 findings, 5 s',
    );
    for (const k of LIMIT_KEYS) {
      const p = props[`guardrail.${k}`];
      assert.equal(p.type, 'integer', k);
      assert.equal(p.minimum, 0, k);
      assert.equal(p.maximum, MAX_LIMIT, k);
      assert.equal(p.scope, 'window', k);
      assert.match(p.markdownDescription, /`0`: no limit/, k);
    }
    assert.match(props['guardrail.maxDocumentSize'].markdownDescription, /bytes/);
    assert.match(props['guardrail.analysisTimeout'].markdownDescription, /milliseconds/);
  });

  it('restricts the settings that point guardrail at files in an untrusted workspace', () => {
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.deepEqual(untrusted.restrictedConfigurations, RESTRICTED.map((k) => `guardrail.${k}`));
    assert.deepEqual(untrusted.restrictedConfigurations, ['guardrail.path', 'guardrail.configPath', 'guardrail.extraPacks']);
    for (const k of untrusted.restrictedConfigurations) {
      assert.ok(untrusted.description.includes(k), `the description names ${k}`);
    }
    const src = fs.readFileSync(path.join(extensionRoot, 'src', 'extension.ts'), 'utf8');
    assert.match(src, /if \(!vscode\.workspace\.isTrusted\) \{[^}]*restrictSettings\(/, 'extension.ts applies restrictSettings when untrusted');
  });

  it('contributes the three commands, all implemented in src/extension.ts', () => {
    const titles = pkg.contributes.commands.map((c: { category: string; title: string; command: string }) => [c.command, `${c.category}: ${c.title}`]);
    assert.deepEqual(titles, [
      ['guardrail.restart', 'guardrail: Restart Server'],
      ['guardrail.showOutput', 'guardrail: Show Output'],
      ['guardrail.fixAll', 'guardrail: Fix All in File'],
    ]);
    const src = fs.readFileSync(path.join(extensionRoot, 'src', 'extension.ts'), 'utf8');
    for (const [id] of titles) {
      assert.ok(src.includes(`registerCommand('${id}'`), id);
    }
    assert.ok(src.includes(`'source.fixAll.guardrail'`));
    assert.ok(src.includes(`'editor.action.codeAction'`));
  });

  it('associates the schema with .guardrail.toml', () => {
    // An absolute URL: taplo does not resolve relative ones.
    assert.deepEqual(pkg.contributes.tomlValidation, [{
      fileMatch: '.guardrail.toml',
      url: 'https://raw.githubusercontent.com/guardrail-dev/guardrail/main/editors/vscode/schemas/guardrail.schema.json',
    }]);
    assert.ok(fs.existsSync(path.join(extensionRoot, 'schemas', 'guardrail.schema.json')));
  });
});
