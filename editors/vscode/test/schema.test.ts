// The JSON Schema for .guardrail.toml and packs (schemas/guardrail.schema.json):
// every built-in pack, the README's examples, `guardrail init`'s output and
// the valid fixtures pass; each invalid fixture fails with the expected
// error. Where the real binary is available, guardrail's own loader must
// agree with the schema on every fixture.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv, { ErrorObject } from 'ajv';
import { parse } from 'smol-toml';
import { extensionRoot, guardrailBinary, repoRoot, tempDir } from './helpers';

const schemaPath = path.join(extensionRoot, 'schemas', 'guardrail.schema.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const fixtures = path.join(extensionRoot, 'test', 'fixtures');
const root = repoRoot();

const ajv = new Ajv({ allErrors: true, strict: true });
// Editor-only annotations: VS Code's enumDescriptions, Taplo's x-taplo.
ajv.addKeyword({ keyword: 'enumDescriptions', schemaType: 'array' });
ajv.addKeyword({ keyword: 'x-taplo', schemaType: 'object' });
const validate = ajv.compile(schema);

function errorsOf(doc: unknown): string[] {
  if (validate(doc)) {
    return [];
  }
  return (validate.errors ?? []).map((e: ErrorObject) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
    return `${e.instancePath || '/'} ${e.message}${extra}`;
  });
}

function check(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
  return errorsOf(parse(text));
}

/** Every key of every object schema has a description (they are the editor's hover docs). */
function undocumented(node: unknown, at: string, out: string[]): string[] {
  if (node === null || typeof node !== 'object') {
    return out;
  }
  const n = node as Record<string, unknown>;
  if (n.properties && typeof n.properties === 'object') {
    for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
      const resolved = v.$ref ? undefined : v;
      if (resolved && typeof resolved.description !== 'string') {
        out.push(`${at}/${k}`);
      }
    }
  }
  for (const [k, v] of Object.entries(n)) {
    if (['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not'].includes(k)) {
      continue; // constraints, not documented keys
    }
    undocumented(v, `${at}/${k}`, out);
  }
  return out;
}

describe('schema', () => {
  it('is draft-07, up to date with scripts/gen-schema.js, and documents every key', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    execFileSync(process.execPath, [path.join(extensionRoot, 'scripts', 'gen-schema.js'), '--check']);
    assert.deepEqual(undocumented(schema, '#', []), []);
    assert.equal(schema.additionalProperties, false);
    assert.equal(schema.definitions.rule.additionalProperties, false);
    assert.equal(schema.definitions.example.additionalProperties, false);
    assert.equal(schema.properties.pack.additionalProperties, false);
  });

  it('has every rule key of the rule format, and the id pattern', () => {
    assert.deepEqual(Object.keys(schema.definitions.rule.properties).sort(), [
      'approved', 'case_sensitive', 'context', 'example', 'files', 'fix', 'id', 'inflect', 'kind', 'link', 'message',
      'patterns', 'rationale', 'restricted', 'scopes', 'severity', 'unless', 'when',
    ]);
    assert.deepEqual(Object.keys(schema.properties).sort(), ['exclude', 'extends', 'front_matter', 'ignore', 'include', 'pack', 'root', 'rule', 'sets', 'severity']);
    assert.equal(schema.definitions.rule.properties.id.pattern, '^[a-z0-9][a-z0-9.-]*$');
    assert.deepEqual(schema.definitions.rule.properties.scopes.items.enum, ['prose', 'comments', 'strings', 'headings']);
  });

  it('matches the Go loader\'s key lists (rules/*.go)', { skip: root ? false : 'guardrail sources not found' }, () => {
    const src = fs.readdirSync(path.join(root!, 'rules')).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
      .map((f) => fs.readFileSync(path.join(root!, 'rules', f), 'utf8')).join('\n');
    const list = (name: string): string[] => {
      const m = new RegExp(`${name}\\s*=\\s*\\[\\]string\\{([^}]*)\\}`).exec(src);
      assert.ok(m, `${name} not found in rules/*.go`);
      return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]).sort();
    };
    assert.deepEqual(list('ruleKeys'), Object.keys(schema.definitions.rule.properties).sort());
    assert.deepEqual(list('topKeys'), Object.keys(schema.properties).sort());
    assert.deepEqual(list('packKeys'), Object.keys(schema.properties.pack.properties).sort());
    assert.deepEqual(list('exampleKeys'), Object.keys(schema.definitions.example.properties).sort());
  });

  it('knows exactly the built-in packs in rules/builtin', { skip: root ? false : 'guardrail sources not found' }, () => {
    const packs = fs.readdirSync(path.join(root!, 'rules', 'builtin')).filter((f) => f.endsWith('.toml')).map((f) => 'builtin:' + f.replace(/\.toml$/, '')).sort();
    assert.deepEqual([...schema.properties.extends.items.anyOf[0].enum].sort(), packs);
  });
});

describe('valid documents pass', () => {
  const builtin = root ? path.join(root, 'rules', 'builtin') : undefined;
  const packs = builtin ? fs.readdirSync(builtin).filter((f) => f.endsWith('.toml')) : [];
  it('there are built-in packs to check', { skip: root ? false : 'guardrail sources not found' }, () => {
    assert.ok(packs.length >= 3, packs.join(', '));
  });
  for (const f of packs) {
    it(`built-in pack ${f}`, () => {
      assert.deepEqual(check(path.join(builtin!, f)), []);
    });
  }

  for (const f of fs.readdirSync(path.join(fixtures, 'valid'))) {
    it(`fixture valid/${f}`, () => {
      assert.deepEqual(check(path.join(fixtures, 'valid', f)), []);
    });
  }

  // The TOML examples in the READMEs (skipping fragments that elide with "...").
  const readmes = [path.join(extensionRoot, 'README.md'), ...(root ? [path.join(root, 'README.md')] : [])];
  for (const readme of readmes) {
    const text = fs.existsSync(readme) ? fs.readFileSync(readme, 'utf8') : '';
    const blocks = [...text.matchAll(/```toml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => !/^\s*\.\.\.\s*$/m.test(b));
    blocks.forEach((block, i) => {
      it(`${path.relative(root ?? extensionRoot, readme)} toml example ${i + 1}`, () => {
        assert.deepEqual(errorsOf(parse(block)), [], block);
      });
    });
  }

  const bin = guardrailBinary();
  it('`guardrail init` output', { skip: bin.bin ? false : bin.why }, () => {
    const dir = tempDir('guardrail-init-');
    execFileSync(bin.bin!, ['init'], { cwd: dir, stdio: 'ignore' });
    const cfg = path.join(dir, '.guardrail.toml');
    const text = fs.readFileSync(cfg, 'utf8');
    assert.deepEqual(check(cfg), []);
    // And with its commented-out [[rule]] template switched on.
    const uncommented = text.replace(/^# (\[\[rule(\.example)?\]\]|id =|message =|restricted =|approved =|case_sensitive =|bad =|good =)/gm, '$1');
    assert.match(uncommented, /^\[\[rule\]\]$/m);
    assert.deepEqual(check(cfg, uncommented), [], uncommented);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('invalid documents fail', () => {
  for (const f of fs.readdirSync(path.join(fixtures, 'invalid'))) {
    it(`fixture invalid/${f}`, () => {
      const file = path.join(fixtures, 'invalid', f);
      const text = fs.readFileSync(file, 'utf8');
      const expect = /^# expect: (.*)$/m.exec(text)?.[1];
      assert.ok(expect, `${f} has no "# expect:" line`);
      const errs = check(file, text);
      assert.ok(errs.length > 0, `${f} passed the schema`);
      assert.ok(errs.some((e) => e.includes(expect)), `${f}: want an error containing "${expect}", got:\n${errs.join('\n')}`);
    });
  }
});

describe('guardrail\'s loader agrees with the schema', () => {
  const bin = guardrailBinary();
  const skip = bin.bin ? false : bin.why;
  for (const kind of ['valid', 'invalid'] as const) {
    for (const f of fs.readdirSync(path.join(fixtures, kind))) {
      it(`${kind}/${f}: guardrail rules list --config exits ${kind === 'valid' ? 0 : 2}`, { skip }, () => {
        const r = spawnSync(bin.bin!, ['rules', 'list', '--config', path.join(fixtures, kind, f)], { encoding: 'utf8' });
        assert.equal(r.status, kind === 'valid' ? 0 : 2, r.stderr);
      });
    }
  }
});
