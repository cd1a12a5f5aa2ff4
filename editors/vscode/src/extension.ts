// The VS Code side: wires the vscode API and vscode-languageclient to the
// pure modules (resolve, settings, controller, languages), which hold the
// logic and are unit-tested without VS Code.

import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { ClientHandle, Controller, CrashPolicy, Host, ServerCommand } from './controller';
import { documentSelector } from './languages';
import { INSTALL_COMMAND, nodeFsDeps, resolveServer } from './resolve';
import {
  ExtensionSettings,
  SECTION,
  SettingsContext,
  answerConfiguration,
  readSettings,
  restrictSettings,
  serverSettings,
} from './settings';

const FIX_ALL_KIND = 'source.fixAll.guardrail';

let controller: Controller | undefined;

/**
 * A LanguageClient whose own "couldn't create connection to server"
 * notification is left to the Controller, which shows one message that says
 * what to do (the client still logs it to the output channel).
 */
class GuardrailClient extends LanguageClient {
  starting = false;

  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    super.error(message, data, this.starting ? false : showNotification);
  }
}

function settingsContext(): SettingsContext {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return { workspaceFolder: folder?.uri.fsPath, home: os.homedir() };
}

function currentSettings(scope?: vscode.Uri): ExtensionSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  const s = readSettings((key) => cfg.get(key));
  if (!vscode.workspace.isTrusted) {
    // guardrail.path, configPath and extraPacks are restricted settings: in
    // an untrusted workspace, only the user's own values count.
    return restrictSettings(s, (key) => cfg.inspect(key)?.globalValue);
  }
  return s;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('guardrail');
  context.subscriptions.push(output);
  const log = (line: string): void => output.appendLine(`[extension ${new Date().toLocaleTimeString()}] ${line}`);

  const host: Host = {
    readSettings: () => currentSettings(),
    context: settingsContext,
    env: () => process.env,
    resolve: (s) =>
      resolveServer(s.path, {
        platform: process.platform,
        arch: process.arch,
        extensionPath: context.extensionPath,
        env: process.env,
        context: settingsContext(),
        ...nodeFsDeps(fs, process.platform),
      }),
    createClient: (cmd: ServerCommand, initOptions: unknown): ClientHandle => {
      const crashes = new CrashPolicy();
      let running = false;
      const executable = { command: cmd.command, args: cmd.args, transport: TransportKind.stdio };
      const serverOptions: ServerOptions = { run: executable, debug: executable };
      const clientOptions: LanguageClientOptions = {
        documentSelector: documentSelector(),
        initializationOptions: initOptions,
        outputChannel: output,
        errorHandler: {
          error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
          closed: () => {
            const decision = crashes.closed(running);
            return decision.restart
              ? { action: CloseAction.Restart, handled: true }
              : // Never started: the Controller reports it once.
                { action: CloseAction.DoNotRestart, handled: decision.message === undefined, message: decision.message };
          },
        },
        // Settings are pushed by the Controller (didChangeConfiguration,
        // with paths expanded) and pulled through the middleware below.
        middleware: {
          workspace: {
            configuration: async (params, token, next) => {
              const fromVSCode = await next(params, token);
              if (!Array.isArray(fromVSCode)) {
                return fromVSCode;
              }
              return answerConfiguration(
                params.items,
                (scopeUri) =>
                  serverSettings(
                    currentSettings(scopeUri ? vscode.Uri.parse(scopeUri) : undefined),
                    settingsContext(),
                    process.env,
                  ),
                fromVSCode,
              );
            },
          },
        },
      };
      const client = new GuardrailClient('guardrail', 'guardrail', serverOptions, clientOptions);
      return {
        start: async () => {
          client.starting = true;
          try {
            await client.start();
            running = true;
          } finally {
            client.starting = false;
          }
        },
        stop: () => client.dispose(),
        sendSettings: (settings) =>
          client.sendNotification(DidChangeConfigurationNotification.type, { settings }),
      };
    },
    notifyMissing: (err) => {
      const openSettings = 'Set guardrail.path';
      const copy = 'Copy install command';
      const actions = err.reason === 'not-found' ? [openSettings, copy] : [openSettings];
      void vscode.window.showErrorMessage(`${err.message} ${err.fix}`, ...actions).then(async (choice) => {
        if (choice === openSettings) {
          await vscode.commands.executeCommand('workbench.action.openSettings', 'guardrail.path');
        } else if (choice === copy) {
          await vscode.env.clipboard.writeText(INSTALL_COMMAND);
          void vscode.window.showInformationMessage(`Copied: ${INSTALL_COMMAND}`);
        }
      });
    },
    notifyStartFailure: (cmd, error) => {
      const openSettings = 'Set guardrail.path';
      const showOutput = 'Show Output';
      void vscode.window
        .showErrorMessage(
          `guardrail: the server ${cmd.command} (found via ${cmd.source}) did not start: ${error}. ` +
            'Point "guardrail.path" at a working guardrail binary, then run "guardrail: Restart Server".',
          openSettings,
          showOutput,
        )
        .then(async (choice) => {
          if (choice === openSettings) {
            await vscode.commands.executeCommand('workbench.action.openSettings', 'guardrail.path');
          } else if (choice === showOutput) {
            output.show(true);
          }
        });
    },
    log,
  };

  controller = new Controller(host);
  const c = controller;

  context.subscriptions.push(
    vscode.commands.registerCommand('guardrail.restart', () => c.restart()),
    vscode.commands.registerCommand('guardrail.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('guardrail.fixAll', async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor === undefined) {
        void vscode.window.showInformationMessage('guardrail: open a file to fix.');
        return;
      }
      if (c.state !== 'running') {
        void vscode.window.showWarningMessage('guardrail: the server is not running; see "guardrail: Show Output".');
        return;
      }
      await vscode.commands.executeCommand('editor.action.codeAction', { kind: FIX_ALL_KIND, apply: 'first' });
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) {
        void c.settingsChanged();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void c.settingsChanged()),
    { dispose: () => void c.stop() },
  );

  await c.start();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
