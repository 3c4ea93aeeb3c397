// A store visit end to end through `roomfit serve` on loopback, in headless Chromium: a room
// made in the demo shop is booked (POST to the booking endpoint, as docs/booking.md says), the
// store's staff page lists the visit, and its "Open the room" link and the ticket URL both open
// the demo shop with that room.
//
// Run from the repository root: node --test www/tests/booking.test.mjs (or make test-node).

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';

import { assertHealthy, launchBrowser, openPage, saveOutput, startServer } from './harness.mjs';

const TIMEOUT = 240_000;
const STORE = 'nordhem-berlin-mitte';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** The products in the demo shop's room, once it has `n` items. */
async function roomProducts(page, n) {
  await page.waitForFunction((n) => document.getElementById('viewer').roomItems().length === n, n, {
    timeout: 60_000,
  });
  return page.evaluate(() =>
    document.getElementById('viewer').roomItems().map((i) => `${i.product}/${i.variant}`),
  );
}

test('a booked room opens from the staff page and from the ticket', { timeout: TIMEOUT }, async () => {
  const browser = await launchBrowser('webgpu');
  const p = await openPage(browser);
  const { page } = p;
  try {
    // The shopper's room: the sofa in the Forest colour they picked, and the lamp (one SKU, no
    // swatches) from the demo shop.
    await page.goto(server.url);
    await page.waitForSelector('#products button.add');
    await page.click('#products button[data-product="oslo-sofa"]');
    await page.click('#variants button[data-sku="NH-OSLO-3S-FOR"]');
    await page.click('#products button[data-add="nordhem/oslo-sofa"]');
    await page.waitForFunction(() => document.getElementById('room-summary').textContent.startsWith('1 item'));
    await page.click('#products button[data-add="nordhem/lumen-floor-lamp"]');
    await page.waitForFunction(() => document.getElementById('room-summary').textContent.startsWith('2 items'));
    const made = await roomProducts(page, 2);
    assert.deepEqual(made, ['oslo-sofa/NH-OSLO-3S-FOR', 'lumen-floor-lamp/NH-LUMEN-BLK']);
    const code = await page.evaluate(() => document.getElementById('viewer').shareCode());

    // Booked from the store's free slots (a slot at least a day away).
    const slots = await (await fetch(new URL(`api/stores/${STORE}/slots`, server.url))).json();
    const slot = slots.slots.find((s) => Date.parse(s.start) > Date.now() + 86_400_000 && s.available > 0);
    // The room carries each item's SKU, so the booking names exactly what was tried.
    const items = made.map((m) => {
      const [product_id, sku] = m.split('/');
      return { product_id, sku };
    });
    const res = await fetch(new URL(`api/stores/${STORE}/appointments`, server.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({
        retailer_id: 'nordhem',
        store_id: STORE,
        slot_start: slot.start,
        slot_start_local: slot.start_local,
        name: 'Zoë Test',
        email: 'zoe@example.com',
        items,
        share_code: code,
        locale: 'en-GB',
      }),
    });
    const booked = await res.json();
    assert.equal(res.status, 201, JSON.stringify(booked));

    // The staff page lists the visit at its local time; its link opens the same room.
    await page.goto(new URL(`staff/${STORE}`, server.url).href);
    const row = page.locator(`tr[data-booking="${booked.booking_id}"]`);
    const text = await row.textContent();
    assert.ok(text.includes('Zoë Test'), text);
    assert.ok(text.includes(`${slot.start_local.slice(0, 10)} ${slot.start_local.slice(11, 16)}`), text);
    assert.ok(text.includes('Oslo three-seat sofa'), text);
    await row.locator('a.room').click();
    await page.waitForURL((u) => u.searchParams.get('room') === code);
    assert.deepEqual(await roomProducts(page, 2), made);

    // So does the ticket URL the booking answer gave (the QR code's URL).
    await page.goto(booked.ticket_url);
    assert.equal(new URL(page.url()).searchParams.get('room'), code);
    assert.deepEqual(await roomProducts(page, 2), made);
    assertHealthy(p);
  } catch (e) {
    saveOutput('booking-FAILED-page.png', await page.screenshot().catch(() => Buffer.alloc(0)));
    throw e;
  } finally {
    await browser.close();
  }
});
