// The retailer page (www/retailer.html) in headless Chromium: files go in through the real file
// input; the issues it lists for each catalog must equal `roomfit catalog check --json` on the
// same files, and several catalogs are also checked together; the
// corrected catalog it offers must pass the CLI; the dropped files never go over the network.
//
// Run from the repository root: node --test www/tests/retailer.test.mjs (or make test-node).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** Uploads the files through the page's file input and resolves to the reports it shows (and
 * `report`, the only one, when one catalog was given). */
async function upload(page, files) {
  await page.evaluate(() => {
    window.__lastCheck = null;
  });
  await page.setInputFiles('#files', files);
  await page.waitForFunction(() => window.__lastCheck !== null, null, { timeout: 60_000 });
  const { reports, conflicts } = await page.evaluate(() => window.__lastCheck);
  const rows = await page.$$eval('#results tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  return { report: reports.length === 1 ? reports[0].report : undefined, reports, conflicts, rows };
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
    assert.equal(await page.locator('#results a.download').count(), 0);
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
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#results a.download')]);
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
    const [download2] = await Promise.all([page.waitForEvent('download'), page.click('#results a.download')]);
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

test('several catalogs: each checked like the CLI, a retailer id two catalogs use reported; keyboard, screen reader and 320 px', { timeout: TIMEOUT }, async () => {
  const setDir = mkdtempSync(path.join(dir, 'several-'));
  const names = ['catalog-nordhem.json', 'catalog-maple-grain.json', 'catalog-lanting.json'];
  for (const n of names) copyFileSync(path.join(models, n), path.join(setDir, n));
  // A second catalog that also says it is Nordhem: fine alone, a conflict beside the first.
  copyFileSync(path.join(models, 'catalog-nordhem.json'), path.join(setDir, 'nordhem-copy.json'));
  const glbs = readdirSync(models).filter((f) => f.endsWith('.glb'));
  for (const g of glbs) copyFileSync(path.join(models, g), path.join(setDir, g));
  const files = (list) => list.map((f) => path.join(setDir, f));

  const browser = await launchBrowser('webgpu', { viewport: { width: 320, height: 640 } });
  try {
    const p = await openPage(browser);
    const { page } = p;
    await page.goto(new URL('retailer.html', server.url).href);

    // Keyboard: Tab reaches the file input, which has a label; the result is a live region.
    let reached = false;
    for (let k = 0; k < 10 && !reached; k++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'files');
    }
    assert.ok(reached, 'Tab reaches the file input');
    assert.equal(await page.$eval('#files', (i) => [...i.labels].map((l) => l.textContent).join()), 'Catalogs and models');
    assert.equal(await page.getAttribute('#summary', 'role'), 'status');

    // The three sample catalogs together: no issues, each exactly the CLI's report.
    const all = await upload(page, files([...names, ...glbs]));
    assert.deepEqual(all.reports.map((r) => r.name), names);
    for (const r of all.reports) assert.deepEqual(r.report, (await cli(path.join(setDir, r.name))).report, r.name);
    assert.deepEqual(all.conflicts, []);
    assert.equal(await page.textContent('#summary'), '3 catalogs: no issues.');
    assert.equal(await page.isHidden('#conflicts'), true);
    // Every product of every retailer shown once (Lanting's resold armchair under Lanting).
    const products = (await Promise.all(names.map((n) => JSON.parse(readFileSync(path.join(models, n), 'utf8')))))
      .flatMap((c) => c.retailers.flatMap((r) => r.products.map((x) => `${r.id}/${x.id}`)));
    assert.deepEqual(await page.$$eval('#models figure', (fs) => fs.map((f) => f.dataset.product)), products);
    await page.waitForFunction((n) => document.querySelectorAll('#models figure[data-size]').length === n, products.length, { timeout: 120_000 });

    // With a copy of Nordhem's catalog: the copy passes alone (as the CLI says) but its retailer
    // id is taken, which only the set shows.
    const clash = await upload(page, files(['catalog-nordhem.json', 'nordhem-copy.json', ...glbs]));
    const copy = clash.reports.find((r) => r.name === 'nordhem-copy.json');
    assert.deepEqual(copy.report, (await cli(path.join(setDir, 'nordhem-copy.json'))).report);
    assert.deepEqual(clash.conflicts.map((i) => [i.url, i.pointer, i.code]), [['nordhem-copy.json', '/retailers/0/id', 'duplicate-retailer']]);
    assert.equal(await page.isHidden('#conflicts'), false);
    assert.match(await page.textContent('#conflicts li'), /"nordhem".*catalog-nordhem\.json/);
    assert.equal(await page.textContent('#summary'), '2 catalogs: 1 error, 0 warnings (1 when put together).');

    // A bad catalog at 320 px: the issues are readable without sideways scrolling, and the page
    // does not overflow.
    const bad = JSON.parse(readFileSync(path.join(models, 'catalog-nordhem.json'), 'utf8'));
    bad.retailers[0].logo = 'http://nordhem.example/logo.png';
    bad.retailers[0].products[0].dimensions_mm = { width: 210, depth: 92, height: 83 };
    writeFileSync(path.join(setDir, 'bad.json'), JSON.stringify(bad));
    const b = await upload(page, files(['bad.json', ...glbs]));
    assert.equal(b.report.errors, 2);
    await page.waitForFunction(() => document.querySelectorAll('#models figure[data-size]').length === 3, null, { timeout: 120_000 });
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 320.5 || e.scrollWidth > 320)
        .map((e) => `${e.tagName}${e.id ? `#${e.id}` : ''} ${e.getBoundingClientRect().right} ${e.scrollWidth}`),
    }));
    assert.ok(overflow.page <= 320, `page is ${overflow.page} px wide: ${overflow.wide.join(', ')}`);
    assert.deepEqual(overflow.wide, []);
    // Each cell says what it is when the table is stacked, and the table keeps its roles.
    assert.deepEqual(await page.$eval('#results tbody tr', (tr) => [...tr.cells].map((td) => [td.dataset.label, getComputedStyle(td).display])),
      [['Severity', 'block'], ['Where (JSON pointer)', 'block'], ['Problem', 'block'], ['Fix', 'block']]);
    assert.equal(await page.$eval('#results tbody tr', (tr) => tr.getAttribute('role')), 'row');
    // The download is reachable from the keyboard and visibly focused there.
    await page.focus('#files');
    let link = null;
    for (let k = 0; k < 40 && !link; k++) {
      await page.keyboard.press('Tab');
      link = await page.evaluate(() => (document.activeElement?.matches('a.download')
        ? { text: document.activeElement.textContent, outline: getComputedStyle(document.activeElement).outlineStyle } : null));
    }
    assert.deepEqual(link, { text: 'Download the corrected bad.json', outline: 'solid' });
    assertHealthy(p);
  } finally {
    await browser.close();
  }
});

/** `glb` with its scene under one root node scaled by `k` (a model exported at the wrong scale). */
function scaleGlb(glb, k) {
  const jsonLen = glb.readUInt32LE(12);
  const doc = JSON.parse(glb.subarray(20, 20 + jsonLen).toString('utf8'));
  const scene = doc.scenes[doc.scene ?? 0];
  doc.nodes.push({ scale: [k, k, k], children: scene.nodes });
  scene.nodes = [doc.nodes.length - 1];
  let json = Buffer.from(JSON.stringify(doc));
  json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, 0x20)]);
  const rest = glb.subarray(20 + jsonLen);
  const header = Buffer.alloc(20);
  header.write('glTF', 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(20 + json.length + rest.length, 8);
  header.writeUInt32LE(json.length, 12);
  header.writeUInt32LE(0x4e4f534a, 16);
  return Buffer.concat([header, json, rest]);
}

test('a model exported 100 times too large: the issue says the model is wrong, the page offers it rescaled, and that passes the CLI', { timeout: TIMEOUT }, async () => {
  const set = writeSet('scale.json', () => {});
  writeFileSync(path.join(set.dir, 'oslo-armchair.glb'), scaleGlb(readFileSync(path.join(models, 'oslo-armchair.glb')), 100));
  const cliBig = await cli(set.catalog);
  assert.equal(cliBig.status, 1);
  assert.deepEqual(cliBig.report.issues.map((i) => [i.pointer, i.code]), [['/retailers/0/products/1/model/glb', 'model-wrong-scale']]);
  assert.match(cliBig.report.issues[0].message, /100 times larger.*the fix is in the model, not in the catalog\.$/);

  const browser = await launchBrowser('webgpu');
  try {
    const p = await openPage(browser);
    const { page } = p;
    await page.goto(new URL('retailer.html', server.url).href);
    const r = await upload(page, set.files);
    assert.deepEqual(r.report, cliBig.report);
    // The catalog is right: no corrected catalog, a corrected model.
    assert.equal(await page.locator('#results a.download').count(), 0);
    assert.equal(await page.textContent('#results a.download-model'), 'Download oslo-armchair.glb scaled by 0.01');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#results a.download-model')]);
    assert.equal(download.suggestedFilename(), 'oslo-armchair.fixed.glb');
    // The retailer replaces the file with it: the set passes.
    await download.saveAs(path.join(set.dir, 'oslo-armchair.glb'));
    const fixed = await cli(set.catalog);
    assert.deepEqual(fixed, { status: 0, report: { issues: [], errors: 0, warnings: 0 } });
    assertHealthy(p);
  } finally {
    await browser.close();
  }
});
