// Writes the EXT_meshopt_compression test fixtures under tests/meshopt/ (committed; rerun this
// after the sample models change):
//
//   node tests/meshopt/make-fixtures.mjs
//
// 1. For every models/NAME.glb, two files made by @gltf-transform/cli (the version in
//    package.json) with the same settings except the geometry compression:
//      NAME.meshopt.glb    optimize --compress meshopt    (EXT_meshopt_compression + quantization)
//      NAME.quantized.glb  optimize --compress quantize   (KHR_mesh_quantization only)
//    Flags that would change what is drawn, or regroup it so that tests/meshopt.rs could not match
//    primitives to the original, are off: no flattening, joining, instancing, welding,
//    simplification or palette materials. Textures become WebP (--texture-compress webp).
//    And a third made by gltfpack (npm `gltfpack`, the version in package.json: meshoptimizer's
//    own tool, which writes the Khronos successor of the extension):
//      NAME.khr.glb        gltfpack -cc -ce khr  (KHR_meshopt_compression: version 1 of the
//                          attribute codec, quantized positions, octahedral normals, UVs
//                          quantized to 16 bits; keeps variants, materials and named nodes)
// 2. vectors.json: codec and filter cases encoded and decoded by meshoptimizer's own JavaScript
//    build (the `meshoptimizer` package), so that the Rust decoders can be checked against the
//    reference on data that no model here contains (version 1 streams, quaternions,
//    exponents, colours, 32-bit indices, several blocks, odd strides).
import { execFileSync } from 'node:child_process';
import { readdir, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { MeshoptDecoder, MeshoptEncoder } from 'meshoptimizer';

const root = new URL('../../', import.meta.url);
const out = new URL('./', import.meta.url);
const cli = fileURLToPath(new URL('node_modules/@gltf-transform/cli/bin/cli.js', root));
const gltfpack = fileURLToPath(new URL('node_modules/gltfpack/cli.js', root));

const common = [
  '--texture-compress', 'webp',
  '--flatten', 'false',
  '--join', 'false',
  '--instance', 'false',
  '--weld', 'false',
  '--simplify', 'false',
  '--palette', 'false',
];

async function models() {
  await mkdir(out, { recursive: true });
  const names = (await readdir(new URL('models/', root))).filter((n) => n.endsWith('.glb')).sort();
  for (const name of names) {
    const input = fileURLToPath(new URL(`models/${name}`, root));
    for (const compress of ['meshopt', 'quantize']) {
      const suffix = compress === 'meshopt' ? 'meshopt' : 'quantized';
      const output = fileURLToPath(new URL(name.replace(/\.glb$/, `.${suffix}.glb`), out));
      execFileSync(process.execPath, [cli, 'optimize', input, output, '--compress', compress, ...common], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      console.log(`wrote tests/meshopt/${name.replace(/\.glb$/, `.${suffix}.glb`)}`);
    }
    const khr = name.replace(/\.glb$/, '.khr.glb');
    execFileSync(
      process.execPath,
      [gltfpack, '-i', input, '-o', fileURLToPath(new URL(khr, out)), '-cc', '-ce', 'khr', '-kv', '-km', '-kn', '-vt', '16'],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    console.log(`wrote tests/meshopt/${khr}`);
  }
}

// A small deterministic generator, so that vectors.json only changes when the encoder does.
let seed = 0x2545f491;
function random() {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
}

const b64 = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('base64');
const bytes = (typed) => new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);

const vectors = [];

/**
 * Records one case: `streams` are [label, encoded bytes] pairs that encode the same data, and
 * `decoded` is what the reference decoder makes of them (it must be the same for each).
 */
function add(name, mode, filter, count, stride, streams) {
  let decoded;
  for (const [label, encoded] of streams) {
    const target = new Uint8Array(count * stride);
    MeshoptDecoder.decodeGltfBuffer(target, count, stride, encoded, mode, filter);
    if (decoded && b64(decoded) !== b64(target)) throw new Error(`${name}: ${label} decodes differently`);
    decoded = target;
  }
  vectors.push({
    name,
    mode,
    filter,
    count,
    stride,
    decoded: b64(decoded),
    streams: streams.map(([label, encoded]) => ({ label, encoded: b64(encoded) })),
  });
}

/** `count` elements of `stride` bytes: a random walk per 16-bit lane, like quantized vertices. */
function walk16(count, stride) {
  const lanes = stride / 2;
  const v = new Uint16Array(count * lanes);
  const at = new Array(lanes).fill(0).map(() => Math.floor(random() * 65536));
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < lanes; k++) {
      at[k] = (at[k] + Math.floor((random() - 0.5) * 300)) & 0xffff;
      v[i * lanes + k] = at[k];
    }
  }
  return bytes(v);
}

/** Float positions on a smooth curve (raw IEEE bytes: exercises the XOR channel of version 1). */
function floats(count, components) {
  const v = new Float32Array(count * components);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < components; k++) v[i * components + k] = Math.sin(i * 0.05 + k) * (k + 1.5);
  }
  return bytes(v);
}

/** Floats of nearly equal magnitude and random sign: version 1 codes them as rotated XORs. */
function signs(n) {
  return bytes(Float32Array.from({ length: n }, () => (random() < 0.5 ? -1 : 1) * (1 + random() * 0.001)));
}

/** 32-bit words whose high bits stay and low bits change: version 1 codes them as XORs. */
function words(n) {
  return bytes(Uint32Array.from({ length: n }, (_, i) => (0x12340000 ^ ((Math.imul(i, 0x9e3779b9) >>> 0) >>> 20)) >>> 0));
}

function noise(n) {
  const v = new Uint8Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.floor(random() * 256);
  return v;
}

function attributes() {
  const cases = [
    ['walk16', 17, 4, walk16(17, 4)],
    ['walk16', 300, 8, walk16(300, 8)],
    ['walk16', 300, 12, walk16(300, 12)],
    ['walk16', 130, 64, walk16(130, 64)],
    ['walk16', 33, 256, walk16(33, 256)],
    ['floats', 300, 12, floats(300, 3)],
    ['floats', 333, 16, floats(333, 4)],
    ['signs', 200, 16, signs(200 * 4)],
    ['words', 150, 8, words(150 * 2)],
    ['noise', 70, 20, noise(70 * 20)],
    ['zeros', 513, 4, new Uint8Array(513 * 4)],
    ['empty', 0, 16, new Uint8Array(0)],
  ];
  for (const [what, count, stride, raw] of cases) {
    const streams = [];
    for (const [version, level] of [[0, 2], [1, 0], [1, 2], [1, 3]]) {
      const enc = MeshoptEncoder.encodeVertexBufferLevel(raw, count, stride, level, version);
      streams.push([`v${version} level ${level}`, enc]);
    }
    add(`attributes ${what} ${count}x${stride}`, 'ATTRIBUTES', 'NONE', count, stride, streams);
    if (vectors.at(-1).decoded !== b64(raw)) throw new Error(`${what}: not lossless`);
  }
}

/** A grid of w×h quads as a triangle list, in cache-friendly order, as an optimizer leaves it. */
function grid(w, h, base = 0) {
  const idx = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const a = base + y * (w + 1) + x;
      const b = a + 1;
      const c = a + w + 1;
      const d = c + 1;
      idx.push(a, c, b, b, c, d);
    }
  }
  return new Uint32Array(idx);
}

function asSize(indices, size) {
  return bytes(size === 2 ? Uint16Array.from(indices) : Uint32Array.from(indices));
}

function triangles() {
  const reordered = (idx) => {
    const copy = Uint32Array.from(idx);
    MeshoptEncoder.reorderMesh(copy, true, true);
    return copy;
  };
  const shuffled = (idx) => {
    const tris = [];
    for (let i = 0; i < idx.length; i += 3) tris.push([idx[i], idx[i + 1], idx[i + 2]]);
    for (let i = tris.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [tris[i], tris[j]] = [tris[j], tris[i]];
    }
    return Uint32Array.from(tris.flat());
  };
  const cases = [
    ['grid 20x20 reordered', reordered(grid(20, 20)), [2, 4]],
    ['grid 20x20 as written', grid(20, 20), [2, 4]],
    ['grid 12x12 shuffled', shuffled(grid(12, 12)), [2, 4]],
    ['grid 8x8 at 100000', grid(8, 8, 100000), [4]],
    ['two grids concatenated', Uint32Array.from([...reordered(grid(6, 6)), ...reordered(grid(5, 7))]), [2]],
    ['one triangle', Uint32Array.from([0, 1, 2]), [2]],
    ['empty', new Uint32Array(0), [2]],
  ];
  for (const [name, idx, sizes] of cases) {
    for (const size of sizes) {
      const raw = asSize(idx, size);
      const enc = MeshoptEncoder.encodeGltfBuffer(raw, idx.length, size, 'TRIANGLES');
      add(`triangles ${name} u${size * 8}`, 'TRIANGLES', 'NONE', idx.length, size, [['v1', enc]]);
    }
  }
  const sequences = [
    ['strip', Uint32Array.from({ length: 400 }, (_, i) => (i % 2 ? 1000 + (i >> 1) : i >> 1))],
    ['lines', Uint32Array.from({ length: 300 }, (_, i) => (i >> 1) + (i & 1))],
    ['jumps', Uint32Array.from({ length: 200 }, () => Math.floor(random() * 60000))],
    ['large', Uint32Array.from({ length: 100 }, (_, i) => 3_000_000_000 - i * 70_000)],
  ];
  for (const [name, idx] of sequences) {
    for (const size of name === 'large' ? [4] : [2, 4]) {
      const raw = asSize(idx, size);
      const enc = MeshoptEncoder.encodeGltfBuffer(raw, idx.length, size, 'INDICES');
      add(`indices ${name} u${size * 8}`, 'INDICES', 'NONE', idx.length, size, [['v1', enc]]);
    }
  }
}

function unitVectors(count, w) {
  const v = new Float32Array(count * 4);
  for (let i = 0; i < count; i++) {
    const z = random() * 2 - 1;
    const a = random() * Math.PI * 2;
    const r = Math.sqrt(1 - z * z);
    v.set([r * Math.cos(a), r * Math.sin(a), z, w === undefined ? (random() < 0.5 ? -1 : 1) : w], i * 4);
  }
  return v;
}

function quaternions(count) {
  const v = new Float32Array(count * 4);
  for (let i = 0; i < count; i++) {
    const q = [random() - 0.5, random() - 0.5, random() - 0.5, random() - 0.5];
    const l = Math.hypot(...q);
    v.set(q.map((c) => c / l), i * 4);
  }
  return v;
}

function filters() {
  const count = 250;
  const cases = [
    ['OCTAHEDRAL', 4, 8, MeshoptEncoder.encodeFilterOct(unitVectors(count), count, 4, 8)],
    ['OCTAHEDRAL', 4, 5, MeshoptEncoder.encodeFilterOct(unitVectors(count), count, 4, 5)],
    ['OCTAHEDRAL', 8, 12, MeshoptEncoder.encodeFilterOct(unitVectors(count), count, 8, 12)],
    ['OCTAHEDRAL', 8, 16, MeshoptEncoder.encodeFilterOct(unitVectors(count), count, 8, 16)],
    ['QUATERNION', 8, 12, MeshoptEncoder.encodeFilterQuat(quaternions(count), count, 8, 12)],
    ['QUATERNION', 8, 16, MeshoptEncoder.encodeFilterQuat(quaternions(count), count, 8, 16)],
  ];
  const values = (n) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 10 ** ((i % 13) - 6));
  for (const mode of ['Separate', 'SharedVector', 'SharedComponent', 'Clamped']) {
    cases.push(['EXPONENTIAL', 12, 15, MeshoptEncoder.encodeFilterExp(values(count * 3), count, 12, 15, mode), mode]);
  }
  cases.push(['EXPONENTIAL', 4, 23, MeshoptEncoder.encodeFilterExp(values(count), count, 4, 23, 'Separate'), 'Separate']);
  const colors = (n) => Float32Array.from({ length: n * 4 }, () => random());
  cases.push(['COLOR', 4, 8, MeshoptEncoder.encodeFilterColor(colors(count), count, 4, 8)]);
  cases.push(['COLOR', 4, 6, MeshoptEncoder.encodeFilterColor(colors(count), count, 4, 6)]);
  cases.push(['COLOR', 8, 12, MeshoptEncoder.encodeFilterColor(colors(count), count, 8, 12)]);
  for (const [filter, stride, bits, raw, expMode] of cases) {
    // COLOR belongs to KHR_meshopt_compression, which goes with version 1 streams.
    const version = filter === 'COLOR' ? 1 : 0;
    const enc = MeshoptEncoder.encodeVertexBufferLevel(raw, count, stride, 2, version);
    const name = `filter ${filter} ${stride} bytes ${bits} bits${expMode ? ` ${expMode}` : ''}`;
    add(name, 'ATTRIBUTES', filter, count, stride, [[`v${version}`, enc]]);
  }
}

await MeshoptEncoder.ready;
await MeshoptDecoder.ready;
if (!process.argv.includes('--vectors-only')) await models();
attributes();
triangles();
filters();
await writeFile(new URL('vectors.json', out), `${JSON.stringify({ generator: 'meshoptimizer (npm) via tests/meshopt/make-fixtures.mjs', vectors }, null, 1)}\n`);
console.log(`wrote tests/meshopt/vectors.json (${vectors.length} cases)`);
