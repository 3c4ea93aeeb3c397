// WebXR AR speed (issue 6, "Speed"): the CPU time per XR frame in iwer's emulated immersive-ar
// session (@iwer/sem living room), inside the wasm ArSession.frame() call and for the whole XR
// frame callback of www/ar/webxr.js (hit test, input, anchors, frame()), with 0 (the baseline:
// the reticle only), 1 and 5 placed items, and the bytes fetched when AR starts, in the shipped
// webgl-ar build (www/pkg/webgl-ar/, scripts/build-wasm.sh webgl-ar). `make bench-xr`, or:
//
//   node www/bench/xr-bench.mjs [--frames N] [--runs N] [--size WxH]
//
// Per run: a fresh headless Chromium (SwiftShader, TOOLCHAIN.md flags) opens www/bench/xr.html,
// which loads nothing of roomfit until AR starts; every response body between the start and the
// session running with the sofa's model loaded is counted (Playwright's request sizes). Each file is also brotli-compressed here at quality 11 (what a server with brotli would
// send; roomfit serve and this static server send files as they are). Then it measures --frames
// frames with 0 items, places 1, measures, places 5, measures. Items are placed the shopper's
// way: the product picked in the overlay's drawer, the head turned until the reticle is on the
// floor, a tap (the emulated controller's trigger). frame() covers scene building, the
// renderer's passes, the markers, the composite into the layer and the GL calls (WebGL runs them
// in the call); it does not include the GPU process's rasterisation. Prints median and p95 per
// count with the ratio to the 0-item baseline of the same run, and the load average; each count
// is measured with occlusion by real depth on (the default: iwer's cpu-optimized depth maps
// handed to the wasm and primed into the depth buffer) and then off (no depth map handed over:
// the frame as before occlusion), with the on / off ratio of the medians; writes
// www/bench/xr-results.json.

import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

import { launchBrowser, repoRoot } from '../tests/harness.mjs';
import { staticServer } from '../tests/static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = repoRoot;

function parseArgs(argv) {
  const o = { frames: 300, runs: 1, size: '360x640' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--frames') o.frames = Number(next());
    else if (a === '--runs') o.runs = Number(next());
    else if (a === '--size') o.size = next();
    else if (a === '--help' || a === '-h') {
      console.log('usage: node www/bench/xr-bench.mjs [--frames N] [--runs N] [--size WxH]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  // webxr.js keeps the last 600 frame times.
  if (!(Number.isInteger(o.frames) && o.frames >= 10 && o.frames <= 600)) throw new Error('--frames must be a whole number from 10 to 600');
  if (!(Number.isInteger(o.runs) && o.runs >= 1)) throw new Error('--runs must be a whole number >= 1');
  const m = /^(\d+)x(\d+)$/.exec(o.size);
  if (!m) throw new Error('--size is WIDTHxHEIGHT');
  o.viewport = { width: Number(m[1]), height: Number(m[2]) };
  return o;
}

function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, median: +quantile(s, 0.5).toFixed(2), p95: +quantile(s, 0.95).toFixed(2) };
};
const brotli = (file) => brotliCompressSync(readFileSync(path.join(root, file)), {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
}).length;

const o = parseArgs(process.argv.slice(2));
const counts = [0, 1, 5];
const kinds = ['wasm', 'callback'];
const all = Object.fromEntries(kinds.map((k) => [k, Object.fromEntries(counts.map((c) => [c, []]))]));
const ratios = Object.fromEntries(kinds.map((k) => [k, Object.fromEntries(counts.map((c) => [c, []]))]));
const allOff = Object.fromEntries(kinds.map((k) => [k, Object.fromEntries(counts.map((c) => [c, []]))]));
const ratiosOff = Object.fromEntries(kinds.map((k) => [k, Object.fromEntries(counts.map((c) => [c, []]))]));
let depthUsage = null;
const load = { before: os.loadavg().map((l) => +l.toFixed(2)) };
let download = null;
for (let run = 0; run < o.runs; run++) {
  const server = await staticServer({ mounts: { '/': repoRoot } });
  const browser = await launchBrowser('webgpu', { viewport: o.viewport });
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(`${server.url}www/bench/xr.html`);
    await page.waitForFunction(() => window.__ready === true);
    // Every response body from here until AR runs with the sofa's model loaded.
    const sent = new Map();
    const count = async (request) => {
      const file = new URL(request.url()).pathname.slice(1);
      const sizes = await request.sizes().catch(() => null);
      if (sizes) sent.set(file, (sent.get(file) ?? 0) + sizes.responseBodySize);
    };
    page.on('requestfinished', count);
    const started = await page.evaluate(() => window.__bench.start());
    page.off('requestfinished', count);
    if (!started.loaded) throw new Error('the sofa model did not load');
    const files = [...sent]
      .map(([file, bytes]) => ({ file, bytes }))
      .filter((f) => f.bytes > 0)
      .map((f) => ({ ...f, brotli: brotli(f.file) }));
    download ??= {
      files,
      total: files.reduce((s, f) => s + f.bytes, 0),
      totalBrotli: files.reduce((s, f) => s + f.brotli, 0),
      code: files.filter((f) => !f.file.startsWith('models/')).reduce((s, f) => s + f.brotli, 0),
    };
    const medians = { wasm: {}, callback: {} };
    const mediansOff = { wasm: {}, callback: {} };
    for (const c of counts) {
      const placed = await page.evaluate((n) => window.__bench.place(n), c);
      if (placed !== c) throw new Error(`${placed} items placed, wanted ${c}`);
      // Occlusion by real depth on (the default) then off, the same frames count each.
      for (const on of [true, false]) {
        const state = await page.evaluate((on) => window.__bench.occlusion(on), on);
        if (state.on !== on) throw new Error(`occlusion did not switch ${on ? 'on' : 'off'}`);
        depthUsage = state.depth;
        const times = await page.evaluate((n) => window.__bench.measure(n), o.frames);
        for (const k of kinds) {
          if (times[k].length !== o.frames) throw new Error(`${times[k].length} ${k} times, wanted ${o.frames}`);
          (on ? all : allOff)[k][c].push(...times[k]);
          (on ? medians : mediansOff)[k][c] = stats(times[k]).median;
        }
      }
      await page.evaluate(() => window.__bench.occlusion(true));
    }
    for (const k of kinds) {
      for (const c of counts) {
        ratios[k][c].push(medians[k][c] / medians[k][0]);
        ratiosOff[k][c].push(medians[k][c] / mediansOff[k][c]);
      }
    }
    await page.evaluate(() => window.__bench.end());
  } finally {
    await browser.close();
    await server.stop();
  }
}

load.after = os.loadavg().map((l) => +l.toFixed(2));
const table = (k) => Object.fromEntries(counts.map((c) => [`${c} items`, {
  ...stats(all[k][c]),
  ratioToEmpty: +stats(ratios[k][c]).median.toFixed(2),
  occlusionOff: stats(allOff[k][c]),
  ratioToOcclusionOff: +stats(ratiosOff[k][c]).median.toFixed(2),
}]));
const result = {
  layer: o.size,
  frames: o.frames,
  runs: o.runs,
  cpus: os.cpus().length,
  loadAverage: load,
  depthSensing: depthUsage,
  frameMs: table('wasm'),
  callbackMs: table('callback'),
  download,
};
console.log('WebXR AR, emulated session (iwer metaQuest3 + @iwer/sem living_room), SwiftShader');
console.log(`depth sensing: ${depthUsage ?? 'none'}; occlusion by real depth on, then off, ${o.frames} frames each`);
console.log(`layer ${o.size}, ${o.frames} frames per item count x ${o.runs} run(s); ${result.cpus} CPUs, load average ${load.before.join(' ')} before, ${load.after.join(' ')} after`);
for (const [k, label] of [['frameMs', 'CPU time per XR frame inside ArSession.frame()'], ['callbackMs', 'the whole XR frame callback']]) {
  console.log(`${label}:`);
  for (const c of counts) {
    const r = result[k][`${c} items`];
    console.log(`  ${c} item(s): median ${r.median} ms, p95 ${r.p95} ms (x${r.ratioToEmpty} the empty session's median); `
      + `occlusion off: median ${r.occlusionOff.median} ms, p95 ${r.occlusionOff.p95} ms (on / off: x${r.ratioToOcclusionOff})`);
  }
}
console.log('Fetched when AR starts (as served / brotli -q 11):');
for (const f of download.files) console.log(`  ${f.file}: ${f.bytes} B / ${f.brotli} B`);
console.log(`  total: ${download.total} B / ${download.totalBrotli} B (code only: ${download.code} B brotli)`);
writeFileSync(path.join(here, 'xr-results.json'), `${JSON.stringify(result, null, 2)}\n`);
