// The npm package in a bundler: `npm pack` in www/, the tarball installed (offline) into a fresh
// Vite project in a temporary directory, `vite build` (the repository's pinned npm `vite`), then
// dist/ served on loopback and opened in headless Chromium: the element must fire `load` and draw.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  assertHealthy,
  coverage,
  expectViewerLoad,
  launchBrowser,
  openPage,
  repoRoot,
  screenshotViewer,
  viewerBackground,
} from './harness.mjs';
import { staticServer } from './static-server.mjs';

let dir;
let browser;
before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'roomfit-vite-'));
  browser = await launchBrowser('webgpu');
});
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false' } });

test('npm pack → a fresh Vite project → vite build → the element draws and fires load', { timeout: 360_000 }, async () => {
  // 1. The tarball, and what it holds.
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], path.join(repoRoot, 'www')));
  const files = packed.files.map((f) => f.path).sort();
  for (const f of [
    'package.json', 'README.md', 'roomfit-viewer.js', 'roomfit-viewer.min.js', 'roomfit-viewer.d.ts',
    'roomfit-viewer-room.js', 'roomfit-viewer-room.min.js', 'roomfit-viewer-zh.js', 'roomfit-viewer-zh.min.js',
    'pkg/webgpu/roomfit.js', 'pkg/webgpu/roomfit_bg.wasm', 'pkg/webgpu-room/roomfit.js', 'pkg/webgpu-room/roomfit_bg.wasm',
    'pkg/webgl/roomfit.js', 'pkg/webgl/roomfit_bg.wasm',
    'pkg/handoff/roomfit.js', 'pkg/handoff/roomfit_bg.wasm',
    'ar/quicklook.js', 'pkg/usdz/roomfit.js', 'pkg/usdz/roomfit_bg.wasm',
  ]) {
    assert.ok(files.includes(f), `the package holds ${f} (it has: ${files.join(', ')})`);
  }
  assert.ok(!files.some((f) => f.startsWith('tests/') || f.startsWith('bench/') || f.startsWith('demo')), files.join(', '));

  // 2. A fresh Vite project that imports the package by name.
  const app = path.join(dir, 'app');
  mkdirSync(path.join(app, 'public'), { recursive: true });
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'shop', private: true, type: 'module' }, null, 2));
  writeFileSync(
    path.join(app, 'index.html'),
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A shop</title><link rel="icon" href="data:,"></head>
<body><roomfit-viewer id="viewer" src="/oslo-armchair.glb" alt="Oslo armchair"></roomfit-viewer>
<script type="module" src="/main.js"></script></body></html>
`,
  );
  writeFileSync(
    path.join(app, 'main.js'),
    `import 'roomfit';
import { RoomfitViewer } from 'roomfit';
document.getElementById('viewer').style.cssText = 'width:400px;height:300px';
window.__isElement = document.getElementById('viewer') instanceof RoomfitViewer;
`,
  );
  copyFileSync(path.join(repoRoot, 'models/oslo-armchair.glb'), path.join(app, 'public/oslo-armchair.glb'));
  // Offline: the package has no dependencies, so nothing is asked of a registry.
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(dir, packed.filename)], app);

  // 3. vite build, with the repository's pinned vite.
  const out = run(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], app);
  const assets = readdirSync(path.join(app, 'dist/assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 4, `vite emitted the WebGPU (product view and room), WebGL2 and handoff .wasm (assets: ${assets.join(', ')}; output: ${out})`);
  // The element's lazily imported parts became chunks of their own.
  const chunk = (name) => assets.filter((f) => f.startsWith(`${name}.min-`) && f.endsWith('.js'));
  for (const name of ['roomfit-viewer-room', 'roomfit-viewer-zh']) {
    assert.equal(chunk(name).length, 1, `vite emitted the ${name} chunk (assets: ${assets.join(', ')})`);
  }

  // 4. dist/ served, in Chromium: load fires and the armchair is drawn.
  const server = await staticServer({ mounts: { '/': path.join(app, 'dist') } });
  try {
    const p = await openPage(browser);
    const requests = [];
    p.page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const detail = await expectViewerLoad(p, {
      id: 'viewer',
      action: () => p.page.goto(server.url),
      what: 'the armchair in the Vite build',
    });
    assert.equal(detail.backend, 'webgpu');
    assert.ok(detail.triangles > 0);
    assert.equal(await p.page.evaluate(() => window.__isElement), true);
    // Only the WebGPU product-view build was fetched, from Vite's hashed asset.
    const fetchedWasm = requests.filter((u) => u.endsWith('.wasm'));
    assert.equal(fetchedWasm.length, 1, fetchedWasm.join(', '));
    assert.match(fetchedWasm[0], /^\/assets\/.+\.wasm$/);
    // Neither lazy part before the first frame; then the room part (startAR, which needs it,
    // resolves to '3d' here) and the Chinese strings (lang="zh-CN") from their chunks.
    const lazy = () => requests.filter((u) => /\/roomfit-viewer-(room|zh)\.min-[^/]*\.js$/.test(u));
    assert.deepEqual(lazy(), [], requests.join(', '));
    const mode = await p.page.evaluate(async () => {
      const v = document.getElementById('viewer');
      const m = await v.startAR('3d');
      v.setAttribute('lang', 'zh-CN');
      const keys = v.shadowRoot.getElementById('keys');
      for (let i = 0; i < 200 && !keys.textContent.startsWith('在房间中'); i++) await new Promise((r) => setTimeout(r, 50));
      return `${m} ${keys.textContent.slice(0, 4)}`;
    });
    assert.equal(mode, '3d 在房间中');
    assert.deepEqual(lazy().map((u) => u.replace(/\.min-[^/]*$/, '').replace('/assets/', '')), ['roomfit-viewer-room', 'roomfit-viewer-zh']);
    const { image } = await screenshotViewer(p.page);
    const c = coverage(image, await viewerBackground(p.page));
    assert.ok(c > 0.05, `the armchair is drawn (coverage ${c.toFixed(3)})`);
    assertHealthy(p);
    await p.page.close();
  } finally {
    await server.stop();
  }
});
