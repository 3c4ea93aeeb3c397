// roomfit vs <model-viewer>: the "Speed" benchmark of issue 4 (what `make bench` runs).
//
//   node www/bench/run.mjs [--runs N] [--orbit SECONDS] [--min-frames N] [--model FILE.glb]
//                          [--mv-shadow] [--mv-auto-rotate] [--roomfit-late-src] [--cold]
//                          [--no-trace] [--viewers roomfit,model-viewer] [--dpr N]
//
// Starts the demo server (www/ at /, models/ at /models/), then for each run i < N measures both
// viewers, roomfit first on even runs and model-viewer first on odd ones. Every measurement gets
// its own headless Chromium (fresh temporary profile: no HTTP cache, no wasm code cache, no shader
// cache) with the WebGPU flags of /work/shared/TOOLCHAIN.md; roomfit runs its WebGPU build.
// Before the measured page, a throw-away context opens warmup.html, which starts WebGL2 and
// WebGPU in the GPU process (unless --cold); the measured page then opens in a new context.
//
// Per measurement:
// - bytes before the first frame: Resource Timing entries of the page whose responseEnd is before
//   the first-frame mark, transferSize (headers + body; the server does not compress), split by
//   URL into code (.js/.mjs/.wasm), model (/models/, .glb/.gltf/.bin, images), and the bench
//   page + bench.js (not counted: the same for both). Cross-checked with CDP
//   Network.loadingFinished encodedDataLength of the same URLs. The brotli size of the code is
//   computed here from the same files (zlib brotliCompressSync, quality 11, text mode for JS).
// - first frame: bench.ready's firstFrame: performance.now() (ms since navigation start) in the
//   first animation frame after (1) the viewer said the model is drawn and visible (its `load`
//   event; see the two pages for what each viewer's signal means) and (2) the GPU finished all
//   work submitted by then (a WebGPU onSubmittedWorkDone / WebGL2 fence, see bench.js). Without
//   (2), a viewer whose draw calls are queued but not yet executed would look done: on SwiftShader
//   model-viewer's GPU work after its `load` event takes seconds.
//   Also (unless --no-trace) the renderer main thread's CPU time from navigation until the viewer
//   said the model is drawn, from a Chrome trace (category toplevel: the thread CPU time, tdur,
//   of each task); not until the first frame, since waiting for the GPU polls a WebGL fence.
// - CPU per frame while orbiting: after the first frame and a 1 s settle, CDP Performance.getMetrics
//   before and after bench.orbit(SECONDS, MIN_FRAMES), which moves the camera every animation
//   frame for at least SECONDS and at least MIN_FRAMES drawn frames. The renderer main thread's
//   CPU time (ThreadTime, thread CPU clock), its task time (TaskDuration, wall clock while running
//   tasks, which includes waiting for the GPU process and being descheduled on a loaded machine)
//   and ScriptDuration, each divided by the frames the viewer drew in the window.
//
// Options: --mv-shadow gives model-viewer shadow-intensity="1" (a baked contact shadow, as roomfit
// always draws; its default is no shadow). --mv-auto-rotate orbits model-viewer with its own
// auto-rotate instead of setting cameraOrbit every frame. --roomfit-late-src sets roomfit's src attribute only
// after the element is defined (by default the element is in the page first, as in the README).
// --cold skips the warm-up. --viewers roomfit,model-viewer picks the viewers. --dpr N gives the
// page a device pixel ratio of N (default 1; phones have 2 to 3): both viewers draw N² as many
// pixels. Both viewers lower their resolution while frames are slow (model-viewer's render scale,
// roomfit's adaptive resolution): the table's last row says how many pixels each drew per frame.
//
// Prints medians side by side with roomfit / model-viewer ratios and the issue's goals; writes
// every run and the medians to www/bench/results.json (gitignored).

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { chromium } from 'playwright-core';

import { coverage, decodePng, repoRoot, startServer } from '../tests/harness.mjs';
import { vendor } from './vendor.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const o = {
    runs: 7,
    orbit: 5,
    minFrames: 30,
    maxOrbit: 90,
    model: 'oslo-sofa.glb',
    mvShadow: false,
    mvAutoRotate: false,
    roomfitLateSrc: false,
    cold: false,
    trace: true,
    viewers: ['roomfit', 'model-viewer'],
    settleMs: 1000,
    dpr: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--runs') o.runs = Number(next());
    else if (a === '--orbit') o.orbit = Number(next());
    else if (a === '--min-frames') o.minFrames = Number(next());
    else if (a === '--model') o.model = next();
    else if (a === '--mv-shadow') o.mvShadow = true;
    else if (a === '--mv-auto-rotate') o.mvAutoRotate = true;
    else if (a === '--roomfit-late-src') o.roomfitLateSrc = true;
    else if (a === '--cold') o.cold = true;
    else if (a === '--no-trace') o.trace = false;
    else if (a === '--viewers') o.viewers = next().split(',');
    else if (a === '--dpr') o.dpr = Number(next());
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n\n')[0].replace(/^\/\/ ?/gm, ''));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  if (!(Number.isInteger(o.runs) && o.runs >= 1)) throw new Error('--runs must be a whole number >= 1');
  if (!(o.orbit > 0)) throw new Error('--orbit must be > 0 seconds');
  if (!(o.dpr >= 1 && o.dpr <= 4)) throw new Error('--dpr must be from 1 to 4');
  if (!(Number.isInteger(o.minFrames) && o.minFrames >= 0)) throw new Error('--min-frames must be a whole number >= 0');
  if (!o.viewers.length || o.viewers.some((v) => v !== 'roomfit' && v !== 'model-viewer')) {
    throw new Error('--viewers takes roomfit and/or model-viewer, comma-separated');
  }
  if (!/^[\w.-]+\.glb$/i.test(o.model)) throw new Error('--model must be a .glb file name in models/');
  return o;
}

// ---------------------------------------------------------------------------------------------
// Chromium (flags from /work/shared/TOOLCHAIN.md; the same as www/tests/harness.mjs, plus WebGPU)

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

function chromiumEnv() {
  const env = { ...process.env };
  if (!env.XDG_RUNTIME_DIR) env.XDG_RUNTIME_DIR = path.join(os.tmpdir(), `roomfit-xdg-runtime-${process.getuid?.() ?? 'user'}`);
  mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
  return env;
}

const VIEWPORT = { width: 800, height: 600 };

// ---------------------------------------------------------------------------------------------
// Helpers

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

function classify(url, origin) {
  const u = new URL(url);
  if (u.origin !== origin) return 'external';
  const p = u.pathname;
  if (/^\/bench\/[^/]*\.html$/.test(p) || p === '/bench/bench.js') return 'bench';
  if (p.startsWith('/models/') || /\.(glb|gltf|bin|png|jpe?g|webp|ktx2|hdr|exr)$/i.test(p)) return 'model';
  if (/\.(m?js|wasm)$/i.test(p)) return 'code';
  return 'other';
}

/** The file on disk the server sent for a same-origin URL. */
function fileFor(url) {
  const p = decodeURIComponent(new URL(url).pathname);
  if (p.startsWith('/models/')) return path.join(repoRoot, 'models', p.slice('/models/'.length));
  return path.join(repoRoot, 'www', p.slice(1));
}

const brotliCache = new Map();
function brotliSize(file) {
  if (!brotliCache.has(file)) {
    const data = readFileSync(file);
    const mode = /\.(m?js|html|css|json)$/i.test(file) ? zlibConstants.BROTLI_MODE_TEXT : zlibConstants.BROTLI_MODE_GENERIC;
    const out = brotliCompressSync(data, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
        [zlibConstants.BROTLI_PARAM_MODE]: mode,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    brotliCache.set(file, { raw: data.length, brotli: out.length });
  }
  return brotliCache.get(file);
}

const TRACE_CATEGORIES = ['toplevel', 'blink.user_timing', '__metadata'];

/**
 * The CPU time (ms) of the tasks the page's renderer main thread ran between navigation start and
 * bench.js's 'bench-signal' mark (made at `signalMs`), from a trace. Tasks that straddle an end
 * of the window count in proportion to their overlap.
 */
function mainThreadCpuBefore(traceBuffer, signalMs) {
  const events = JSON.parse(traceBuffer.toString('utf8')).traceEvents ?? [];
  const mark = events.find((e) => e.name === 'bench-signal');
  if (!mark) return null;
  const end = mark.ts;
  const start = end - signalMs * 1000;
  let cpu = 0;
  for (const e of events) {
    if (e.pid !== mark.pid || e.tid !== mark.tid || e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask') continue;
    if (e.tdur == null || !e.dur) continue;
    const overlap = Math.min(end, e.ts + e.dur) - Math.max(start, e.ts);
    if (overlap > 0) cpu += (e.tdur * overlap) / e.dur;
  }
  return cpu / 1000;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      t = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

// ---------------------------------------------------------------------------------------------
// One measurement: one viewer, one fresh browser

async function measure(viewer, { baseUrl, options, run, outputDir }) {
  const origin = new URL(baseUrl).origin;
  const query = new URLSearchParams({ model: options.model });
  if (viewer === 'model-viewer' && options.mvShadow) query.set('shadow', '1');
  if (viewer === 'model-viewer' && options.mvAutoRotate) query.set('orbit', 'auto');
  if (viewer === 'roomfit' && options.roomfitLateSrc) query.set('late-src', '1');
  const pageUrl = `${baseUrl}bench/${viewer}.html?${query}`;

  const browser = await chromium.launch({
    executablePath: process.env.ROOMFIT_CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    env: chromiumEnv(),
    timeout: 60_000,
  });
  try {
    let warm = null;
    if (!options.cold) {
      const wctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
      const wpage = await wctx.newPage();
      await wpage.goto(`${baseUrl}bench/warmup.html`);
      warm = await wpage.evaluate(() => window.warm);
      await wctx.close();
      if (!warm.webgl2 || !warm.webgpu) throw new Error(`warm-up: WebGL2 ${warm.webgl2}, WebGPU ${warm.webgpu}`);
    }

    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: options.dpr });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });

    const cdp = await context.newCDPSession(page);
    const requests = new Map();
    cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url }));
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) r.encodedDataLength = e.encodedDataLength;
    });
    cdp.on('Network.loadingFailed', (e) => {
      const r = requests.get(e.requestId);
      if (r) problems.push(`request failed: ${r.url}: ${e.errorText}`);
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });

    if (options.trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.goto(pageUrl, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.bench, null, { timeout: 60_000, polling: 50 });
    const first = await withTimeout(page.evaluate(() => window.bench.ready), 180_000, `${viewer}'s first frame`);
    const loadCpuMs = options.trace ? mainThreadCpuBefore(await browser.stopTracing(), first.signal) : null;
    if (!first.fences) problems.push('no WebGPU device or WebGL2 context to wait for: first frame = the viewer signal');
    if (viewer === 'roomfit' && first.info.backend !== 'webgpu') {
      throw new Error(`roomfit ran on ${first.info.backend}, not WebGPU`);
    }
    const resources = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => ({
        url: e.name,
        initiatorType: e.initiatorType,
        startTime: e.startTime,
        responseEnd: e.responseEnd,
        transferSize: e.transferSize,
        encodedBodySize: e.encodedBodySize,
        decodedBodySize: e.decodedBodySize,
      })),
    );
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return { url: n.name, transferSize: n.transferSize, encodedBodySize: n.encodedBodySize, responseEnd: n.responseEnd };
    });

    // Bytes before the first frame.
    const bytes = { code: 0, model: 0, bench: nav.transferSize, other: 0, external: 0 };
    const bodies = { code: 0, model: 0 };
    const cdpBytes = { code: 0, model: 0 };
    const codeFiles = [];
    const counted = [];
    const cdpByUrl = new Map([...requests.values()].filter((r) => r.encodedDataLength != null).map((r) => [r.url, r.encodedDataLength]));
    let zeroTransfer = false;
    for (const r of resources) {
      if (r.responseEnd > first.firstFrame) continue;
      const kind = classify(r.url, origin);
      if (kind === 'external') problems.push(`external request: ${r.url}`);
      let size = r.transferSize;
      if (!size) {
        zeroTransfer = true;
        size = r.decodedBodySize;
      }
      bytes[kind] += size;
      if (kind === 'code' || kind === 'model') {
        bodies[kind] += r.encodedBodySize;
        cdpBytes[kind] += cdpByUrl.get(r.url) ?? 0;
      }
      if (kind === 'code') codeFiles.push(fileFor(r.url));
      counted.push({ kind, path: new URL(r.url).pathname, transferSize: r.transferSize, responseEnd: Math.round(r.responseEnd) });
    }
    if (zeroTransfer) problems.push('a resource had transferSize 0: used decodedBodySize for it');
    const seenPaths = counted.map((c) => c.path);
    for (const p of new Set(seenPaths.filter((p, i) => seenPaths.indexOf(p) !== i))) {
      problems.push(`${p} was downloaded ${seenPaths.filter((x) => x === p).length} times before the first frame`);
    }
    for (const kind of ['code', 'model']) {
      const rt = bytes[kind];
      if (Math.abs(cdpBytes[kind] - rt) > Math.max(2048, rt * 0.01)) {
        problems.push(`${kind} bytes: Resource Timing ${rt}, CDP encodedDataLength ${cdpBytes[kind]}`);
      }
    }
    let codeBrotli = 0;
    for (const f of codeFiles) codeBrotli += brotliSize(f).brotli;

    // Is the model on screen? (A screenshot of the page; the background is white.)
    const png = await page.screenshot({ timeout: 30_000 });
    const covered = coverage(decodePng(png), [255, 255, 255]);
    if (run === 0 && outputDir) writeFileSync(path.join(outputDir, `${viewer}-first-frame.png`), png);
    if (covered < 0.01) problems.push(`the model covers only ${(covered * 100).toFixed(2)}% of the page after the first frame`);

    // Orbit window.
    await sleep(options.settleMs);
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const m0 = await metrics();
    const orbit = await withTimeout(
      page.evaluate(([s, f, max]) => window.bench.orbit(s, f, max), [options.orbit, options.minFrames, options.maxOrbit]),
      options.maxOrbit * 1000 + 60_000,
      `${viewer}'s orbit`,
    );
    const m1 = await metrics();
    const delta = (name) => (m1[name] != null && m0[name] != null ? (m1[name] - m0[name]) * 1000 : null);
    const drawn = orbit.renders ?? orbit.frames;
    if (drawn < options.minFrames) problems.push(`only ${drawn} frames drawn in the ${options.maxOrbit} s orbit limit`);
    if (orbit.renders != null && orbit.renders < orbit.frames * 0.9) {
      problems.push(`drew ${orbit.renders} frames in ${orbit.frames} animation frames while orbiting`);
    }
    if (run === 0 && outputDir) writeFileSync(path.join(outputDir, `${viewer}-after-orbit.png`), await page.screenshot());

    await context.close();
    return {
      viewer,
      run,
      url: pageUrl,
      backend: first.info.backend,
      warm,
      signalMs: first.signal,
      gpuDoneMs: first.gpuDone,
      fences: first.fences,
      firstFrameMs: first.firstFrame,
      loadCpuMs,
      bytes,
      bodies,
      cdpBytes,
      codeBrotli,
      codeFiles: codeFiles.map((f) => path.relative(repoRoot, f)),
      resources: counted,
      coverage: covered,
      orbit: {
        ...orbit,
        fps: (orbit.frames / orbit.ms) * 1000,
        windowMs: delta('Timestamp'),
        threadTimeMs: delta('ThreadTime'),
        taskMs: delta('TaskDuration'),
        scriptMs: delta('ScriptDuration'),
        processTimeMs: delta('ProcessTime'),
      },
      cpuPerFrameMs: delta('ThreadTime') / drawn,
      taskPerFrameMs: delta('TaskDuration') / drawn,
      scriptPerFrameMs: delta('ScriptDuration') / drawn,
      problems,
    };
  } finally {
    await browser.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const ROWS = [
  // [label, key of the medians, unit, goal ratio or null, digits]
  ['code, transferred before first frame', 'codeBytes', 'B', null, 0],
  ['code, brotli q11 of the same files', 'codeBrotli', 'B', 0.5, 0],
  ['model, transferred', 'modelBytes', 'B', null, 0],
  ['code + model, transferred', 'totalBytes', 'B', null, 0],
  ['requests before first frame (code+model)', 'requests', '', null, 0],
  ['viewer says drawn (load event) after navigation', 'signalMs', 'ms', null, 0],
  ['GPU finished that work, after navigation', 'gpuDoneMs', 'ms', null, 0],
  ['first frame after navigation', 'firstFrameMs', 'ms', 0.5, 0],
  ['main-thread CPU from navigation to load event', 'loadCpuMs', 'ms', null, 0],
  ['main-thread CPU per frame (ThreadTime)', 'cpuPerFrameMs', 'ms', 0.7, 2],
  ['main-thread task time per frame (TaskDuration)', 'taskPerFrameMs', 'ms', null, 2],
  ['script time per frame (ScriptDuration)', 'scriptPerFrameMs', 'ms', null, 2],
  ['frames drawn per second while orbiting', 'fps', '/s', null, 1],
  ['pixels drawn per frame while orbiting (mean)', 'pixels', 'px', null, 0],
];

function summarise(results) {
  const pick = (f) => median(results.map(f));
  return {
    runs: results.length,
    codeBytes: pick((r) => r.bytes.code),
    codeBrotli: pick((r) => r.codeBrotli),
    modelBytes: pick((r) => r.bytes.model),
    totalBytes: pick((r) => r.bytes.code + r.bytes.model),
    requests: pick((r) => r.resources.filter((x) => x.kind === 'code' || x.kind === 'model').length),
    signalMs: pick((r) => r.signalMs),
    gpuDoneMs: pick((r) => r.gpuDoneMs),
    firstFrameMs: pick((r) => r.firstFrameMs),
    loadCpuMs: pick((r) => r.loadCpuMs),
    cpuPerFrameMs: pick((r) => r.cpuPerFrameMs),
    taskPerFrameMs: pick((r) => r.taskPerFrameMs),
    scriptPerFrameMs: pick((r) => r.scriptPerFrameMs),
    fps: pick((r) => r.orbit.fps),
    pixels: pick((r) => r.orbit.pixels),
    framesDrawn: pick((r) => r.orbit.renders ?? r.orbit.frames),
    processPerFrameMs: pick((r) => r.orbit.processTimeMs / (r.orbit.renders ?? r.orbit.frames)),
    firstFrameRangeMs: [Math.min(...results.map((r) => r.firstFrameMs)), Math.max(...results.map((r) => r.firstFrameMs))],
    cpuPerFrameRangeMs: [Math.min(...results.map((r) => r.cpuPerFrameMs)), Math.max(...results.map((r) => r.cpuPerFrameMs))],
  };
}

function fmt(v, digits) {
  if (v == null || !Number.isFinite(v)) return '-';
  return digits ? v.toFixed(digits) : Math.round(v).toLocaleString('en-US');
}

function table(med) {
  const a = med.roomfit ?? {};
  const b = med['model-viewer'] ?? {};
  const lines = [['metric (medians)', 'roomfit', 'model-viewer', 'ratio', 'goal']];
  for (const [label, key, unit, goal, digits] of ROWS) {
    const ratio = a[key] != null && b[key] ? a[key] / b[key] : null;
    const verdict = goal == null || ratio == null ? '' : `<= ${goal} ${ratio <= goal ? 'met' : 'MISSED'}`;
    lines.push([`${label}${unit ? ` (${unit})` : ''}`, fmt(a[key], digits), fmt(b[key], digits), ratio == null ? '-' : ratio.toFixed(2), verdict]);
  }
  const w = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines
    .map((l, n) => {
      const row = l.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
      return n === 0 ? `${row}\n${'-'.repeat(row.length)}` : row;
    })
    .join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const vendored = vendor();
  const outputDir = path.join(here, 'output');
  mkdirSync(outputDir, { recursive: true });

  const chromiumVersion = (() => {
    try {
      return execFileSync(process.env.ROOMFIT_CHROMIUM || '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`bench: ${options.runs} runs per viewer, ${options.orbit} s orbit, model ${options.model}` +
    `${options.mvShadow ? ', model-viewer with shadow-intensity=1' : ''}${options.mvAutoRotate ? ', model-viewer orbits by auto-rotate' : ''}` +
    `${options.roomfitLateSrc ? ', roomfit src set after definition' : ''}${options.cold ? ', no warm-up' : ''}${options.dpr !== 1 ? `, device pixel ratio ${options.dpr}` : ''}`);
  console.log(`bench: ${chromiumVersion}; ${os.cpus().length} CPUs; load average ${load()}`);
  console.log(`bench: vendored ${vendored.map((v) => `${v.package}@${v.version}`).join(', ')}`);

  const server = await startServer();
  const stopServer = () => server.stop();
  process.once('SIGINT', () => stopServer().finally(() => process.exit(130)));
  const results = [];
  const started = new Date();
  const loadBefore = os.loadavg();
  try {
    for (let run = 0; run < options.runs; run++) {
      const order = run % 2 === 0 ? [...options.viewers] : [...options.viewers].reverse();
      for (const viewer of order) {
        const r = await measure(viewer, { baseUrl: server.url, options, run, outputDir });
        results.push(r);
        console.log(
          `run ${run + 1}/${options.runs} ${viewer.padEnd(12)} first frame ${r.firstFrameMs.toFixed(0).padStart(5)} ms, ` +
            `code ${r.bytes.code} B (brotli ${r.codeBrotli}), model ${r.bytes.model} B, ` +
            `CPU/frame ${r.cpuPerFrameMs.toFixed(2)} ms (task ${r.taskPerFrameMs.toFixed(2)}), ` +
            `${r.orbit.renders ?? '?'} drawn / ${r.orbit.frames} frames; load ${load()}` +
            (r.problems.length ? `\n    problems: ${r.problems.join(' | ')}` : ''),
        );
      }
    }
  } finally {
    await stopServer();
  }

  const med = Object.fromEntries(options.viewers.map((v) => [v, summarise(results.filter((r) => r.viewer === v))]));
  const loadAfter = os.loadavg();
  console.log('');
  console.log(table(med));
  console.log('');
  console.log(`code files: ${options.viewers.map((v) => `${v} ${results.find((r) => r.viewer === v).codeFiles.join(', ')}`).join('; ')}`);
  console.log(`load average (1/5/15 min) before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`);
  const problems = results.flatMap((r) => r.problems.map((p) => `${r.viewer} run ${r.run + 1}: ${p}`));
  if (problems.length) console.log(`problems:\n  ${problems.join('\n  ')}`);

  const out = path.join(here, 'results.json');
  writeFileSync(
    out,
    JSON.stringify(
      {
        started: started.toISOString(),
        options,
        chromium: chromiumVersion,
        cpus: os.cpus().length,
        loadavg: { before: loadBefore, after: loadAfter },
        vendored: vendored.map(({ path: _p, ...v }) => v),
        medians: med,
        ratios: Object.fromEntries(
          ROWS.map(([, key]) => [key, med.roomfit?.[key] != null && med['model-viewer']?.[key] ? med.roomfit[key] / med['model-viewer'][key] : null]),
        ),
        goals: { codeBrotli: 0.5, firstFrameMs: 0.5, cpuPerFrameMs: 0.7, modelViewerCodeBrotliReference: 235383 },
        results,
      },
      null,
      2,
    ),
  );
  console.log(`wrote ${path.relative(process.cwd(), out)} and screenshots in ${path.relative(process.cwd(), outputDir)}/`);
}

main().catch((e) => {
  console.error(`bench: ${e.stack || e.message || e}`);
  process.exit(1);
});
