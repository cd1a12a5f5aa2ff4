// The client's life cycle — start, restart, settings changes, a missing or
// broken server — behind an injected Host, so it is tested without VS Code.
// src/extension.ts supplies the Host on top of the vscode API and
// vscode-languageclient.

import { Resolution, ResolveError, ServerSource } from './resolve';
import {
  ExtensionSettings,
  SettingsContext,
  initializationOptions,
  needsRestart,
  serverArgs,
  serverSettingsChanged,
} from './settings';

export interface ServerCommand {
  command: string;
  args: string[];
  source: ServerSource;
}

/** A started (or starting) language client. */
export interface ClientHandle {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** workspace/didChangeConfiguration with these settings. */
  sendSettings(settings: unknown): Promise<void>;
}

export interface Host {
  readSettings(): ExtensionSettings;
  context(): SettingsContext;
  env(): Record<string, string | undefined>;
  resolve(settings: ExtensionSettings): Resolution;
  createClient(cmd: ServerCommand, initOptions: unknown): ClientHandle;
  /** The one notification for a server that cannot be found. */
  notifyMissing(err: ResolveError): void;
  /** The one notification for a server that was found but would not start. */
  notifyStartFailure(cmd: ServerCommand, error: string): void;
  log(line: string): void;
}

export type State = 'stopped' | 'running' | 'missing' | 'failed';

export class Controller {
  private client: ClientHandle | undefined;
  private settings: ExtensionSettings;
  private shown = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private _state: State = 'stopped';
  private _command: ServerCommand | undefined;

  constructor(private readonly host: Host) {
    this.settings = host.readSettings();
  }

  get state(): State {
    return this._state;
  }

  /** The command line of the running server. */
  get command(): ServerCommand | undefined {
    return this._command;
  }

  /** Starts the server (activation). */
  start(): Promise<void> {
    return this.run(() => this.doStart(false));
  }

  /** "guardrail: Restart Server": always tries again and reports again. */
  restart(): Promise<void> {
    return this.run(async () => {
      await this.doStop();
      this.settings = this.host.readSettings();
      await this.doStart(true);
    });
  }

  stop(): Promise<void> {
    return this.run(() => this.doStop());
  }

  /**
   * A `guardrail.*` setting changed. A new guardrail.path restarts the
   * server (or retries a missing one); anything else is sent to the running
   * server, which applies it without a restart.
   */
  settingsChanged(): Promise<void> {
    return this.run(async () => {
      const before = this.settings;
      const after = this.host.readSettings();
      this.settings = after;
      if (needsRestart(before, after)) {
        this.host.log(`guardrail.path changed to "${after.path}": restarting the server`);
        await this.doStop();
        this.shown.clear();
        await this.doStart(false);
        return;
      }
      if (this.client !== undefined && serverSettingsChanged(before, after)) {
        const opts = initializationOptions(after, this.host.context(), this.host.env());
        try {
          await this.client.sendSettings(opts);
        } catch (e) {
          this.host.log(`could not send settings: ${errorText(e)}`);
        }
      }
    });
  }

  private run(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async doStart(explicit: boolean): Promise<void> {
    const res = this.host.resolve(this.settings);
    if (!res.ok) {
      this._state = 'missing';
      this.host.log(`${res.message} Looked at: ${res.tried.join(', ') || '(nothing)'}`);
      const key = `missing:${res.message}`;
      if (explicit || !this.shown.has(key)) {
        this.shown.add(key);
        this.host.notifyMissing(res);
      }
      return;
    }
    const cmd: ServerCommand = { command: res.command, args: serverArgs(this.settings), source: res.source };
    this.host.log(`starting ${cmd.command} ${cmd.args.join(' ')} (found: ${res.source})`);
    const opts = initializationOptions(this.settings, this.host.context(), this.host.env());
    const client = this.host.createClient(cmd, opts);
    this.client = client;
    this._command = cmd;
    try {
      await client.start();
      this._state = 'running';
      this.shown.clear();
    } catch (e) {
      this._state = 'failed';
      this.client = undefined;
      this._command = undefined;
      const msg = errorText(e);
      this.host.log(`the server did not start: ${msg}`);
      try {
        await client.stop();
      } catch {
        // already down
      }
      const key = `failed:${cmd.command}`;
      if (explicit || !this.shown.has(key)) {
        this.shown.add(key);
        this.host.notifyStartFailure(cmd, msg);
      }
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this._command = undefined;
    this._state = 'stopped';
    if (client !== undefined) {
      try {
        await client.stop();
      } catch (e) {
        this.host.log(`stopping the server: ${errorText(e)}`);
      }
    }
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) {
    return e.message;
  }
  return String(e);
}

/**
 * When the server's connection closes: a server that never finished
 * starting is not restarted (the Controller reports it once); a running
 * server that crashes is restarted, at most `max` times within `windowMs`,
 * then left down with a message.
 */
export class CrashPolicy {
  private crashes: number[] = [];

  constructor(
    private readonly max = 4,
    private readonly windowMs = 3 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  closed(wasRunning: boolean): { restart: boolean; message?: string } {
    if (!wasRunning) {
      return { restart: false };
    }
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c < this.windowMs);
    this.crashes.push(t);
    if (this.crashes.length > this.max) {
      return {
        restart: false,
        message: `The guardrail server stopped ${this.crashes.length} times in ${Math.round(this.windowMs / 60000)} minutes and will not be restarted. See "guardrail: Show Output", then run "guardrail: Restart Server".`,
      };
    }
    return { restart: true };
  }
}
