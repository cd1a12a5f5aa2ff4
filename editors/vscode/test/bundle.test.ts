// out/extension.js, the esbuild bundle VS Code loads: it needs nothing at run
// time but `vscode` and Node's built-ins (so no node_modules ship), and it
// loads and exports activate/deactivate.
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { extensionRoot } from './helpers';

const bundle = path.join(extensionRoot, 'out', 'extension.js');

/** A stand-in for the `vscode` module: every member is a harmless constructible function. */
function vscodeStub(): unknown {
  const handler: ProxyHandler<object> = {
    get: (_t, prop) => (prop === '__esModule' ? false : prop === Symbol.toPrimitive ? () => '' : stub()),
  };
  function stub(): unknown {
    return new Proxy(function () {}, { ...handler, construct: () => stub() as object, apply: () => stub() });
  }
  return new Proxy({}, handler);
}

describe('bundle', () => {
  it('exists (npm run build)', () => {
    assert.ok(fs.existsSync(bundle), `${bundle} is missing: run npm run build`);
  });

  it('requires only vscode and Node built-ins', () => {
    const src = fs.readFileSync(bundle, 'utf8');
    const required = new Set([...src.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const others = [...required].filter((m) => m !== 'vscode' && !builtins.has(m));
    assert.deepEqual(others, []);
    assert.ok(required.has('vscode'));
  });

  it('loads and exports activate and deactivate', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require('node:module') as { _load: (req: string, ...rest: unknown[]) => unknown };
    const orig = Module._load;
    Module._load = function (req: string, ...rest: unknown[]) {
      return req === 'vscode' ? vscodeStub() : orig.call(this, req, ...rest);
    };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ext = require(bundle) as { activate: unknown; deactivate: unknown };
      assert.equal(typeof ext.activate, 'function');
      assert.equal(typeof ext.deactivate, 'function');
    } finally {
      Module._load = orig;
    }
  });
});
