// The custom element on its own pages (not the demo shop).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  assertHealthy,
  coverage,
  decodePng,
  expectViewerLoad,
  launchBrowser,
  meanCoveredColour,
  nextViewerEvent,
  openPage,
  saveOutput,
  serverAndBrowser,
} from './harness.mjs';

const ctx = serverAndBrowser('webgpu');

test('an element with src in its markup fetches the model once', { timeout: 120_000 }, async () => {
  const p = await openPage(ctx.browser);
  const requests = [];
  p.page.on('request', (r) => {
    if (r.url().endsWith('.glb')) requests.push(r.url());
  });
  await expectViewerLoad(p, {
    id: 'viewer',
    action: () => p.page.goto(new URL('tests/pages/parsed-src.html', ctx.server.url).href),
    what: 'the armchair in parsed-src.html',
  });
  assert.deepEqual(requests.map((u) => new URL(u).pathname), ['/models/oslo-armchair.glb']);
  assertHealthy(p);
  await p.page.close();
});

test('a variant chosen after an overtaken load still applies', { timeout: 120_000 }, async () => {
  const p = await openPage(ctx.browser);
  await expectViewerLoad(p, {
    id: 'viewer',
    action: () => p.page.goto(new URL('tests/pages/parsed-src.html', ctx.server.url).href),
    what: 'the armchair in parsed-src.html',
  });
  // Two src changes in a row: the first load is overtaken by the second.
  await expectViewerLoad(p, {
    id: 'viewer',
    action: () =>
      p.page.evaluate(() => {
        const v = document.getElementById('viewer');
        v.setAttribute('src', '/models/oslo-sofa.glb');
        v.setAttribute('src', '/models/oslo-armchair.glb');
      }),
    what: 'the armchair after an overtaken sofa load',
  });
  const detail = await p.page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const v = document.getElementById('viewer');
        v.addEventListener('variantchange', (e) => resolve(e.detail), { once: true });
        setTimeout(() => reject(new Error('no variantchange within 15 s')), 15_000);
        v.setAttribute('variant', 'Forest');
      }),
  );
  assert.deepEqual(detail, { variant: 'Forest' });
  assertHealthy(p);
  await p.page.close();
});

/** Calls viewer.screenshot(options) in the page; resolves to { type, bytes (Buffer), canvas: [w, h] }. */
async function shoot(page, id, options) {
  const r = await page.evaluate(
    async ([vid, opts]) => {
      const v = document.getElementById(vid);
      const blob = await v.screenshot(opts);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { type: blob.type, b64: btoa(bin), canvas: [v.canvas.width, v.canvas.height] };
    },
    [id, options ?? {}],
  );
  return { type: r.type, bytes: Buffer.from(r.b64, 'base64'), canvas: r.canvas };
}

const brightness = (img) => {
  const c = meanCoveredColour(img, [0, 0, 0]);
  assert.ok(c, 'the screenshot shows something');
  return (c[0] + c[1] + c[2]) / 3;
};

test('loading is lazy: nothing is fetched until the element nears the viewport; then the catalog product and its poster', { timeout: 120_000 }, async () => {
  const p = await openPage(ctx.browser);
  const requests = [];
  p.page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await p.page.goto(new URL('tests/pages/lazy.html', ctx.server.url).href, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, 1500));
  const fetched = () => requests.filter((u) => /\.(wasm|glb)$|catalog\.json$|pkg\//.test(u));
  assert.deepEqual(fetched(), [], 'no wasm, glue, model or catalog before the element is near the viewport');
  assert.equal(await p.page.evaluate(() => document.getElementById('lazy').backend), null);

  const detail = await expectViewerLoad(p, {
    id: 'lazy',
    action: () => p.page.evaluate(() => document.getElementById('lazy').scrollIntoView()),
    what: 'the catalog armchair after scrolling',
  });
  assert.equal(detail.url, new URL('/models/oslo-armchair.glb', ctx.server.url).href);
  const paths = fetched();
  assert.ok(paths.includes('/tests/pages/poster-catalog.json'), paths.join(' '));
  assert.ok(paths.includes('/models/oslo-armchair.glb'), paths.join(' '));
  assert.ok(paths.some((u) => u.endsWith('/roomfit_bg.wasm')), paths.join(' '));

  // The catalog poster was shown, and fades out once the model is drawn (a 0.4 s transition; a
  // loaded machine may take longer to run it).
  await p.page
    .waitForFunction(() => getComputedStyle(document.getElementById('lazy').shadowRoot.querySelector('.poster')).opacity === '0', null, { timeout: 15_000 })
    .catch(() => {});
  const poster = await p.page.evaluate(() => {
    const img = document.getElementById('lazy').shadowRoot.querySelector('.poster');
    return { src: img.src, hidden: img.hidden, drawn: img.classList.contains('drawn'), opacity: getComputedStyle(img).opacity };
  });
  assert.match(poster.src, /^data:image\/svg\+xml/);
  assert.equal(poster.drawn, true);
  assert.equal(Number(poster.opacity), 0);

  // The progress bar covered the .wasm and the model.
  const progress = await p.page.evaluate(() => window.__progress);
  const kinds = new Set(progress.map((e) => e.kind));
  assert.deepEqual([...kinds].sort(), ['model', 'wasm'], JSON.stringify(progress.slice(0, 3)));
  const lastWasm = progress.filter((e) => e.kind === 'wasm').at(-1);
  assert.ok(lastWasm.loaded > 100_000, `the .wasm progress reached ${lastWasm.loaded} bytes`);
  assert.ok(progress.findIndex((e) => e.kind === 'wasm') < progress.findIndex((e) => e.kind === 'model'));

  // variant="TS-ARM-FOR" is a SKU of the catalog product: the Forest look. Switching the SKU
  // to Oat changes the drawn colour.
  const forest = decodePng((await shoot(p.page, 'lazy')).bytes);
  const changed = await p.page.evaluate(
    () =>
      new Promise((resolve) => {
        const v = document.getElementById('lazy');
        v.addEventListener('variantchange', (e) => resolve(e.detail), { once: true });
        v.setAttribute('variant', 'TS-ARM-OAT');
      }),
  );
  assert.deepEqual(changed, { variant: 'TS-ARM-OAT' });
  const oat = decodePng((await shoot(p.page, 'lazy')).bytes);
  const [f, o] = [meanCoveredColour(forest, [0, 0, 0]), meanCoveredColour(oat, [0, 0, 0])];
  assert.ok(o[0] - f[0] > 20, `Oat is redder than Forest: ${f.map(Math.round)} vs ${o.map(Math.round)}`);

  // The element's analytics: view_item (the SKU shown), variant_changed; then placing it in the
  // room: add_to_cart and item_placed. GA4 item shape, prices from the catalog.
  const placed = await p.page.evaluate(() => document.getElementById('lazy').addToRoom({ retailer: 'test-shop', product: 'armchair', variant: 'TS-ARM-OAT' }));
  const analytics = await p.page.evaluate(() => window.__analytics);
  const item = (sku, variant, price) => ({ item_id: sku, item_name: 'Test armchair', item_brand: 'Test shop', item_variant: variant, price, quantity: 1 });
  assert.deepEqual(analytics, [
    { name: 'view_item', params: { currency: 'EUR', value: 699.5, items: [item('TS-ARM-FOR', 'Forest', 699.5)] } },
    { name: 'variant_changed', params: { item_id: 'TS-ARM-OAT', product_id: 'armchair', retailer_id: 'test-shop' } },
    { name: 'add_to_cart', params: { currency: 'EUR', value: 649, items: [item('TS-ARM-OAT', 'Oat', 649)] } },
    { name: 'item_placed', params: { item_id: 'TS-ARM-OAT', product_id: 'armchair', retailer_id: 'test-shop', room_item: placed.id } },
  ]);
  assertHealthy(p);
  await p.page.close();
});

test('loading="eager" loads far below the fold; a poster shows until the model is drawn', { timeout: 120_000 }, async () => {
  const p = await openPage(ctx.browser);
  await p.page.goto(new URL('tests/pages/parsed-src.html', ctx.server.url).href);
  await nextViewerEvent(p, { id: 'viewer', what: 'the first viewer' });
  const detail = await expectViewerLoad(p, {
    id: 'eager',
    action: () =>
      p.page.evaluate(() => {
        const spacer = document.createElement('div');
        spacer.style.height = '4000px';
        const v = document.createElement('roomfit-viewer');
        v.id = 'eager';
        v.setAttribute('loading', 'eager');
        v.setAttribute('poster', 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/%3E');
        v.setAttribute('src', '/models/oslo-sofa.glb');
        document.body.append(spacer, v);
        const img = v.shadowRoot.querySelector('.poster');
        window.__posterAtStart = { hidden: img.hidden, drawn: img.classList.contains('drawn') };
      }),
    what: 'the eager sofa',
  });
  assert.deepEqual(detail.size_m.length, 3);
  const start = await p.page.evaluate(() => window.__posterAtStart);
  assert.deepEqual(start, { hidden: false, drawn: false }, 'the poster shows before the model is drawn');
  assert.equal(await p.page.evaluate(() => document.getElementById('eager').shadowRoot.querySelector('.poster').classList.contains('drawn')), true);
  assertHealthy(p);
  await p.page.close();
});

test('exposure changes the drawn brightness; screenshot() gives the drawn view as PNG or JPEG', { timeout: 120_000 }, async () => {
  const p = await openPage(ctx.browser);
  await expectViewerLoad(p, {
    id: 'viewer',
    action: () => p.page.goto(new URL('tests/pages/parsed-src.html', ctx.server.url).href),
    what: 'the armchair',
  });
  const png = await shoot(p.page, 'viewer');
  assert.equal(png.type, 'image/png');
  const normal = decodePng(png.bytes);
  assert.deepEqual([normal.width, normal.height], png.canvas);
  assert.ok(coverage(normal, [0, 0, 0]) > 0.05, `the screenshot shows the armchair (coverage ${coverage(normal, [0, 0, 0])})`);
  saveOutput('element-screenshot.png', png.bytes);

  const at = async (value) => {
    await p.page.evaluate((v) => document.getElementById('viewer').setAttribute('exposure', v), value);
    return brightness(decodePng((await shoot(p.page, 'viewer')).bytes));
  };
  const one = brightness(normal);
  const bright = await at('2.5');
  const dark = await at('0.4');
  const back = await at('1');
  assert.ok(bright > one + 15, `exposure 2.5 is brighter: ${bright.toFixed(1)} vs ${one.toFixed(1)}`);
  assert.ok(dark < one - 15, `exposure 0.4 is darker: ${dark.toFixed(1)} vs ${one.toFixed(1)}`);
  assert.ok(Math.abs(back - one) < 1, `exposure 1 again: ${back.toFixed(1)} vs ${one.toFixed(1)}`);
  assert.equal(await p.page.evaluate(() => document.getElementById('viewer').exposure), 1);

  const error = await nextViewerEvent(p, {
    id: 'viewer',
    action: () => p.page.evaluate(() => document.getElementById('viewer').setAttribute('exposure', '-2')),
    what: 'a negative exposure',
  });
  assert.equal(error.type, 'error');
  assert.equal(error.detail.code, 'invalid');
  assert.equal(error.detail.pointer, 'exposure');
  // The model stays shown: no failure message over it.
  assert.equal(await p.page.evaluate(() => document.getElementById('viewer').shadowRoot.querySelector('.status').hidden), true);

  const jpeg = await shoot(p.page, 'viewer', { type: 'image/jpeg', quality: 0.8 });
  assert.equal(jpeg.type, 'image/jpeg');
  assert.deepEqual([...jpeg.bytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  await p.page.close();
});

test('screenshot() works in the WebGL2 build too', { timeout: 180_000 }, async () => {
  const webgl = await launchBrowser('webgl');
  try {
    const p = await openPage(webgl);
    const detail = await expectViewerLoad(p, {
      id: 'viewer',
      action: () => p.page.goto(new URL('tests/pages/parsed-src.html', ctx.server.url).href),
      what: 'the armchair on WebGL2',
    });
    assert.equal(detail.backend, 'webgl2');
    const shot = await shoot(p.page, 'viewer');
    const img = decodePng(shot.bytes);
    assert.deepEqual([img.width, img.height], shot.canvas);
    assert.ok(coverage(img, [0, 0, 0]) > 0.05, `the WebGL2 screenshot shows the armchair (coverage ${coverage(img, [0, 0, 0])})`);
    assertHealthy(p);
    await p.page.close();
  } finally {
    await webgl.close();
  }
});

test('adaptive resolution: slow frames while orbiting shrink the drawing buffer to half, without multisampling; at rest and for screenshot() it is full again, multisampled', { timeout: 120_000 }, async () => {
  const p = await openPage(ctx.browser);
  // The element times frames by their requestAnimationFrame timestamps: a clock that advances
  // window.rafStep ms per real animation frame makes frames as slow or fast as the test wants,
  // while everything is drawn for real.
  await p.page.addInitScript(() => {
    const real = window.requestAnimationFrame.bind(window);
    let t = 0;
    let lastReal = -1;
    window.rafStep = 16;
    window.requestAnimationFrame = (cb) =>
      real((ts) => {
        if (ts !== lastReal) {
          lastReal = ts;
          t += window.rafStep;
        }
        cb(t);
      });
    // Whether the last render pass resolved multisampled colour into the canvas (4x) or drew
    // into it directly (one sample per pixel).
    const begin = GPUCommandEncoder.prototype.beginRenderPass;
    GPUCommandEncoder.prototype.beginRenderPass = function (desc) {
      window.lastResolve = Boolean(desc.colorAttachments[0]?.resolveTarget);
      return begin.call(this, desc);
    };
    // ... and at the time screenshot() reads the canvas (the frames after it may differ).
    const toBlob = HTMLCanvasElement.prototype.toBlob;
    HTMLCanvasElement.prototype.toBlob = function (...args) {
      window.resolveAtShot = window.lastResolve;
      return toBlob.apply(this, args);
    };
  });
  const resolved = () => p.page.evaluate(() => window.lastResolve);
  await expectViewerLoad(p, {
    id: 'viewer',
    action: () => p.page.goto(new URL('tests/pages/parsed-src.html', ctx.server.url).href),
    what: 'the armchair',
  });
  // Orbits (one ArrowRight per animation frame) or rests for `frames` frames at `step` ms per
  // frame; returns the drawing buffer's [width, height] after each frame.
  const run = (frames, step, orbit) =>
    p.page.evaluate(
      ([frames, step, orbit]) =>
        new Promise((resolve) => {
          window.rafStep = step;
          const v = document.getElementById('viewer');
          const sizes = [];
          const tick = () => {
            sizes.push([v.canvas.width, v.canvas.height]);
            if (sizes.length > frames) return resolve(sizes.slice(1));
            if (orbit) v.canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
            requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }),
      [frames, step, orbit],
    );
  const full = [400, 300];
  assert.deepEqual((await run(3, 16, false)).at(-1), full, 'the drawing buffer is the element size at rest');
  assert.equal(await resolved(), true, 'at rest: 4x multisampling (WebGPU)');

  // Very slow frames (over a second each: a weak GPU drawing a big screen) shrink it too.
  const slow = await run(12, 1200, true);
  assert.deepEqual(slow.at(-1), [200, 150], `slow frames: half width and height (sizes ${JSON.stringify(slow)})`);
  assert.equal(await p.page.evaluate(() => document.getElementById('viewer').canvas.clientWidth), 400, 'the canvas keeps its CSS size');
  assert.equal(await resolved(), false, 'moving below full resolution: one sample per pixel');
  // What the page shows while the view keeps moving (the compositor's picture of those
  // single-sampled frames): the armchair.
  await p.page.evaluate(() => {
    window.keepOrbiting = true;
    const v = document.getElementById('viewer');
    const tick = () => {
      if (!window.keepOrbiting) return;
      v.canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const box = await p.page.locator('#viewer').boundingBox();
  const moving = decodePng(await p.page.screenshot({ clip: box }));
  const stillMoving = await p.page.evaluate(() => [window.lastResolve, document.getElementById('viewer').canvas.width]);
  await p.page.evaluate(() => (window.keepOrbiting = false));
  assert.deepEqual(stillMoving, [false, 200], 'the picture is of a single-sampled half-size frame');
  assert.ok(coverage(moving, [255, 255, 255]) > 0.05, `the single-sampled frames show the armchair (coverage ${coverage(moving, [255, 255, 255])})`);

  // screenshot() in the middle of a slow orbit: a full-resolution picture.
  const shot = await shoot(p.page, 'viewer');
  const img = decodePng(shot.bytes);
  assert.deepEqual([img.width, img.height], full);
  assert.ok(coverage(img, [0, 0, 0]) > 0.05, 'the screenshot shows the armchair');
  assert.equal(await p.page.evaluate(() => window.resolveAtShot), true, 'screenshot(): 4x multisampling');

  // At rest (150 ms without a frame to draw), one more frame at full resolution.
  await run(3, 200, true);
  const rest = await run(4, 100, false);
  assert.deepEqual(rest.at(-1), full, `at rest: full resolution again (sizes ${JSON.stringify(rest)})`);
  assert.equal(await resolved(), true, 'at rest: 4x multisampling again');

  // Fast frames while orbiting: back up a step per two timed pairs of frames, to full
  // resolution.
  const fast = await run(24, 16, true);
  assert.ok(fast.some(([w]) => w < 400), `moving again starts from the moving scale (sizes ${JSON.stringify(fast)})`);
  assert.deepEqual(fast.at(-1), full, `fast frames: full resolution (sizes ${JSON.stringify(fast)})`);
  assert.equal(await resolved(), true, 'fast frames: 4x multisampling');
  assertHealthy(p);
  await p.page.close();
});
