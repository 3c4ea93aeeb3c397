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
import { MeshoptDecoder, MeshoptEncoder } from 'meshoptimizer';
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

/** A repeatable pseudo-random sequence of 32-bit unsigned integers (xorshift32) from `seed`. */
function xorshift(seed) {
  return () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
}

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

test('attribute data round-trips through meshoptimizer\'s encoder in every shape the SIMD paths split on', async () => {
  // Strides of one, two and three 4-byte channels and more (the SIMD code decodes neighbouring
  // channels of the same mode in pairs), counts around groups of 16 and blocks of up to 256
  // elements, smooth, float and noisy data, both codec versions at every encoder level (level
  // 3 of version 1 mixes channel modes, so that pairs and single channels alternate).
  await MeshoptEncoder.ready;
  const random = xorshift(0x2545f491);
  const kinds = {
    walk: (i, c) => (30000 + 900 * Math.sin(i * 0.05 * (c + 1)) + (i % 7)) & 0xffff,
    floats: (i, c) => new Uint16Array(new Float32Array([Math.cos(i * 0.01 + c)]).buffer)[c & 1],
    noise: () => random() & 0xffff,
  };
  let cases = 0;
  for (const stride of [4, 8, 12, 16, 20, 24, 32, 64]) {
    for (const count of [1, 15, 17, 256, 257, 1000]) {
      for (const [kind, value] of Object.entries(kinds)) {
        const words = new Uint16Array((count * stride) / 2);
        for (let i = 0; i < count; i++) for (let c = 0; c < stride / 2; c++) words[(i * stride) / 2 + c] = value(i, c);
        const data = new Uint8Array(words.buffer);
        for (const version of [0, 1]) {
          for (const level of [0, 1, 2, 3]) {
            const source = MeshoptEncoder.encodeVertexBufferLevel(data, count, stride, level, version);
            const v = { mode: 'ATTRIBUTES', filter: 'NONE', count, stride, source };
            const want = Buffer.from(data).toString('base64');
            const what = `${kind} ${count} × ${stride}, version ${version}, level ${level}`;
            assert.equal(outcome(simd, v), want, `SIMD: ${what}`);
            assert.equal(outcome(scalar, v), want, `scalar: ${what}`);
            cases++;
          }
        }
      }
    }
  }
  assert.equal(cases, 8 * 6 * 3 * 2 * 4);
});

test('triangle lists round-trip through meshoptimizer\'s encoder, 2- and 4-byte indices', async () => {
  await Promise.all([MeshoptEncoder.ready, MeshoptDecoder.ready]);
  // Grids of quads in a few orders (as written, strips reversed, every other quad flipped), so
  // that the codes use the edge FIFO, new vertices, recent ones and explicit indices.
  for (const [w, h] of [[1, 1], [7, 5], [40, 30], [200, 150]]) {
    const indices = [];
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const a = y * (w + 1) + x;
        const quad = [a, a + 1, a + w + 2, a, a + w + 2, a + w + 1];
        if ((x + y) % 3 === 2) quad.reverse();
        indices.push(...(y % 2 ? quad.reverse() : quad));
      }
    }
    for (const size of [2, 4]) {
      const typed = size === 2 ? new Uint16Array(indices) : new Uint32Array(indices);
      const source = MeshoptEncoder.encodeIndexBuffer(new Uint8Array(typed.buffer), indices.length, size);
      const v = { mode: 'TRIANGLES', filter: 'NONE', count: indices.length, stride: size, source };
      // The codec may rotate a triangle's corners (keeping its winding): compare with
      // MeshoptDecoder's output, and that with the triangles as written.
      const want = new Uint8Array(indices.length * size);
      MeshoptDecoder.decodeGltfBuffer(want, indices.length, size, source, 'TRIANGLES');
      const got = size === 2 ? new Uint16Array(want.buffer) : new Uint32Array(want.buffer);
      for (let t = 0; t < indices.length; t += 3) {
        const corners = [...got.subarray(t, t + 3)];
        const rotations = [0, 1, 2].map((r) => [0, 1, 2].map((k) => corners[(k + r) % 3]).join());
        assert.ok(rotations.includes(indices.slice(t, t + 3).join()), `triangle ${t / 3} of ${w} × ${h}`);
      }
      const what = `${w} × ${h} quads, ${size}-byte indices`;
      assert.equal(outcome(simd, v), Buffer.from(want).toString('base64'), `SIMD: ${what}`);
      assert.equal(outcome(scalar, v), Buffer.from(want).toString('base64'), `scalar: ${what}`);
    }
  }
});

test('SIMD and scalar agree on corrupted streams (same bytes or same error)', () => {
  const next = xorshift(0x9e3779b9);
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
