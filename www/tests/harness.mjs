// Shared helpers for roomfit's browser tests (node:test + playwright-core + headless Chromium).
//
// - startServer(): runs `cargo run --bin roomfit -- serve` on a free port and waits until it answers.
// - serverAndBrowser(mode): one server and one browser for a whole test file (before/after hooks).
// - launchBrowser(mode): headless Chromium on SwiftShader; mode 'webgpu' (with
//   --enable-unsafe-webgpu) or 'webgl' (without it: navigator.gpu exists but offers no adapter,
//   so <roomfit-viewer renderer="auto"> falls back to WebGL2).
// - openPage(): a page that records console errors, page errors and every load/error event of
//   any <roomfit-viewer>; nextViewerEvent() waits for the next such event.
// - screenshotViewer(): a PNG of the viewer's canvas, decoded to RGBA with decodePng().
// - coverage(), meanCoveredColour(), meanAbsDiff(): pixel statistics.
//
// Environment: ROOMFIT_CHROMIUM (default /usr/bin/chromium), ROOMFIT_SERVER_TIMEOUT_MS (default
// 300000: the first `cargo run` of a fresh checkout may still have to link the binary),
// CARGO_TARGET_DIR (passed through to cargo).

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { after, before } from 'node:test';

import { chromium } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Where tests write screenshots for a human to look at (ignored by git, removed by `make clean`). */
export const outputDir = fileURLToPath(new URL('./output/', import.meta.url));

// ---------------------------------------------------------------------------------------------
// The demo server

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `roomfit serve --root www --models <models>` (through `cargo run`, from the repo root)
 * with its booking database in a fresh temporary directory, and resolves once it answers HTTP.
 * Returns { url, stop() } where url ends in '/'; stop() also removes the data directory.
 */
export async function startServer({ models = 'models', timeoutMs } = {}) {
  timeoutMs ??= Number(process.env.ROOMFIT_SERVER_TIMEOUT_MS) || 300_000;
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const data = mkdtempSync(path.join(os.tmpdir(), 'roomfit-serve-data-'));
  const child = spawn(
    'cargo',
    ['run', '--quiet', '--bin', 'roomfit', '--', 'serve', '--root', 'www', '--models', models, '--addr', addr, '--data', data],
    // Its own process group, so stop() ends cargo and the server it started, and nothing else.
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const keep = (d) => {
    output = (output + d).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  child.on('error', (e) => {
    exited = { error: e.message };
  });

  const removeData = () => rmSync(data, { recursive: true, force: true });
  const stop = async () => {
    if (exited) return removeData();
    const gone = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return removeData();
    }
    const t = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    await gone;
    clearTimeout(t);
    removeData();
  };

  const url = `http://${addr}/`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`the demo server (cargo run --bin roomfit -- serve) exited early (${JSON.stringify(exited)}):\n${output}`);
    }
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the demo server did not answer at ${url} within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(200);
  }
  return { url, port, stop, output: () => output };
}

// ---------------------------------------------------------------------------------------------
// Chromium

const baseArgs = [
  '--headless',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** What the viewer's `load` event reports as `backend` in each mode. */
export const expectedBackend = { webgpu: 'webgpu', webgl: 'webgl2' };

/**
 * Launches headless Chromium with a fresh profile. mode 'webgpu' adds --enable-unsafe-webgpu;
 * mode 'webgl' leaves it out. `extraArgs` are more Chromium flags (e.g. the fake camera's),
 * `contextOptions` more playwright context options (e.g. permissions). Returns
 * { context, mode, close() }.
 */
export async function launchBrowser(mode, { viewport = { width: 1000, height: 700 }, extraArgs = [], contextOptions = {} } = {}) {
  if (!(mode in expectedBackend)) throw new Error(`unknown browser mode ${mode}: use webgpu or webgl`);
  const args = [...baseArgs, ...extraArgs];
  if (mode === 'webgpu') args.push('--enable-unsafe-webgpu');
  const profile = mkdtempSync(path.join(os.tmpdir(), `roomfit-chromium-${mode}-`));
  const env = { ...process.env };
  if (!env.XDG_RUNTIME_DIR) {
    env.XDG_RUNTIME_DIR = path.join(os.tmpdir(), `roomfit-xdg-runtime-${process.getuid?.() ?? 'user'}`);
    mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
  }
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.ROOMFIT_CHROMIUM || '/usr/bin/chromium',
      args,
      env,
      viewport,
      deviceScaleFactor: 1,
      timeout: 60_000,
      ...contextOptions,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    context,
    mode,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Pages

// Runs in every page before its scripts: records each load/error event of any <roomfit-viewer>.
// Capture listeners on the document see them although they do not bubble (not on window: by the
// DOM spec, "load" events never propagate from the document to the window).
function recordViewerEvents() {
  const events = [];
  window.__roomfitEvents = events;
  for (const type of ['load', 'error']) {
    document.addEventListener(
      type,
      (e) => {
        const t = e.target;
        if (!t || t.localName !== 'roomfit-viewer') return;
        let detail;
        try {
          detail = JSON.parse(JSON.stringify(e.detail ?? null));
        } catch {
          detail = String(e.detail);
        }
        events.push({ type, id: t.id, detail, at: performance.now() });
      },
      true,
    );
  }
}

/**
 * Opens a new page in `browser` (from launchBrowser) that collects problems:
 * - pageErrors: uncaught exceptions and unhandled rejections (always a failure);
 * - consoleErrors: console.error and failed resource loads, as { text, url };
 * - badResponses: HTTP responses with status >= 400, as { status, url }.
 * Call assertHealthy() at the end of a test.
 */
export async function openPage(browser) {
  const page = await browser.context.newPage();
  await page.addInitScript(recordViewerEvents);
  const pageErrors = [];
  const consoleErrors = [];
  const consoleAll = [];
  const badResponses = [];
  page.on('pageerror', (e) => pageErrors.push(e.stack || e.message || String(e)));
  page.on('console', (m) => {
    consoleAll.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error') consoleErrors.push({ text: m.text(), url: m.location()?.url ?? '' });
  });
  page.on('response', (r) => {
    if (r.status() >= 400) badResponses.push({ status: r.status(), url: r.url() });
  });
  return { page, pageErrors, consoleErrors, consoleAll, badResponses };
}

/**
 * One demo server and one headless Chromium (`launchBrowser(mode, options)`) for all the tests of
 * a file: started before the first, closed after the last. The returned object's `server` and
 * `browser` are set once the `before` hook has run.
 */
export function serverAndBrowser(mode, options) {
  const ctx = { server: null, browser: null };
  before(async () => {
    ctx.server = await startServer();
    ctx.browser = await launchBrowser(mode, options);
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

/**
 * Fails on any page error, and on any console error except "404" resource errors for URLs
 * matching one of `allow404` (RegExps; by default only /favicon.ico).
 */
export function assertHealthy(p, { allow404 = [/\/favicon\.ico$/] } = {}) {
  if (p.pageErrors.length) {
    throw new Error(`the page threw ${p.pageErrors.length} uncaught error(s):\n${p.pageErrors.join('\n---\n')}`);
  }
  const expected404 = (e) => /status of 404/.test(e.text) && allow404.some((re) => re.test(e.url));
  const bad = p.consoleErrors.filter((e) => !expected404(e));
  if (bad.length) {
    throw new Error(
      `unexpected console errors:\n${bad.map((e) => `${e.text}${e.url ? ` (${e.url})` : ''}`).join('\n')}` +
        (p.badResponses.length ? `\nHTTP errors: ${p.badResponses.map((r) => `${r.status} ${r.url}`).join(', ')}` : ''),
    );
  }
}

/** How many viewer events the page has recorded so far (pass it to nextViewerEvent). */
export function viewerEventCount(p) {
  return p.page.evaluate(() => window.__roomfitEvents?.length ?? 0);
}

/**
 * Waits for the first roomfit-viewer load/error event after the first `after` ones (take
 * `after` from viewerEventCount() before triggering the load), or counts, then runs `action`,
 * when given a function. `id` limits it to the viewer with that element id. Rejects with a
 * clear message on timeout or when the page throws. Resolves to { type: 'load'|'error', id, detail }.
 */
export async function nextViewerEvent(p, { after, action, id, timeout = 60_000, what = 'the model' } = {}) {
  after ??= await viewerEventCount(p);
  const errorsBefore = p.pageErrors.length;
  if (action) await action();
  const deadline = Date.now() + timeout;
  for (;;) {
    const ev = await p.page.evaluate(
      ([n, wanted]) => (window.__roomfitEvents ?? []).slice(n).find((e) => wanted == null || e.id === wanted) ?? null,
      [after, id ?? null],
    );
    if (ev) return ev;
    if (p.pageErrors.length > errorsBefore) {
      throw new Error(`the page threw while waiting for ${what}:\n${p.pageErrors.slice(errorsBefore).join('\n---\n')}`);
    }
    if (Date.now() > deadline) {
      const state = await p.page
        .evaluate((wanted) => {
          const v = (wanted && document.getElementById(wanted)) || document.querySelector('roomfit-viewer');
          return {
            src: v?.getAttribute('src'),
            backend: v?.backend ?? null,
            elementStatus: v?.shadowRoot?.querySelector('.status')?.textContent ?? null,
            pageStatus: document.getElementById('viewer-status')?.textContent ?? null,
            catalogStatus: document.getElementById('catalog-status')?.textContent ?? null,
          };
        }, id ?? null)
        .catch((e) => ({ unavailable: e.message }));
      throw new Error(
        `<roomfit-viewer> fired neither "load" nor "error" for ${what} within ${timeout} ms.\n` +
          `viewer state: ${JSON.stringify(state)}\n` +
          `console:\n${p.consoleAll.slice(-20).join('\n') || '(nothing)'}`,
      );
    }
    await sleep(100);
  }
}

/** Like nextViewerEvent, but fails unless the event is `load`; resolves to its detail. */
export async function expectViewerLoad(p, options = {}) {
  const ev = await nextViewerEvent(p, options);
  if (ev.type !== 'load') {
    throw new Error(`expected <roomfit-viewer> to load ${options.what ?? 'the model'}, got "error": ${JSON.stringify(ev.detail)}`);
  }
  return ev.detail;
}

/** Resolves after `n` animation frames of the page. */
export function animationFrames(page, n = 3) {
  return page.evaluate(
    (count) =>
      new Promise((resolve) => {
        let left = count;
        const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
}

// ---------------------------------------------------------------------------------------------
// Screenshots

/** The viewer's background colour as [r, g, b] (its CSS background-color: the canvas is cleared to transparent). */
export async function viewerBackground(page, selector = 'roomfit-viewer') {
  const css = await page.locator(selector).first().evaluate((el) => getComputedStyle(el).backgroundColor);
  const m = css.match(/rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/);
  if (!m) throw new Error(`cannot parse the viewer's background colour ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * A screenshot of the drawing surface of a <roomfit-viewer> (its shadow-DOM canvas, so the
 * host's border is left out). Resolves to { png, image } with image from decodePng().
 */
export async function screenshotViewer(page, selector = 'roomfit-viewer') {
  const canvas = page.locator(selector).first().locator('canvas');
  // While a view moves on a slow GPU the element draws fewer pixels, without multisampling
  // (its adaptive resolution), and the full picture once the view has rested 150 ms: compare
  // pictures of that. Waits (at most 3 s) for the drawing buffer to be full size, then for the
  // frame drawn at that size to be presented.
  await canvas.evaluate(async (c) => {
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const full = () =>
      c.width === Math.max(1, Math.round(c.clientWidth * dpr)) && c.height === Math.max(1, Math.round(c.clientHeight * dpr));
    for (let i = 0; i < 150 && !full(); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, null, { timeout: 30_000 });
  const png = await canvas.screenshot({ animations: 'disabled', timeout: 30_000 });
  return { png, image: decodePng(png) };
}

/** Writes a PNG into www/tests/output/ for a human to inspect; returns its path. */
export function saveOutput(name, png) {
  mkdirSync(outputDir, { recursive: true });
  const file = path.join(outputDir, name);
  writeFileSync(file, png);
  return file;
}

/**
 * Decodes a non-interlaced 8-bit PNG (greyscale, RGB, greyscale+alpha or RGBA, as browsers
 * write them) to { width, height, data } with data an RGBA Uint8Array.
 */
export function decodePng(buf) {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  const sig = [137, 80, 78, 71, 13, 10, 26, 10];
  if (bytes.length < 8 || sig.some((b, i) => bytes[i] !== b)) throw new Error('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let depth = 0;
  let colourType = -1;
  let interlace = 0;
  const idat = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + len);
    if (data.length !== len) throw new Error(`PNG chunk ${type} is cut short`);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      depth = data[8];
      colourType = data[9];
      interlace = data[12];
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colourType];
  if (!width || !height || !channels) throw new Error(`unsupported PNG: colour type ${colourType}`);
  if (depth !== 8) throw new Error(`unsupported PNG bit depth ${depth} (only 8 is supported)`);
  if (interlace !== 0) throw new Error('interlaced PNGs are not supported');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error('PNG image data is cut short');
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[row + x - channels] : 0;
      const b = y > 0 ? px[prev + x] : 0;
      const c = x >= channels && y > 0 ? px[prev + x - channels] : 0;
      let v;
      switch (filter) {
        case 0:
          v = 0;
          break;
        case 1:
          v = a;
          break;
        case 2:
          v = b;
          break;
        case 3:
          v = (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`bad PNG filter type ${filter} in row ${y}`);
      }
      px[row + x] = (src[x] + v) & 0xff;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    const o = i * 4;
    if (channels >= 3) {
      data[o] = px[j];
      data[o + 1] = px[j + 1];
      data[o + 2] = px[j + 2];
    } else {
      data[o] = data[o + 1] = data[o + 2] = px[j];
    }
    data[o + 3] = channels === 4 ? px[j + 3] : channels === 2 ? px[j + 1] : 255;
  }
  return { width, height, data };
}

// ---------------------------------------------------------------------------------------------
// Pixel statistics (channels in 0..255; alpha is ignored: screenshots are opaque)

/** Default: a pixel counts as "covered" when some channel differs from the background by more than this. */
export const COVERAGE_THRESHOLD = 24;

function isCovered(d, i, bg, threshold) {
  return (
    Math.abs(d[i] - bg[0]) > threshold || Math.abs(d[i + 1] - bg[1]) > threshold || Math.abs(d[i + 2] - bg[2]) > threshold
  );
}

/** Fraction (0..1) of pixels whose colour differs from `bg` ([r,g,b]) by more than `threshold` in some channel. */
export function coverage(img, bg, threshold = COVERAGE_THRESHOLD) {
  const d = img.data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (isCovered(d, i, bg, threshold)) n++;
  return n / (img.width * img.height);
}

/** Mean [r, g, b] of the covered pixels (see coverage()); null when none is covered. */
export function meanCoveredColour(img, bg, threshold = COVERAGE_THRESHOLD) {
  const d = img.data;
  let n = 0;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (!isCovered(d, i, bg, threshold)) continue;
    n++;
    r += d[i];
    g += d[i + 1];
    b += d[i + 2];
  }
  return n ? [r / n, g / n, b / n] : null;
}

/** Mean absolute difference per colour channel (0..255) over all pixels of two images of the same size. */
export function meanAbsDiff(a, b) {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`images differ in size: ${a.width}×${a.height} and ${b.width}×${b.height}`);
  }
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    sum += Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
  }
  return sum / (a.width * a.height * 3);
}

/**
 * Fine detail inside the drawn object: the mean absolute difference (0..255, averaged over
 * r, g, b) between horizontally adjacent pixels that are both covered. A textured surface
 * (fabric weave, wood grain) scores clearly higher than the same model with its textures missing.
 */
export function textureDetail(img, bg, threshold = COVERAGE_THRESHOLD) {
  const d = img.data;
  const w = img.width;
  let sum = 0;
  let n = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x + 1 < w; x++) {
      const i = (y * w + x) * 4;
      const j = i + 4;
      if (!isCovered(d, i, bg, threshold) || !isCovered(d, j, bg, threshold)) continue;
      sum += (Math.abs(d[i] - d[j]) + Math.abs(d[i + 1] - d[j + 1]) + Math.abs(d[i + 2] - d[j + 2])) / 3;
      n++;
    }
  }
  return n ? sum / n : 0;
}

/** coverage, mean covered colour and texture detail in one object, rounded for messages. */
export function describeImage(img, bg, threshold = COVERAGE_THRESHOLD) {
  const cov = coverage(img, bg, threshold);
  const mean = meanCoveredColour(img, bg, threshold);
  return {
    size: `${img.width}×${img.height}`,
    coverage: Math.round(cov * 10000) / 10000,
    mean: mean && mean.map((v) => Math.round(v * 10) / 10),
    detail: Math.round(textureDetail(img, bg, threshold) * 100) / 100,
  };
}
