// The 3D room view of <roomfit-viewer> in headless Chromium, on WebGPU and on the WebGL2
// fallback build: three items from two retailers placed from the sample catalog, touch (CDP
// Input.dispatchTouchEvent) and mouse gestures, contact on a drag, undo, keyboard, and a
// reload from the share code that must draw the same picture.
//
// Run from the repository root: node --test www/tests/room.test.mjs (or make test-node).
// Screenshots go to www/tests/output/room-*.png.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  assertHealthy,
  coverage,
  launchBrowser,
  meanAbsDiff,
  openPage,
  saveOutput,
  screenshotViewer,
  startServer,
} from './harness.mjs';

const TIMEOUT = 240_000;
// Mean absolute difference per channel (0..255) allowed between the room before sharing and the
// room restored from its code in a reloaded page. Measured 0.000 on both builds (SwiftShader);
// for scale, the armchair's drag to the coffee table changes the picture by 7.66.
const MAX_RESTORE_DIFF = 0.25;
// The outline's blue (render::OUTLINE_COLOR = sRGB 0.10, 0.45, 0.91): 26, 115, 232.
const isOutline = (d, i) => d[i + 2] > 190 && d[i] < 70 && d[i + 1] > 85 && d[i + 1] < 145;

function outlinePixels(img) {
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (isOutline(img.data, i)) n++;
  return n;
}

function pixel(img, [x, y]) {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.data[i], img.data[i + 1], img.data[i + 2]];
}

const colourDistance = (a, b) => Math.max(...a.map((v, k) => Math.abs(v - b[k])));

/** Gap in metres between two unturned items' footprints (negative: they overlap). */
function gap(a, b) {
  const gx = Math.abs(a.x - b.x) - (a.width + b.width) / 2000;
  const gz = Math.abs(a.z - b.z) - (a.depth + b.depth) / 2000;
  return Math.max(gx, gz);
}

const room = (page, f, arg) => page.evaluate(f, arg);
const items = (page) => room(page, () => document.getElementById('room').roomItems());
const onScreen = (page, id, h) =>
  room(page, ([id, h]) => Array.from(document.getElementById('room').itemOnScreen(id, h) ?? []), [id, h]);
const drawn = (page) => room(page, () => document.getElementById('room').drawn());
const events = (page) => room(page, () => window.__room.splice(0));
const announced = (page) =>
  room(page, () => document.getElementById('room').shadowRoot.querySelector('.announce').textContent);

async function touch(cdp, type, points) {
  await cdp.send('Input.dispatchTouchEvent', {
    type,
    touchPoints: points.map(([x, y], i) => ({ x, y, id: i + 1, radiusX: 1, radiusY: 1, force: 1 })),
  });
}

/** A one-finger touch drag from `a` to `b` in `steps` moves. */
async function touchDrag(cdp, a, b, steps = 12) {
  await touch(cdp, 'touchStart', [a]);
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    await touch(cdp, 'touchMove', [[a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]]);
  }
  await touch(cdp, 'touchEnd', []);
}

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('the demo shop puts products from two retailers in one room and shares it', { timeout: TIMEOUT }, async () => {
  const browser = await launchBrowser('webgpu');
  try {
    const p = await openPage(browser);
    const { page } = p;
    await page.goto(server.url);
    await page.waitForSelector('#products button.add');
    await page.click('#products button[data-add="nordhem/oslo-sofa"]');
    await page.waitForFunction(() => document.getElementById('room-summary').textContent.startsWith('1 item'));
    await page.click('#products button[data-add="lanting/cloud-rug"]');
    await page.waitForFunction(() => document.getElementById('room-summary').textContent === '2 items from 2 retailers');
    assert.equal(await page.getAttribute('#room-toggle', 'aria-pressed'), 'true');
    await page.click('#room-share');
    const href = await page.getAttribute('#room-link', 'href');
    const code = new URL(href).searchParams.get('room');
    assert.match(code, /^[A-Za-z0-9_-]+$/);
    // The link opens the same room.
    await page.goto(href);
    await page.waitForFunction(() => document.getElementById('viewer').roomItems().length === 2, null, { timeout: 60_000 });
    const products = await page.evaluate(() => document.getElementById('viewer').roomItems().map((i) => i.product));
    assert.deepEqual(products, ['oslo-sofa', 'cloud-rug']);
    assertHealthy(p);
  } finally {
    await browser.close();
  }
});

test('sizes in the shopper\'s units and "will it fit" over the catalog', { timeout: TIMEOUT }, async () => {
  const browser = await launchBrowser('webgpu');
  try {
    const p = await openPage(browser);
    const { page } = p;
    await page.goto(new URL('tests/pages/room.html', server.url).href);
    await page.waitForFunction(() => window.__ready);
    const r = await room(page, async () => {
      const el = document.getElementById('room');
      const { id } = await el.addToRoom({ retailer: 'nordhem', product: 'oslo-sofa' });
      const metric = el.dimensions(id);
      el.setAttribute('units', 'imperial');
      const imperial = el.dimensions(id);
      const inches = await el.fitCheck({ width: 83, depth: 37, unit: 'in' });
      el.setAttribute('units', 'metric');
      // The sofa is 2100 × 920 mm: 1 cm more on each side fits, 1 cm less in width does not.
      const larger = await el.fitCheck({ width: 2.11, depth: 0.93 });
      const smaller = await el.fitCheck({ width: 2.09, depth: 0.93 });
      const low = await el.fitCheck({ width: 210, depth: 92, height: 80, unit: 'cm' });
      const bad = await el.fitCheck({ width: -1, depth: 1 }).then(() => null, (e) => ({ code: e.code, pointer: e.pointer }));
      return { metric, imperial, unknown: el.dimensions(999), inches, larger, smaller, low, bad };
    });
    assert.equal(r.metric, '210 × 92 × 83 cm');
    assert.equal(r.imperial, '82⅝ × 36¼ × 32⅝ in');
    assert.equal(r.unknown, null);
    assert.deepEqual(r.bad, { code: 'invalid', pointer: '/width' });
    const sofa = (list) => list.find((x) => x.retailer === 'nordhem' && x.product === 'oslo-sofa');
    // Every product of the sample catalog (10, three retailers) is checked.
    assert.equal(r.larger.length, 10);
    assert.deepEqual(new Set(r.larger.map((x) => x.retailer)), new Set(['nordhem', 'maple-grain', 'lanting']));
    assert.deepEqual(
      { ...sofa(r.larger) },
      { retailer: 'nordhem', product: 'oslo-sofa', name: 'Oslo three-seat sofa', fits: true, turned: false,
        widthMm: 10, depthMm: 10, heightMm: null, margin: '1 cm to spare',
        text: 'Fits, 1 cm to spare in width and 1 cm in depth' },
    );
    assert.equal(sofa(r.smaller).fits, false);
    assert.equal(sofa(r.smaller).widthMm, -10);
    assert.equal(sofa(r.smaller).margin, '1 cm too big');
    assert.equal(sofa(r.smaller).text, 'Does not fit: 1 cm too wide');
    // The rug (2000 × 1400 mm) does not fit 2.11 × 0.93 m either way; the lamp (40 × 40 cm) does.
    assert.equal(r.larger.find((x) => x.product === 'cloud-rug').fits, false);
    assert.equal(r.larger.find((x) => x.product === 'lumen-floor-lamp').fits, true);
    // Exactly the footprint fits, but 83 cm does not go under 80 cm.
    assert.equal(sofa(r.low).fits, false);
    assert.deepEqual([sofa(r.low).widthMm, sofa(r.low).depthMm, sofa(r.low).heightMm], [0, 0, -30]);
    assert.equal(sofa(r.low).margin, '3 cm too big');
    // 83 × 37 in = 2108.2 × 939.8 mm: 8 and 20 mm to spare, labelled in inches.
    assert.equal(sofa(r.inches).fits, true);
    assert.deepEqual([sofa(r.inches).widthMm, sofa(r.inches).depthMm], [8, 20]);
    assert.equal(sofa(r.inches).margin, '⅜ in to spare');

    // The demo: the selected item's size next to the view, and the "will it fit" form.
    await page.goto(server.url);
    await page.waitForSelector('#products button.add');
    const lang = await page.evaluate(() => navigator.language);
    const imperial = /^en-US$|-(US|LR|MM)$/.test(lang);
    await page.click('#products button[data-add="nordhem/oslo-sofa"]');
    await page.waitForFunction(() => document.getElementById('selected-dimensions').textContent !== '');
    assert.equal(await page.textContent('#selected-dimensions'), imperial ? '82⅝ × 36¼ × 32⅝ in' : '210 × 92 × 83 cm');
    assert.equal(await page.isVisible('#selected-size'), true);
    const check = async (w, d) => {
      await page.selectOption('#fit-unit', 'cm');
      await page.fill('#fit-width', String(w));
      await page.fill('#fit-depth', String(d));
      await page.click('#fit-form button[type="submit"]');
      await page.waitForFunction((want) => document.getElementById('fit-status').textContent.includes(want), `of 10 products fit`);
      const li = await page.$('#fit-results li[data-product="nordhem/oslo-sofa"]');
      const out = { fits: await li.getAttribute('data-fits'), text: await li.textContent() };
      await page.evaluate(() => { document.getElementById('fit-status').textContent = ''; });
      return out;
    };
    const yes = await check(211, 93);
    assert.equal(yes.fits, 'true');
    assert.match(yes.text, imperial ? /^Oslo three-seat sofa: fits \(⅜ in to spare\)/ : /^Oslo three-seat sofa: fits \(1 cm to spare\)/);
    const no = await check(209, 93);
    assert.equal(no.fits, 'false');
    assert.match(no.text, imperial ? /does not fit \(⅜ in too big\)/ : /does not fit \(1 cm too big\)/);
    assertHealthy(p);
  } finally {
    await browser.close();
  }
});

for (const mode of ['webgpu', 'webgl']) {
  describe(`the room view in Chromium, ${mode === 'webgpu' ? 'WebGPU' : 'WebGL2 fallback'}`, () => {
    let browser;
    before(async () => {
      browser = await launchBrowser(mode);
    });
    after(async () => {
      await browser?.close();
    });

    test('place, touch, drag into contact, undo, keys, share and restore', { timeout: TIMEOUT }, async () => {
      const p = await openPage(browser);
      const { page } = p;
      const step = (what) => console.error(`[${mode}] ${new Date().toISOString().slice(11, 19)} ${what}`);
      const shot = async (name) => {
        step(`screenshot ${name}`);
        await drawn(page);
        const s = await screenshotViewer(page, '#room');
        saveOutput(`room-${mode}-${name}.png`, s.png);
        return s.image;
      };
      try {
        await page.goto(new URL('tests/pages/room.html', server.url).href);
        await page.waitForFunction(() => window.__ready);

        step('Three items');
        // Three items from two retailers, from the catalog attribute.
        const placed = await room(page, async () => {
          const el = document.getElementById('room');
          const out = [];
          out.push(await el.addToRoom({ retailer: 'nordhem', product: 'oslo-sofa', variant: 'NH-OSLO-3S-FOR' }));
          out.push(await el.addToRoom({ retailer: 'maple-grain', product: 'round-coffee-table' }));
          out.push(await el.addToRoom({ retailer: 'nordhem', product: 'oslo-armchair', variant: 'NH-OSLO-AC-OAT' }));
          return { out, backend: el.backend };
        });
        assert.equal(placed.backend, mode === 'webgpu' ? 'webgpu' : 'webgl2');
        const [sofa, table, chair] = placed.out.map((o) => o.id);
        assert.deepEqual([sofa, table, chair], [1, 2, 3]);
        assert.equal(placed.out[0].announce, 'Oslo three-seat sofa placed');
        assert.match(placed.out[2].announce, /^Oslo armchair placed, (\d+ cm from|touching) the round coffee table$/);
        let list = await items(page);
        assert.deepEqual(new Set(list.map((i) => i.retailer)), new Set(['nordhem', 'maple-grain']));
        let ev = await events(page);
        assert.deepEqual(ev.filter((e) => e.type === 'roomchange').map((e) => [e.detail.reason, e.detail.items]), [
          ['placed', 1],
          ['placed', 2],
          ['placed', 3],
        ]);
        const placedShot = await shot('placed');
        const bg = [255, 255, 255];
        assert.ok(coverage(placedShot, bg) > 0.3, `the room covers ${coverage(placedShot, bg)} of the view`);
        assert.ok(outlinePixels(placedShot) > 300, `selection outline: ${outlinePixels(placedShot)} px`);

        step('Touch: a tap');
        // Touch: a tap on the sofa selects it.
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
        const sofaAt = await onScreen(page, sofa, 0.6);
        await touch(cdp, 'touchStart', [sofaAt]);
        await touch(cdp, 'touchEnd', []);
        ev = await events(page);
        const sel = ev.find((e) => e.type === 'select');
        assert.equal(sel?.detail.item?.product, 'oslo-sofa', JSON.stringify(ev));
        // The catalog's 2100 × 920 × 830 mm, in cm (the page's element has locale="en-GB").
        assert.equal(sel.detail.dimensions, '210 × 92 × 83 cm');
        assert.match(await announced(page), /^Oslo three-seat sofa selected, 210 × 92 × 83 cm$/);

        step('Touch: one finger');
        // Touch: one finger drags the armchair 120 px to the left (it moves, and is selected).
        const chairBefore = list.find((i) => i.id === chair);
        const chairAt = await onScreen(page, chair, 0.45);
        await touchDrag(cdp, chairAt, [chairAt[0] - 120, chairAt[1] + 20]);
        list = await items(page);
        const chairMoved = list.find((i) => i.id === chair);
        assert.ok(chairMoved.x < chairBefore.x - 0.3, `armchair x ${chairBefore.x} -> ${chairMoved.x}`);
        assert.match(await announced(page), /^Oslo armchair moved/);
        assert.equal(await room(page, () => document.getElementById('room').roomItems().length), 3);

        step('Touch: two fingers');
        // Touch: two fingers twist the selected armchair 40° clockwise on screen: it turns in
        // 15° steps; undo puts it back.
        const c = await onScreen(page, chair, 0.4);
        const r = 70;
        await touch(cdp, 'touchStart', [[c[0] - r, c[1]], [c[0] + r, c[1]]]);
        for (let i = 1; i <= 8; i++) {
          const a = (40 * Math.PI) / 180 * (i / 8);
          await touch(cdp, 'touchMove', [
            [c[0] - r * Math.cos(a), c[1] - r * Math.sin(a)],
            [c[0] + r * Math.cos(a), c[1] + r * Math.sin(a)],
          ]);
        }
        await touch(cdp, 'touchEnd', []);
        let turned = (await items(page)).find((i) => i.id === chair);
        assert.ok(turned.yaw !== 0 && Math.abs(turned.yaw / 15 - Math.round(turned.yaw / 15)) < 1e-6, `yaw ${turned.yaw}`);
        assert.match(await announced(page), /^Oslo armchair turned to \d+°/);
        await room(page, () => document.getElementById('room').undo());
        turned = (await items(page)).find((i) => i.id === chair);
        assert.equal(turned.yaw, 0);
        assert.equal(await announced(page), 'Undid the turn');
        await events(page);

        step('Mouse: drag');
        // Mouse: drag the armchair at the coffee table's centre: it stops at contact.
        const beforeDrag = await items(page);
        const dragShot0 = await shot('before-drag');
        const from = await onScreen(page, chair, 0.45);
        const to = await onScreen(page, table, 0.45);
        const tableTop = await onScreen(page, table, 0.42);
        await page.mouse.move(from[0], from[1]);
        await page.mouse.down();
        for (let i = 1; i <= 20; i++) {
          const t = i / 20;
          await page.mouse.move(from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t);
        }
        await page.mouse.up();
        const afterDrag = await items(page);
        const ch = afterDrag.find((i) => i.id === chair);
        const others = afterDrag.filter((i) => i.id !== chair);
        const gaps = others.map((o) => gap(ch, o));
        assert.ok(Math.min(...gaps) >= -0.0005, `the armchair overlaps another item: gaps ${gaps}`);
        assert.ok(Math.min(...gaps) < 0.003, `the armchair stopped short of contact: gaps ${gaps}`);
        assert.ok(Math.hypot(ch.x - chairMoved.x, ch.z - chairMoved.z) > 0.1, 'the armchair did not move');
        assert.match(await announced(page), /^Oslo armchair moved, touching the /);
        ev = await events(page);
        assert.deepEqual(ev.filter((e) => e.type === 'roomchange').map((e) => e.detail.reason), ['moved']);
        // The pixels agree: the table's top under the pointer is still the table, and the
        // armchair is drawn away from where the pointer let go.
        const dragShot1 = await shot('after-drag');
        const d = colourDistance(pixel(dragShot0, tableTop), pixel(dragShot1, tableTop));
        assert.ok(d < 24, `the table top changed colour by ${d} under the pointer (the armchair went into it?)`);
        const chairNow = await onScreen(page, chair, 0.45);
        assert.ok(Math.hypot(chairNow[0] - to[0], chairNow[1] - to[1]) > 40, 'the armchair reached the pointer');
        assert.ok(meanAbsDiff(dragShot0, dragShot1) > 0.2, 'the picture did not change after the drag');

        step('Undo puts');
        // Undo puts it back exactly.
        await room(page, () => document.getElementById('room').undo());
        assert.deepEqual(await items(page), beforeDrag);
        assert.equal(await announced(page), 'Undid the move');

        step('Keyboard:');
        // Keyboard: Tab selects the first item, ArrowUp moves it, Ctrl+Z undoes.
        await page.locator('#room').locator('canvas').focus();
        await room(page, () => document.getElementById('room').select(null));
        await page.keyboard.press('Tab');
        assert.equal(await room(page, () => document.getElementById('room').roomItems().length), 3);
        assert.match(await announced(page), /^Oslo three-seat sofa selected/);
        await page.keyboard.press('ArrowDown');
        assert.match(await announced(page), /^Oslo three-seat sofa moved/);
        await page.keyboard.press('Control+z');
        assert.equal(await announced(page), 'Undid the move');
        assert.deepEqual(await items(page), beforeDrag);

        step('Share, reload');
        // Share, reload from the code, compare.
        const code = await room(page, () => document.getElementById('room').shareCode());
        assert.match(code, /^[A-Za-z0-9_-]+$/);
        await room(page, () => {
          const el = document.getElementById('room');
          el.select(null);
          el.frameRoom();
          el.canvas.blur(); // no focus ring in the picture
        });
        const before = await shot('shared');
        const json = JSON.parse(await room(page, () => document.getElementById('room').roomJSON()));
        assert.equal(json.items.length, 3);

        await page.goto(new URL(`tests/pages/room.html?code=${code}`, server.url).href);
        const restored = await page.evaluate(() => window.__ready);
        assert.equal(restored.restored?.items, 3, JSON.stringify(restored));
        assert.equal(await announced(page), 'Room restored with 3 items');
        assert.deepEqual(
          (await items(page)).map(({ id, ...rest }) => rest),
          beforeDrag.map(({ id, ...rest }) => rest),
        );
        await room(page, () => document.getElementById('room').frameRoom());
        const after = await shot('restored');
        const diff = meanAbsDiff(before, after);
        step(`restore: mean difference ${diff.toFixed(3)}; the drag changed the picture by ${meanAbsDiff(dragShot0, dragShot1).toFixed(3)}`);
        assert.ok(diff <= MAX_RESTORE_DIFF, `restored room differs by ${diff.toFixed(3)} per channel`);
        assertHealthy(p);
      } catch (e) {
        saveOutput(`room-${mode}-FAILED-page.png`, await page.screenshot().catch(() => Buffer.alloc(0)));
        throw e;
      } finally {
        await page.close();
      }
    });
  });
}
