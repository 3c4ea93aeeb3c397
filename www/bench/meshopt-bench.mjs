// Decoding speed of meshoptimizer's own JavaScript decoders on the compressed buffer views of
// tests/meshopt/*.meshopt.glb: the same views, passes and statistics as roomfit's native
// benchmark (the ignored test `decode_throughput` in tests/meshopt.rs), so the two can be
// compared.
//
//   node www/bench/meshopt-bench.mjs
//   cargo test --release --test meshopt -- --ignored --nocapture
//
// Rows: roomfit's own decoder as it ships, compiled to WebAssembly (www/pkg/webgpu, built with
// WebAssembly SIMD, and www/pkg/webgl, without; `make wasm` builds both), `MeshoptDecoder` (the
// npm package's WebAssembly build, with SIMD where the runtime has it, as three.js and Babylon.js
// use it) and meshoptimizer's pure-JavaScript reference decoder, all in this one Node process on
// the same views. Both WebAssembly decoders are called the same way: the compressed bytes are
// copied into the module's memory, decoded there, and the result copied into the caller's
// array (roomfit's `meshoptDecode(target, source, mode, filter, count, stride)`, with the mode
// and filter as numbers). Views are timed all together, by mode, and by filter within a mode.
// Each roomfit row ends with its ratio to MeshoptDecoder (> 1: roomfit is faster).
// Before timing, every decoder's output is checked byte for byte against MeshoptDecoder's.
// MB/s are of decoded output (10^6 bytes per second), by the main thread's CPU time (Linux
// schedstat, so that other load on the machine distorts less) and by wall time.
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { MeshoptDecoder } from 'meshoptimizer';

const root = new URL('../../', import.meta.url);
const fixtures = new URL('tests/meshopt/', root);
const { MeshoptDecoder: ReferenceDecoder } = await import(
  new URL('node_modules/meshoptimizer/meshopt_decoder_reference.js', root).href
);

function compressedViews(glb) {
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLength)));
  const binAt = 20 + jsonLength + 8;
  const bin = glb.subarray(binAt, binAt + view.getUint32(20 + jsonLength, true));
  return json.bufferViews
    .map((v) => v.extensions?.EXT_meshopt_compression)
    .filter(Boolean)
    .map((e) => ({
      mode: e.mode,
      filter: e.filter ?? 'NONE',
      count: e.count,
      stride: e.byteStride,
      source: bin.slice(e.byteOffset ?? 0, (e.byteOffset ?? 0) + e.byteLength),
    }));
}

const names = (await readdir(fixtures)).filter((n) => n.endsWith('.meshopt.glb')).sort();
const views = [];
for (const name of names) views.push(...compressedViews(new Uint8Array(await readFile(new URL(name, fixtures)))));
const decoded = views.reduce((n, v) => n + v.count * v.stride, 0);
const compressed = views.reduce((n, v) => n + v.source.length, 0);
console.log(`${views.length} views from ${names.length} files (${compressed} compressed bytes -> ${decoded} decoded bytes)`);

/** meshoptDecode's numbers for the modes and filters. */
const MODES = ['ATTRIBUTES', 'TRIANGLES', 'INDICES'];
const FILTERS = ['NONE', 'OCTAHEDRAL', 'QUATERNION', 'EXPONENTIAL', 'COLOR'];

/** roomfit's wasm build in www/pkg/BUILD/, as a decoder with MeshoptDecoder's interface. */
async function roomfitDecoder(build) {
  const dir = new URL(`www/pkg/${build}/`, root);
  const glue = await import(new URL('roomfit.js', dir).href);
  glue.initSync({ module: readFileSync(new URL('roomfit_bg.wasm', dir)) });
  return {
    simd: glue.meshoptSimd(),
    decodeGltfBuffer(target, count, stride, source, mode, filter) {
      glue.meshoptDecode(target, source, MODES.indexOf(mode), FILTERS.indexOf(filter), count, stride);
    },
  };
}

/** Throws unless `decoder` decodes every view exactly as MeshoptDecoder does. */
function checkAgainstMeshoptDecoder(label, decoder) {
  for (const [i, v] of views.entries()) {
    const want = new Uint8Array(v.count * v.stride);
    MeshoptDecoder.decodeGltfBuffer(want, v.count, v.stride, v.source, v.mode, v.filter);
    const got = new Uint8Array(v.count * v.stride);
    decoder.decodeGltfBuffer(got, v.count, v.stride, v.source, v.mode, v.filter);
    if (Buffer.compare(want, got) !== 0) throw new Error(`${label}: view ${i} (${v.mode} ${v.filter}) decodes differently`);
  }
}

/** Median CPU seconds per pass, by group of views, filled in by `bench`. */
const results = new Map();

/** The groups of views timed: all, each mode, and each mode with each filter it uses. */
const groups = [{ name: 'all views', test: () => true }];
for (const mode of [...new Set(views.map((v) => v.mode))].sort()) {
  groups.push({ name: `${mode} views`, test: (v) => v.mode === mode });
  const filters = [...new Set(views.filter((v) => v.mode === mode).map((v) => v.filter))].sort();
  if (filters.length > 1) {
    for (const filter of filters) {
      groups.push({ name: `${mode} ${filter} views`, test: (v) => v.mode === mode && v.filter === filter });
    }
  }
}

function bench(label, decoder, group) {
  const selected = views.filter(group.test);
  const bytes = selected.reduce((n, v) => n + v.count * v.stride, 0);
  // Each view decodes into a fresh array, as roomfit allocates a fresh Vec per view.
  const pass = () => {
    let sum = 0;
    for (const v of selected) {
      const target = new Uint8Array(v.count * v.stride);
      decoder.decodeGltfBuffer(target, v.count, v.stride, v.source, v.mode, v.filter);
      sum += target[target.length >> 1];
    }
    return sum;
  };
  for (let i = 0; i < 20; i++) pass();
  const wall = [];
  const cpu = [];
  for (let s = 0; s < 15; s++) {
    const rounds = 50;
    const [start, cpuStart] = [process.hrtime.bigint(), cpuSeconds()];
    for (let i = 0; i < rounds; i++) pass();
    wall.push(Number(process.hrtime.bigint() - start) / 1e9 / rounds);
    cpu.push((cpuSeconds() - cpuStart) / rounds);
  }
  const median = (t) => t.sort((a, b) => a - b)[t.length >> 1];
  const mbs = (t) => (bytes / t / 1e6).toFixed(1);
  const [c, w] = [median(cpu), median(wall)];
  results.set(`${label}|${group.name}`, { cpu: c, wall: w });
  const base = results.get(`${MESHOPT}|${group.name}`);
  const ratio = base && label.startsWith('roomfit')
    ? `; ${(base.cpu / c).toFixed(2)}× MeshoptDecoder's speed by CPU time, ${(base.wall / w).toFixed(2)}× by wall time`
    : '';
  console.log(
    `${label}, ${group.name} (${selected.length}, ${bytes} bytes): ${mbs(c)} MB/s by CPU time, ${mbs(w)} MB/s by wall time (medians; ${(c * 1e3).toFixed(3)} ms CPU per pass)${ratio}`,
  );
}

/** On-CPU time of this (the main) thread in seconds, from Linux `schedstat`, as the Rust side. */
function cpuSeconds() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e9;
  } catch {
    return Number(process.hrtime.bigint()) / 1e9;
  }
}

await MeshoptDecoder.ready;
console.log(`node ${process.version}; MeshoptDecoder.supported = ${MeshoptDecoder.supported}`);
const MESHOPT = 'meshoptimizer MeshoptDecoder (npm, WebAssembly)';
const decoders = [[MESHOPT, MeshoptDecoder]];
for (const build of ['webgpu', 'webgl']) {
  try {
    const d = await roomfitDecoder(build);
    decoders.push([`roomfit (wasm, www/pkg/${build}, ${d.simd ? 'SIMD' : 'no SIMD'})`, d]);
  } catch (e) {
    console.log(`roomfit www/pkg/${build}: not benchmarked (${e.message}); run make wasm first`);
  }
}
decoders.push(['meshoptimizer reference decoder (pure JavaScript)', ReferenceDecoder]);
for (const [label, decoder] of decoders) checkAgainstMeshoptDecoder(label, decoder);
console.log(`every decoder's output equals MeshoptDecoder's on all ${views.length} views`);
for (const group of groups) {
  for (const [label, decoder] of decoders) bench(label, decoder, group);
}
