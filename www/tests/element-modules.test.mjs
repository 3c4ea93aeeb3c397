// The element is split (scripts/minify-element.mjs): a product page runs roomfit-viewer.min.js
// alone before its first frame; roomfit-viewer-room.min.js (the room, catalogs, checkout, AR
// chain) comes the first time one of those is needed, once, and roomfit-viewer-zh.min.js (the
// Simplified Chinese strings) only for that language, in parallel with the wasm. Counted from
// the browser's request log on a page that loads the minified element as shops do.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertHealthy, expectViewerLoad, openPage, serverAndBrowser } from './harness.mjs';

const ctx = serverAndBrowser('webgpu');

const ELEMENT = '/roomfit-viewer.min.js';
const ROOM = '/roomfit-viewer-room.min.js';
const ZH = '/roomfit-viewer-zh.min.js';
/** The element's own modules among the requests, in order. */
const modules = (requests) => requests.filter((u) => /^\/roomfit-viewer[^/]*\.js$/.test(u));
const count = (requests, path) => requests.filter((u) => u === path).length;

async function modulesPage() {
  const p = await openPage(ctx.browser);
  const requests = [];
  p.page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const loaded = await expectViewerLoad(p, {
    id: 'viewer',
    action: () => p.page.goto(new URL('tests/pages/modules.html', ctx.server.url).href),
    what: 'the armchair in modules.html',
  });
  return { p, requests, loaded };
}

test('a product page fetches only the first-frame element module; the room part once, when first needed', { timeout: 180_000 }, async () => {
  const { p, requests, loaded } = await modulesPage();
  assert.equal(loaded.backend, 'webgpu');
  assert.deepEqual(modules(requests), [ELEMENT], 'before the first frame: the element module alone');
  assert.ok(requests.includes('/pkg/webgpu/roomfit_bg.wasm'), requests.join(' '));

  // The product view: keys, a new look, a photo, exposure. Still nothing more of the element.
  const product = await p.page.evaluate(async () => {
    const v = document.getElementById('viewer');
    v.canvas.focus();
    v.canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    const changed = new Promise((resolve) => v.addEventListener('variantchange', (e) => resolve(e.detail), { once: true }));
    v.setAttribute('variant', 'Oat');
    const detail = await changed;
    v.exposure = 1.5;
    const blob = await v.screenshot();
    return { detail, size: blob.size, items: v.roomItems(), code: v.shareCode(), mode: v.arMode };
  });
  assert.deepEqual(product.detail, { variant: 'Oat' });
  assert.ok(product.size > 1000, `a photo of ${product.size} bytes`);
  assert.deepEqual([product.items, product.code, product.mode], [[], '', '3d']);
  assert.deepEqual(modules(requests), [ELEMENT], 'the product view needs no other element module');

  // Several calls that need the room part, made at once before it has arrived: each waits for
  // it, the room calls run in the order made (walls before the item, the item before the fit),
  // and the module is fetched once.
  const r = await p.page.evaluate(async () => {
    const v = document.getElementById('viewer');
    const reasons = [];
    v.addEventListener('roomchange', (e) => reasons.push(e.detail.reason));
    const statuses = [];
    v.addEventListener('ar-status', (e) => statuses.push(e.detail.mode));
    v.setWalls(4000, 3500, 2500);
    const [placed, fits, retailers, mode] = await Promise.all([
      v.addToRoom({ retailer: 'nordhem', product: 'oslo-sofa', variant: 'NH-OSLO-3S-FOR' }),
      v.fitCheck({ width: 2, depth: 1 }),
      v.retailers(),
      v.startAR('3d'),
    ]);
    return {
      placed,
      fits: fits.length,
      retailers: retailers.length,
      mode,
      statuses,
      reasons,
      items: v.roomItems().map((i) => i.product),
      walls: JSON.parse(v.roomJSON()).layout?.walls?.length ?? null,
      code: v.shareCode(),
    };
  });
  assert.equal(typeof r.placed.id, 'number', JSON.stringify(r.placed));
  assert.ok(r.fits > 1 && r.retailers >= 1, JSON.stringify(r));
  assert.equal(r.mode, '3d');
  assert.deepEqual(r.statuses, ['3d']);
  assert.deepEqual(r.items, ['oslo-sofa']);
  assert.equal(r.walls, 4, `the walls set before the room part arrived are there: ${JSON.stringify(r)}`);
  assert.match(r.placed.announce, /wall/, 'the sofa was placed after the walls were set');
  assert.ok(r.reasons.includes('placed'), `roomchange for the item: ${r.reasons}`);
  assert.ok(r.code.length > 0);
  assert.equal(count(requests, ROOM), 1, modules(requests).join(' '));
  assert.equal(count(requests, ZH), 0, 'an English page never fetches the Chinese strings');

  // More room calls: the part is there, nothing is fetched again.
  await p.page.evaluate(async () => {
    const v = document.getElementById('viewer');
    await v.restore(v.shareCode());
    await v.stopAR();
  });
  assert.equal(count(requests, ROOM), 1);

  // The language changes to Simplified Chinese: its strings come once, and the element uses them.
  await p.page.evaluate(() => document.getElementById('viewer').setAttribute('lang', 'zh-CN'));
  await p.page.evaluate(() => document.getElementById('viewer').removeAttribute('locale'));
  await p.page.waitForFunction(
    () => document.getElementById('viewer').shadowRoot.getElementById('keys').textContent.startsWith('在房间中'),
    null,
    { timeout: 30_000 },
  );
  assert.equal(count(requests, ZH), 1);
  assert.deepEqual(modules(requests), [ELEMENT, ROOM, ZH]);
  assertHealthy(p);
  await p.page.close();
});

test('a page in Simplified Chinese fetches its strings in parallel with the wasm, not the room part', { timeout: 120_000 }, async () => {
  const p = await openPage(ctx.browser);
  const requests = [];
  p.page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const loaded = await expectViewerLoad(p, {
    id: 'viewer',
    action: () => p.page.goto(new URL('tests/pages/modules-zh.html', ctx.server.url).href),
    what: 'the armchair in modules-zh.html',
  });
  assert.equal(loaded.backend, 'webgpu');
  // Requested when the viewer starts, before the wasm (so they arrive together), once.
  assert.deepEqual(modules(requests), [ELEMENT, ZH]);
  assert.ok(requests.indexOf(ZH) < requests.indexOf('/pkg/webgpu/roomfit_bg.wasm'), requests.join(' '));
  const texts = await p.page.evaluate(() => {
    const v = document.getElementById('viewer');
    return { keys: v.shadowRoot.getElementById('keys').textContent, label: v.canvas.getAttribute('aria-label'), progress: v.progress.getAttribute('aria-label') };
  });
  assert.match(texts.keys, /^在房间中/);
  assert.equal(texts.label, '商品的 3D 视图');
  assert.equal(texts.progress, '正在加载 3D 视图');
  // An error in Chinese (the strings are there), and the room part still not fetched.
  const error = await p.page.evaluate(() => new Promise((resolve) => {
    const v = document.getElementById('viewer');
    v.addEventListener('error', (e) => resolve(e.detail), { once: true });
    v.setAttribute('src', '/models/no-such-model.glb');
  }));
  assert.equal(error.code, 'fetch');
  assert.equal(error.text, '无法显示此模型：无法下载模型，请检查网络后重试。');
  assert.equal(count(requests, ROOM), 0);
  assertHealthy(p, { allow404: [/\/favicon\.ico$/, /no-such-model\.glb$/] });
  await p.page.close();
});
