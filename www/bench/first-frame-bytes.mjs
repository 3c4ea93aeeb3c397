// Bytes a shopper downloads before the first frame, per build: opens a page with one
// <roomfit-viewer src="/models/oslo-armchair.glb"> (www/bench/first-frame.html, which loads the
// minified element as a shop page would) in headless Chromium (WebGPU, then WebGPU
// unavailable so the WebGL2 build runs), records every response until the element's `load`
// event (fired after the first frame with the model is drawn), and sums raw and brotli bytes
// (brotli quality 11 of each file, as a server with precompressed .br files serves them).
// With WebGPU that is the product-view build (www/pkg/webgpu/); then the page asks for the room
// (showRoom(true)) and the files fetched for it (the room build, www/pkg/webgpu-room/, loaded on
// demand) are counted separately. The element prefetches nothing after the first frame.
//
// Usage: node www/bench/first-frame-bytes.mjs [--json]      (part of `make size`)

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

import { expectViewerLoad, launchBrowser, openPage, repoRoot } from '../tests/harness.mjs';
import { staticServer } from '../tests/static-server.mjs';

const json = process.argv.includes('--json');
const mounts = { '/': path.join(repoRoot, 'www'), '/models/': path.join(repoRoot, 'models') };
const page = 'bench/first-frame.html';

function fileOf(pathname) {
  const [prefix, dir] = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length).find(([p]) => pathname.startsWith(p));
  const f = path.join(dir, pathname.slice(prefix.length));
  return statSync(f).isDirectory() ? path.join(f, 'index.html') : f;
}

function measure(file) {
  const bytes = readFileSync(file);
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  return { raw: bytes.length, brotli: br.length };
}

const kindOf = (p) => (p.endsWith('.glb') ? 'model' : p.endsWith('.html') || p.endsWith('/') ? 'page' : 'code');

const server = await staticServer({ mounts });
const results = [];
try {
  for (const mode of ['webgpu', 'webgl']) {
    const browser = await launchBrowser(mode);
    try {
      const p = await openPage(browser);
      const seen = [];
      p.page.on('response', (r) => {
        const u = new URL(r.url());
        if (u.origin === new URL(server.url).origin && r.ok()) seen.push(u.pathname);
      });
      const detail = await expectViewerLoad(p, { id: 'viewer', action: () => p.page.goto(new URL(page, server.url).href), what: `the armchair (${mode})` });
      const files = [...new Set(seen)].map((pathname) => ({ path: pathname, kind: kindOf(pathname), ...measure(fileOf(pathname)) }));
      // The room, on demand: what the element fetches when the page first needs it.
      const firstFrame = new Set(seen);
      let room = null;
      if (mode === 'webgpu') {
        await p.page.evaluate(() => document.getElementById('viewer').showRoom(true));
        await p.page.waitForFunction(() => document.getElementById('viewer').roomJSON() !== null, null, { timeout: 120_000 });
        const later = [...new Set(seen)].filter((u) => !firstFrame.has(u));
        const roomFiles = later.map((pathname) => ({ path: pathname, kind: kindOf(pathname), ...measure(fileOf(pathname)) }));
        const code = roomFiles.filter((f) => f.kind === 'code');
        room = {
          files: roomFiles,
          code: { raw: code.reduce((n, f) => n + f.raw, 0), brotli: code.reduce((n, f) => n + f.brotli, 0) },
        };
      }
      const sum = (k, pred = () => true) => files.filter(pred).reduce((n, f) => n + f[k], 0);
      results.push({
        build: mode,
        backend: detail.backend,
        files,
        code: { raw: sum('raw', (f) => f.kind === 'code'), brotli: sum('brotli', (f) => f.kind === 'code') },
        model: { raw: sum('raw', (f) => f.kind === 'model'), brotli: sum('brotli', (f) => f.kind === 'model') },
        total: { raw: sum('raw'), brotli: sum('brotli') },
        room,
      });
      await p.page.close();
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.stop();
}

if (json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  console.log(`Before the first frame (${page}, oslo-armchair.glb), brotli -q 11 per file:`);
  for (const r of results) {
    console.log(`\n${r.build} (backend ${r.backend})`);
    for (const f of r.files) console.log(`  ${f.path.padEnd(44)} ${String(f.raw).padStart(9)} B raw ${String(f.brotli).padStart(9)} B brotli  ${f.kind}`);
    console.log(`  code (element + glue + wasm): ${kb(r.code.brotli)} brotli (${kb(r.code.raw)} raw)`);
    console.log(`  model: ${kb(r.model.brotli)} brotli; everything incl. the page: ${kb(r.total.brotli)} brotli (${kb(r.total.raw)} raw)`);
    if (r.room) {
      console.log('  then showRoom(true), on demand (after the first frame):');
      for (const f of r.room.files) console.log(`  ${f.path.padEnd(44)} ${String(f.raw).padStart(9)} B raw ${String(f.brotli).padStart(9)} B brotli  ${f.kind}`);
      console.log(`  room build code on demand: ${kb(r.room.code.brotli)} brotli (${kb(r.room.code.raw)} raw)`);
    }
  }
}
