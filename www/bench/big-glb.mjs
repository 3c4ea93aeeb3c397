// A large GLB in the browser: load time and peak memory of roomfit in headless Chromium (the
// issue's "50 MB GLB ... in the browser"; part of `make bench`).
//
//   node www/bench/big-glb.mjs [--mb 50] [--runs 3] [--mode webgpu|webgl]
//
// Writes a GLB of about --mb MB (a finely tessellated floor panel: POSITION, NORMAL, TEXCOORD_0
// as floats and u32 indices, as tests/load_bench.rs builds natively) to a temporary models
// directory, serves it with the demo server, and opens www/bench/big-glb.html in a fresh
// headless Chromium per run. In the same run, as a baseline, the page loads the sample
// models/oslo-armchair.glb. Per load:
// - time from setting src to the element's `load` event (the model parsed, uploaded and drawn);
//   the viewer has already started, so startup is not counted;
// - WebAssembly memory (memory.buffer.byteLength) before and after: it never shrinks, so the
//   value after loading is the module's peak;
// - the JavaScript heap, sampled every 20 ms during the load through the DevTools protocol
//   (Runtime.getHeapUsage: usedSize, the V8 heap, and backingStorageSize, the memory behind
//   ArrayBuffers such as fetched bytes): the largest sample of their sum, above the value
//   before src was set.
// Prints medians, and each as a multiple of the file size.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { launchBrowser, repoRoot, startServer } from '../tests/harness.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const mb = Number(arg('mb', 50));
const runs = Number(arg('runs', 3));
const mode = arg('mode', 'webgpu');

/** The GLB of tests/load_bench.rs `big_glb`: one grid mesh of about `target` bytes. */
function bigGlb(target) {
  const n = Math.floor(Math.sqrt(target / 56));
  const verts = (n + 1) * (n + 1);
  const pos = new Float32Array(verts * 3);
  const nrm = new Float32Array(verts * 3);
  const uv = new Float32Array(verts * 2);
  for (let y = 0, i = 0; y <= n; y++) {
    for (let x = 0; x <= n; x++, i++) {
      const [u, v] = [x / n, y / n];
      pos.set([u * 2 - 1, 0.01 * Math.sin(u * 40) * Math.cos(v * 40), v * 2 - 1], i * 3);
      nrm.set([0, 1, 0], i * 3);
      uv.set([u, v], i * 2);
    }
  }
  const idx = new Uint32Array(n * n * 6);
  for (let y = 0, k = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const i = y * (n + 1) + x;
      idx.set([i, i + n + 1, i + 1, i + 1, i + n + 1, i + n + 2], k);
      k += 6;
    }
  }
  const parts = [pos, nrm, uv, idx].map((a) => Buffer.from(a.buffer));
  const bin = Buffer.concat(parts);
  let at = 0;
  const bufferViews = parts.map((p) => {
    const v = { buffer: 0, byteOffset: at, byteLength: p.length };
    at += p.length;
    return v;
  });
  const json = {
    asset: { version: '2.0', generator: 'roomfit www/bench/big-glb.mjs' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0 }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0, NORMAL: 1, TEXCOORD_0: 2 }, indices: 3 }] }],
    buffers: [{ byteLength: bin.length }],
    bufferViews,
    accessors: [
      { bufferView: 0, componentType: 5126, count: verts, type: 'VEC3', min: [-1, -0.01, -1], max: [1, 0.01, 1] },
      { bufferView: 1, componentType: 5126, count: verts, type: 'VEC3' },
      { bufferView: 2, componentType: 5126, count: verts, type: 'VEC2' },
      { bufferView: 3, componentType: 5125, count: n * n * 6, type: 'SCALAR' },
    ],
  };
  let text = Buffer.from(JSON.stringify(json));
  text = Buffer.concat([text, Buffer.alloc((4 - (text.length % 4)) % 4, 0x20)]);
  const header = Buffer.alloc(20);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(28 + text.length + bin.length, 8);
  header.writeUInt32LE(text.length, 12);
  header.writeUInt32LE(0x4e4f534a, 16);
  const binHeader = Buffer.alloc(8);
  binHeader.writeUInt32LE(bin.length, 0);
  binHeader.writeUInt32LE(0x004e4942, 4);
  return Buffer.concat([header, text, binHeader, bin]);
}

async function measure(server, file) {
  const browser = await launchBrowser(mode);
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const cdp = await browser.context.newCDPSession(page);
    const heap = async () => {
      const h = await cdp.send('Runtime.getHeapUsage');
      return h.usedSize + (h.backingStorageSize ?? 0);
    };
    await page.goto(`${server.url}bench/big-glb.html?src=/models/${file}`);
    // Wait until the viewer has started (its WebAssembly memory exists), then measure the load.
    await page.waitForFunction(() => customElements.get('roomfit-viewer'));
    await page.waitForTimeout(500);
    await cdp.send('HeapProfiler.collectGarbage');
    const before = await heap();
    let peak = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await heap().catch(() => 0));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const result = await page.evaluate(() => window.bigGlb);
    sampling = false;
    await sampler;
    if (result.error) throw new Error(`${file}: ${JSON.stringify(result.error)} ${errors.join('; ')}`);
    return { ...result, jsHeapPeakAbove: peak - before };
  } finally {
    await browser.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const dir = mkdtempSync(path.join(os.tmpdir(), 'roomfit-big-glb-'));
const server = await (async () => {
  const big = bigGlb(mb * 1e6);
  writeFileSync(path.join(dir, 'big.glb'), big);
  copyFileSync(path.join(repoRoot, 'models', 'oslo-armchair.glb'), path.join(dir, 'oslo-armchair.glb'));
  return startServer({ models: dir });
})();
try {
  for (const file of ['oslo-armchair.glb', 'big.glb']) {
    const size = readFileSync(path.join(dir, file)).length;
    const rows = [];
    for (let i = 0; i < runs; i++) rows.push(await measure(server, file));
    const ms = median(rows.map((r) => r.ms));
    const wasm = median(rows.map((r) => r.wasmMemoryAfter));
    const wasmBefore = median(rows.map((r) => r.wasmMemoryBefore));
    const js = median(rows.map((r) => r.jsHeapPeakAbove));
    const x = (b) => `${(b / 1e6).toFixed(1)} MB = ${(b / size).toFixed(2)}× the file`;
    console.log(
      `${mode}, ${file} (${(size / 1e6).toFixed(1)} MB, ${rows[0].detail.triangles} triangles), medians of ${runs}: ` +
        `load ${ms.toFixed(0)} ms; WebAssembly memory after load ${x(wasm)} (${(wasmBefore / 1e6).toFixed(1)} MB before); ` +
        `JS heap + ArrayBuffers peak during load ${x(js)} above before; wasm + JS ${((wasm + js) / size).toFixed(2)}× the file`,
    );
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
