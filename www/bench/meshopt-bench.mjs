// Decoding speed of meshoptimizer's own JavaScript decoders on the compressed buffer views of
// tests/meshopt/*.meshopt.glb: the same views, passes and statistics as roomfit's native
// benchmark (the ignored test `decode_throughput` in tests/meshopt.rs), so the two can be
// compared.
//
//   node www/bench/meshopt-bench.mjs
//   cargo test --release --test meshopt -- --ignored --nocapture
//
// Rows: `MeshoptDecoder` (the npm package's WebAssembly build, with SIMD where the runtime has
// it, as three.js and Babylon.js use it) and meshoptimizer's pure-JavaScript reference decoder.
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

function bench(label, decoder, mode) {
  const selected = views.filter((v) => !mode || v.mode === mode);
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
  console.log(
    `${label}, ${mode ? `${mode} views` : 'all views'}: ${mbs(median(cpu))} MB/s by CPU time, ${mbs(median(wall))} MB/s by wall time (medians; ${(median(cpu) * 1e3).toFixed(3)} ms CPU per pass)`,
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
for (const [label, decoder] of [
  ['meshoptimizer MeshoptDecoder (npm, WebAssembly)', MeshoptDecoder],
  ['meshoptimizer reference decoder (pure JavaScript)', ReferenceDecoder],
]) {
  for (const mode of [null, 'ATTRIBUTES', 'TRIANGLES']) bench(label, decoder, mode);
}
