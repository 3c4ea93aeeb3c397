// Decoding speed of meshoptimizer's own JavaScript decoders on the compressed buffer views of
// tests/meshopt/*.meshopt.glb: the same views and passes as roomfit's native
// benchmark (the ignored test `decode_throughput` in tests/meshopt.rs), so the two can be
// compared.
//
//   node www/bench/meshopt-bench.mjs [--rounds N] [--builds B,...]
//     N interleaved rounds per group (21 if not given); B: builds in www/pkg/ (webgpu-room,webgl
//     if not given; a copy of an older build, e.g. www/pkg/before, compares two versions)
//   cargo test --release --test meshopt -- --ignored --nocapture
//
// Rows: roomfit's own decoder as it ships, compiled to WebAssembly (www/pkg/webgpu-room, built
// with WebAssembly SIMD, and www/pkg/webgl, without; `make wasm` builds both; the first-frame
// build www/pkg/webgpu has no meshopt decoder), `MeshoptDecoder` (the
// npm package's WebAssembly build, with SIMD where the runtime has it, as three.js and Babylon.js
// use it) and meshoptimizer's pure-JavaScript reference decoder, all in this one Node process on
// the same views. Both WebAssembly decoders are called the same way, from a small JavaScript
// wrapper over exports that take integers only: the compressed bytes are copied into the
// module's memory (one `set`), decoded there, and the result copied into the caller's array
// (one `set`); roomfit's wrapper is www/bench/roomfit-meshopt.mjs, `meshoptDecode(target,
// source, mode, filter, count, stride)` with the mode and filter as numbers. Views are timed
// all together, by mode, and by filter within a mode, in interleaved rounds (see `bench`).
// Each roomfit row ends with its ratios to MeshoptDecoder (> 1: roomfit is faster): of the
// total thread CPU times, and the medians over the rounds by process CPU time and by wall time.
// Then the same on large views made from the fixtures (see `large` at the end): attributes as
// version 0 and version 1 streams, and triangle lists with 2- and 4-byte indices.
// Before timing, every decoder's output is checked byte for byte against MeshoptDecoder's.
// MB/s are of decoded output (10^6 bytes per second), by the main thread's CPU time (Linux
// schedstat, so that other load on the machine distorts less) and by wall time.
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { MeshoptDecoder, MeshoptEncoder } from 'meshoptimizer';
import { roomfitMeshopt } from './roomfit-meshopt.mjs';

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
  const decoder = roomfitMeshopt(glue);
  return {
    simd: decoder.simd,
    decodeGltfBuffer(target, count, stride, source, mode, filter) {
      decoder.meshoptDecode(target, source, MODES.indexOf(mode), FILTERS.indexOf(filter), count, stride);
    },
  };
}

/** Throws unless `decoder` decodes every view exactly as MeshoptDecoder does. */
function checkAgainstMeshoptDecoder(label, decoder, views) {
  for (const [i, v] of views.entries()) {
    const want = new Uint8Array(v.count * v.stride);
    MeshoptDecoder.decodeGltfBuffer(want, v.count, v.stride, v.source, v.mode, v.filter);
    const got = new Uint8Array(v.count * v.stride);
    decoder.decodeGltfBuffer(got, v.count, v.stride, v.source, v.mode, v.filter);
    if (Buffer.compare(want, got) !== 0) throw new Error(`${label}: view ${i} (${v.mode} ${v.filter}) decodes differently`);
  }
}

/** CPU and wall seconds per pass, by decoder and group of views, filled in by `bench`. */
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

function bench(group, views, decoders) {
  const selected = views.filter(group.test);
  const bytes = selected.reduce((n, v) => n + v.count * v.stride, 0);
  // Each view decodes into a fresh array, as roomfit allocates a fresh Vec per view.
  const passOf = (decoder) => () => {
    let sum = 0;
    for (const v of selected) {
      const target = new Uint8Array(v.count * v.stride);
      decoder.decodeGltfBuffer(target, v.count, v.stride, v.source, v.mode, v.filter);
      sum += target[target.length >> 1];
    }
    return sum;
  };
  // Rounds, interleaved: in each round every decoder runs the same number of passes it was
  // given (enough for about 50 ms, and at least `group.leastPasses`), one decoder after the other, the order reversed every other
  // round, so that other load on the machine and V8's state fall on all of them alike. Per
  // decoder: the main thread's CPU time per pass over all rounds (Linux schedstat, which
  // advances in scheduler ticks, 4 ms here: an error of one tick per round) and the median wall
  // time per pass. Per roomfit build, the median over the rounds of that round's ratio to
  // MeshoptDecoder, which one slow round does not move: by the process's CPU time
  // (`process.cpuUsage()`, getrusage: microseconds, but all of Node's threads, so V8's
  // background GC too) and by wall time.
  const runs = decoders.map(([label, decoder]) => {
    const pass = passOf(decoder);
    for (let i = 0; i < 20; i++) pass();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) pass();
    const perPass = Number(process.hrtime.bigint() - t0) / 1e9 / 20;
    // At least 20 passes per round for the small fixture views, 2 for the large ones.
    const least = group.leastPasses ?? 20;
    return { label, pass, passes: Math.max(least, Math.ceil(0.05 / perPass)), wall: [], cpu: [], usage: [] };
  });
  for (let r = 0; r < ROUNDS; r++) {
    for (const run of r % 2 ? [...runs].reverse() : runs) {
      const [start, cpuStart, usageStart] = [process.hrtime.bigint(), cpuSeconds(), process.cpuUsage()];
      for (let i = 0; i < run.passes; i++) run.pass();
      const usage = process.cpuUsage(usageStart);
      run.usage.push((usage.user + usage.system) / 1e6 / run.passes);
      run.cpu.push((cpuSeconds() - cpuStart) / run.passes);
      run.wall.push(Number(process.hrtime.bigint() - start) / 1e9 / run.passes);
    }
  }
  const median = (t) => [...t].sort((a, b) => a - b)[t.length >> 1];
  const mbs = (t) => (bytes / t / 1e6).toFixed(1);
  const base = runs[0];
  for (const run of runs) {
    const [c, w] = [run.cpu.reduce((a, b) => a + b, 0) / ROUNDS, median(run.wall)];
    results.set(`${run.label}|${group.name}`, { cpu: c, wall: w });
    const ratio = run.label.startsWith('roomfit')
      ? `; ${(base.cpu.reduce((a, b) => a + b, 0) / ROUNDS / c).toFixed(2)}× MeshoptDecoder's speed by total thread CPU time;` +
        ` median per-round ratio ${median(run.usage.map((t, i) => base.usage[i] / t)).toFixed(2)}× by process CPU time,` +
        ` ${median(run.wall.map((t, i) => base.wall[i] / t)).toFixed(2)}× by wall time (${ROUNDS} rounds)`
      : '';
    console.log(
      `${run.label}, ${group.name} (${selected.length}, ${bytes} bytes): ${mbs(c)} MB/s by CPU time, ${mbs(w)} MB/s by wall time (mean CPU, median wall; ${(c * 1e3).toFixed(4)} ms CPU per pass)${ratio}`,
    );
  }
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
/** Interleaved rounds per group of views (`--rounds N`). */
const ROUNDS = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 21;
const decoders = [[MESHOPT, MeshoptDecoder]];
/** The roomfit builds in www/pkg/ to time (`--builds a,b`; e.g. a copy of an older build, to compare). */
const at = process.argv.indexOf('--builds');
const builds = at > 0 ? process.argv[at + 1].split(',') : ['webgpu-room', 'webgl'];
for (const build of builds) {
  try {
    const d = await roomfitDecoder(build);
    decoders.push([`roomfit (wasm, www/pkg/${build}, ${d.simd ? 'SIMD' : 'no SIMD'})`, d]);
  } catch (e) {
    console.log(`roomfit www/pkg/${build}: not benchmarked (${e.message}); run make wasm first`);
  }
}
const fast = [...decoders];
decoders.push(['meshoptimizer reference decoder (pure JavaScript)', ReferenceDecoder]);
for (const [label, decoder] of decoders) checkAgainstMeshoptDecoder(label, decoder, views);
console.log(`every decoder's output equals MeshoptDecoder's on all ${views.length} views`);
for (const group of groups) bench(group, views, decoders);

// Large views: the fixture views above are small (4.6 kB decoded on average), so a call's fixed
// costs weigh in them. Here every fixture view of 300 elements or more is decoded, repeated
// to about 1 MB, and encoded again with meshoptimizer's encoder: attributes as version 0
// (EXT_meshopt_compression) and version 1 (KHR_meshopt_compression) streams, at its default
// level 2, without a filter; triangle lists (the fixtures' meshes repeated, each copy's indices
// after the previous copy's vertices) with 4-byte indices, and with 2-byte ones up to 65,536
// vertices. The pure-JavaScript decoder is left out (too slow for many rounds).
await MeshoptEncoder.ready;
const large = [];
for (const v of views) {
  if (v.count < 300 || (v.mode !== 'ATTRIBUTES' && v.mode !== 'TRIANGLES')) continue;
  const raw = new Uint8Array(v.count * v.stride);
  MeshoptDecoder.decodeGltfBuffer(raw, v.count, v.stride, v.source, v.mode, 'NONE');
  if (v.mode === 'ATTRIBUTES') {
    const copies = Math.ceil((1 << 20) / raw.length);
    const big = new Uint8Array(raw.length * copies);
    for (let c = 0; c < copies; c++) big.set(raw, c * raw.length);
    const count = v.count * copies;
    for (const version of [0, 1]) {
      const source = MeshoptEncoder.encodeVertexBufferLevel(big, count, v.stride, 2, version);
      large.push({ mode: 'ATTRIBUTES', filter: 'NONE', count, stride: v.stride, source, group: `large ATTRIBUTES version ${version} views` });
    }
  } else {
    const indices = v.stride === 2 ? new Uint16Array(raw.buffer) : new Uint32Array(raw.buffer);
    const vertices = indices.reduce((m, i) => Math.max(m, i), 0) + 1;
    for (const stride of [2, 4]) {
      const copies = stride === 2 ? Math.floor(65536 / vertices) : Math.ceil(300000 / indices.length);
      const big = new (stride === 2 ? Uint16Array : Uint32Array)(indices.length * copies);
      for (let c = 0; c < copies; c++) for (let i = 0; i < indices.length; i++) big[c * indices.length + i] = indices[i] + c * vertices;
      const source = MeshoptEncoder.encodeGltfBuffer(new Uint8Array(big.buffer), big.length, stride, 'TRIANGLES');
      large.push({ mode: 'TRIANGLES', filter: 'NONE', count: big.length, stride, source, group: `large TRIANGLES ${stride}-byte views` });
    }
  }
}
for (const [label, decoder] of fast) checkAgainstMeshoptDecoder(label, decoder, large);
console.log(`every decoder's output equals MeshoptDecoder's on all ${large.length} large views`);
for (const name of [...new Set(large.map((v) => v.group))].sort()) bench({ name, test: (v) => v.group === name, leastPasses: 2 }, large, fast);
