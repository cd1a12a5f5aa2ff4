// Finding the guardrail server binary. Pure: the file system, environment
// and platform are injected, so every branch is unit-tested without VS Code.
//
// Order:
//   1. the `guardrail.path` setting (a path, or a bare command name looked up
//      on PATH). When it is set and wrong, that is the error: no silent
//      fallback to another binary.
//   2. the binary bundled in the extension: server/<platform>-<arch>/guardrail[.exe]
//   3. `guardrail` on PATH
//   4. where `go install` puts it ($GOBIN, $GOPATH/bin, ~/go/bin), because
//      editors started from a desktop often do not have it on PATH.

import * as nodePath from 'path';
import { expandPath, SettingsContext } from './settings';

export const INSTALL_COMMAND = 'go install github.com/guardrail-dev/guardrail/cmd/guardrail@latest';

/** The VS Code targets a platform .vsix is built for, as `${process.platform}-${process.arch}`. */
export const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'] as const;
export type Target = (typeof TARGETS)[number];

export interface ResolveDeps {
  /** process.platform */
  platform: string;
  /** process.arch */
  arch: string;
  /** The extension's install folder (ExtensionContext.extensionPath). */
  extensionPath: string;
  /** process.env (PATH, PATHEXT, GOBIN, GOPATH, HOME). */
  env: Record<string, string | undefined>;
  /** Whether p is an existing regular file. */
  isFile(p: string): boolean;
  /** Whether p is a file this process may execute. */
  isExecutable(p: string): boolean;
  /** Tries to make p executable (chmod 755); a bundled binary may lose its mode when unpacked. */
  makeExecutable?(p: string): boolean;
  /** For ${workspaceFolder}, ${userHome} and ~ in guardrail.path. */
  context?: SettingsContext;
}

export type ServerSource = 'setting' | 'bundled' | 'path' | 'go-bin';

export interface Resolved {
  ok: true;
  command: string;
  source: ServerSource;
  /** Everything looked at, in order (for the log). */
  tried: string[];
}

export interface ResolveError {
  ok: false;
  /** `setting`: guardrail.path is set but wrong; `not-found`: nothing anywhere. */
  reason: 'setting' | 'not-found';
  /** One sentence for the notification. */
  message: string;
  /** How to fix it, for the notification. */
  fix: string;
  tried: string[];
}

export type Resolution = Resolved | ResolveError;

function pathApi(platform: string): typeof nodePath.posix {
  return platform === 'win32' ? nodePath.win32 : nodePath.posix;
}

/** The binary's file name on a platform. */
export function binaryName(platform: string): string {
  return platform === 'win32' ? 'guardrail.exe' : 'guardrail';
}

/** server/<platform>-<arch>/guardrail[.exe] inside the extension, or undefined for a platform no .vsix is built for. */
export function bundledServerPath(extensionPath: string, platform: string, arch: string): string | undefined {
  const target = `${platform}-${arch}`;
  if (!(TARGETS as readonly string[]).includes(target)) {
    return undefined;
  }
  return pathApi(platform).join(extensionPath, 'server', target, binaryName(platform));
}

/** Reads an environment variable the way the platform does (case-insensitive names on Windows). */
export function getEnv(env: Record<string, string | undefined>, name: string, platform: string): string | undefined {
  if (platform !== 'win32') {
    return env[name];
  }
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

function candidates(dir: string, name: string, deps: ResolveDeps): string[] {
  const p = pathApi(deps.platform);
  if (deps.platform !== 'win32') {
    return [p.join(dir, name)];
  }
  if (p.extname(name) !== '') {
    return [p.join(dir, name)];
  }
  const exts = (getEnv(deps.env, 'PATHEXT', 'win32') ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '');
  return exts.map((e) => p.join(dir, name + e.toLowerCase()));
}

/**
 * Looks a command name up on PATH. Empty and relative PATH entries are
 * skipped: they would resolve against the workspace, which may be untrusted.
 */
export function findOnPath(name: string, deps: ResolveDeps, tried: string[] = []): string | undefined {
  const p = pathApi(deps.platform);
  const list = getEnv(deps.env, 'PATH', deps.platform) ?? '';
  const sep = deps.platform === 'win32' ? ';' : ':';
  for (let dir of list.split(sep)) {
    dir = dir.trim().replace(/^"(.*)"$/, '$1');
    if (dir === '' || !p.isAbsolute(dir)) {
      continue;
    }
    for (const c of candidates(dir, name, deps)) {
      tried.push(c);
      if (deps.isFile(c) && deps.isExecutable(c)) {
        return c;
      }
    }
  }
  return undefined;
}

/** The folders `go install` writes to, in the order Go uses them. */
export function goBinDirs(deps: ResolveDeps): string[] {
  const p = pathApi(deps.platform);
  const out: string[] = [];
  const gobin = getEnv(deps.env, 'GOBIN', deps.platform);
  if (gobin) {
    out.push(gobin);
  }
  const gopath = getEnv(deps.env, 'GOPATH', deps.platform);
  if (gopath) {
    for (const d of gopath.split(deps.platform === 'win32' ? ';' : ':')) {
      if (d !== '') {
        out.push(p.join(d, 'bin'));
      }
    }
  } else {
    const home = deps.context?.home ?? getEnv(deps.env, deps.platform === 'win32' ? 'USERPROFILE' : 'HOME', deps.platform);
    if (home) {
      out.push(p.join(home, 'go', 'bin'));
    }
  }
  return out.filter((d) => p.isAbsolute(d));
}

function usable(file: string, deps: ResolveDeps, fixMode: boolean): boolean {
  if (!deps.isFile(file)) {
    return false;
  }
  if (deps.isExecutable(file)) {
    return true;
  }
  return fixMode && deps.makeExecutable !== undefined && deps.makeExecutable(file) && deps.isExecutable(file);
}

const FIX =
  `Set "guardrail.path" to the guardrail binary, or install it with \`${INSTALL_COMMAND}\` ` +
  `(it lands in $(go env GOPATH)/bin), then run "guardrail: Restart Server".`;

/** Finds the server. Never throws. */
export function resolveServer(setting: string, deps: ResolveDeps): Resolution {
  const p = pathApi(deps.platform);
  const tried: string[] = [];
  const want = setting.trim();

  // 1. guardrail.path
  if (want !== '') {
    const expanded = expandPath(want, deps.context ?? {}, deps.env);
    const isName = !expanded.includes('/') && !(deps.platform === 'win32' && expanded.includes('\\'));
    if (isName) {
      const found = findOnPath(expanded, deps, tried);
      if (found) {
        return { ok: true, command: found, source: 'setting', tried };
      }
      return {
        ok: false,
        reason: 'setting',
        message: `guardrail.path is "${want}", but no "${expanded}" command is on PATH.`,
        fix: 'Set "guardrail.path" to the full path of the guardrail binary, or clear it to use the bundled server.',
        tried,
      };
    }
    let file = expanded;
    if (!p.isAbsolute(file) && deps.context?.workspaceFolder) {
      file = p.join(deps.context.workspaceFolder, file);
    }
    const files = [file];
    if (deps.platform === 'win32' && p.extname(file) === '') {
      files.push(file + '.exe');
    }
    for (const f of files) {
      tried.push(f);
      if (usable(f, deps, false)) {
        return { ok: true, command: f, source: 'setting', tried };
      }
    }
    const exists = files.some((f) => deps.isFile(f));
    return {
      ok: false,
      reason: 'setting',
      message: exists
        ? `guardrail.path is "${want}", but ${file} is not executable.`
        : `guardrail.path is "${want}", but there is no file at ${file}.`,
      fix: exists
        ? `Make it executable (chmod +x ${file}), or clear "guardrail.path" to use the bundled server.`
        : 'Correct "guardrail.path", or clear it to use the bundled server or the one on PATH.',
      tried,
    };
  }

  // 2. bundled
  const bundled = bundledServerPath(deps.extensionPath, deps.platform, deps.arch);
  if (bundled !== undefined) {
    tried.push(bundled);
    if (usable(bundled, deps, true)) {
      return { ok: true, command: bundled, source: 'bundled', tried };
    }
  }

  // 3. PATH
  const onPath = findOnPath('guardrail', deps, tried);
  if (onPath) {
    return { ok: true, command: onPath, source: 'path', tried };
  }

  // 4. go install's folders
  for (const dir of goBinDirs(deps)) {
    const f = p.join(dir, binaryName(deps.platform));
    if (tried.includes(f)) {
      continue;
    }
    tried.push(f);
    if (usable(f, deps, false)) {
      return { ok: true, command: f, source: 'go-bin', tried };
    }
  }

  const bundledNote =
    bundled === undefined
      ? `This extension has no bundled server for ${deps.platform}-${deps.arch}`
      : 'No server is bundled with this extension build';
  return {
    ok: false,
    reason: 'not-found',
    message: `guardrail: the language server was not found. ${bundledNote}, and "guardrail" is not on PATH.`,
    fix: FIX,
    tried,
  };
}

/** Real file-system checks for ResolveDeps, on Node's fs. */
export function nodeFsDeps(fs: typeof import('fs'), platform: string): Pick<ResolveDeps, 'isFile' | 'isExecutable' | 'makeExecutable'> {
  const isFile = (f: string): boolean => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  };
  return {
    isFile,
    isExecutable(f: string): boolean {
      if (platform === 'win32') {
        return isFile(f);
      }
      try {
        fs.accessSync(f, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    makeExecutable(f: string): boolean {
      if (platform === 'win32') {
        return true;
      }
      try {
        fs.chmodSync(f, 0o755);
        return true;
      } catch {
        return false;
      }
    },
  };
}
