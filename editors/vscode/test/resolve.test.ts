import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  INSTALL_COMMAND,
  ResolveDeps,
  TARGETS,
  bundledServerPath,
  findOnPath,
  nodeFsDeps,
  resolveServer,
} from '../src/resolve';
import { tempDir } from './helpers';

/** A fake file system: path → executable? */
function fakeDeps(files: Record<string, boolean>, over: Partial<ResolveDeps> = {}): ResolveDeps {
  return {
    platform: 'linux',
    arch: 'x64',
    extensionPath: '/ext',
    env: { PATH: '/usr/local/bin:/usr/bin' },
    isFile: (p) => p in files,
    isExecutable: (p) => files[p] === true,
    ...over,
  };
}

describe('resolveServer order', () => {
  const all = {
    '/opt/guardrail/bin/guardrail': true,
    '/ext/server/linux-x64/guardrail': true,
    '/usr/bin/guardrail': true,
  };

  it('guardrail.path wins over the bundled binary and PATH', () => {
    const r = resolveServer('/opt/guardrail/bin/guardrail', fakeDeps(all));
    assert.deepEqual(r.ok && [r.command, r.source], ['/opt/guardrail/bin/guardrail', 'setting']);
  });

  it('without guardrail.path, the bundled binary for this platform wins over PATH', () => {
    const r = resolveServer('', fakeDeps(all));
    assert.deepEqual(r.ok && [r.command, r.source], ['/ext/server/linux-x64/guardrail', 'bundled']);
  });

  it('picks the bundled binary by process.platform and process.arch', () => {
    const files = {
      '/ext/server/linux-x64/guardrail': true,
      '/ext/server/darwin-arm64/guardrail': true,
      '/ext/server/win32-x64/guardrail.exe': true,
    };
    const mac = resolveServer('', fakeDeps(files, { platform: 'darwin', arch: 'arm64' }));
    assert.equal(mac.ok && mac.command, '/ext/server/darwin-arm64/guardrail');
    const win = resolveServer('', fakeDeps(files, { platform: 'win32', arch: 'x64', extensionPath: 'C:\\ext', env: {} }));
    // win32 paths are joined with backslashes
    assert.equal(win.ok, false, 'C:\\ext\\server\\win32-x64\\guardrail.exe is not in the fake fs');
    const win2 = resolveServer('', fakeDeps({ 'C:\\ext\\server\\win32-x64\\guardrail.exe': true }, { platform: 'win32', arch: 'x64', extensionPath: 'C:\\ext', env: {} }));
    assert.deepEqual(win2.ok && [win2.command, win2.source], ['C:\\ext\\server\\win32-x64\\guardrail.exe', 'bundled']);
  });

  it('bundledServerPath covers the six targets and nothing else', () => {
    for (const t of TARGETS) {
      const [platform, arch] = t.split('-');
      const p = bundledServerPath('/ext', platform, arch);
      assert.ok(p?.includes(`server`) && p.includes(t), t);
      assert.equal(p?.endsWith('.exe'), platform === 'win32');
    }
    assert.equal(bundledServerPath('/ext', 'freebsd', 'x64'), undefined);
    assert.equal(bundledServerPath('/ext', 'linux', 'ia32'), undefined);
  });

  it('falls back to PATH when nothing is bundled', () => {
    const r = resolveServer('', fakeDeps({ '/usr/bin/guardrail': true }));
    assert.deepEqual(r.ok && [r.command, r.source], ['/usr/bin/guardrail', 'path']);
  });

  it('takes the first PATH entry that has it, skipping non-executable files and relative entries', () => {
    const deps = fakeDeps(
      { '/a/guardrail': false, 'rel/guardrail': true, '/b/guardrail': true, '/c/guardrail': true },
      { env: { PATH: '/a::rel:/b:/c' } },
    );
    const r = resolveServer('', deps);
    assert.equal(r.ok && r.command, '/b/guardrail');
  });

  it('finds guardrail.exe on a Windows Path through PATHEXT', () => {
    const deps = fakeDeps(
      { 'C:\\Go\\bin\\guardrail.exe': true },
      { platform: 'win32', extensionPath: 'C:\\ext', env: { Path: 'C:\\Windows;"C:\\Go\\bin"', PATHEXT: '.COM;.EXE;.BAT' } },
    );
    assert.equal(findOnPath('guardrail', deps), 'C:\\Go\\bin\\guardrail.exe');
  });

  it("falls back to go install's folder when PATH lacks it", () => {
    const deps = fakeDeps({ '/home/u/go/bin/guardrail': true }, { env: { PATH: '/usr/bin', HOME: '/home/u' } });
    const r = resolveServer('', deps);
    assert.deepEqual(r.ok && [r.command, r.source], ['/home/u/go/bin/guardrail', 'go-bin']);
    const gobin = resolveServer('', fakeDeps({ '/gb/guardrail': true }, { env: { GOBIN: '/gb', HOME: '/home/u' } }));
    assert.equal(gobin.ok && gobin.command, '/gb/guardrail');
  });

  it('makes a bundled binary executable when unpacking lost its mode', () => {
    const files: Record<string, boolean> = { '/ext/server/linux-x64/guardrail': false };
    const chmodded: string[] = [];
    const deps = fakeDeps(files, {
      makeExecutable: (p) => {
        chmodded.push(p);
        files[p] = true;
        return true;
      },
    });
    const r = resolveServer('', deps);
    assert.deepEqual(r.ok && [r.command, r.source], ['/ext/server/linux-x64/guardrail', 'bundled']);
    assert.deepEqual(chmodded, ['/ext/server/linux-x64/guardrail']);
  });
});

describe('guardrail.path', () => {
  it('expands ~, ${userHome} and ${workspaceFolder}, and resolves relative paths against the workspace', () => {
    const files = { '/home/u/bin/guardrail': true, '/ws/tools/guardrail': true };
    const ctx = { context: { home: '/home/u', workspaceFolder: '/ws' } };
    for (const [setting, want] of [
      ['~/bin/guardrail', '/home/u/bin/guardrail'],
      ['${userHome}/bin/guardrail', '/home/u/bin/guardrail'],
      ['${workspaceFolder}/tools/guardrail', '/ws/tools/guardrail'],
      ['tools/guardrail', '/ws/tools/guardrail'],
    ]) {
      const r = resolveServer(setting, fakeDeps(files, ctx));
      assert.equal(r.ok && r.command, want, setting);
    }
  });

  it('a bare command name is looked up on PATH', () => {
    const r = resolveServer('guardrail-nightly', fakeDeps({ '/usr/bin/guardrail-nightly': true }));
    assert.deepEqual(r.ok && [r.command, r.source], ['/usr/bin/guardrail-nightly', 'setting']);
  });

  it('a wrong guardrail.path is an error, not a silent fallback to another binary', () => {
    const r = resolveServer('/nope/guardrail', fakeDeps({ '/ext/server/linux-x64/guardrail': true, '/usr/bin/guardrail': true }));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.reason, 'setting');
      assert.match(r.message, /guardrail\.path is "\/nope\/guardrail", but there is no file at \/nope\/guardrail/);
      assert.match(r.fix, /guardrail\.path/);
      assert.deepEqual(r.tried, ['/nope/guardrail']);
    }
  });

  it('a guardrail.path that is not executable says so', () => {
    const r = resolveServer('/opt/guardrail', fakeDeps({ '/opt/guardrail': false }));
    assert.equal(!r.ok && r.reason, 'setting');
    assert.match(!r.ok ? r.message : '', /not executable/);
    assert.match(!r.ok ? r.fix : '', /chmod \+x \/opt\/guardrail/);
  });

  it('on Windows, guardrail.path may omit .exe', () => {
    const r = resolveServer('C:\\tools\\guardrail', fakeDeps({ 'C:\\tools\\guardrail.exe': true }, { platform: 'win32', env: {} }));
    assert.equal(r.ok && r.command, 'C:\\tools\\guardrail.exe');
  });
});

describe('missing server', () => {
  it('is a clear error object with the fix, listing what was tried', () => {
    const r = resolveServer('', fakeDeps({}, { env: { PATH: '/usr/bin', HOME: '/home/u' } }));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.reason, 'not-found');
    assert.match(r.message, /language server was not found/);
    assert.match(r.message, /not on PATH/);
    assert.ok(r.fix.includes('guardrail.path'), r.fix);
    assert.ok(r.fix.includes(INSTALL_COMMAND), r.fix);
    assert.equal(INSTALL_COMMAND, 'go install github.com/guardrail-dev/guardrail/cmd/guardrail@latest');
    assert.deepEqual(r.tried, ['/ext/server/linux-x64/guardrail', '/usr/bin/guardrail', '/home/u/go/bin/guardrail']);
  });

  it('names an unsupported platform', () => {
    const r = resolveServer('', fakeDeps({}, { platform: 'freebsd', arch: 'x64', env: {} }));
    assert.match(!r.ok ? r.message : '', /no bundled server for freebsd-x64/);
  });

  it('never throws, even with an empty environment', () => {
    assert.doesNotThrow(() => resolveServer('', fakeDeps({}, { env: {} })));
  });
});

describe('nodeFsDeps on the real file system', () => {
  it('tells executables, plain files and folders apart, and chmods', { skip: process.platform === 'win32' }, () => {
    const dir = tempDir('guardrail-resolve-');
    const bundled = path.join(dir, 'server', `${process.platform}-${process.arch}`);
    fs.mkdirSync(bundled, { recursive: true });
    const bin = path.join(bundled, 'guardrail');
    fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o644 });
    const deps = nodeFsDeps(fs, process.platform);
    assert.equal(deps.isFile(bin), true);
    assert.equal(deps.isFile(bundled), false);
    assert.equal(deps.isExecutable(bin), false);
    const r = resolveServer('', { platform: process.platform, arch: process.arch, extensionPath: dir, env: {}, ...deps });
    assert.equal(r.ok && r.command, bin, 'the bundled binary is chmodded and used');
    assert.equal(deps.isExecutable(bin), true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
