// Settings mapping, kept free of the `vscode` module so it can be unit-tested:
// VS Code's `guardrail.*` settings → the server's settings (sent as
// initializationOptions, with workspace/didChangeConfiguration, and as the
// answer to workspace/configuration) and the server's command line.

export const SECTION = 'guardrail';

export const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const TRACE_LEVELS = ['off', 'messages', 'verbose'] as const;

/**
 * The server's limits, as whole numbers 0 or more (0: no limit). The
 * server rejects anything above 2^31 - 1, so the extension does too.
 */
export const LIMIT_KEYS = ['maxDocumentSize', 'maxFindings', 'analysisTimeout'] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];
export const MAX_LIMIT = 2147483647;

/** Settings a workspace may not set in an untrusted workspace (package.json restrictedConfigurations). */
export const RESTRICTED = ['path', 'configPath', 'extraPacks'] as const;

/** The extension's settings, normalised. */
export interface ExtensionSettings {
  /** guardrail.path: the server binary; "" = bundled, then PATH. */
  path: string;
  /** guardrail.configPath: use exactly this config file; "" = discovery. */
  configPath: string;
  /** guardrail.extraPacks: packs applied on top of the config. */
  extraPacks: string[];
  /** guardrail.minSeverity: the least severe finding shown. */
  minSeverity: Severity;
  /** guardrail.logLevel: the server's log level. */
  logLevel: LogLevel;
  /** guardrail.maxDocumentSize: bytes; a larger document is not checked (0: no limit). */
  maxDocumentSize: number;
  /** guardrail.maxFindings: diagnostics shown per document (0: no limit). */
  maxFindings: number;
  /** guardrail.analysisTimeout: milliseconds one check of a document may take (0: no limit). */
  analysisTimeout: number;
}

export const DEFAULTS: Readonly<ExtensionSettings> = Object.freeze({
  path: '',
  configPath: '',
  extraPacks: [],
  minSeverity: 'hint',
  logLevel: 'info',
  maxDocumentSize: 10485760,
  maxFindings: 1000,
  analysisTimeout: 5000,
});

/** What the server receives under "guardrail". */
export interface ServerSettings {
  configPath: string;
  extraPacks: string[];
  minSeverity: Severity;
  logLevel: LogLevel;
  maxDocumentSize: number;
  maxFindings: number;
  analysisTimeout: number;
}

/** Where `${workspaceFolder}`, `${userHome}` and `~` point. */
export interface SettingsContext {
  workspaceFolder?: string;
  home?: string;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** A limit: a whole number from 0 to MAX_LIMIT; anything else (a string, -1, 1.5, null) gives the fallback. */
function limit(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_LIMIT ? v : fallback;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  const s = str(v).toLowerCase();
  return (allowed as readonly string[]).includes(s) ? (s as T) : fallback;
}

/**
 * Reads the settings through `get` (e.g. `workspace.getConfiguration('guardrail').get`),
 * falling back to the defaults for missing or mistyped values.
 */
export function readSettings(get: (key: string) => unknown): ExtensionSettings {
  const packs = get('extraPacks');
  return {
    path: str(get('path')),
    configPath: str(get('configPath')),
    extraPacks: Array.isArray(packs) ? packs.map(str).filter((p) => p !== '') : [],
    minSeverity: oneOf(get('minSeverity'), SEVERITIES, DEFAULTS.minSeverity),
    logLevel: oneOf(get('logLevel'), LOG_LEVELS, DEFAULTS.logLevel),
    maxDocumentSize: limit(get('maxDocumentSize'), DEFAULTS.maxDocumentSize),
    maxFindings: limit(get('maxFindings'), DEFAULTS.maxFindings),
    analysisTimeout: limit(get('analysisTimeout'), DEFAULTS.analysisTimeout),
  };
}

/**
 * The settings of an untrusted workspace: the restricted ones (RESTRICTED:
 * the server binary, the config file and the packs, which could point
 * guardrail at files outside the repository) come from the user's own
 * settings only, never from the workspace's. `user(key)` is the user's
 * value (`inspect(key)?.globalValue`). VS Code already ignores workspace
 * values of restricted settings in Restricted Mode; this holds even where
 * it does not.
 */
export function restrictSettings(s: ExtensionSettings, user: (key: string) => unknown): ExtensionSettings {
  const mine = readSettings((key) => user(key));
  return { ...s, path: mine.path, configPath: mine.configPath, extraPacks: mine.extraPacks };
}

/**
 * Expands `${workspaceFolder}`, `${userHome}`, `${env:NAME}` and a leading
 * `~/` in a path setting. Other text is kept as written (the server resolves
 * relative paths against the first workspace folder).
 */
export function expandPath(p: string, ctx: SettingsContext, env: Record<string, string | undefined> = {}): string {
  if (p === '') {
    return p;
  }
  let out = p.replace(/\$\{(workspaceFolder|userHome|env:([A-Za-z_][A-Za-z0-9_]*))\}/g, (all, name: string, envName?: string) => {
    if (name === 'workspaceFolder') {
      return ctx.workspaceFolder ?? all;
    }
    if (name === 'userHome') {
      return ctx.home ?? all;
    }
    return env[envName ?? ''] ?? '';
  });
  if (ctx.home && (out === '~' || out.startsWith('~/') || out.startsWith('~\\'))) {
    out = ctx.home + out.slice(1);
  }
  return out;
}

/** The server's settings for the given extension settings. */
export function serverSettings(
  s: ExtensionSettings,
  ctx: SettingsContext = {},
  env: Record<string, string | undefined> = {},
): ServerSettings {
  return {
    configPath: expandPath(s.configPath, ctx, env),
    extraPacks: s.extraPacks.map((p) => (p.startsWith('builtin:') ? p : expandPath(p, ctx, env))),
    minSeverity: s.minSeverity,
    logLevel: s.logLevel,
    maxDocumentSize: s.maxDocumentSize,
    maxFindings: s.maxFindings,
    analysisTimeout: s.analysisTimeout,
  };
}

/** initializationOptions and didChangeConfiguration settings: nested under "guardrail". */
export function initializationOptions(
  s: ExtensionSettings,
  ctx: SettingsContext = {},
  env: Record<string, string | undefined> = {},
): { guardrail: ServerSettings } {
  return { [SECTION]: serverSettings(s, ctx, env) } as { guardrail: ServerSettings };
}

/** The server's arguments: `lsp --log-level LEVEL`. Logs go to stderr, which the client shows in the output channel. */
export function serverArgs(s: Pick<ExtensionSettings, 'logLevel'>): string[] {
  return ['lsp', '--log-level', s.logLevel];
}

/**
 * Whether going from `before` to `after` needs a new server process. Only a
 * different binary does: everything else reaches the running server through
 * workspace/didChangeConfiguration (logLevel included: the server changes
 * its level live; the command line only sets the level it starts with).
 */
export function needsRestart(before: ExtensionSettings, after: ExtensionSettings): boolean {
  return before.path !== after.path;
}

/** Whether anything the server sees changed. */
export function serverSettingsChanged(before: ExtensionSettings, after: ExtensionSettings): boolean {
  return JSON.stringify(serverSettings(before)) !== JSON.stringify(serverSettings(after));
}

/**
 * Answers a workspace/configuration request: the "guardrail" section (or the
 * whole configuration, asked for with no section) gets the server settings,
 * `guardrail.KEY` gets one value; other sections get what VS Code answered
 * (`fallback`).
 */
export function answerConfiguration(
  items: ReadonlyArray<{ section?: string; scopeUri?: string }>,
  read: (scopeUri?: string) => ServerSettings,
  fallback: ReadonlyArray<unknown>,
): unknown[] {
  return items.map((item, i) => {
    const section = item.section ?? '';
    if (section === SECTION) {
      return read(item.scopeUri);
    }
    if (section === '') {
      const whole = fallback[i];
      const base = whole !== null && typeof whole === 'object' ? (whole as Record<string, unknown>) : {};
      return { ...base, [SECTION]: read(item.scopeUri) };
    }
    if (section.startsWith(SECTION + '.')) {
      const key = section.slice(SECTION.length + 1) as keyof ServerSettings;
      const settings = read(item.scopeUri);
      return key in settings ? settings[key] : null;
    }
    return fallback[i] ?? null;
  });
}
