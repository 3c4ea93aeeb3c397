// The shopper's way out of the room in the demo shop, end to end in headless Chromium against
// `roomfit serve` on loopback: checkout per retailer (the cancellable roomfit-checkout event and
// the catalog-built URL), "Find a store" with a faked location, a booked visit, its .ics parsed
// back (DTSTART at the slot's time in the store's zone), its QR decoded back to the ticket URL,
// the ticket opening the same room, and the analytics events along the way.
//
// Run from the repository root: node --test www/tests/shopper.test.mjs.

import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';

import jsQR from 'jsqr';

import { assertHealthy, decodePng, launchBrowser, openPage, saveOutput, startServer } from './harness.mjs';

const TIMEOUT = 240_000;
// Alexanderplatz, Berlin: the Berlin Mitte store is about 1 km away.
const HERE = { latitude: 52.5219, longitude: 13.4132, accuracy: 500 };

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test('checkout, find a store, book, .ics, QR ticket, same room', { timeout: TIMEOUT }, async () => {
  const browser = await launchBrowser('webgpu');
  await browser.context.grantPermissions(['geolocation'], { origin: new URL(server.url).origin });
  await browser.context.setGeolocation(HERE);
  const p = await openPage(browser);
  const { page } = p;
  try {
    await page.addInitScript(() => {
      window.__analytics = [];
      document.addEventListener('roomfit-analytics', (e) => window.__analytics.push(e.detail));
    });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(server.url);
    await page.waitForSelector('#products button.add');
    await page.click('#products button[data-product="oslo-sofa"]');
    await page.click('#variants button[data-sku="NH-OSLO-3S-FOR"]');
    await page.click('#products button[data-add="nordhem/oslo-sofa"]');
    await page.waitForFunction(() => document.getElementById('room-summary').textContent.startsWith('1 item'));
    await page.click('#products button[data-add="lanting/cloud-rug"]');
    await page.waitForFunction(() => document.getElementById('room-summary').textContent.startsWith('2 items'));
    const code = await page.evaluate(() => document.getElementById('viewer').shareCode());

    // Checkout: grouped by retailer; the host page may cancel the navigation.
    await page.click('#room-checkout');
    await page.waitForSelector('.retailer-cart[data-retailer="nordhem"]');
    const carts = await page.$$eval('.retailer-cart', (s) => s.map((x) => x.dataset.retailer));
    assert.deepEqual(carts, ['nordhem', 'lanting']);
    const checkout = await page.evaluate(() => new Promise((resolve) => {
      document.getElementById('viewer').addEventListener('roomfit-checkout', (e) => {
        e.preventDefault();
        resolve(e.detail);
      }, { once: true });
      document.querySelector('.checkout-go[data-retailer="nordhem"]').click();
    }));
    assert.match(checkout.url, /^https:\/\/nordhem\.example\/cart\//);
    assert.equal(new URL(page.url()).origin, new URL(server.url).origin, 'a cancelled checkout stays on the page');

    // Find a store: the stores of the retailers of the room's items (Nordhem's sofa, Lanting's
    // rug), from the catalogs the element merged, nearest first: the faked location ranks
    // Berlin Mitte first. Maple & Grain sells nothing in the room.
    await page.click('#room-stores');
    await page.waitForSelector('#stores li.store');
    assert.deepEqual(await page.$$eval('#stores li.store', (li) => li.map((x) => x.dataset.store)),
      ['nordhem-berlin-mitte', 'nordhem-hamburg-neustadt', 'lanting-shanghai-xuhui', 'lanting-hangzhou-xihu']);
    assert.deepEqual(requests.filter((u) => /\/models\/catalog\.json/.test(u)), [], 'nothing reads the one-file catalog');
    const first = page.locator('#stores li.store').first();
    assert.equal(await first.getAttribute('data-store'), 'nordhem-berlin-mitte');
    const firstText = await first.textContent();
    assert.match(firstText, /km|m ·|\d m/);
    assert.match(await first.locator('a.geo').getAttribute('href'), /^geo:52\.52/);
    assert.match(await first.locator('a.map').getAttribute('href'), /^https:\/\//);

    // Book the first slot at least a day away, by keyboard where it matters.
    await first.locator('button.book').click();
    await page.waitForSelector('#slot');
    // Each option: its value, the store's local time (data-local) and the label in the shopper's
    // locale (Intl.DateTimeFormat in the store's zone), which must name the same minute.
    const choice = await page.$$eval('#slot option', (opts) => opts.map((o) => [o.value, o.dataset.local.slice(0, 16).replace('T', ' '), o.textContent]));
    assert.ok(choice.length > 50, `${choice.length} slots`);
    await page.selectOption('#slot', choice[Math.min(40, choice.length - 1)][0]);
    await page.fill('#visitor-name', 'Zoë Test');
    await page.fill('#visitor-contact', 'not an address');
    await page.click('form.booking button[type="submit"]');
    assert.match(await page.textContent('#booking-error'), /phone number or an e-mail/);
    await page.fill('#visitor-contact', 'zoe@example.com');
    await page.focus('form.booking button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#booking-confirmed', { timeout: 30_000 });
    const [, chosen, label] = choice[Math.min(40, choice.length - 1)];

    // The .ics, fetched from its blob URL and parsed back.
    const ics = await page.evaluate(async () => (await fetch(document.getElementById('ics-link').href)).text());
    const dtstart = /\r\nDTSTART:(\d{8}T\d{6}Z)\r\n/.exec(ics)?.[1];
    assert.ok(dtstart, ics);
    const at = new Date(`${dtstart.slice(0, 4)}-${dtstart.slice(4, 6)}-${dtstart.slice(6, 8)}T${dtstart.slice(9, 11)}:${dtstart.slice(11, 13)}:00Z`);
    const berlin = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }).format(at);
    assert.ok(chosen.includes(berlin), `slot "${chosen}" vs DTSTART ${dtstart} = ${berlin} in Berlin`);
    const shown = await page.evaluate((iso) => new Intl.DateTimeFormat(navigator.language, {
      weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin',
    }).format(new Date(iso)), at.toISOString());
    assert.equal(label, shown, 'the slot is labelled in the shopper\'s locale, in the store\'s time zone');

    // The QR, screenshotted and decoded back to the ticket URL.
    const ticket = await page.getAttribute('#ticket-link', 'href');
    const png = decodePng(await page.locator('#ticket-qr').screenshot());
    assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, ticket);

    // Analytics along the way (GA4 names and roomfit's).
    const names = await page.evaluate(() => window.__analytics.map((a) => a.name));
    for (const n of ['view_item', 'variant_changed', 'add_to_cart', 'item_placed', 'begin_checkout', 'store_search', 'appointment_booked']) {
      assert.ok(names.includes(n), `${n} in ${names}`);
    }
    const added = await page.evaluate(() => window.__analytics.find((a) => a.name === 'add_to_cart').params);
    assert.equal(added.items[0].item_id, 'NH-OSLO-3S-FOR');
    assertHealthy(p);

    // The ticket opens the same room.
    await page.goto(ticket);
    await page.waitForFunction(() => document.getElementById('viewer').roomItems().length === 2, null, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => document.getElementById('viewer').shareCode()), code);
  } catch (e) {
    saveOutput('shopper-FAILED-page.png', await page.screenshot().catch(() => Buffer.alloc(0)));
    throw e;
  } finally {
    await browser.close();
  }
});

test('without location access, a postcode finds the store, with a clear message', { timeout: TIMEOUT }, async () => {
  const browser = await launchBrowser('webgpu');
  const p = await openPage(browser);
  const { page } = p;
  try {
    await page.goto(server.url);
    await page.waitForSelector('#products button.add');
    await page.click('#products button[data-add="nordhem/oslo-armchair"]');
    await page.waitForFunction(() => document.getElementById('room-summary').textContent.startsWith('1 item'));
    // No permission granted: headless Chromium refuses the location.
    await page.click('#room-stores');
    await page.waitForFunction(() => /postcode instead/.test(document.getElementById('store-note')?.textContent ?? ''));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'store-query');
    await page.keyboard.type('20354');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#stores li.store');
    const first = page.locator('#stores li.store').first();
    assert.equal(await first.getAttribute('data-store'), 'nordhem-hamburg-neustadt');
    // The armchair in its first colour (Oat) is on display in Hamburg.
    assert.match(await first.locator('.display').textContent(), /Oslo armchair/i);
    // Lanting resells the armchair (the same model): its stores are found too; Maple & Grain
    // does not sell it, so its Brooklyn store is not.
    await page.fill('#store-query', 'Shanghai');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#stores li.store')?.dataset.store === 'lanting-shanghai-xuhui');
    await page.fill('#store-query', 'Brooklyn');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /No stores found for that: No store address matches "Brooklyn"/.test(document.getElementById('store-note').textContent));
    assertHealthy(p);
  } catch (e) {
    saveOutput('shopper-postcode-FAILED-page.png', await page.screenshot().catch(() => Buffer.alloc(0)));
    throw e;
  } finally {
    await browser.close();
  }
});
