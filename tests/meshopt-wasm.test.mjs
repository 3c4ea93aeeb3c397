// roomfit's meshopt decoder as it ships, compiled to WebAssembly, in Node: the WebGPU build
// (www/pkg/webgpu-room, with the WebAssembly SIMD path of crates/roomfit-meshopt/src/simd.rs) and
// the WebGL2 build (www/pkg/webgl, the scalar code) must decode every compressed view of every
// fixture in tests/meshopt (EXT_meshopt_compression and KHR_meshopt_compression), every stream
// in tests/meshopt/vectors.json and thousands of corrupted streams identically: the same bytes, or
// the same error. On the fixtures both must also equal meshoptimizer's own MeshoptDecoder.
// Needs both builds (`make wasm`). Run with: node --test tests/meshopt-wasm.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { MeshoptDecoder } from 'meshoptimizer';
import { roomfitMeshopt } from '../www/bench/roomfit-meshopt.mjs';

const root = new URL('../', import.meta.url);

async function build(name) {
  const dir = new URL(`www/pkg/${name}/`, root);
  const glue = await import(new URL('roomfit.js', dir).href);
  glue.initSync({ module: readFileSync(new URL('roomfit_bg.wasm', dir)) });
  // meshoptDecode over the integer exports, as the benchmark calls it.
  return { ...roomfitMeshopt(glue), meshoptSimd: glue.meshoptSimd };
}

const simd = await build('webgpu-room');
const scalar = await build('webgl');

function glbViews(bytes) {
  const jsonLength = bytes.readUInt32LE(12);
  const json = JSON.parse(bytes.subarray(20, 20 + jsonLength).toString('utf8'));
  const bin = bytes.subarray(20 + jsonLength + 8);
  const out = [];
  for (const v of json.bufferViews ?? []) {
    const e = v.extensions?.KHR_meshopt_compression ?? v.extensions?.EXT_meshopt_compression;
    if (!e) continue;
    const at = e.byteOffset ?? 0;
    out.push({ mode: e.mode, filter: e.filter ?? 'NONE', count: e.count, stride: e.byteStride, source: bin.subarray(at, at + e.byteLength) });
  }
  return out;
}

const fixtureDir = new URL('tests/meshopt/', root);
const fixtures = readdirSync(fixtureDir).filter((n) => /\.(meshopt|khr)\.glb$/.test(n)).sort();
const views = fixtures.flatMap((n) => glbViews(readFileSync(new URL(n, fixtureDir))).map((v) => ({ ...v, name: n })));
const vectors = JSON.parse(readFileSync(new URL('vectors.json', fixtureDir), 'utf8')).vectors.flatMap((v) =>
  v.streams.map((s) => ({ name: `${v.name} ${s.label}`, mode: v.mode, filter: v.filter, count: v.count, stride: v.stride, source: Buffer.from(s.encoded, 'base64') })),
);

/** meshoptDecode's numbers for the modes and filters. */
const MODES = ['ATTRIBUTES', 'TRIANGLES', 'INDICES'];
const FILTERS = ['NONE', 'OCTAHEDRAL', 'QUATERNION', 'EXPONENTIAL', 'COLOR'];

/** The bytes, or the error message. */
function outcome(decoder, v) {
  try {
    const target = new Uint8Array(v.count * v.stride);
    decoder.meshoptDecode(target, v.source, MODES.indexOf(v.mode), FILTERS.indexOf(v.filter), v.count, v.stride);
    return Buffer.from(target).toString('base64');
  } catch (e) {
    return `error: ${e.message}`;
  }
}

test('the WebGPU build uses WebAssembly SIMD and the WebGL2 build does not', () => {
  assert.equal(simd.meshoptSimd(), true);
  assert.equal(scalar.meshoptSimd(), false);
});

test('SIMD and scalar decode every fixture view identically, and as MeshoptDecoder does', async () => {
  await MeshoptDecoder.ready;
  assert.ok(views.length > 100, `${views.length} views`);
  assert.ok(fixtures.some((n) => n.endsWith('.khr.glb')) && fixtures.some((n) => n.endsWith('.meshopt.glb')));
  for (const [i, v] of views.entries()) {
    const want = new Uint8Array(v.count * v.stride);
    MeshoptDecoder.decodeGltfBuffer(want, v.count, v.stride, v.source, v.mode, v.filter);
    const what = `${v.name} view ${i} (${v.mode} ${v.filter}, ${v.count} × ${v.stride})`;
    assert.equal(outcome(simd, v), Buffer.from(want).toString('base64'), `SIMD, ${what}`);
    assert.equal(outcome(scalar, v), Buffer.from(want).toString('base64'), `scalar, ${what}`);
  }
});

test('a target of the wrong size is refused before decoding', () => {
  const v = views[0];
  for (const decoder of [simd, scalar]) {
    for (const size of [0, v.count * v.stride - 1, v.count * v.stride + 1]) {
      assert.throws(
        () => decoder.meshoptDecode(new Uint8Array(size), v.source, MODES.indexOf(v.mode), FILTERS.indexOf(v.filter), v.count, v.stride),
        (e) => e.code === 'bad-compression' && /the target holds/.test(e.message),
        `target of ${size} bytes`,
      );
    }
  }
});

test('decoding stays right after the module memory grows between calls', async () => {
  await MeshoptDecoder.ready;
  const v = views.find((w) => w.mode === 'ATTRIBUTES');
  const want = new Uint8Array(v.count * v.stride);
  MeshoptDecoder.decodeGltfBuffer(want, v.count, v.stride, v.source, v.mode, v.filter);
  for (const decoder of [simd, scalar]) {
    assert.equal(outcome(decoder, v), Buffer.from(want).toString('base64'));
    // A view whose output needs 64 MB more than the scratch holds: the memory grows (the
    // buffer of the wrapper's view is detached), the stream is refused.
    const big = { ...v, count: Math.ceil((64 << 20) / v.stride) };
    assert.match(outcome(decoder, big), /^error: /);
    assert.equal(outcome(decoder, v), Buffer.from(want).toString('base64'), 'after growth');
  }
});

test('SIMD and scalar decode every stream of vectors.json identically', () => {
  assert.ok(vectors.length > 40);
  for (const v of vectors) assert.equal(outcome(simd, v), outcome(scalar, v), v.name);
});

test('SIMD and scalar agree on corrupted streams (same bytes or same error)', () => {
  let seed = 0x9e3779b9;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  const streams = [...views, ...vectors].filter((v) => v.mode === 'ATTRIBUTES');
  let errors = 0;
  for (let i = 0; i < 3000; i++) {
    const v = streams[i % streams.length];
    const source = Buffer.from(v.source);
    for (let k = 0; k < 1 + (next() % 4); k++) source[next() % source.length] = next() & 0xff;
    const corrupted = { ...v, source };
    const a = outcome(simd, corrupted);
    assert.equal(a, outcome(scalar, corrupted), `${v.name}, corruption ${i}`);
    errors += a.startsWith('error') ? 1 : 0;
  }
  assert.ok(errors > 100, `only ${errors} corrupted streams were refused`);
});
