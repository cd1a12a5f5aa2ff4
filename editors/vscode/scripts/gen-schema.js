#!/usr/bin/env node
// Writes schemas/guardrail.schema.json. The schema is checked in; this
// script is its source so the descriptions stay readable and consistent.
// Run: node scripts/gen-schema.js            (rewrite)
//      node scripts/gen-schema.js --check    (exit 1 if the file is stale)
'use strict';
const fs = require('fs');
const path = require('path');

const BUILTIN_PACKS = ['inclusive-language', 'plain-language', 'sre-messaging'];
const ID_PATTERN = '^[a-z0-9][a-z0-9.-]*$';
const NOT_BLANK = '\\S';
const SET_NAME_PATTERN = '^[a-z0-9][a-z0-9-]*$';

// The phrase-template syntax, shared by the descriptions of every key that
// takes templates.
const TEMPLATE_SYNTAX =
  'A phrase may be a template: `{name}` is any entry of the word set `name` (a slot, see `[sets]`); `(a|b)` exactly one of the alternatives; `[a]` or `[a|b]` optional; `{...N}` a gap of up to N arbitrary words (1 to 8; not at the start or end, never across a sentence end); `\\{ \\} \\[ \\] \\( \\) \\| \\\\` the characters themselves. Alternatives and optionals nest and may hold several words and slots. A phrase without any of `{}[]()|\\` is matched as written. The templates of one file expand to at most 1,000,000 phrases.';

const severityDescriptions = {
  error: 'Shown as an error; fails `guardrail check` (default --fail-on warning).',
  warning: 'Shown as a warning; fails `guardrail check` with the default --fail-on warning.',
  info: 'Shown as information; does not fail `guardrail check` by default.',
  hint: 'Shown as a hint (faint underline); does not fail `guardrail check` by default.',
  off: 'Turns the rule off.',
};

function enumWith(values, what) {
  return {
    type: 'string',
    enum: values,
    // Taplo and VS Code show these next to each completion item.
    enumDescriptions: values.map((v) => severityDescriptions[v] ?? `${what}: ${v}`),
  };
}

function stringList(description, itemDescription, extra = {}) {
  return {
    description,
    type: 'array',
    items: { type: 'string', pattern: NOT_BLANK, description: itemDescription },
    ...extra,
  };
}

// kind: "claim" or "term", for a rule and for [pack].
function kindSchema(description) {
  return {
    description,
    type: 'string',
    enum: ['claim', 'term'],
    enumDescriptions: [
      'A claim: not flagged when negated earlier in its clause or quoted as the thing not to say.',
      'A term: flagged wherever it stands (default).',
    ],
    default: 'term',
  };
}

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://raw.githubusercontent.com/guardrail-dev/guardrail/main/editors/vscode/schemas/guardrail.schema.json',
  title: 'guardrail config or rule pack',
  description:
    'A guardrail `.guardrail.toml` config or rule pack: restricted phrases, the approved wording to use instead, and which packs and files apply. See https://github.com/guardrail-dev/guardrail#configuration.',
  type: 'object',
  additionalProperties: false,
  properties: {
    extends: {
      description:
        'Packs whose rules this file adds: `builtin:NAME` for a built-in pack, or paths/globs of pack files relative to this file. A `.guardrail.toml` may extend only built-in packs and files inside its git work tree. Accumulates with outer configs. Without any `extends` (and no config at all) the default built-in packs apply; a config that does not extend a built-in pack does not get it.',
      type: 'array',
      items: {
        type: 'string',
        pattern: NOT_BLANK,
        description: '`builtin:NAME` (' + BUILTIN_PACKS.map((n) => 'builtin:' + n).join(', ') + ') or a path/glob relative to this file, such as `policies/*.toml`.',
        anyOf: [
          {
            enum: BUILTIN_PACKS.map((n) => 'builtin:' + n),
            enumDescriptions: [
              'Inclusive language (not applied by default): allowlist/denylist, master/slave, sanity check, man-hours and more.',
              'Plain language (not applied by default): utilize → use, in order to → to, prior to → before and more.',
              'The SRE messaging guidance (applied by default): SRE "is powered by" OpenAI models, never "enables access to" them.',
            ],
          },
          { not: { pattern: '^builtin:' } },
        ],
      },
      examples: [['builtin:sre-messaging', 'policies/*.toml']],
    },
    include: stringList(
      'Only these files are checked (doublestar globs relative to this file, e.g. `**/*.md`, `docs/**`). The nearest config with `include` wins. Default: every supported file type (Markdown, MDX, HTML, plain text, the supported programming languages, JSON and YAML). Config files only.',
      'A doublestar glob relative to this file.',
      { examples: [['**/*.md', '**/*.txt', 'docs/**']] },
    ),
    exclude: stringList(
      'Files never checked (doublestar globs relative to this file, e.g. `vendor/**`, `CHANGELOG.md`). Accumulates with outer configs. Config files only.',
      'A doublestar glob relative to this file.',
      { examples: [['vendor/**', 'CHANGELOG.md']] },
    ),
    root: {
      description:
        'Stop looking further up: configs in folders above this one, and the user config (~/.config/guardrail/config.toml), are ignored, so results do not depend on who runs guardrail. Config files only.',
      type: 'boolean',
      default: false,
    },
    severity: {
      description:
        'Per-rule severity overrides: quoted rule id = "error" | "warning" | "info" | "hint" | "off" ("off" disables the rule). Quote ids that contain dots ("sre.access-claim" = "error"): unquoted, TOML reads them as nested tables. The innermost config wins; an unknown rule id is a warning. Config files only.',
      type: 'object',
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: {
        description: 'The severity of this rule: error, warning, info, hint, or off to disable it.',
        ...enumWith(['error', 'warning', 'info', 'hint', 'off'], 'severity'),
      },
      examples: [{ 'sre.access-claim': 'error', 'plain.utilize': 'off' }],
    },
    front_matter: {
      ...stringList(
        'The front-matter keys whose values are checked in Markdown (YAML between `---` lines or TOML between `+++` lines): top-level keys whose value is a string or a list of strings. The nearest config with `front_matter` wins; `[]` checks no key. Config files only.',
        'A top-level front-matter key, e.g. "summary".',
        { examples: [['title', 'description', 'summary']] },
      ),
      default: ['title', 'description'],
      maxItems: 256,
    },
    ignore: {
      description:
        'RE2 patterns whose matches are never checked, in every file type (like Vale\'s TokenIgnores and BlockIgnores). Matched against the source as written, case-sensitive unless the pattern says (?i); a pattern that can match empty text is an error. At most 64 patterns, each at most 4096 bytes, in the configs in effect; they accumulate with outer configs. Config files only.',
      type: 'object',
      additionalProperties: false,
      properties: {
        tokens: {
          ...stringList(
            'Inline patterns: each match reads as inline code, one placeholder that no match enters or joins across.',
            'An RE2 regular expression, e.g. \\{\\{<\\s*ref [^>]*>\\}\\}.',
          ),
          examples: [['\\{\\{<\\s*ref [^>]*>\\}\\}', '\\bACME-\\d+\\b']],
        },
        blocks: {
          ...stringList(
            'Block patterns: each match is skipped like a block of its own (the text before and after it are separate blocks). Use (?s) to let `.` match line breaks.',
            'An RE2 regular expression, e.g. (?s)<!-- vale off -->.*?<!-- vale on -->.',
          ),
          examples: [['(?s)<!-- vale off -->.*?<!-- vale on -->']],
        },
      },
    },
    pack: {
      description: 'Describes this file as a rule pack (optional). Shown by `guardrail rules list`.',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { description: 'The pack\'s name, e.g. "sre-messaging".', type: 'string' },
        description: { description: 'What the pack is for, in a sentence or two.', type: 'string' },
        version: { description: 'The pack\'s version, e.g. "1.0.0".', type: 'string' },
        default: {
          description: 'Whether the pack applies when no config exists at all (meaningful for built-in packs).',
          type: 'boolean',
          default: false,
        },
        kind: kindSchema(
          'The default `kind` of this file\'s own rules (not of the packs it extends): "claim" or "term" (default "term"). A rule\'s own `kind` overrides it.',
        ),
      },
    },
    sets: {
      description:
        'Named word sets for phrase templates, defined once per file and usable as `{name}` in the `restricted`, `approved`, `when` and `unless` phrases of this file\'s rules (not of other files). Names are lower-case letters, digits and "-"; `match` and `approved` are reserved. An entry may itself be a template (alternatives, optionals and other sets; no gaps); sets must not refer to themselves, directly or through other sets. A set no rule uses is a warning.',
      type: 'object',
      propertyNames: { pattern: SET_NAME_PATTERN, not: { enum: ['match', 'approved'] } },
      additionalProperties: {
        description: 'The phrases of this set: `{name}` matches any one of them. ' + TEMPLATE_SYNTAX + ' A set entry cannot hold a gap.',
        type: 'array',
        minItems: 1,
        items: { type: 'string', pattern: NOT_BLANK, description: 'A phrase of the set, e.g. "OpenAI\'s [latest|newest] models".' },
      },
      examples: [{ give: ['give', 'gives', 'provide', 'provides'], audience: ['you', 'customers', 'your teams'], 'openai-models': ['OpenAI models', "OpenAI's [latest|newest] models", 'GPT-(4o|5)'] }],
    },
    rule: {
      description: 'The rules: one `[[rule]]` table each. An inner config\'s rule with the same id replaces an outer one.',
      type: 'array',
      items: { $ref: '#/definitions/rule' },
    },
  },
  definitions: {
    rule: {
      description:
        'One rule: the phrases (`restricted`) or regexes (`patterns`) to flag, and the approved wording to use instead. `id` and one of `restricted` or `patterns` are required.',
      type: 'object',
      additionalProperties: false,
      required: ['id'],
      'x-taplo': { initKeys: ['id', 'message', 'restricted', 'approved'] },
      properties: {
        id: {
          description:
            'The rule\'s unique id: lower-case letters, digits, "." and "-", starting with a letter or digit, conventionally prefixed with the pack name ("acme.product-name"). Ids starting with "guardrail." are reserved. Shown as the diagnostic code and used in `[severity]` and suppression comments.',
          type: 'string',
          pattern: ID_PATTERN,
          not: { pattern: '^guardrail\\.' },
        },
        message: {
          description:
            'The diagnostic message. `{match}` is the matched text, `{approved}` the preferred (first) approved phrase (only with `approved` phrases). Default: "Use \'{approved}\' instead of \'{match}\'." or, without approved phrases, "Avoid \'{match}\'."',
          type: 'string',
          pattern: NOT_BLANK,
        },
        severity: {
          description: 'How serious a finding is: error, warning (default), info or hint. To turn a rule off, use a config\'s `[severity]` table.',
          ...enumWith(['error', 'warning', 'info', 'hint'], 'severity'),
          default: 'warning',
        },
        restricted: stringList(
          'Phrases to flag. Whole words only; any run of spaces or one line break matches a space; case-insensitive unless `case_sensitive`; typographic quotes and dashes equal their ASCII forms; inline Markdown does not break a phrase. ' + TEMPLATE_SYNTAX,
          'A phrase or template to flag, e.g. "in order to" or "{give} [{audience}] access to {openai-models}".',
        ),
        approved: stringList(
          'The wording to use instead. The first is the preferred fix (applied by "Fix all" and `guardrail check --fix` when `fix` is "auto", the default); each is offered as a quick fix (unless `fix` is "none"). The replacement keeps the match\'s capitalisation. Empty or missing: the rule only flags. Text that is itself an approved phrase is never flagged (with every entry of the sets an approved phrase uses). An approved phrase that differs from a restricted phrase only in case ("GB" for "gb") makes a case-only rule: the other spellings are flagged and fixed. A restricted phrase written exactly like an approved one is never flagged (a warning). An approved phrase may hold words and `{name}` slots only (no alternatives, optionals or gaps): `{name}` is filled with the text the slot `name` matched, or with the set\'s first phrase when the match has no such slot.',
          'An approved phrase, e.g. "to" or "is powered by {openai-models}".',
        ),
        patterns: stringList(
          'RE2 regular expressions to flag, in addition to `restricted`. Used as written: no implicit word boundaries and no whitespace or typography folding (write `\\s+` and `[\'’]` yourself); case-insensitive unless `case_sensitive`. They see the same text as phrases: a line break inside a paragraph (with the markup that continues the block) reads as one space; a blank line ends a match. Use TOML literal strings (\'...\') to avoid double escaping.',
          'An RE2 regex that must match at least one character, e.g. \'\\bcall(s|ed|ing)? OpenAI models\\b\'.',
        ),
        case_sensitive: {
          description: 'Match `restricted`, `patterns`, `when` and `unless` case-sensitively, and insert approved phrases exactly as written. Default false.',
          type: 'boolean',
          default: false,
        },
        inflect: {
          description:
            'Also match the regular English inflections of each phrase\'s first word (call → calls, called, calling; enable → enables, enabled, enabling). Such matches are flagged without an automatic fix. Default false.',
          type: 'boolean',
          default: false,
        },
        when: stringList(
          'Flag only if the same sentence (or the window `context` sets) also mentions one of these terms (matched like `restricted` phrases; templates allowed).',
          'A term that must appear in the sentence, e.g. "SRE".',
        ),
        unless: stringList(
          'Do not flag if the same sentence (or the window `context` sets) mentions one of these terms (matched like `restricted` phrases; templates allowed).',
          'A term that exempts the sentence, e.g. "Azure".',
        ),
        kind: kindSchema(
          'What the rule is about. "term" (default, or the `[pack] kind`): the wording itself, flagged wherever it stands (inclusive or plain language, product names). "claim": what a sentence asserts; a match negated earlier in its clause ("is not a passthrough", "never calls", "rather than giving access to") or quoted as the thing not to say ("Don\'t say \'…\'", "avoid “…”") is not flagged, so never rewritten.',
        ),
        context: {
          description:
            'Where `when` and `unless` terms count: "sentence" (default), "clause" (the clause holding the match; clauses end at ; : ( ) a spaced dash, before but/however/while/because…, and before ", and"/", or"/", so"/", which" joining clauses), or a number N: N words on either side of the match, within its sentence.',
          oneOf: [
            {
              type: 'string',
              enum: ['sentence', 'clause'],
              enumDescriptions: ['The sentence holding the match (default).', 'The clause holding the match.'],
            },
            { type: 'integer', minimum: 1, maximum: 1000, description: 'N words on either side of the match, within its sentence.' },
          ],
          default: 'sentence',
        },
        fix: {
          description:
            'What happens to the approved phrases. "auto" (default): the first is applied by `guardrail check --fix` and "Fix all" (source.fixAll), at any severity, and each is a quick fix, the first preferred. "suggest": each is offered as a quick fix (none preferred) and listed in a finding\'s replacements, but never applied by --fix or "Fix all". "none": flag only, no replacements (`{approved}` still fills the message). An ALL CAPS single-word match of a phrase written in lower case (likely an acronym, "DWARF" for "dwarf") is "suggest" whatever this says, with an ALL CAPS suggestion.',
          type: 'string',
          enum: ['auto', 'suggest', 'none'],
          enumDescriptions: [
            'Applied by --fix and "Fix all"; each approved phrase a quick fix (default).',
            'Offered as quick fixes and listed as replacements; never applied by --fix or "Fix all".',
            'Flag only: no replacements.',
          ],
          default: 'auto',
        },
        files: stringList(
          'Apply the rule only to these files: doublestar globs matched against the document\'s path relative to the project root (the folder of the outermost config in effect). Rule examples ignore `files`.',
          'A doublestar glob, e.g. "**/*.md" or "docs/**".',
        ),
        scopes: {
          description:
            'The kinds of text the rule applies to. Default ["prose", "comments"].',
          type: 'array',
          minItems: 1,
          items: {
            type: 'string',
            enum: ['prose', 'comments', 'strings', 'headings'],
            enumDescriptions: [
              'Body text of Markdown, HTML and plain text (headings, list items, table cells, link and alt text, front-matter title/description included) and string values of JSON/YAML files.',
              'Code comments, docstrings included.',
              'String literals in code.',
              'Headings only.',
            ],
          },
          default: ['prose', 'comments'],
        },
        rationale: {
          description: 'Why the rule exists: shown on hover and by `guardrail explain`.',
          type: 'string',
        },
        link: {
          description: 'A URL with more detail: the diagnostic\'s code links to it.',
          type: 'string',
          pattern: NOT_BLANK,
        },
        example: {
          description:
            'Examples, one `[[rule.example]]` table each, run by `guardrail rules test` and in the editor: `bad` must be flagged by this rule (and fixed to `good` when the rule has approved phrases); `good` must pass.',
          type: 'array',
          items: { $ref: '#/definitions/example' },
        },
      },
      anyOf: [
        { required: ['restricted'], properties: { restricted: { type: 'array', minItems: 1 } } },
        { required: ['patterns'], properties: { patterns: { type: 'array', minItems: 1 } } },
      ],
      if: { required: ['message'], properties: { message: { type: 'string', pattern: '\\{approved\\}' } } },
      then: { required: ['approved'], properties: { approved: { type: 'array', minItems: 1 } } },
    },
    example: {
      description: 'One example of the rule: text it must flag (`bad`) and its fixed form (`good`).',
      type: 'object',
      additionalProperties: false,
      required: ['bad'],
      properties: {
        bad: { description: 'Text the rule must flag.', type: 'string', pattern: NOT_BLANK },
        good: {
          description: 'The text after the preferred fix (with approved phrases), or a passing rewrite; it must not be flagged.',
          type: 'string',
        },
        file: {
          description: 'A file name whose extension picks the file type the example is checked as (e.g. "example.go"); default Markdown.',
          type: 'string',
          pattern: NOT_BLANK,
        },
      },
    },
  },
};

const out = path.join(__dirname, '..', 'schemas', 'guardrail.schema.json');
const text = JSON.stringify(schema, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const cur = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (cur !== text) {
    console.error(`${out} is stale: run node scripts/gen-schema.js`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(out, text);
}
module.exports = { schema, BUILTIN_PACKS };
