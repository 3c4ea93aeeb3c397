// The demo shop's "Save a photo" room tool: element.screenshot() saved as a download (headless
// Chromium on Linux has no Web Share for files, so the download path runs).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import {
  assertHealthy,
  coverage,
  decodePng,
  expectViewerLoad,
  openPage,
  saveOutput,
  screenshotViewer,
  serverAndBrowser,
} from './harness.mjs';

const ctx = serverAndBrowser('webgpu');

test('"Save a photo" downloads a PNG of the room as drawn', { timeout: 180_000 }, async () => {
  const p = await openPage(ctx.browser);
  await expectViewerLoad(p, { id: 'viewer', action: () => p.page.goto(ctx.server.url), what: 'the demo’s first product' });
  await p.page.evaluate(
    () =>
      new Promise((resolve) => {
        document.getElementById('viewer').addEventListener('roomchange', resolve, { once: true });
        document.querySelector('[data-add="nordhem/oslo-sofa"]').click();
      }),
  );
  await p.page.locator('#room-photo').waitFor({ state: 'visible', timeout: 30_000 });
  const [download] = await Promise.all([p.page.waitForEvent('download', { timeout: 60_000 }), p.page.click('#room-photo')]);
  assert.equal(download.suggestedFilename(), 'my-room.png');
  const bytes = readFileSync(await download.path());
  saveOutput('demo-room-photo.png', bytes);
  const img = decodePng(bytes);
  const size = await p.page.evaluate(() => [document.getElementById('viewer').canvas.width, document.getElementById('viewer').canvas.height]);
  assert.deepEqual([img.width, img.height], size);
  const c = coverage(img, [0, 0, 0]);
  assert.ok(c > 0.2, `the photo shows the room (floor and sofa; coverage ${c.toFixed(3)})`);

  // The photo leaves out the selection outline (blue) that the view shows around the new sofa.
  const blue = (im) => {
    let n = 0;
    for (let i = 0; i < im.data.length; i += 4) {
      const [r, g, b] = [im.data[i], im.data[i + 1], im.data[i + 2]];
      if (b > 150 && b > r + 90 && b > g + 40) n++;
    }
    return n / (im.width * im.height);
  };
  const onScreen = (await screenshotViewer(p.page)).image;
  assert.ok(blue(onScreen) > 0.003, `the view shows the outline (${(blue(onScreen) * 100).toFixed(2)} % blue)`);
  assert.ok(blue(img) < 0.0005, `the photo has no outline (${(blue(img) * 100).toFixed(3)} % blue)`);
  assertHealthy(p);
  await p.page.close();
});
