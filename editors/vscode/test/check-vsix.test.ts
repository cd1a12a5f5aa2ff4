// scripts/check-vsix.js catches what a broken package.sh would produce.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { extensionRoot, tempDir } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkVsix } = require(path.join(extensionRoot, 'scripts', 'check-vsix.js')) as {
  checkVsix(file: string, opts?: { run: boolean }): { target: string; problems: string[] };
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A minimal zip (stored entries, Unix modes), like vsce writes. */
interface Entry {
  name: string;
  data: Buffer | string;
  mode?: number;
}

function zip(files: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const data = Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data);
    const name = Buffer.from(f.name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | (f.mode ?? 0o644)) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function elf(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b.writeUInt16LE(machine, 18);
  return b;
}

const pkg = JSON.stringify({
  name: 'guardrail', publisher: 'guardrail-dev', version: '0.1.0', license: 'MIT', repository: { url: 'x' },
  engines: { vscode: '^1.82.0' }, main: './out/extension.js',
  contributes: { tomlValidation: [{ fileMatch: '.guardrail.toml', url: 'https://raw.githubusercontent.com/guardrail-dev/guardrail/main/editors/vscode/schemas/guardrail.schema.json' }] },
});

function goodFiles(target = 'linux-arm64', machine = 0xb7): Entry[] {
  return [
    { name: '[Content_Types].xml', data: '<Types/>' },
    { name: 'extension.vsixmanifest', data: `<Identity Id="guardrail" TargetPlatform="${target}"/>` },
    { name: 'extension/package.json', data: pkg },
    { name: 'extension/readme.md', data: '# guardrail' },
    { name: 'extension/changelog.md', data: '# Changelog' },
    { name: 'extension/LICENSE.txt', data: 'MIT' },
    { name: 'extension/out/extension.js', data: 'exports.activate = () => {};' },
    { name: 'extension/schemas/guardrail.schema.json', data: JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#' }) },
    { name: `extension/server/${target}/guardrail`, data: elf(machine), mode: 0o755 },
  ];
}

function check(files: Entry[]): string[] {
  const dir = tempDir('check-vsix-');
  const f = path.join(dir, 'x.vsix');
  fs.writeFileSync(f, zip(files));
  try {
    return checkVsix(f, { run: false }).problems;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('check-vsix', () => {
  it('accepts a well-formed platform package', () => {
    assert.deepEqual(check(goodFiles()), []);
  });

  it('rejects a missing schema, bundle or binary', () => {
    for (const drop of ['extension/schemas/guardrail.schema.json', 'extension/out/extension.js', 'extension/server/linux-arm64/guardrail']) {
      const problems = check(goodFiles().filter((f) => f.name !== drop));
      assert.ok(problems.some((p) => p.includes(`missing ${drop}`)), `${drop}: ${problems.join('; ')}`);
    }
  });

  it('rejects node_modules, sources and other platforms\' servers', () => {
    for (const extra of ['extension/node_modules/vscode-languageclient/package.json', 'extension/src/extension.ts', 'extension/out/extension.js.map', 'extension/server/linux-x64/guardrail']) {
      const problems = check([...goodFiles(), { name: extra, data: 'x' }]);
      assert.ok(problems.some((p) => p === `unexpected file ${extra}`), `${extra}: ${problems.join('; ')}`);
    }
  });

  it('rejects a binary for the wrong CPU, or one that is not executable', () => {
    const wrongArch = goodFiles().map((f) => (f.name.endsWith('/guardrail') ? { ...f, data: elf(0x3e) } : f));
    assert.ok(check(wrongArch).some((p) => /is elf\/0x3e, want elf\/0xb7/.test(p)));
    const notExec = goodFiles().map((f) => (f.name.endsWith('/guardrail') ? { ...f, mode: 0o644 } : f));
    assert.ok(check(notExec).some((p) => /not executable/.test(p)));
  });

  it('accepts the icon package.json names, and only when it is there', () => {
    const withIcon = (files: Entry[]) => files.map((f) => (f.name === 'extension/package.json'
      ? { ...f, data: JSON.stringify({ ...JSON.parse(pkg), icon: 'images/icon.png' }) } : f));
    assert.deepEqual(check([...withIcon(goodFiles()), { name: 'extension/images/icon.png', data: 'png' }]), []);
    assert.ok(check(withIcon(goodFiles())).includes('missing the icon extension/images/icon.png'));
    // Without an icon in package.json, an image is just an unexpected file.
    assert.ok(check([...goodFiles(), { name: 'extension/images/icon.png', data: 'png' }])
      .includes('unexpected file extension/images/icon.png'));
  });

  it('wants the absolute schema URL in tomlValidation (taplo ignores relative ones)', () => {
    const relative = goodFiles().map((f) => (f.name === 'extension/package.json'
      ? { ...f, data: JSON.stringify({ ...JSON.parse(pkg), contributes: { tomlValidation: [{ fileMatch: '.guardrail.toml', url: './schemas/guardrail.schema.json' }] } }) } : f));
    assert.ok(check(relative).some((p) => p.startsWith('tomlValidation url is ./schemas/guardrail.schema.json')));
  });
});
