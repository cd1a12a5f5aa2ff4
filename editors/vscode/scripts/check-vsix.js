#!/usr/bin/env node
// Inspects platform .vsix files built by scripts/package.sh:
//
//   node scripts/check-vsix.js dist/guardrail-linux-x64-0.1.0.vsix [...]
//
// A .vsix is a zip. Each must hold exactly the files the extension needs at
// run time — the manifest, the esbuild bundle (vscode-languageclient is
// bundled, so no node_modules), the schema, the docs and the server binary
// for its own target, executable and built for that OS and CPU — and nothing
// else. When the target is this machine, the binary is also run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { execFileSync } = require('child_process');

const TARGETS = {
  'linux-x64': { format: 'elf', machine: 0x3e },
  'linux-arm64': { format: 'elf', machine: 0xb7 },
  'darwin-x64': { format: 'macho', machine: 0x01000007 },
  'darwin-arm64': { format: 'macho', machine: 0x0100000c },
  'win32-x64': { format: 'pe', machine: 0x8664 },
  'win32-arm64': { format: 'pe', machine: 0xaa64 },
};

/** Reads a zip's central directory: [{name, method, compSize, size, mode, offset}]. */
function readZip(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const madeBy = buf.readUInt16LE(p + 4);
    const method = buf.readUInt16LE(p + 10);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const external = buf.readUInt32LE(p + 38);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const unix = madeBy >> 8 === 3;
    entries.push({ name, method, compSize, size, mode: unix ? external >>> 16 : undefined, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function extract(buf, e) {
  if (buf.readUInt32LE(e.offset) !== 0x04034b50) throw new Error(`bad local header for ${e.name}`);
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  const data = buf.subarray(start, start + e.compSize);
  if (e.method === 0) return Buffer.from(data);
  if (e.method === 8) return zlib.inflateRawSync(data);
  throw new Error(`${e.name}: unsupported compression method ${e.method}`);
}

/** The binary's format and machine, from its header. */
function binaryKind(b) {
  if (b.length > 20 && b.readUInt32BE(0) === 0x7f454c46) {
    return { format: 'elf', machine: b.readUInt16LE(18) };
  }
  if (b.length > 8 && b.readUInt32LE(0) === 0xfeedfacf) {
    return { format: 'macho', machine: b.readUInt32LE(4) };
  }
  if (b.length > 0x40 && b.toString('latin1', 0, 2) === 'MZ') {
    const pe = b.readUInt32LE(0x3c);
    if (b.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      return { format: 'pe', machine: b.readUInt16LE(pe + 4) };
    }
  }
  return { format: 'unknown', machine: 0 };
}

function checkVsix(file, opts = { run: true }) {
  const problems = [];
  const buf = fs.readFileSync(file);
  const entries = readZip(buf);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const read = (name) => extract(buf, byName.get(name));

  if (!byName.has('extension.vsixmanifest')) throw new Error(`${file}: no extension.vsixmanifest`);
  const manifest = read('extension.vsixmanifest').toString('utf8');
  const target = /TargetPlatform="([^"]+)"/.exec(manifest)?.[1];
  if (!target || !TARGETS[target]) throw new Error(`${file}: no known TargetPlatform in extension.vsixmanifest (${target})`);
  const exe = target.startsWith('win32') ? 'guardrail.exe' : 'guardrail';
  const binName = `extension/server/${target}/${exe}`;

  const required = [
    'extension/package.json',
    'extension/out/extension.js',
    'extension/schemas/guardrail.schema.json',
    binName,
  ];
  for (const r of required) {
    if (!byName.has(r)) problems.push(`missing ${r}`);
  }
  // Exactly these files, nothing else (no node_modules, sources, tests, maps).
  const allowed = new Set([
    '[Content_Types].xml',
    'extension.vsixmanifest',
    ...required,
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/LICENSE',
  ]);
  // The Marketplace icon, when package.json names one.
  const iconOf = (p) => (p.icon ? 'extension/' + p.icon.replace(/^\.\//, '') : undefined);
  let pkg = {};
  if (byName.has('extension/package.json')) {
    pkg = JSON.parse(read('extension/package.json').toString('utf8'));
    const icon = iconOf(pkg);
    if (icon) {
      allowed.add(icon);
      if (!byName.has(icon)) problems.push(`missing the icon ${icon}`);
    }
  }
  for (const e of entries) {
    if (!allowed.has(e.name)) problems.push(`unexpected file ${e.name}`);
  }
  for (const doc of ['extension/readme.md', 'extension/changelog.md']) {
    if (!byName.has(doc)) problems.push(`missing ${doc}`);
  }
  if (!byName.has('extension/LICENSE.txt') && !byName.has('extension/LICENSE')) problems.push('missing the LICENSE');

  if (byName.has('extension/package.json')) {
    for (const k of ['name', 'publisher', 'version', 'license', 'repository', 'engines', 'main']) {
      if (!pkg[k]) problems.push(`package.json has no ${k}`);
    }
    if (pkg.main !== './out/extension.js') problems.push(`package.json main is ${pkg.main}`);
    // taplo (Even Better TOML) resolves only absolute URLs: the schema in the
    // repository, which the .vsix also carries.
    const tv = pkg.contributes?.tomlValidation?.[0];
    const schemaURL = 'https://raw.githubusercontent.com/guardrail-dev/guardrail/main/editors/vscode/schemas/guardrail.schema.json';
    if (!tv || tv.url !== schemaURL) problems.push(`tomlValidation url is ${tv?.url}, want ${schemaURL}`);
  }
  if (byName.has('extension/schemas/guardrail.schema.json')) {
    const s = JSON.parse(read('extension/schemas/guardrail.schema.json').toString('utf8'));
    if (s.$schema !== 'http://json-schema.org/draft-07/schema#') problems.push('schema is not draft-07');
  }

  let bin;
  if (byName.has(binName)) {
    const e = byName.get(binName);
    bin = read(binName);
    const want = TARGETS[target];
    const got = binaryKind(bin);
    if (got.format !== want.format || got.machine !== want.machine) {
      problems.push(`${binName} is ${got.format}/0x${got.machine.toString(16)}, want ${want.format}/0x${want.machine.toString(16)}`);
    }
    if (!target.startsWith('win32')) {
      if (e.mode === undefined || (e.mode & 0o111) === 0) {
        problems.push(`${binName} is not executable in the zip (mode ${e.mode === undefined ? 'unset' : e.mode.toString(8)})`);
      }
    }
  }

  let ran = '';
  if (opts.run && bin && problems.length === 0 && target === `${process.platform}-${process.arch}`) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-vsix-'));
    const p = path.join(dir, exe);
    fs.writeFileSync(p, bin, { mode: 0o755 });
    try {
      ran = execFileSync(p, ['version'], { encoding: 'utf8' }).trim();
      if (!ran.startsWith('guardrail ')) problems.push(`${binName} version printed ${JSON.stringify(ran)}`);
      else if (pkg.version && !ran.includes(pkg.version)) problems.push(`server says "${ran}", extension version is ${pkg.version}`);
    } catch (err) {
      problems.push(`${binName} does not run: ${err.message}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  return { target, entries, problems, ran };
}

function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node scripts/check-vsix.js FILE.vsix...');
    process.exit(2);
  }
  let failed = false;
  for (const f of files) {
    let r;
    try {
      r = checkVsix(f);
    } catch (err) {
      console.error(`FAIL ${f}: ${err.message}`);
      failed = true;
      continue;
    }
    const size = (fs.statSync(f).size / 1024 / 1024).toFixed(1);
    console.log(`${r.problems.length ? 'FAIL' : 'ok  '} ${f} (${r.target}, ${size} MB)`);
    for (const e of r.entries) {
      const mode = e.mode === undefined ? '' : ` ${(e.mode & 0o777).toString(8)}`;
      console.log(`       ${e.name} (${e.size} bytes${mode})`);
    }
    if (r.ran) console.log(`       server: ${r.ran}`);
    for (const p of r.problems) console.error(`  problem: ${p}`);
    failed ||= r.problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}

if (require.main === module) {
  main();
}
module.exports = { checkVsix, readZip, binaryKind };
