// Speaks LSP over stdio to the REAL guardrail binary, started exactly as the
// extension starts it (resolveServer → serverArgs, initializationOptions),
// and checks what the extension relies on: diagnostics with rule ids, the
// source.fixAll.guardrail action behind "guardrail: Fix All in File",
// settings changes without a restart, and a clean shutdown.
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { nodeFsDeps, resolveServer } from '../src/resolve';
import { ExtensionSettings, answerConfiguration, initializationOptions, readSettings, serverArgs, serverSettings } from '../src/settings';
import { guardrailBinary, tempDir } from './helpers';

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string;
  source?: string;
  message: string;
}
interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}
interface TextEdit {
  range: Diagnostic['range'];
  newText: string;
}
interface CodeAction {
  title: string;
  kind?: string;
  edit?: { changes?: Record<string, TextEdit[]>; documentChanges?: Array<{ textDocument: { uri: string }; edits: TextEdit[] }> };
}

const found = guardrailBinary();
const skip = found.bin ? false : `no guardrail binary: ${found.why} (set GUARDRAIL_BIN to run this test)`;

/** Applies LSP edits (UTF-16 positions) to text. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

describe('the real guardrail server, started as the extension starts it', { skip }, () => {
  let proc: ChildProcess;
  let conn: MessageConnection;
  let stderr = '';
  let settings: ExtensionSettings;
  const published: PublishDiagnosticsParams[] = [];
  const waiters: Array<() => void> = [];
  const configurationRequests: unknown[] = [];
  const shown: Array<{ type: number; message: string }> = [];
  const dir = tempDir('guardrail-lsp-');
  const docUri = pathToFileURL(path.join(dir, 'launch.md')).href;
  const text = 'SRE enables access to OpenAI models.\n\nWith SRE, customers access OpenAI models directly.\n';

  /** Resolves when a publishDiagnostics for uri satisfies pred. */
  function waitFor(pred: (p: PublishDiagnosticsParams) => boolean, what: string): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(published)}\nstderr:\n${stderr}`)), 15000);
      const check = (): boolean => {
        const hit = [...published].reverse().find(pred);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
          return true;
        }
        return false;
      };
      if (!check()) {
        waiters.push(() => void check());
      }
    });
  }

  before(() => {
    const configured: Record<string, unknown> = { logLevel: 'debug' };
    settings = readSettings((k) => configured[k]);
    // The extension's resolution, with guardrail.path pointing at the binary.
    const res = resolveServer(found.bin!, {
      platform: process.platform,
      arch: process.arch,
      extensionPath: dir,
      env: process.env,
      ...nodeFsDeps(fs, process.platform),
    });
    assert.ok(res.ok, JSON.stringify(res));
    const args = serverArgs(settings);
    assert.deepEqual(args, ['lsp', '--log-level', 'debug']);
    // An empty user config folder, so the developer's own config cannot change results.
    const xdg = path.join(dir, 'xdg');
    fs.mkdirSync(xdg);
    proc = spawn(res.command, args, { cwd: dir, env: { ...process.env, XDG_CONFIG_HOME: xdg }, stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.push(p);
      for (const w of waiters) w();
    });
    // What the extension's middleware answers.
    conn.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) => {
      configurationRequests.push(p);
      return answerConfiguration(p.items, () => serverSettings(settings), []);
    });
    conn.onNotification('window/showMessage', (p: { type: number; message: string }) => shown.push(p));
    conn.onRequest((_method: string) => null); // client/registerCapability, window/workDoneProgress/create, ...
    conn.onNotification((_method: string) => undefined); // window/logMessage, $/progress, ...
    conn.listen();
  });

  after(async () => {
    if (proc.exitCode === null) {
      proc.kill();
    }
    conn?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('initializes with the computed initializationOptions', async () => {
    const res = await conn.sendRequest<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'guardrail-vscode-test' },
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      initializationOptions: initializationOptions(settings),
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
        },
      },
    });
    assert.ok(res.capabilities.codeActionProvider, 'code actions offered');
    assert.ok(res.capabilities.textDocumentSync !== undefined, 'document sync offered');
    await conn.sendNotification('initialized', {});
  });

  it('publishes sre.access-claim for "SRE enables access to OpenAI models."', async () => {
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: docUri, languageId: 'markdown', version: 1, text } });
    const p = await waitFor((x) => x.uri === docUri && x.diagnostics.length >= 2, 'diagnostics for launch.md');
    const claim = p.diagnostics.find((d) => d.code === 'sre.access-claim');
    assert.ok(claim, JSON.stringify(p.diagnostics));
    assert.equal(claim.source, 'guardrail');
    assert.equal(claim.severity, 1, 'error');
    assert.deepEqual(claim.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 35 } });
    assert.ok(p.diagnostics.some((d) => d.code === 'sre.direct-access' && d.severity === 2), 'the warning-level rule fires too');
    assert.equal(p.version, 1);
  });

  it('offers source.fixAll.guardrail, the action "guardrail: Fix All in File" applies', async () => {
    const actions = await conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: docUri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const fixAll = actions.find((a) => a.kind === 'source.fixAll.guardrail');
    assert.ok(fixAll, JSON.stringify(actions));
    const edits = fixAll.edit?.changes?.[docUri] ?? fixAll.edit?.documentChanges?.find((c) => c.textDocument.uri === docUri)?.edits;
    assert.ok(edits && edits.length > 0, JSON.stringify(fixAll));
    assert.equal(applyEdits(text, edits).split('\n')[0], 'SRE is powered by OpenAI models.');
  });

  it('applies a minSeverity change without a restart', async () => {
    settings = { ...settings, minSeverity: 'error' };
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: initializationOptions(settings) });
    const p = await waitFor(
      (x) => x.uri === docUri && x.diagnostics.length === 1,
      'diagnostics filtered to errors',
    );
    assert.equal(p.diagnostics[0].code, 'sre.access-claim');
    assert.equal(proc.exitCode, null, 'same process');
  });

  it('applies a maxFindings change: one finding, then one information diagnostic saying how many were not shown', async () => {
    settings = readSettings((k) => ({ logLevel: 'debug', maxFindings: 1, maxDocumentSize: 0, analysisTimeout: 0 })[k]);
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: initializationOptions(settings) });
    const p = await waitFor(
      (x) => x.uri === docUri && x.diagnostics.some((d) => /guardrail\.maxFindings/.test(d.message)),
      'diagnostics capped at one finding',
    );
    assert.equal(p.diagnostics.length, 2, JSON.stringify(p.diagnostics));
    const [finding, note] = p.diagnostics;
    assert.match(finding.code ?? '', /^sre\./);
    assert.equal(note.severity, 3, 'information');
    assert.equal(note.source, 'guardrail');
    assert.match(note.message, /shows the first 1 of \d+ findings/);
    assert.ok(
      note.range.start.line > finding.range.start.line ||
        (note.range.start.line === finding.range.start.line && note.range.start.character >= finding.range.start.character),
      'the note sits at the first finding left out, after the one shown',
    );
  });

  it('the server took every setting the extension sent (no "guardrail settings" warning)', () => {
    assert.deepEqual(shown.filter((m) => /settings/i.test(m.message)), []);
  });

  it('shuts down and exits with 0', async () => {
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<string>((r) => (timer = setTimeout(() => r('timeout'), 10000)))]);
    clearTimeout(timer);
    assert.equal(code, 0, `exit code; stderr:\n${stderr}`);
    assert.match(stderr, /debug|DEBUG/i, '--log-level debug reached the server (its logs go to stderr → the output channel)');
  });
});
