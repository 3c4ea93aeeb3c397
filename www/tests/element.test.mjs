// The custom element on its own pages (not the demo shop).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertHealthy, expectViewerLoad, launchBrowser, openPage, startServer } from './harness.mjs';

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

test('an element with src in its markup fetches the model once', { timeout: 120_000 }, async () => {
  const p = await openPage(browser);
  const requests = [];
  p.page.on('request', (r) => {
    if (r.url().endsWith('.glb')) requests.push(r.url());
  });
  await expectViewerLoad(p, {
    id: 'viewer',
    action: () => p.page.goto(new URL('tests/pages/parsed-src.html', server.url).href),
    what: 'the armchair in parsed-src.html',
  });
  assert.deepEqual(requests.map((u) => new URL(u).pathname), ['/models/oslo-armchair.glb']);
  assertHealthy(p);
  await p.page.close();
});

test('a variant chosen after an overtaken load still applies', { timeout: 120_000 }, async () => {
  const p = await openPage(browser);
  await expectViewerLoad(p, {
    id: 'viewer',
    action: () => p.page.goto(new URL('tests/pages/parsed-src.html', server.url).href),
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
