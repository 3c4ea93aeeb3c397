// The AR mode chain and the camera view of <roomfit-viewer> in headless Chromium with
// Chromium's REAL fake camera playing a y4m file made here (solid magenta): the room is drawn
// over the video frames (read from screenshots), device orientation events turn the view, the
// camera height control moves the furniture on screen, room gestures keep working, leaving
// stops the camera's tracks; a denied camera permission keeps the 3D room view, says so and
// loses nothing; ar-status reports why WebXR and Quick Look were not used.
//
// Run from the repository root: node --test www/tests/camera.test.mjs (or make test-node).
// Screenshots go to www/tests/output/camera-*.png.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { assertHealthy, launchBrowser, openPage, saveOutput, screenshotViewer, startServer } from './harness.mjs';

const TIMEOUT = 240_000;
// The fake camera's frames: Y'CbCr (BT.601) 90, 200, 210, a saturated magenta (about
// rgb(217, 0, 231)) that no sample product has.
const YUV = [90, 200, 210];
const isVideo = (d, i) => d[i] > 150 && d[i + 1] < 70 && d[i + 2] > 150;
// The video darkened by a contact shadow: the same hue, clearly darker.
const isShadowedVideo = (d, i) => d[i] > 25 && d[i] < 150 && d[i + 2] > 25 && d[i + 2] < 150 && d[i + 1] < 0.35 * Math.min(d[i], d[i + 2]);
const isWhite = (d, i) => d[i] > 225 && d[i + 1] > 225 && d[i + 2] > 225;
// Allowed 404s: the WebXR and Quick Look modules other work provides; until they exist the chain
// must report them unavailable, not fail.
const allow404 = [/\/favicon\.ico$/, /\/ar\/webxr\.js$/, /\/ar\/quicklook\.js$/];

/** A y4m file of `frames` solid frames. */
function writeY4m(file, [y, u, v], width = 320, height = 240, frames = 10) {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([
    Buffer.from('FRAME\n'),
    Buffer.alloc(width * height, y),
    Buffer.alloc((width / 2) * (height / 2), u),
    Buffer.alloc((width / 2) * (height / 2), v),
  ]);
  writeFileSync(file, Buffer.concat([header, ...Array(frames).fill(frame)]));
}

// The status badge covers the top of the view and the camera view's controls its bottom: pixel
// statistics leave both out.
const TOP = 64;
const BOTTOM = 64;

/** Fraction of pixels (between TOP and BOTTOM) for which `f` holds, and the centroid of the others (the
 * furniture; the video darkened by its shadow counts as neither). */
function stats(img, f = isVideo) {
  const d = img.data;
  let video = 0;
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let y = TOP; y < img.height - BOTTOM; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      if (f(d, i)) {
        video++;
      } else if (!isShadowedVideo(d, i)) {
        n++;
        sx += x;
        sy += y;
      }
    }
  }
  return { video: video / (img.width * (img.height - TOP - BOTTOM)), furniture: n, centroid: n ? [sx / n, sy / n] : null };
}

function count(img, f, region = [0, 0, img.width, img.height]) {
  let n = 0;
  for (let y = region[1]; y < region[3]; y++) {
    for (let x = region[0]; x < region[2]; x++) if (f(img.data, (y * img.width + x) * 4)) n++;
  }
  return n;
}

const pixel = (img, [x, y]) => {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.data[i], img.data[i + 1], img.data[i + 2]];
};

const el = (page, f, arg) => page.evaluate(f, arg);
const drawn = (page) => el(page, () => document.getElementById('room').drawn());
/** Waits a few frames of the video and the viewer, then screenshots the view. */
async function shot(page, name) {
  await drawn(page);
  await page.waitForTimeout(250);
  const s = await screenshotViewer(page, '#room');
  saveOutput(`camera-${name}.png`, s.png);
  return s.image;
}

/** Counts the camera streams the page opened (the real getUserMedia, wrapped to keep them). */
function recordStreams() {
  window.__streams = [];
  const gum = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
  if (!gum) return;
  navigator.mediaDevices.getUserMedia = async (c) => {
    const s = await gum(c);
    window.__streams.push(s);
    return s;
  };
}

/** Records ar-status events of the viewer. */
async function arStatusEvents(page) {
  await el(page, () => {
    window.__ar = [];
    document.getElementById('room').addEventListener('ar-status', (e) => window.__ar.push(e.detail));
  });
}

const orient = (page, alpha, beta, gamma) =>
  el(page, ([alpha, beta, gamma]) => {
    window.dispatchEvent(new DeviceOrientationEvent('deviceorientation', { alpha, beta, gamma, absolute: false }));
  }, [alpha, beta, gamma]);

let server;
let dir;
let y4m;
before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'roomfit-camera-'));
  y4m = path.join(dir, 'magenta.y4m');
  writeY4m(y4m, YUV);
  server = await startServer();
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the camera view draws the room over the fake camera, turns with the phone and leaves cleanly', { timeout: TIMEOUT }, async () => {
  const browser = await launchBrowser('webgpu', {
    extraArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
  });
  try {
    const p = await openPage(browser);
    const { page } = p;
    await page.addInitScript(recordStreams);
    await page.goto(new URL('tests/pages/room.html', server.url).href);
    await page.waitForFunction(() => window.__ready);
    await arStatusEvents(page);
    const { id } = await el(page, () => document.getElementById('room').addToRoom({ retailer: 'nordhem', product: 'oslo-sofa' }));
    const room3d = await shot(page, 'room-3d');
    assert.ok(count(room3d, isVideo) === 0, 'no magenta before the camera starts');

    // The chain: no WebXR, no Quick Look in desktop Chromium, so the camera view.
    const mode = await el(page, () => document.getElementById('room').startAR());
    assert.equal(mode, 'camera');
    const [status] = await el(page, () => window.__ar);
    assert.equal(status.mode, 'camera');
    // Without navigator.xr the reason is fixed; with it, it is what the WebXR module says (or
    // that it could not be loaded).
    if (await el(page, () => 'xr' in navigator)) assert.ok(status.reasons.webxr.length > 10, JSON.stringify(status));
    else assert.equal(status.reasons.webxr, 'this browser has no WebXR');
    assert.equal(status.reasons['quick-look'], 'not iOS Safari: AR Quick Look is iOS only');
    assert.equal(status.reasons.camera, undefined);
    const texts = await el(page, () => {
      const r = document.getElementById('room').shadowRoot;
      return { badge: r.querySelector('.ar-status').textContent, hidden: r.querySelector('.ar-status').hidden, ui: r.querySelector('.camera-ui')?.textContent ?? '' };
    });
    assert.equal(texts.hidden, false);
    assert.match(texts.badge, /^Camera view \(WebXR AR: .+; AR Quick Look: not iOS Safari/);
    assert.match(texts.ui, /Camera view: placement is approximate/);
    assert.equal(await el(page, () => document.getElementById('room').arMode), 'camera');

    // The room over the video: no floor, magenta around the sofa, the sofa's colours on it.
    // The phone held 30° below the horizon (beta 60), facing the room.
    await orient(page, 0, 60, 0);
    const a = await shot(page, 'over-video');
    const sa = stats(a);
    const sofa = await el(page, (id) => Array.from(document.getElementById('room').itemOnScreen(id, 0.4)), id);
    console.log(`camera view: video ${(sa.video * 100).toFixed(1)} %, furniture ${sa.furniture} px at ${sa.centroid?.map(Math.round)}, sofa at ${sofa.map(Math.round)}`);
    const corners = [[0, a.height - BOTTOM], [a.width - 1, a.height - BOTTOM], [0, TOP], [a.width - 1, TOP]];
    for (const at of corners) assert.ok(isVideo(a.data, (at[1] * a.width + at[0]) * 4), `the video at ${at}: ${pixel(a, at)}`);
    assert.ok(sa.video > 0.5, `the video fills ${sa.video} of the view`);
    const middle = [0, TOP, a.width, a.height - BOTTOM];
    assert.ok(count(a, isWhite, middle) < 0.005 * a.width * a.height, 'no floor or page background drawn over the video');
    assert.ok(sa.furniture > 2000, `the sofa covers only ${sa.furniture} px`);
    const onSofa = pixel(a, sofa);
    assert.ok(!isVideo(a.data, (Math.round(sofa[1]) * a.width + Math.round(sofa[0])) * 4), `the sofa is drawn at ${sofa}: ${onSofa}`);
    const shadowed = count(a, isShadowedVideo);
    assert.ok(shadowed > 200, `its contact shadow darkens the video (${shadowed} px)`);

    // Turning the phone to the left (alpha +15°) moves the sofa to the right; tilting it down
    // (beta 60 -> 50) moves the sofa up.
    await orient(page, 15, 60, 0);
    const b = stats(await shot(page, 'turned-left'));
    await orient(page, 15, 50, 0);
    const c = stats(await shot(page, 'tilted-down'));
    console.log(`orientation: centroid ${sa.centroid.map(Math.round)} -> ${b.centroid.map(Math.round)} (alpha +15) -> ${c.centroid.map(Math.round)} (beta -10)`);
    assert.ok(b.centroid[0] - sa.centroid[0] > 60, 'turning left moves the sofa right');
    assert.ok(Math.abs(b.centroid[1] - sa.centroid[1]) < 20, 'turning left keeps its height on screen');
    assert.ok(c.centroid[1] - b.centroid[1] < -40, 'tilting down moves the sofa up');
    await orient(page, 0, 60, 0);

    // The floor control: a lower camera sees the sofa closer to the horizon (higher up the view).
    const slider = page.locator('#room').locator('input[type=range]');
    assert.equal(await slider.inputValue(), '1.4');
    const before = stats(await shot(page, 'height-1.4'));
    await slider.fill('1');
    assert.equal(await el(page, () => document.getElementById('room').shadowRoot.querySelector('.camera-ui output').textContent), '1.00 m');
    const lower = stats(await shot(page, 'height-1.0'));
    console.log(`camera height 1.4 m -> 1.0 m: centroid y ${Math.round(before.centroid[1])} -> ${Math.round(lower.centroid[1])}`);
    assert.ok(lower.centroid[1] - before.centroid[1] < -40, 'a lower camera moves the sofa up the view');

    // Room gestures still work over the camera: drag the sofa to the right, tap off it to deselect.
    const [x0, items0] = await el(page, (id) => {
      const v = document.getElementById('room');
      return [Array.from(v.itemOnScreen(id, 0.3)), v.roomItems()];
    }, id);
    const box = await page.locator('#room').boundingBox();
    await page.mouse.move(box.x + x0[0], box.y + x0[1]);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + x0[0] + i * 12, box.y + x0[1]);
    await page.mouse.up();
    const items1 = await el(page, () => document.getElementById('room').roomItems());
    console.log(`drag over the camera: x ${items0[0].x.toFixed(3)} -> ${items1[0].x.toFixed(3)} m`);
    assert.ok(items1[0].x - items0[0].x > 0.15, 'dragging the sofa over the camera moves it');

    // A tap off the sofa deselects it, a tap on it selects it again.
    const tap = async ([x, y]) => {
      await page.mouse.click(box.x + x, box.y + y);
      return el(page, () => window.__room.filter((e) => e.type === 'select').at(-1)?.detail.item?.id ?? null);
    };
    assert.equal(await tap([40, box.height - BOTTOM - 20]), null, 'a tap on the video deselects');
    const sofaNow = await el(page, (id) => Array.from(document.getElementById('room').itemOnScreen(id, 0.3)), id);
    assert.equal(await tap(sofaNow), id, 'a tap on the sofa selects it');

    // Leaving: every camera track stops, the video goes, the 3D room view is back with the room.
    await page.locator('#room').getByRole('button', { name: 'Leave camera view' }).click();
    await page.waitForFunction(() => document.getElementById('room').arMode === '3d');
    const left = await el(page, () => ({
      tracks: window.__streams.flatMap((s) => s.getTracks().map((t) => t.readyState)),
      video: Boolean(document.getElementById('room').shadowRoot.querySelector('video')),
      last: window.__ar.at(-1),
      items: document.getElementById('room').roomItems().length,
    }));
    assert.ok(left.tracks.length >= 1);
    assert.deepEqual([...new Set(left.tracks)], ['ended']);
    assert.equal(left.video, false);
    assert.deepEqual(left.last, { mode: '3d', reasons: {} });
    assert.equal(left.items, 1);
    const back = await shot(page, 'left');
    assert.equal(count(back, isVideo), 0, 'no video after leaving');
    assertHealthy(p, { allow404 });
  } finally {
    await browser.close();
  }
});

test('a denied camera keeps the 3D room view, says why and loses nothing', { timeout: TIMEOUT }, async () => {
  // No fake-ui flag: the permission prompt would show, and is denied.
  const browser = await launchBrowser('webgpu', {
    extraArgs: ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`, '--deny-permission-prompts'],
    contextOptions: { permissions: [] },
  });
  try {
    const p = await openPage(browser);
    const { page } = p;
    await page.addInitScript(recordStreams);
    await page.goto(new URL('tests/pages/room.html', server.url).href);
    await page.waitForFunction(() => window.__ready);
    await arStatusEvents(page);
    const before = await el(page, async () => {
      const v = document.getElementById('room');
      await v.addToRoom({ retailer: 'nordhem', product: 'oslo-sofa' });
      const { id } = await v.addToRoom({ retailer: 'nordhem', product: 'oslo-armchair' });
      v.select(id);
      await v.drawn();
      return { items: v.roomItems(), code: v.shareCode(), json: v.roomJSON() };
    });
    const view0 = await shot(page, 'denied-before');

    const mode = await el(page, () => document.getElementById('room').startAR());
    assert.equal(mode, '3d');
    const status = (await el(page, () => window.__ar)).at(-1);
    assert.equal(status.mode, '3d');
    assert.equal(status.reasons.camera, 'camera permission denied');
    assert.equal(status.reasons['quick-look'], 'not iOS Safari: AR Quick Look is iOS only');
    assert.equal(typeof status.reasons.webxr, 'string');
    const after = await el(page, () => {
      const v = document.getElementById('room');
      const r = v.shadowRoot;
      return {
        badge: r.querySelector('.ar-status').textContent,
        visible: !r.querySelector('.ar-status').hidden,
        video: Boolean(r.querySelector('video')),
        ui: Boolean(r.querySelector('.camera-ui')),
        items: v.roomItems(),
        code: v.shareCode(),
        json: v.roomJSON(),
        streams: window.__streams.length,
      };
    });
    assert.ok(after.visible);
    assert.match(after.badge, /Camera view: camera permission denied/);
    assert.equal(after.video, false);
    assert.equal(after.ui, false);
    assert.equal(after.streams, 0);
    assert.deepEqual(after.items, before.items);
    assert.equal(after.code, before.code);
    assert.equal(after.json, before.json);
    // The same 3D picture (below the badge), floor and all.
    const view1 = await shot(page, 'denied-after');
    const bottom = (img) => ({ width: img.width, height: img.height >> 1, data: img.data.subarray(img.width * 4 * (img.height >> 1)) });
    let diff = 0;
    const [x, y] = [bottom(view0), bottom(view1)];
    for (let i = 0; i < x.data.length; i += 4) diff += Math.abs(x.data[i] - y.data[i]) + Math.abs(x.data[i + 1] - y.data[i + 1]) + Math.abs(x.data[i + 2] - y.data[i + 2]);
    diff /= x.width * x.height * 3;
    console.log(`denied: mean difference of the 3D view before and after ${diff.toFixed(3)}`);
    assert.ok(diff < 0.5, `the 3D view changed (${diff})`);
    // The undo history is intact: undo takes back the armchair.
    const undone = await el(page, () => {
      const v = document.getElementById('room');
      v.undo();
      return v.roomItems().map((i) => i.product);
    });
    assert.deepEqual(undone, ['oslo-sofa']);
    assertHealthy(p, { allow404 });
  } finally {
    await browser.close();
  }
});

test('ar-modes limits the chain and startAR(mode) starts from that mode', { timeout: TIMEOUT }, async () => {
  const browser = await launchBrowser('webgpu', {
    extraArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
  });
  try {
    const p = await openPage(browser);
    const { page } = p;
    await page.goto(new URL('tests/pages/room.html', server.url).href);
    await page.waitForFunction(() => window.__ready);
    await arStatusEvents(page);
    const r = await el(page, async () => {
      const v = document.getElementById('room');
      await v.addToRoom({ retailer: 'nordhem', product: 'oslo-sofa' });
      const out = {};
      // Camera left out: nothing better works here, so the 3D view, without trying the camera.
      v.setAttribute('ar-modes', 'quick-look 3d');
      out.noCamera = await v.startAR();
      out.noCameraStatus = window.__ar.at(-1);
      // Asking for the camera directly skips WebXR and Quick Look.
      v.setAttribute('ar-modes', 'webxr quick-look camera 3d');
      out.camera = await v.startAR('camera');
      out.cameraStatus = window.__ar.at(-1);
      await v.stopAR();
      out.after = v.arMode;
      out.afterStatus = window.__ar.at(-1);
      // A mode the attribute leaves out is refused with its reason.
      v.setAttribute('ar-modes', 'webxr 3d');
      out.refused = await v.startAR('camera');
      out.refusedStatus = window.__ar.at(-1);
      return out;
    });
    assert.equal(r.noCamera, '3d');
    assert.deepEqual(r.noCameraStatus, { mode: '3d', reasons: { 'quick-look': 'not iOS Safari: AR Quick Look is iOS only' } });
    assert.equal(r.camera, 'camera');
    assert.deepEqual(r.cameraStatus, { mode: 'camera', reasons: {} });
    assert.equal(r.after, '3d');
    assert.deepEqual(r.afterStatus, { mode: '3d', reasons: {} });
    assert.equal(r.refused, '3d');
    assert.deepEqual(r.refusedStatus, { mode: '3d', reasons: { camera: 'not in the ar-modes attribute' } });
    assertHealthy(p, { allow404 });
  } finally {
    await browser.close();
  }
});

test('the camera view and the AR badge speak the element\'s language (zh-CN)', { timeout: TIMEOUT }, async () => {
  const browser = await launchBrowser('webgpu', {
    extraArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
  });
  try {
    const p = await openPage(browser);
    const { page } = p;
    await page.goto(new URL('tests/pages/room.html', server.url).href);
    await page.waitForFunction(() => window.__ready);
    await arStatusEvents(page);
    const r = await el(page, async () => {
      const v = document.getElementById('room');
      // The page sets locale="en-GB" (which wins over lang): the shopper's locale becomes zh-CN.
      v.setAttribute('locale', 'zh-CN');
      await v.addToRoom({ retailer: 'nordhem', product: 'oslo-sofa' });
      v.setAttribute('ar-modes', 'quick-look camera 3d');
      const mode = await v.startAR();
      const root = v.shadowRoot;
      const ui = root.querySelector('.camera-ui');
      const out = {
        mode,
        status: window.__ar.at(-1),
        badge: root.querySelector('.ar-status').textContent,
        label: ui.getAttribute('aria-label'),
        ui: ui.textContent.replace(/\s+/g, ' ').trim(),
        leave: ui.querySelector('button').textContent,
        valuetext: ui.querySelector('input').getAttribute('aria-valuetext'),
      };
      // Back to English while the badge shows: it follows the attribute.
      v.setAttribute('locale', 'en-GB');
      out.badgeEn = root.querySelector('.ar-status').textContent;
      await v.stopAR();
      return out;
    });
    assert.equal(r.mode, 'camera');
    // The event keeps the English reason; the badge shows it in Chinese.
    assert.deepEqual(r.status, { mode: 'camera', reasons: { 'quick-look': 'not iOS Safari: AR Quick Look is iOS only' } });
    assert.equal(r.badge, '相机视图（AR 快速查看：不是 iOS Safari：AR 快速查看仅适用于 iOS）');
    assert.equal(r.label, '相机视图');
    assert.match(r.ui, /^相机视图：摆放位置为近似值 相机高度 [0-9.]+ 米 手机离地面的高度；家具就摆在这个地面上。 退出相机视图$/, r.ui);
    assert.equal(r.leave, '退出相机视图');
    assert.match(r.valuetext, /^[0-9.]+ 米$/);
    assert.equal(r.badgeEn, 'Camera view (AR Quick Look: not iOS Safari: AR Quick Look is iOS only)');
    assertHealthy(p, { allow404 });
  } finally {
    await browser.close();
  }
});
