// Shrinks what wasm-bindgen writes for one browser build, after wasm-opt:
//  1. gives every wasm import and export a short name (`__wbg_getCurrentTexture_e9d52aabce56f3fb`
//     becomes `a`, the import module `./roomfit_bg.js` becomes `a`), in the wasm and, by the same
//     map, in the JS glue and the .d.ts files. The hashes in wasm-bindgen's names do not
//     compress, and every name is written twice (wasm and JS).
//  2. minifies the JS glue with esbuild (its comments and indentation are most of its bytes).
//
// The renaming is checked, not hoped for: every import name must occur exactly once in the JS
// (as its key in the imports object) and every export must be reached only as `wasm.NAME`; otherwise this
// stops with an error naming the symbol, so a wasm-bindgen upgrade that writes the glue
// differently fails the build instead of producing a broken one.
//
// Usage: node scripts/shrink-glue.mjs DIR      (DIR holds roomfit.js and roomfit_bg.wasm)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const die = (msg) => {
  console.error(`shrink-glue: ERROR: ${msg}`);
  process.exit(1);
};

const dir = process.argv[2];
if (!dir || process.argv.length !== 3) die('usage: node scripts/shrink-glue.mjs DIR');
const jsPath = join(dir, 'roomfit.js');
const wasmPath = join(dir, 'roomfit_bg.wasm');
const dtsPaths = [join(dir, 'roomfit.d.ts'), join(dir, 'roomfit_bg.wasm.d.ts')].filter(existsSync);

// --- wasm reading and writing (only what the import and export sections need) ---

function readLeb(bytes, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    if (b === undefined) die('truncated LEB128 in the wasm');
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [result, pos];
  }
}

function leb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function readName(bytes, pos) {
  const [len, p] = readLeb(bytes, pos);
  return [utf8.decode(bytes.subarray(p, p + len)), p + len];
}

function name(s) {
  const b = encoder.encode(s);
  return [...leb(b.length), ...b];
}

// Skips a table/memory limits: a flags byte (bit 0: a maximum follows), then one or two LEBs.
function skipLimits(bytes, pos) {
  const flags = bytes[pos++];
  if (flags > 0x07) die(`unknown limits flags 0x${flags.toString(16)} in an import`);
  [, pos] = readLeb(bytes, pos);
  if (flags & 1) [, pos] = readLeb(bytes, pos);
  return pos;
}

function parseImports(bytes) {
  let [count, pos] = readLeb(bytes, 0);
  const imports = [];
  while (count--) {
    let module, field;
    [module, pos] = readName(bytes, pos);
    [field, pos] = readName(bytes, pos);
    const start = pos;
    const kind = bytes[pos++];
    if (kind === 0x00) [, pos] = readLeb(bytes, pos); // function: type index
    else if (kind === 0x01) pos = skipLimits(bytes, pos + 1); // table: reftype, limits
    else if (kind === 0x02) pos = skipLimits(bytes, pos); // memory
    else if (kind === 0x03) pos += 2; // global: value type, mutability
    else if (kind === 0x04) [, pos] = readLeb(bytes, pos + 1); // tag: attribute, type index
    else die(`unknown import kind ${kind} for ${module}.${field}`);
    imports.push({ module, field, desc: bytes.subarray(start, pos) });
  }
  if (pos !== bytes.length) die('import section has trailing bytes');
  return imports;
}

function parseExports(bytes) {
  let [count, pos] = readLeb(bytes, 0);
  const exports = [];
  while (count--) {
    let field;
    [field, pos] = readName(bytes, pos);
    const start = pos;
    [, pos] = readLeb(bytes, pos + 1); // kind byte, index
    exports.push({ field, desc: bytes.subarray(start, pos) });
  }
  if (pos !== bytes.length) die('export section has trailing bytes');
  return exports;
}

function sections(bytes) {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (!magic.every((b, i) => bytes[i] === b)) die(`${wasmPath} is not a wasm module`);
  const out = [];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [len, p] = readLeb(bytes, pos + 1);
    out.push({ id, body: bytes.subarray(p, p + len) });
    pos = p + len;
  }
  return out;
}

// --- short names: a, b, ..., Z, aa, ab, ... (valid JS identifiers, never a reserved word) ---

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const reserved = new Set(['do', 'if', 'in', 'for', 'let', 'new', 'try', 'var', 'case', 'else', 'enum', 'eval', 'null', 'this', 'true', 'void', 'with']);
function* shortNames() {
  for (let n = 1; ; n++) {
    const total = alphabet.length ** n;
    for (let i = 0; i < total; i++) {
      let s = '';
      for (let k = 0, x = i; k < n; k++, x = Math.floor(x / alphabet.length)) {
        s = alphabet[x % alphabet.length] + s;
      }
      if (!reserved.has(s)) yield s;
    }
  }
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const count = (text, re) => (text.match(re) || []).length;
// A whole identifier (JS identifiers here are ASCII; `$` and `_` are word characters in JS).
const ident = (s, flags = 'g') => new RegExp(`(?<![A-Za-z0-9_$])${escape(s)}(?![A-Za-z0-9_$])`, flags);

// --- the renaming ---

const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, 'utf8');
const jsBytesBefore = Buffer.byteLength(js);
const secs = sections(wasm);
const importSec = secs.find((s) => s.id === 2);
const exportSec = secs.find((s) => s.id === 7);
if (!importSec || !exportSec) die('the wasm has no import or no export section');
const imports = parseImports(importSec.body);
const exports = parseExports(exportSec.body);

const modules = [...new Set(imports.map((i) => i.module))];
const moduleMap = new Map();
const moduleNames = shortNames();
for (const m of modules) {
  const quoted = `"${m}":`;
  if (count(js, new RegExp(escape(quoted), 'g')) !== 1) die(`import module "${m}" is not one key of the imports object in ${jsPath}`);
  const short = moduleNames.next().value;
  moduleMap.set(m, short);
  js = js.replace(quoted, `${short}:`);
}

const importNames = shortNames();
const importMap = new Map();
for (const imp of imports) {
  const key = `${imp.module}\u0000${imp.field}`;
  if (importMap.has(key)) continue;
  // Each module gets its own short names; one module in practice.
  const occurrences = count(js, ident(imp.field));
  const asKey = count(js, new RegExp(`(?<![A-Za-z0-9_$])${escape(imp.field)}:`, 'g'));
  if (occurrences !== 1 || asKey !== 1) {
    die(`import ${imp.field} occurs ${occurrences} times in ${jsPath} (expected once, as a key of the imports object)`);
  }
  const short = importNames.next().value;
  importMap.set(key, short);
  js = js.replace(ident(imp.field, ''), short);
}

const exportNames = shortNames();
const exportMap = new Map();
for (const exp of exports) {
  // Property accesses and string literals are how the glue could reach an export; a plain
  // identifier of the same name (`export function start() { wasm.start(); }`) is not one.
  const dotted = count(js, new RegExp(`\\.${escape(exp.field)}(?![A-Za-z0-9_$])`, 'g'));
  const viaWasm = count(js, new RegExp(`(?<![A-Za-z0-9_$])wasm\\.${escape(exp.field)}(?![A-Za-z0-9_$])`, 'g'));
  const quoted = count(js, new RegExp(`['"\`]${escape(exp.field)}['"\`]`, 'g'));
  if (dotted !== viaWasm || quoted !== 0) {
    die(`export ${exp.field} is used in ${jsPath} other than as wasm.${exp.field} (${dotted - viaWasm} other property accesses, ${quoted} string literals)`);
  }
  exportMap.set(exp.field, exportNames.next().value);
}
// Longest first, so that no name is replaced inside a longer one (names are whole identifiers
// anyway, this only keeps the order deterministic).
const byLength = [...exportMap].sort((a, b) => b[0].length - a[0].length);
for (const [from, to] of byLength) {
  js = js.replace(new RegExp(`(?<![A-Za-z0-9_$])wasm\\.${escape(from)}(?![A-Za-z0-9_$])`, 'g'), `wasm.${to}`);
}
for (const path of dtsPaths) {
  let dts = readFileSync(path, 'utf8');
  for (const [from, to] of byLength) dts = dts.replace(ident(from), to);
  writeFileSync(path, dts);
}

const newImports = [...leb(imports.length)];
for (const imp of imports) {
  newImports.push(...name(moduleMap.get(imp.module)), ...name(importMap.get(`${imp.module}\u0000${imp.field}`)), ...imp.desc);
}
const newExports = [...leb(exports.length)];
for (const exp of exports) newExports.push(...name(exportMap.get(exp.field)), ...exp.desc);

const parts = [wasm.subarray(0, 8)];
for (const s of secs) {
  const body = s.id === 2 ? Uint8Array.from(newImports) : s.id === 7 ? Uint8Array.from(newExports) : s.body;
  parts.push(Uint8Array.from([s.id, ...leb(body.length)]), body);
}
const out = Buffer.concat(parts);
if (!WebAssembly.validate(out)) die('the renamed wasm does not validate');

// --- minify the JS glue ---

const minified = transformSync(js, { loader: 'js', format: 'esm', minify: true, target: 'es2022', legalComments: 'none' });
for (const w of minified.warnings) console.error(`shrink-glue: esbuild: ${w.text}`);

writeFileSync(wasmPath, out);
writeFileSync(jsPath, minified.code);
console.error(
  `shrink-glue: ${imports.length} imports, ${exports.length} exports renamed; ` +
    `wasm ${wasm.length} -> ${out.length} bytes, JS ${jsBytesBefore} -> ${Buffer.byteLength(minified.code)} bytes`,
);
