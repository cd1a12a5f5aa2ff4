// Shared test helpers.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** editors/vscode, from out/test/*.js or test/*.ts. */
export const extensionRoot = path.resolve(__dirname, '..', '..');

/** The guardrail repository root (the folder with go.mod above editors/vscode), or undefined. */
export function repoRoot(): string | undefined {
  let dir = extensionRoot;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'go.mod')) && fs.existsSync(path.join(dir, 'cmd', 'guardrail'))) {
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) {
      return undefined;
    }
    dir = up;
  }
}

let cached: { bin?: string; why?: string } | undefined;

/**
 * The real guardrail binary: $GUARDRAIL_BIN, or built from this repository
 * with `go build` when Go is installed. Returns a reason to skip otherwise.
 */
export function guardrailBinary(): { bin?: string; why?: string } {
  if (cached) {
    return cached;
  }
  const fromEnv = process.env.GUARDRAIL_BIN;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) {
      throw new Error(`GUARDRAIL_BIN=${fromEnv} does not exist`);
    }
    return (cached = { bin: path.resolve(fromEnv) });
  }
  const root = repoRoot();
  if (!root) {
    return (cached = { why: 'GUARDRAIL_BIN is not set and the guardrail sources are not above editors/vscode' });
  }
  // One binary per test process (test files run in parallel), removed on exit.
  const out = path.join(os.tmpdir(), `guardrail-vscode-test-${process.pid}${process.platform === 'win32' ? '.exe' : ''}`);
  process.on('exit', () => fs.rmSync(out, { force: true }));
  try {
    execFileSync('go', ['build', '-o', out, './cmd/guardrail'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer };
    if (err.code === 'ENOENT') {
      return (cached = { why: 'GUARDRAIL_BIN is not set and `go` is not installed' });
    }
    throw new Error(`go build ./cmd/guardrail failed:\n${err.stderr?.toString() ?? String(e)}`);
  }
  return (cached = { bin: out });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
