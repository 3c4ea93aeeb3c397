// The WebGPU first-frame build shows the product only; the element fetches the room build
// (www/pkg/webgpu-room/) the first time the room is needed, moves the product over to it and
// swaps its canvas in. Counted from the browser's request log.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  animationFrames,
  assertHealthy,
  expectViewerLoad,
  meanAbsDiff,
  openPage,
  repoRoot,
  saveOutput,
  screenshotViewer,
  serverAndBrowser,
  viewerEventCount,
} from './harness.mjs';

const ctx = serverAndBrowser('webgpu');

/** Opens room-build.html, recording every request's path; resolves once the armchair is drawn. */
async function productPage() {
  const p = await openPage(ctx.browser);
  const requests = [];
  p.page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const loaded = await expectViewerLoad(p, {
    id: 'viewer',
    action: () => p.page.goto(new URL('tests/pages/room-build.html', ctx.server.url).href),
    what: 'the armchair in room-build.html',
  });
  return { p, requests, loaded };
}

const builds = (requests) => ({
  product: requests.filter((u) => u === '/pkg/webgpu/roomfit_bg.wasm').length,
  room: requests.filter((u) => u.startsWith('/pkg/webgpu-room/')).length,
  roomWasm: requests.filter((u) => u === '/pkg/webgpu-room/roomfit_bg.wasm').length,
});

const el = (page, f, arg) => page.evaluate(f, arg);

test('a product page that never enters the room never fetches the room build', { timeout: 120_000 }, async () => {
  const { p, requests, loaded } = await productPage();
  assert.equal(loaded.backend, 'webgpu');
  // What a shopper does on a product page: turn it, zoom, change the look, take a photo.
  const box = await p.page.locator('#viewer').boundingBox();
  await p.page.mouse.move(box.x + 200, box.y + 150);
  await p.page.mouse.down();
  await p.page.mouse.move(box.x + 260, box.y + 160, { steps: 4 });
  await p.page.mouse.up();
  await p.page.mouse.wheel(0, -200);
  const photo = await el(p.page, async () => {
    const v = document.getElementById('viewer');
    const changed = new Promise((resolve) => v.addEventListener('variantchange', (e) => resolve(e.detail), { once: true }));
    v.setAttribute('variant', 'Oat');
    const detail = await changed;
    const blob = await v.screenshot();
    return { detail, size: blob.size, type: blob.type, items: v.roomItems(), code: v.shareCode(), json: v.roomJSON() };
  });
  assert.deepEqual(photo.detail, { variant: 'Oat' });
  assert.equal(photo.type, 'image/png');
  assert.ok(photo.size > 1000);
  // No room yet: as before the element started.
  assert.deepEqual(photo.items, []);
  assert.equal(photo.code, '');
  assert.equal(photo.json, null);
  await animationFrames(p.page, 10);
  assert.deepEqual(builds(requests), { product: 1, room: 0, roomWasm: 0 });
  assertHealthy(p);
  await p.page.close();
});

test('the room build is fetched once, when first needed; the product keeps its variant and view', { timeout: 180_000 }, async () => {
  const { p, requests } = await productPage();
  // Turn the product a little, so that the camera is not the default one.
  await el(p.page, () => document.getElementById('viewer').drawn());
  const box = await p.page.locator('#viewer').boundingBox();
  await p.page.mouse.move(box.x + 200, box.y + 150);
  await p.page.mouse.down();
  await p.page.mouse.move(box.x + 150, box.y + 140, { steps: 4 });
  await p.page.mouse.up();
  await el(p.page, () => document.getElementById('viewer').drawn());
  const productBefore = await screenshotViewer(p.page, '#viewer');
  const canvasBefore = await el(p.page, () => {
    window.__canvas = document.getElementById('viewer').shadowRoot.querySelector('canvas');
    return window.__events.length;
  });
  assert.deepEqual(builds(requests), { product: 1, room: 0, roomWasm: 0 });

  // fitCheck needs the room build but does not show the room: the product view moves over to
  // it. The same armchair, in Forest, from the same angle as before the switch.
  const fits = await el(p.page, async () => {
    const v = document.getElementById('viewer');
    const r = await v.fitCheck({ width: 2, depth: 1 });
    await v.drawn();
    return r.length;
  });
  assert.ok(fits > 0);
  assert.deepEqual(builds(requests), { product: 1, room: 2, roomWasm: 1 });
  const productAfter = await screenshotViewer(p.page, '#viewer');
  saveOutput('room-build-before.png', productBefore.png);
  saveOutput('room-build-after.png', productAfter.png);
  const diff = meanAbsDiff(productBefore.image, productAfter.image);
  assert.ok(diff < 1, `the product view after the switch differs by ${diff.toFixed(2)} per channel`);

  const placed = await el(p.page, async () => {
    const v = document.getElementById('viewer');
    const r = await v.addToRoom({ retailer: 'nordhem', product: 'oslo-sofa', variant: 'NH-OSLO-3S-FOR' });
    const canvases = v.shadowRoot.querySelectorAll('canvas');
    return {
      r,
      canvases: canvases.length,
      swapped: canvases[0] !== window.__canvas,
      focusable: canvases[0].getAttribute('tabindex'),
      part: canvases[0].getAttribute('part'),
      items: v.roomItems().map((i) => [i.retailer, i.product, i.variant]),
      code: v.shareCode(),
      backend: v.backend,
    };
  });
  assert.equal(placed.canvases, 1);
  assert.ok(placed.swapped, 'the room build draws on a new canvas');
  assert.equal(placed.focusable, '0');
  assert.equal(placed.part, 'canvas');
  assert.equal(placed.backend, 'webgpu');
  assert.deepEqual(placed.items, [['nordhem', 'oslo-sofa', 'NH-OSLO-3S-FOR']]);
  assert.equal(typeof placed.r.id, 'number');
  assert.match(placed.r.announce, /Oslo/);
  assert.ok(placed.code.length > 0);

  // The events since the switch: the documented payloads, and no second `load`.
  const events = await el(p.page, (n) => window.__events.slice(n), canvasBefore);
  assert.deepEqual(events.filter((e) => e.type === 'load' || e.type === 'error'), []);
  const change = events.find((e) => e.type === 'roomchange');
  assert.deepEqual(Object.keys(change.detail).sort(), ['items', 'reason', 'shareCode']);
  assert.equal(change.detail.items, 1);
  assert.equal(change.detail.shareCode, placed.code);
  const announce = events.find((e) => e.type === 'announce');
  assert.equal(announce.detail.text, placed.r.announce);

  // More room work fetches nothing more: a second item, a restore of the share code.
  const restored = await el(p.page, async (code) => {
    const v = document.getElementById('viewer');
    await v.addToRoom({ retailer: 'nordhem', product: 'oslo-armchair' });
    return v.restore(code);
  }, placed.code);
  assert.equal(restored.items, 1);
  assert.deepEqual(builds(requests), { product: 1, room: 2, roomWasm: 1 });
  // The armchair's model was fetched over the network once; the room build's viewer read it
  // from the HTTP cache (transferSize 0), like the product viewer's second look at it.
  const armchair = await el(p.page, () =>
    performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/models/oslo-armchair.glb')).map((e) => e.transferSize));
  assert.ok(armchair.length >= 2, `armchair fetches: ${JSON.stringify(armchair)}`);
  assert.ok(armchair[0] > 0);
  assert.equal(armchair[1], 0, `the second fetch of the armchair came from the network: ${JSON.stringify(armchair)}`);
  assertHealthy(p);
  await p.page.close();
});

test('setWalls and showRoom(true) on the product build are made once the room build is there, in order', { timeout: 180_000 }, async () => {
  const { p, requests } = await productPage();
  await el(p.page, () => document.getElementById('viewer').drawn());
  const product = await screenshotViewer(p.page, '#viewer');
  const calls = await el(p.page, () => {
    const v = document.getElementById('viewer');
    // Before the room build is there: nothing to report yet (as before the element started).
    return { walls: v.setWalls(4000, 3000, 2500), room: v.showRoom(true) ?? null };
  });
  assert.deepEqual(calls, { walls: null, room: null });
  await p.page.waitForFunction(() => document.getElementById('viewer').roomJSON() !== null, null, { timeout: 60_000 });
  const room = await el(p.page, async () => {
    const v = document.getElementById('viewer');
    await v.drawn();
    return { layout: JSON.parse(v.roomJSON()).layout };
  });
  assert.equal(room.layout.walls.length, 4, `walls: ${JSON.stringify(room.layout)}`);
  // The room view is shown: an empty room with four walls, drawn on the room build's canvas.
  const shot = await screenshotViewer(p.page, '#viewer');
  saveOutput('room-build-walls.png', shot.png);
  const diff = meanAbsDiff(product.image, shot.image);
  assert.ok(diff > 5, `the empty room looks like the product view (${diff.toFixed(2)} per channel)`);
  assert.deepEqual(builds(requests), { product: 1, room: 2, roomWasm: 1 });
  assertHealthy(p);
  await p.page.close();
});

test('screenshot() and drawn() called while the element moves to the room build follow the new viewer', { timeout: 180_000 }, async () => {
  const { p } = await productPage();
  const r = await el(p.page, async () => {
    const v = document.getElementById('viewer');
    // A page that keeps asking for frames and photos, one of each per frame, while fitCheck
    // moves the product to the room build (which frees the product viewer).
    const move = v.fitCheck({ width: 2, depth: 1 });
    let moving = true;
    move.finally(() => {
      moving = false;
    });
    const calls = [];
    await new Promise((resolve) => {
      const each = () => {
        calls.push(v.drawn().then(() => 'drawn'), v.screenshot().then((b) => b.type));
        if (moving) requestAnimationFrame(each);
        else resolve();
      };
      requestAnimationFrame(each);
    });
    await move;
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000));
    const settled = await Promise.all(calls.map((c) => Promise.race([c.catch((e) => `error: ${e?.message ?? e}`), timeout])));
    return { n: calls.length, bad: [...new Set(settled.filter((s) => s !== 'drawn' && s !== 'image/png'))] };
  });
  assert.ok(r.n >= 4, `${r.n} calls`);
  assert.deepEqual(r.bad, []);
  assertHealthy(p);
  await p.page.close();
});

/** `glb` with its JSON chunk changed by `edit` (the binary chunk as it was). */
function editGlb(glb, edit) {
  const jsonLength = glb.readUInt32LE(12);
  const json = JSON.parse(glb.subarray(20, 20 + jsonLength).toString('utf8'));
  edit(json);
  let text = Buffer.from(JSON.stringify(json));
  text = Buffer.concat([text, Buffer.alloc((4 - (text.length % 4)) % 4, 0x20)]);
  const rest = glb.subarray(20 + jsonLength);
  const header = Buffer.alloc(20);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(20 + text.length + rest.length, 8);
  header.writeUInt32LE(text.length, 12);
  header.writeUInt32LE(0x4e4f534a, 16);
  return Buffer.concat([header, text, rest]);
}

// The product-view build has neither the meshopt decoder nor MikkTSpace (the `full-geometry`
// feature): it refuses such a model from its JSON (needs-full-build), and the element shows it
// with the room build instead, as the shopper would see it there.
test('a meshopt model and a normal-mapped model without tangents are shown by the room build', { timeout: 240_000 }, async () => {
  const armchair = readFileSync(path.join(repoRoot, 'models/oslo-armchair.glb'));
  const meshopt = readFileSync(path.join(repoRoot, 'tests/meshopt/oslo-armchair.meshopt.glb'));
  const noTangents = editGlb(armchair, (json) => {
    for (const m of json.meshes) for (const prim of m.primitives) delete prim.attributes.TANGENT;
  });
  const normalMapped = JSON.parse(noTangents.subarray(20, 20 + noTangents.readUInt32LE(12)).toString('utf8'));
  assert.ok(normalMapped.materials.some((m) => m.normalTexture));
  const serve = (body) => (route) => route.fulfill({ body, contentType: 'model/gltf-binary' });
  const errors = (page) => page.evaluate(() => window.__events.filter((e) => e.type === 'error'));

  // The plain armchair in the product build: the reference.
  const first = await productPage();
  await el(first.p.page, () => document.getElementById('viewer').drawn());
  const plain = await screenshotViewer(first.p.page, '#viewer');
  assert.deepEqual(builds(first.requests), { product: 1, room: 0, roomWasm: 0 });

  // Then the page shows the meshopt-compressed armchair: the room build draws it.
  await first.p.page.route('**/models/needs-full/*.glb', serve(meshopt));
  const loaded = await expectViewerLoad(first.p, {
    id: 'viewer',
    after: await viewerEventCount(first.p),
    action: () => el(first.p.page, () => document.getElementById('viewer').setAttribute('src', '/models/needs-full/armchair.glb')),
    what: 'the meshopt armchair',
  });
  assert.equal(loaded.backend, 'webgpu');
  assert.equal(loaded.triangles, first.loaded.triangles);
  await el(first.p.page, () => document.getElementById('viewer').drawn());
  assert.deepEqual(builds(first.requests), { product: 1, room: 2, roomWasm: 1 });
  assert.equal(first.requests.filter((u) => u === '/models/needs-full/armchair.glb').length, 2);
  assert.deepEqual(await errors(first.p.page), []);
  const shownMeshopt = await screenshotViewer(first.p.page, '#viewer');
  saveOutput('needs-full-plain.png', plain.png);
  saveOutput('needs-full-meshopt.png', shownMeshopt.png);
  const meshoptDiff = meanAbsDiff(plain.image, shownMeshopt.image);
  assert.ok(meshoptDiff < 1, `the meshopt armchair differs from the plain one by ${meshoptDiff.toFixed(2)} per channel`);
  assertHealthy(first.p);
  await first.p.page.close();

  // A page whose first model has a normal map but no TANGENT: one model, both builds fetched.
  const p = await openPage(ctx.browser);
  const requests = [];
  p.page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await p.page.route('**/models/oslo-armchair.glb', serve(noTangents));
  await expectViewerLoad(p, {
    id: 'viewer',
    action: () => p.page.goto(new URL('tests/pages/room-build.html', ctx.server.url).href),
    what: 'the armchair without tangents',
  });
  await el(p.page, () => document.getElementById('viewer').drawn());
  assert.deepEqual(builds(requests), { product: 1, room: 2, roomWasm: 1 });
  assert.deepEqual(await errors(p.page), []);
  const shownNoTangents = await screenshotViewer(p.page, '#viewer');
  saveOutput('needs-full-no-tangents.png', shownNoTangents.png);
  const tangentDiff = meanAbsDiff(plain.image, shownNoTangents.image);
  assert.ok(tangentDiff < 1, `the armchair with generated tangents differs from the plain one by ${tangentDiff.toFixed(2)} per channel`);
  assertHealthy(p);
  await p.page.close();
});
