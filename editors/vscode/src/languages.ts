// The VS Code language ids guardrail checks. The extension activates for
// each of them (package.json "activationEvents", kept in sync by a test) and
// sends their documents to the server. TOML is here for rule files: the
// server reports errors in `.guardrail.toml` and packs as diagnostics, and
// checks no other TOML file.

/** Markup and prose. mdx, restructuredtext and asciidoc come from other extensions. */
export const PROSE_LANGUAGES = [
  'markdown',
  'plaintext',
  'html',
  'mdx',
  'restructuredtext',
  'asciidoc',
] as const;

/** Programming languages: comments (and, where a rule asks, strings) are checked. */
export const CODE_LANGUAGES = [
  'go',
  'python',
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'java',
  'c',
  'cpp',
  'csharp',
  'rust',
  'ruby',
  'shellscript',
] as const;

/** Data files: string values are checked. */
export const DATA_LANGUAGES = ['json', 'jsonc', 'yaml'] as const;

/** Rule files (languageId "toml" needs a TOML extension such as Even Better TOML). */
export const RULE_LANGUAGES = ['toml'] as const;

export const LANGUAGES: readonly string[] = [
  ...PROSE_LANGUAGES,
  ...CODE_LANGUAGES,
  ...DATA_LANGUAGES,
  ...RULE_LANGUAGES,
];

/** Config files named like this are always sent, whatever language VS Code gives them. */
export const CONFIG_FILE_NAME = '.guardrail.toml';

export interface DocumentFilter {
  scheme: string;
  language?: string;
  pattern?: string;
}

/**
 * The client's document selector: every language above in saved files
 * ("file") and new unsaved buffers ("untitled"), plus `.guardrail.toml`
 * whatever its language id. TOML is file-only: an untitled TOML buffer
 * is no rule file.
 */
export function documentSelector(): DocumentFilter[] {
  const out: DocumentFilter[] = [];
  for (const language of LANGUAGES) {
    out.push({ scheme: 'file', language });
    if (!(RULE_LANGUAGES as readonly string[]).includes(language)) {
      out.push({ scheme: 'untitled', language });
    }
  }
  out.push({ scheme: 'file', pattern: `**/${CONFIG_FILE_NAME}` });
  return out;
}

/** The activation events package.json must declare. */
export function activationEvents(): string[] {
  return [
    ...LANGUAGES.map((l) => `onLanguage:${l}`),
    `workspaceContains:**/${CONFIG_FILE_NAME}`,
  ];
}
