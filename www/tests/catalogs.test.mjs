// Several catalogs at once in <roomfit-viewer> (headless Chromium, the WebGPU build): the sample's
// three per-retailer catalogs merged, a missing catalog and a duplicate retailer reported as
// `error` events naming the URL and pointer while the rest keeps working, the `catalogs`
// property, compare() (similar products, prices formatted for the locale, sizes in the
// shopper's units, materials), and the demo shop's "Compare" panel.
//
// Run from the repository root: node --test www/tests/catalogs.test.mjs (or make test-node).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertHealthy, launchBrowser, openPage, startServer } from './harness.mjs';

const TIMEOUT = 240_000;

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('several catalogs merge; a broken or missing one is named and the others still work', { timeout: TIMEOUT }, async () => {
  const browser = await launchBrowser('webgpu');
  try {
    const p = await openPage(browser);
    const { page } = p;
    // A fourth catalog that reuses the id "nordhem" (served by the test, same origin).
    const dup = new URL('models/dup-nordhem.json', server.url).href;
    await page.route(dup, async (route) => {
      const r = await fetch(new URL('models/catalog-nordhem.json', server.url));
      const c = await r.json();
      c.retailers[0].name = 'Impostor';
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(c) });
    });
    await page.goto(new URL('tests/pages/room.html', server.url).href);
    await page.waitForFunction(() => window.__ready);
    const r = await page.evaluate(async (dup) => {
      const el = document.createElement('roomfit-viewer');
      el.style.cssText = 'width: 400px; height: 300px';
      el.setAttribute('locale', 'en-GB');
      el.setAttribute('catalog', [
        '/models/catalog-nordhem.json', '/models/catalog-maple-grain.json', '/models/missing.json',
        dup, '/models/catalog-lanting.json',
      ].join('  '));
      const errors = [];
      el.addEventListener('error', (e) => errors.push(e.detail));
      document.body.append(el);
      const retailers = await el.retailers();
      const placed = await el.addToRoom({ retailer: 'lanting', product: 'oslo-armchair', variant: 'LT-OSLO-AC-2' });
      const compared = await el.compare('nordhem', 'oslo-armchair');
      el.setAttribute('units', 'imperial');
      const imperial = await el.compare('nordhem', 'oslo-armchair');
      const unknown = await el.compare('nordhem', 'nope').then(() => null, (e) => e.code);
      // The property replaces the attribute's list.
      el.catalogs = ['/models/catalog-lanting.json'];
      const onlyLanting = (await el.retailers()).map((x) => x.retailer.id);
      const fits = await el.fitCheck({ width: 1, depth: 1 });
      return {
        errors, placed, compared, imperial, unknown, onlyLanting, fits: fits.length,
        retailers: retailers.map((x) => [x.retailer.id, x.retailer.name, x.source, x.retailer.products.length]),
        items: el.roomItems().map((i) => [i.retailer, i.product, i.variant]),
      };
    }, dup);
    const base = new URL('models/', server.url).href;
    assert.deepEqual(r.retailers, [
      ['nordhem', 'Nordhem Living', `${base}catalog-nordhem.json`, 3],
      ['maple-grain', 'Maple & Grain', `${base}catalog-maple-grain.json`, 4],
      ['lanting', '兰亭家居 Lanting Home', `${base}catalog-lanting.json`, 3],
    ]);
    assert.deepEqual(r.errors.map((e) => [e.code, e.url, e.pointer]), [
      ['fetch', `${base}missing.json`, ''],
      ['duplicate-retailer', dup, '/retailers/0/id'],
    ]);
    assert.match(r.errors[0].message, /missing\.json.*HTTP 404/);
    assert.match(r.errors[1].message, /"nordhem".*catalog-nordhem\.json/);
    assert.deepEqual(r.items, [['lanting', 'oslo-armchair', 'LT-OSLO-AC-2']]);
    assert.equal(typeof r.placed.id, 'number');

    // Compare: the product itself, then Lanting's resold Oslo armchair (same size: 0 mm off).
    assert.deepEqual(r.compared.map((c) => [c.retailer, c.product, c.difference_mm]), [
      ['nordhem', 'oslo-armchair', 0],
      ['lanting', 'oslo-armchair', 0],
    ]);
    const [nordhem, lanting] = r.compared;
    assert.equal(nordhem.price, new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(649));
    assert.equal(nordhem.price, '€649.00');
    assert.equal(lanting.price, 'CN¥4,980.00');
    assert.equal(lanting.currency, 'CNY');
    assert.equal(lanting.retailer_name, '兰亭家居 Lanting Home');
    assert.equal(lanting.name, 'Oslo armchair');
    assert.equal(nordhem.dimensions, '86 × 88 × 80 cm');
    assert.deepEqual(nordhem.dimensions_mm, { width: 860, depth: 880, height: 800 });
    assert.deepEqual(lanting.materials, ['woven polyester fabric', 'powder-coated steel']);
    assert.equal(r.imperial[0].dimensions, '33⅞ × 34⅝ × 31½ in');
    assert.equal(r.unknown, 'unknown-product');
    assert.deepEqual(r.onlyLanting, ['lanting']);
    assert.equal(r.fits, 3, 'fitCheck uses the catalogs property too');
    assertHealthy(p, { allow404: [/\/favicon\.ico$/, /\/models\/missing\.json$/] });
  } finally {
    await browser.close();
  }
});

test('the demo shop lists three retailers from three catalogs and compares products', { timeout: TIMEOUT }, async () => {
  const browser = await launchBrowser('webgpu');
  try {
    const p = await openPage(browser);
    const { page } = p;
    const catalogs = new Set();
    page.on('request', (req) => {
      if (/\/models\/catalog[^/]*\.json$/.test(req.url())) catalogs.add(new URL(req.url()).pathname);
    });
    await page.goto(`${server.url}?product=oslo-armchair`);
    await page.waitForFunction(() => /products from 3 retailers/.test(document.getElementById('catalog-status').textContent));
    assert.equal(await page.textContent('#catalog-status'), '10 products from 3 retailers.');
    assert.deepEqual([...catalogs].sort(),
      ['/models/catalog-lanting.json', '/models/catalog-maple-grain.json', '/models/catalog-nordhem.json']);
    await page.waitForFunction(() => document.querySelectorAll('#compare-table th[data-key]').length > 0);
    const columns = await page.$$eval('#compare-table th[data-key]', (ths) => ths.map((th) => th.dataset.key));
    assert.deepEqual(columns, ['nordhem/oslo-armchair', 'lanting/oslo-armchair']);
    assert.equal(await page.textContent('#compare-status'), '1 similar product.');
    const rows = await page.$$eval('#compare-table tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.equal(rows[1][0], 'Price');
    assert.equal(rows[2][0], 'Size (W × D × H)');
    assert.equal(rows[3][0], 'Materials');
    assert.equal(rows[3][2], 'woven polyester fabric, powder-coated steel');
    assert.match(rows[1][2], /4,980\.00/);
    // A product nobody else sells.
    await page.click('#products button.product[data-product="cloud-rug"]');
    await page.waitForFunction(() => document.getElementById('compare-status').textContent === 'No similar product from any retailer.');
    assertHealthy(p);
  } finally {
    await browser.close();
  }
});
