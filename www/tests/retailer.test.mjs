// The retailer page (www/retailer.html) in headless Chromium: files go in through the real file
// input; the issues it lists must equal `roomfit catalog check --json` on the same files; the
// corrected catalog it offers must pass the CLI; the dropped files never go over the network.
//
// Run from the repository root: node --test www/tests/retailer.test.mjs (or make test-node).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { assertHealthy, launchBrowser, openPage, repoRoot, startServer } from './harness.mjs';

const TIMEOUT = 300_000;
const run = promisify(execFile);

let server;
let dir;
before(async () => {
  server = await startServer();
  dir = mkdtempSync(path.join(os.tmpdir(), 'roomfit-retailer-'));
});
after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const models = path.join(repoRoot, 'models');
const GLBS = ['oslo-sofa.glb', 'oslo-armchair.glb', 'lumen-floor-lamp.glb'];

/** `roomfit catalog check FILE --json`: { status, report }. */
async function cli(file) {
  try {
    const { stdout } = await run('cargo', ['run', '--quiet', '--bin', 'roomfit', '--', 'catalog', 'check', file, '--json'],
      { cwd: repoRoot, maxBuffer: 1 << 24 });
    return { status: 0, report: JSON.parse(stdout) };
  } catch (e) {
    if (typeof e.code !== 'number') throw e;
    return { status: e.code, report: JSON.parse(e.stdout) };
  }
}

/** Writes a set: the catalog (as `name`) and the three Nordhem GLBs, in its own folder. */
function writeSet(name, change) {
  const setDir = mkdtempSync(path.join(dir, 'set-'));
  const c = JSON.parse(readFileSync(path.join(models, 'catalog-nordhem.json'), 'utf8'));
  change(c);
  writeFileSync(path.join(setDir, name), `${JSON.stringify(c, null, 2)}\n`);
  for (const g of GLBS) copyFileSync(path.join(models, g), path.join(setDir, g));
  return { dir: setDir, catalog: path.join(setDir, name), files: [name, ...GLBS].map((f) => path.join(setDir, f)) };
}

/** Uploads the files through the page's file input and resolves to the report it shows. */
async function upload(page, files) {
  await page.evaluate(() => {
    window.__lastReport = null;
  });
  await page.setInputFiles('#files', files);
  await page.waitForFunction(() => window.__lastReport !== null, null, { timeout: 60_000 });
  const report = await page.evaluate(() => window.__lastReport);
  const rows = await page.$$eval('#issues tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  return { report, rows };
}

test('the retailer page checks dropped files like the CLI and offers the mechanical fixes', { timeout: TIMEOUT }, async () => {
  const good = writeSet('good.json', () => {});
  const bad = writeSet('bad.json', (c) => {
    const sofa = c.retailers[0].products[0];
    sofa.dimensions_mm = { width: 210, depth: 92, height: 83 }; // centimetres written as millimetres
    c.retailers[0].logo = 'http://nordhem.example/logo.png';
    c.retailers[0].products[1].variants[1].gltf_variant = 'Plum'; // not in the model
  });
  const fixable = writeSet('fixable.json', (c) => {
    c.retailers[0].products[0].dimensions_mm = { width: 210, depth: 92, height: 83 };
    c.retailers[0].logo = 'http://nordhem.example/logo.png';
  });

  const browser = await launchBrowser('webgpu');
  try {
    const p = await openPage(browser);
    const { page } = p;
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(new URL('retailer.html', server.url).href);

    // The good set: no issues, as the CLI says; each model shown at its true size.
    const cliGood = await cli(good.catalog);
    assert.equal(cliGood.status, 0);
    const g = await upload(page, good.files);
    assert.deepEqual(g.report, cliGood.report);
    assert.equal(g.report.issues.length, 0);
    assert.equal(await page.textContent('#summary'), 'good.json: no issues.');
    assert.equal(await page.isHidden('#fixes'), true);
    await page.waitForFunction(() => document.querySelectorAll('#models figure[data-size]').length === 3, null, { timeout: 90_000 });
    const sizes = await page.$$eval('#models figure', (fs) => fs.map((f) => [f.dataset.product, f.dataset.size]));
    assert.deepEqual(sizes, [
      ['nordhem/oslo-sofa', '2.100 0.830 0.920'],
      ['nordhem/oslo-armchair', '0.860 0.800 0.880'],
      ['nordhem/lumen-floor-lamp', '0.400 1.600 0.400'],
    ]);
    // Drawn to one scale: the lamp's front is 1.6/1.75 of the person's height.
    const ratio = await page.$eval('#models figure[data-product="nordhem/lumen-floor-lamp"] svg', (svg) => {
      const item = svg.querySelector('rect.item').getBBox();
      const person = [...svg.querySelectorAll('.person')].map((e) => e.getBBox());
      const topY = Math.min(...person.map((b) => b.y));
      const bottom = Math.max(...person.map((b) => b.y + b.height));
      return item.height / (bottom - topY);
    });
    assert.ok(Math.abs(ratio - 1.6 / 1.75) < 0.01, `lamp / person ${ratio}`);

    // The bad set: the same issues, pointers, sentences and fixes as the CLI.
    const cliBad = await cli(bad.catalog);
    assert.equal(cliBad.status, 1);
    const b = await upload(page, bad.files);
    assert.deepEqual(b.report, cliBad.report);
    const codes = b.report.issues.map((i) => [i.pointer, i.code]);
    for (const want of [
      ['/retailers/0/logo', 'insecure-url'],
      ['/retailers/0/products/0/dimensions_mm', 'dimensions-wrong-unit'],
      ['/retailers/0/products/1/variants/1/gltf_variant', 'model-missing-variant'],
    ]) {
      assert.ok(codes.some(([ptr, code]) => ptr === want[0] && code === want[1]), `${want} in ${JSON.stringify(codes)}`);
    }
    assert.deepEqual(b.rows.map((r) => r[1]), b.report.issues.map((i) => i.pointer || '(file)'));
    assert.deepEqual(b.rows.map((r) => r[2]), b.report.issues.map((i) => i.message));

    // The corrected catalog: only what needs the retailer (the missing variant) is left.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const fixedPath = path.join(bad.dir, download.suggestedFilename());
    assert.equal(download.suggestedFilename(), 'bad.fixed.json');
    await download.saveAs(fixedPath);
    const fixed = JSON.parse(readFileSync(fixedPath, 'utf8'));
    assert.deepEqual(fixed.retailers[0].products[0].dimensions_mm, { width: 2100, depth: 920, height: 830 });
    assert.equal(fixed.retailers[0].logo, 'https://nordhem.example/logo.png');
    const cliFixed = await cli(fixedPath);
    assert.deepEqual(cliFixed.report.issues.map((i) => [i.pointer, i.code]),
      cliBad.report.issues.filter((i) => !['insecure-url', 'dimensions-wrong-unit'].includes(i.code)).map((i) => [i.pointer, i.code]));
    assert.equal(cliFixed.report.issues.length, 1, JSON.stringify(cliFixed.report.issues));

    // Only mechanical mistakes: the corrected catalog passes the CLI with no issue at all.
    const f = await upload(page, fixable.files);
    assert.deepEqual(f.report, (await cli(fixable.catalog)).report);
    const [download2] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const fixed2 = path.join(fixable.dir, download2.suggestedFilename());
    await download2.saveAs(fixed2);
    const passes = await cli(fixed2);
    assert.equal(passes.status, 0);
    assert.deepEqual(passes.report, { issues: [], errors: 0, warnings: 0 });

    // None of the dropped files went over the network (the page shows them from blob: URLs).
    const names = ['good.json', 'bad.json', 'fixable.json', ...GLBS];
    const leaked = requests.filter((u) => !u.startsWith('blob:') && names.some((n) => u.includes(n)));
    assert.deepEqual(leaked, []);
    assert.ok(requests.some((u) => u.includes('/pkg/catalog/roomfit_bg.wasm')), 'the checker build was loaded');
    assertHealthy(p);
  } finally {
    await browser.close();
  }
});
