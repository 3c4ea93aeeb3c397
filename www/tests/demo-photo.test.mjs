// The demo shop's "Save a photo" room tool: element.screenshot() saved as a download (headless
// Chromium on Linux has no Web Share for files, so the download path runs).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { assertHealthy, coverage, decodePng, expectViewerLoad, launchBrowser, openPage, saveOutput, startServer } from './harness.mjs';

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

test('"Save a photo" downloads a PNG of the room as drawn', { timeout: 180_000 }, async () => {
  const p = await openPage(browser);
  await expectViewerLoad(p, { id: 'viewer', action: () => p.page.goto(server.url), what: 'the demo’s first product' });
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
  assertHealthy(p);
  await p.page.close();
});
