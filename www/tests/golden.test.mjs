// Golden screenshots of the demo shop at 360×780 and 1280×800, in English and Simplified
// Chinese (www/tests/golden/demo-<width>x<height>-<lang>.png), in headless Chromium with WebGPU
// on SwiftShader. Regenerate with
//   UPDATE_GOLDENS=1 node --test www/tests/golden.test.mjs
// A failing comparison writes demo-…-actual.png and demo-…-diff.png to www/tests/output/.
//
// Determinism: the page is the default one (the first product, the Oslo sofa, drawn in the
// product view with its compare panel filled), fonts are the system's (DejaVu Sans; Noto Sans
// CJK SC from fonts-noto-cjk for Chinese, installed by scripts/setup.sh), the window has a
// device scale factor of 1, the picture is taken after the viewer's `load` (its status line),
// `drawn()`, `document.fonts.ready` and two more animation frames, the text caret is hidden, CSS
// animations and transitions are finished, and the viewport (not the full page) is captured, so
// controls that other work adds below the fold do not change the picture's size. At 360 px the
// 3D view is below the fold (the pictures show the header, categories and product list).
//
// Tolerance, measured (Debian 12, Chromium 156, WebGPU on SwiftShader, 2 shared cores under
// other builds): after regenerating, three runs in a row gave pictures identical to the goldens
// in every pixel of all four (0 pixels differing at all, max channel difference 0; before,
// two runs against images from an earlier version of this test matched the same way, except
// once when the 360 px Chinese page never loaded the model: the lazy-loading race handled
// above, now). So run-to-run noise
// is 0 and the tolerance is only a margin: a pixel differs when a channel differs by more than
// 16 of 255, and at most 0.01 % of the pixels may differ (102 of 1280×800, 28 of 360×780),
// room for a few antialiased edge pixels of the sofa should SwiftShader ever vary, and well
// under what the smallest deliberate change below moves. Measured with the tests at the end:
// the sofa in another colour 61,942 pixels (6.05 %), one "Add to room" button hidden 885
// (0.086 %), the selected category's blue changed from #1a56c4 to #1a73e8 1,410 (0.138 %):
// the 0.5 % first written here (before any measurement) would have let the last two through.
// The goldens hold this machine's fonts: on another font version, regenerate them.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { animationFrames, assertHealthy, decodePng, launchBrowser, openPage, outputDir, startServer } from './harness.mjs';
import { compareImages, expectGolden, goldenDir } from './golden.mjs';

const THRESHOLD = 16;
const MAX_FRACTION = 0.0001;

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser('webgpu');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Opens the demo in `lang` at width × height, waits until it is settled (catalogs listed, the
 * sofa drawn, the compare panel filled, fonts loaded), applies `change` (a function run in the
 * page, for the checks that the comparison can fail) and returns the viewport's PNG.
 */
async function shoot(p, { width, height, lang, change = null }) {
  await p.page.setViewportSize({ width, height });
  await p.page.goto(`${server.url}?lang=${lang}`);
  await p.page.waitForFunction(() => document.querySelectorAll('#products li').length > 0, null, { timeout: 60_000 });
  // The element loads lazily: at 360 px the viewer is below the fold, and whether it is near
  // the viewport before the product list fills in is a race. Bring it into view (its status
  // line is written on `load`), then back to the top for the picture.
  await p.page.evaluate(() => document.getElementById('viewer').scrollIntoView());
  await p.page.waitForFunction(() => /\S/.test(document.getElementById('viewer-status').textContent), null, { timeout: 120_000 });
  assert.equal(await p.page.evaluate(() => document.getElementById('viewer').backend), 'webgpu');
  // The compare panel fills in after the catalogs' handoff build has compared the sofa.
  await p.page.waitForFunction(() => document.querySelectorAll('#compare-table tr').length > 0);
  if (change) await p.page.evaluate(change);
  await p.page.evaluate(async () => {
    await document.fonts.ready;
    await document.getElementById('viewer').drawn();
    window.scrollTo(0, 0);
  });
  await animationFrames(p.page, 2);
  return p.page.screenshot({ animations: 'disabled', caret: 'hide' });
}

for (const [width, height] of [[360, 780], [1280, 800]]) {
  for (const lang of ['en', 'zh-CN']) {
    const name = `demo-${width}x${height}-${lang}`;
    test(`golden screenshot ${name}`, { timeout: 180_000 }, async () => {
      const p = await openPage(browser);
      try {
        const png = await shoot(p, { width, height, lang });
        const r = expectGolden(name, png, { threshold: THRESHOLD, maxFraction: MAX_FRACTION });
        if (!r.updated) {
          console.log(`${name}: ${r.differing} pixels (${(r.fraction * 100).toFixed(4)} %) differ by more than ${THRESHOLD}; `
            + `max channel difference ${r.maxDelta}; ${r.nonZero} pixels differ at all`);
        }
        assert.ok(r.updated || r.fraction <= MAX_FRACTION);
        assertHealthy(p);
      } finally {
        await p.page.close();
      }
    });
  }
}

// The comparison can fail: small deliberate changes to the 1280×800 English page, each of which
// must be more than the tolerance allows.
const CHANGES = {
  // Another colour of the sofa (the swatch the shopper clicks; the element redraws it).
  'the sofa in Forest': async () => {
    const v = document.getElementById('viewer');
    const changed = new Promise((r) => v.addEventListener('variantchange', r, { once: true }));
    document.querySelector('#variants button[data-sku="NH-OSLO-3S-FOR"]').click();
    await changed;
  },
  // One "Add to room" button hidden.
  'one button hidden': () => {
    document.querySelector('#products button[data-add="nordhem/oslo-armchair"]').style.visibility = 'hidden';
  },
  // The selected category pill in the blue the demo used before (#1a73e8 for #1a56c4).
  'a CSS colour': () => {
    document.querySelector('#categories button[aria-pressed="true"]').style.background = '#1a73e8';
  },
};
for (const [what, change] of Object.entries(CHANGES)) {
  test(`the golden comparison fails for ${what}`, { timeout: 180_000, skip: process.env.UPDATE_GOLDENS === '1' }, async () => {
    const p = await openPage(browser);
    try {
      const png = await shoot(p, { width: 1280, height: 800, lang: 'en', change });
      const r = compareImages(decodePng(png), decodePng(readFileSync(path.join(goldenDir, 'demo-1280x800-en.png'))), THRESHOLD);
      console.log(`${what}: ${r.differing} pixels (${(r.fraction * 100).toFixed(4)} %) differ by more than ${THRESHOLD}`);
      assert.ok(r.fraction > MAX_FRACTION, `${what}: ${r.differing} pixels differ, within the tolerance`);
      // And the test's own check refuses it, writing the actual picture and the difference.
      for (const f of ['actual', 'diff']) rmSync(path.join(outputDir, `demo-1280x800-en-${f}.png`), { force: true });
      assert.throws(() => expectGolden('demo-1280x800-en', png, { threshold: THRESHOLD, maxFraction: MAX_FRACTION }), /differ by more than 16/);
      for (const f of ['actual', 'diff']) assert.ok(existsSync(path.join(outputDir, `demo-1280x800-en-${f}.png`)), `${f} written`);
      assertHealthy(p);
    } finally {
      await p.page.close();
    }
  });
}
