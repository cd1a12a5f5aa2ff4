// package.json: what VS Code reads. Checked against the pure modules so the
// manifest and the code cannot drift apart.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { activationEvents, documentSelector, LANGUAGES } from '../src/languages';
import { DEFAULTS, LOG_LEVELS, SEVERITIES, TRACE_LEVELS } from '../src/settings';
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
      'guardrail.configPath', 'guardrail.extraPacks', 'guardrail.logLevel', 'guardrail.minSeverity', 'guardrail.path', 'guardrail.trace.server',
    ]);
    for (const [k, v] of Object.entries(props as Record<string, Record<string, unknown>>)) {
      assert.ok(typeof (v.markdownDescription ?? v.description) === 'string', `${k} has a description`);
      assert.ok('default' in v, `${k} has a default`);
    }
    for (const k of ['path', 'configPath', 'extraPacks', 'minSeverity', 'logLevel'] as const) {
      assert.deepEqual(props[`guardrail.${k}`].default, DEFAULTS[k], k);
    }
    assert.equal(props['guardrail.extraPacks'].type, 'array');
    assert.deepEqual(props['guardrail.minSeverity'].enum, [...SEVERITIES]);
    assert.deepEqual(props['guardrail.logLevel'].enum, [...LOG_LEVELS]);
    assert.deepEqual(props['guardrail.trace.server'].enum, [...TRACE_LEVELS]);
    assert.equal(props['guardrail.trace.server'].default, 'off');
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['guardrail.path']);
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
    assert.deepEqual(pkg.contributes.tomlValidation, [{ fileMatch: '.guardrail.toml', url: './schemas/guardrail.schema.json' }]);
    assert.ok(fs.existsSync(path.join(extensionRoot, 'schemas', 'guardrail.schema.json')));
  });
});
