import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientHandle, Controller, CrashPolicy, Host, ServerCommand } from '../src/controller';
import { Resolution, ResolveError, resolveServer } from '../src/resolve';
import { DEFAULTS, ExtensionSettings } from '../src/settings';

interface FakeClient extends ClientHandle {
  cmd: ServerCommand;
  init: unknown;
  sent: unknown[];
  stopped: boolean;
}

function fakeHost(opts: { files?: Record<string, boolean>; startError?: string } = {}) {
  let settings: ExtensionSettings = { ...DEFAULTS };
  const events = {
    clients: [] as FakeClient[],
    missing: [] as ResolveError[],
    failures: [] as string[],
    logs: [] as string[],
  };
  const files = opts.files ?? {};
  const host: Host = {
    readSettings: () => ({ ...settings, extraPacks: [...settings.extraPacks] }),
    context: () => ({ workspaceFolder: '/ws', home: '/home/u' }),
    env: () => ({}),
    resolve: (s): Resolution =>
      resolveServer(s.path, {
        platform: 'linux',
        arch: 'x64',
        extensionPath: '/ext',
        env: { PATH: '/usr/bin' },
        isFile: (p) => p in files,
        isExecutable: (p) => files[p] === true,
      }),
    createClient: (cmd, init) => {
      const c: FakeClient = {
        cmd,
        init,
        sent: [],
        stopped: false,
        start: async () => {
          if (opts.startError) throw new Error(opts.startError);
        },
        stop: async () => {
          c.stopped = true;
        },
        sendSettings: async (s) => {
          c.sent.push(s);
        },
      };
      events.clients.push(c);
      return c;
    },
    notifyMissing: (e) => events.missing.push(e),
    notifyStartFailure: (cmd, e) => events.failures.push(`${cmd.command}: ${e}`),
    log: (l) => events.logs.push(l),
  };
  return { host, events, set: (s: Partial<ExtensionSettings>) => (settings = { ...settings, ...s }) };
}

describe('Controller', () => {
  it('starts the resolved server with the computed command line and initializationOptions', async () => {
    const { host, events, set } = fakeHost({ files: { '/ext/server/linux-x64/guardrail': true } });
    set({ logLevel: 'debug', extraPacks: ['builtin:plain-language'], maxFindings: 0 });
    const c = new Controller(host);
    await c.start();
    assert.equal(c.state, 'running');
    assert.equal(events.clients.length, 1);
    assert.deepEqual(events.clients[0].cmd, { command: '/ext/server/linux-x64/guardrail', args: ['lsp', '--log-level', 'debug'], source: 'bundled' });
    assert.deepEqual(events.clients[0].init, {
      guardrail: {
        configPath: '',
        extraPacks: ['builtin:plain-language'],
        minSeverity: 'hint',
        logLevel: 'debug',
        maxDocumentSize: 10485760,
        maxFindings: 0,
        analysisTimeout: 5000,
      },
    });
  });

  it('a missing server gives one notification, no client and no retry loop', async () => {
    const { host, events, set } = fakeHost();
    const c = new Controller(host);
    await c.start();
    assert.equal(c.state, 'missing');
    assert.equal(events.clients.length, 0);
    assert.equal(events.missing.length, 1);
    assert.match(events.missing[0].fix, /go install github\.com\/guardrail-dev\/guardrail\/cmd\/guardrail@latest/);
    // Unrelated settings changes do not nag again or retry.
    set({ minSeverity: 'error' });
    await c.settingsChanged();
    set({ logLevel: 'debug' });
    await c.settingsChanged();
    assert.equal(events.missing.length, 1);
    assert.equal(events.clients.length, 0);
    // An explicit restart reports again (the user asked).
    await c.restart();
    assert.equal(events.missing.length, 2);
  });

  it('setting guardrail.path after a miss starts the server', async () => {
    const { host, events, set } = fakeHost({ files: { '/opt/guardrail': true } });
    const c = new Controller(host);
    await c.start();
    assert.equal(c.state, 'missing');
    set({ path: '/opt/guardrail' });
    await c.settingsChanged();
    assert.equal(c.state, 'running');
    assert.equal(events.clients.length, 1);
    assert.equal(events.clients[0].cmd.command, '/opt/guardrail');
  });

  it('settings changes reach the running server without a restart; guardrail.path restarts it', async () => {
    const { host, events, set } = fakeHost({ files: { '/ext/server/linux-x64/guardrail': true, '/opt/guardrail': true } });
    const c = new Controller(host);
    await c.start();
    set({ minSeverity: 'warning', configPath: '~/cfg.toml', analysisTimeout: 200 });
    await c.settingsChanged();
    assert.equal(events.clients.length, 1, 'no new process');
    assert.deepEqual(events.clients[0].sent, [
      {
        guardrail: {
          configPath: '/home/u/cfg.toml',
          extraPacks: [],
          minSeverity: 'warning',
          logLevel: 'info',
          maxDocumentSize: 10485760,
          maxFindings: 1000,
          analysisTimeout: 200,
        },
      },
    ]);
    // trace.server and other client-only changes send nothing
    await c.settingsChanged();
    assert.equal(events.clients[0].sent.length, 1);

    set({ path: '/opt/guardrail' });
    await c.settingsChanged();
    assert.equal(events.clients[0].stopped, true);
    assert.equal(events.clients.length, 2);
    assert.equal(events.clients[1].cmd.command, '/opt/guardrail');
    assert.equal(c.state, 'running');
  });

  it('restart stops the old client and starts a new one', async () => {
    const { host, events } = fakeHost({ files: { '/usr/bin/guardrail': true } });
    const c = new Controller(host);
    await c.start();
    await c.restart();
    assert.equal(events.clients.length, 2);
    assert.equal(events.clients[0].stopped, true);
    assert.equal(events.clients[1].stopped, false);
    await c.stop();
    assert.equal(events.clients[1].stopped, true);
    assert.equal(c.state, 'stopped');
  });

  it('a server that will not start is reported once and not retried', async () => {
    const { host, events, set } = fakeHost({ files: { '/usr/bin/guardrail': true }, startError: 'spawn EACCES' });
    const c = new Controller(host);
    await c.start();
    assert.equal(c.state, 'failed');
    assert.deepEqual(events.failures, ['/usr/bin/guardrail: spawn EACCES']);
    assert.equal(events.clients[0].stopped, true);
    set({ minSeverity: 'error' });
    await c.settingsChanged();
    assert.equal(events.clients.length, 1);
    assert.equal(events.failures.length, 1);
  });

  it('serialises overlapping operations', async () => {
    const { host, events } = fakeHost({ files: { '/usr/bin/guardrail': true } });
    const c = new Controller(host);
    await Promise.all([c.start(), c.restart(), c.restart()]);
    assert.equal(events.clients.length, 3);
    assert.deepEqual(events.clients.map((x) => x.stopped), [true, true, false]);
  });
});

describe('CrashPolicy', () => {
  it('does not restart a server that never started', () => {
    assert.deepEqual(new CrashPolicy().closed(false), { restart: false });
  });

  it('restarts a crashed server up to max times in the window, then stops with a message', () => {
    let t = 0;
    const p = new CrashPolicy(2, 1000, () => t);
    assert.equal(p.closed(true).restart, true);
    t = 100;
    assert.equal(p.closed(true).restart, true);
    t = 200;
    const third = p.closed(true);
    assert.equal(third.restart, false);
    assert.match(third.message ?? '', /will not be restarted.*Restart Server/);
    t = 5000; // old crashes age out
    assert.equal(p.closed(true).restart, true);
  });
});
