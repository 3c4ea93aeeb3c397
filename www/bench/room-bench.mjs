// The room view's CPU time per frame with 1, 10 and 30 placed items while the camera orbits
// (issue 5, "Speed"). `make bench-room`, or:
//
//   node www/bench/room-bench.mjs [--runs N] [--frames N] [--items 1,10,30] [--mode webgpu|webgl]
//
// Starts the demo server, then for each run and each item count (the order of counts rotates
// from run to run) opens www/bench/room.html in a fresh headless Chromium (the WebGPU flags of
// /work/shared/TOOLCHAIN.md; --mode webgl leaves WebGPU out so the WebGL2 build runs), places
// that many floor products from the sample catalog (all models cached by URL, so 30 items
// share 8 models), deselects, waits 1 s, then orbits one keyboard step per animation frame
// until the viewer has drawn --frames frames. Per drawn frame it records:
// - the CPU time of the wasm Viewer.frame() call (performance.now() around it: scene building,
//   uniforms, command encoding and submit; the GPU runs later in the GPU process), and
// - over the whole orbit, the renderer main thread's CPU time (CDP Performance.getMetrics
//   ThreadTime) divided by the frames drawn: everything the page's thread spent per frame.
// Prints median and p95 of frame() over all runs, the thread time per frame, and each count's
// ratio to the 1-item room measured in the same run. Writes www/bench/room-results.json.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchBrowser, startServer } from '../tests/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = { runs: 3, frames: 200, items: [1, 10, 30], mode: 'webgpu', settleMs: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--runs') o.runs = Number(next());
    else if (a === '--frames') o.frames = Number(next());
    else if (a === '--items') o.items = next().split(',').map(Number);
    else if (a === '--mode') o.mode = next();
    else if (a === '--help' || a === '-h') {
      console.log('usage: node www/bench/room-bench.mjs [--runs N] [--frames N] [--items 1,10,30] [--mode webgpu|webgl]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!(Number.isInteger(o.runs) && o.runs >= 1)) throw new Error('--runs must be a whole number >= 1');
  if (!(Number.isInteger(o.frames) && o.frames >= 10)) throw new Error('--frames must be a whole number >= 10');
  if (!o.items.every((n) => Number.isInteger(n) && n >= 1 && n <= 100)) throw new Error('--items: whole numbers 1..100');
  if (!['webgpu', 'webgl'].includes(o.mode)) throw new Error('--mode is webgpu or webgl');
  return o;
}

function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function measure(server, o, n) {
  const browser = await launchBrowser(o.mode, { viewport: { width: 800, height: 600 } });
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(new URL('bench/room.html', server.url).href);
    const placed = await page.evaluate((count) => window.roomBench.fill(count), n);
    if (placed !== n) throw new Error(`placed ${placed} of ${n} items`);
    const backend = await page.evaluate(() => document.getElementById('room').backend);
    await sleep(o.settleMs);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? NaN;
    const thread0 = await metric('ThreadTime');
    const samples = await page.evaluate((frames) => window.roomBench.orbit(frames), o.frames);
    const thread1 = await metric('ThreadTime');
    if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);
    return { items: n, backend, samples, threadPerFrameMs: ((thread1 - thread0) * 1000) / samples.length };
  } finally {
    await browser.close();
  }
}

const o = parseArgs(process.argv.slice(2));
const server = await startServer();
const results = [];
try {
  for (let run = 0; run < o.runs; run++) {
    const order = o.items.map((_, i) => o.items[(i + run) % o.items.length]);
    for (const n of order) {
      // A headless Chromium on a loaded machine sometimes loses its page (seen once in nine
      // measurements); measure once more rather than lose the run, and say so.
      const r = await measure(server, o, n).catch((e) => {
        console.error(`run ${run + 1}, ${n} items: measurement failed (${e.message.split('\n')[0]}); retrying once`);
        return measure(server, o, n);
      });
      const s = [...r.samples].sort((a, b) => a - b);
      console.error(
        `run ${run + 1}/${o.runs}, ${n} items (${r.backend}): frame() median ${quantile(s, 0.5).toFixed(2)} ms, ` +
          `p95 ${quantile(s, 0.95).toFixed(2)} ms, thread ${r.threadPerFrameMs.toFixed(2)} ms/frame`,
      );
      results.push({ run, ...r });
    }
  }
} finally {
  await server.stop();
}

const summary = o.items.map((n) => {
  const mine = results.filter((r) => r.items === n);
  const all = mine.flatMap((r) => r.samples).sort((a, b) => a - b);
  const threads = mine.map((r) => r.threadPerFrameMs).sort((a, b) => a - b);
  // Ratio to the 1-item room of the same run, then the median over runs.
  const ratios = mine
    .map((r) => {
      const base = results.find((b) => b.run === r.run && b.items === o.items[0]);
      const med = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);
      return med(r.samples) / med(base.samples);
    })
    .sort((a, b) => a - b);
  return {
    items: n,
    frames: all.length,
    frameMedianMs: quantile(all, 0.5),
    frameP95Ms: quantile(all, 0.95),
    threadPerFrameMs: quantile(threads, 0.5),
    ratioToFirst: quantile(ratios, 0.5),
  };
});

console.log(`\nroom view, ${o.mode} build, ${o.runs} run(s) × ${o.frames} orbiting frames per item count (800×600 CSS px, DPR 1)`);
console.log('items | frame() median | frame() p95 | thread CPU / frame (median of runs) | median vs ' + o.items[0] + ' item(s)');
for (const s of summary) {
  console.log(
    `${String(s.items).padStart(5)} | ${s.frameMedianMs.toFixed(2).padStart(11)} ms | ${s.frameP95Ms.toFixed(2).padStart(8)} ms | ` +
      `${s.threadPerFrameMs.toFixed(2).padStart(30)} ms | ${s.ratioToFirst.toFixed(2).padStart(6)}×`,
  );
}
writeFileSync(path.join(here, 'room-results.json'), JSON.stringify({ options: o, summary, results }, null, 1));
