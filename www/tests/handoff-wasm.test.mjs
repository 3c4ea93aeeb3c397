// The separate handoff wasm build (www/pkg/handoff/, `scripts/build-wasm.sh handoff`), run in
// Node on the sample catalog: checkout links, stores by location and by postcode, slots in the
// store's zone, the .ics of a visit and the QR of a ticket URL, and errors (not panics) on bad
// input. Run from the repository root: node --test www/tests/handoff-wasm.test.mjs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import jsQR from 'jsqr';

const pkg = new URL('../pkg/handoff/', import.meta.url);
const { initSync, Handoff } = await import(new URL('roomfit.js', pkg));
initSync({ module: readFileSync(new URL('roomfit_bg.wasm', pkg)) });

const catalogText = readFileSync(new URL('../../models/catalog.json', import.meta.url), 'utf8');
const handoff = new Handoff(catalogText, 'http://127.0.0.1:8080/models/catalog.json', true);
// A Wednesday, 10:00 UTC (11:00 in Berlin, winter time).
const NOW = Date.parse('2026-12-02T10:00:00Z');

test('checkout links per retailer, in cart order, only to the allowed hosts', () => {
  const plan = JSON.parse(handoff.checkout(JSON.stringify([
    { retailer_id: 'nordhem', product_id: 'oslo-sofa', sku: 'NH-OSLO-3S-FOR', quantity: 1 },
    { retailer_id: 'lanting', product_id: 'cloud-rug', sku: 'LT-CLOUD-RUG-200', quantity: 2 },
  ])));
  assert.equal(plan.length, 2);
  for (const r of plan) {
    for (const l of r.links) assert.match(l.url, /^https:\/\/(nordhem|lanting)\.example\//);
  }
  assert.ok(plan[1].links[0].url.includes('qty=2'), plan[1].links[0].url);
  assert.throws(() => handoff.checkout('[{"retailer_id":"nordhem","product_id":"oslo-sofa","sku":"X","quantity":1}]'),
    (e) => e.code === 'checkout');
  assert.throws(() => handoff.checkout('not json'), (e) => e.code === 'invalid-input');
});

test('stores near Alexanderplatz: Berlin first, the room\'s sofa colour not on display there', () => {
  const stores = JSON.parse(handoff.stores_near(52.5219, 13.4132, '["NH-OSLO-3S-FOR","NH-LUMEN-BLK"]', NOW));
  assert.equal(stores[0].store_id, 'nordhem-berlin-mitte');
  assert.ok(stores[0].distance.meters > 500 && stores[0].distance.meters < 2000, JSON.stringify(stores[0].distance));
  const text = JSON.stringify(stores[0]);
  assert.ok(text.includes('NH-LUMEN-BLK'), text);
  assert.throws(() => handoff.stores_near(95, 0, '[]', NOW), (e) => e.code === 'stores');
  const byPostcode = JSON.parse(handoff.stores_matching('20354', '[]', NOW));
  assert.equal(byPostcode[0].store_id, 'nordhem-hamburg-neustadt');
});

test('slots: 30 minutes, none past, in the store\'s zone', () => {
  const slots = JSON.parse(handoff.slots('nordhem-berlin-mitte', NOW));
  assert.ok(slots.length > 50, `${slots.length} slots`);
  // Now is 11:00 in Berlin, a Wednesday: the first slot starts now, in the store's winter time.
  assert.equal(slots[0].start.local, '2026-12-02T11:00:00');
  assert.equal(slots[0].start.utc_offset_minutes, 60);
  for (const s of slots) {
    assert.ok(Date.parse(s.start.at) >= NOW, s.start.at);
    assert.equal(Date.parse(s.end.at) - Date.parse(s.start.at), 30 * 60_000);
  }
  assert.ok(Date.parse(slots.at(-1).start.at) < NOW + 14 * 86_400_000);
  assert.throws(() => handoff.slots('nowhere', NOW), (e) => e.code === 'unknown-store');
});

test('the .ics of a visit and the QR of its ticket URL', () => {
  const ticket = 'http://127.0.0.1:8080/ticket/abc123';
  const ics = handoff.ics(JSON.stringify({
    uid: 'abc123@roomfit', start: '2026-12-03T13:00:00Z', end: '2026-12-03T13:30:00Z',
    summary: 'Nordhem Berlin Mitte', location: 'Rosenthaler Str. 40, 10178 Berlin',
    items: ['Oslo three-seat sofa (Forest)'], ticket_url: ticket, geo: { lat: 52.5267, lon: 13.4019 },
  }), NOW);
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics, /DTSTART:20261203T130000Z\r\n/);
  const svg = handoff.qr_svg(ticket);
  // Draw the SVG's modules into pixels and decode them back.
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  assert.ok(size > 20, svg.slice(0, 200));
  const scale = 4;
  const px = new Uint8ClampedArray(size * scale * size * scale * 4).fill(255);
  for (const m of svg.matchAll(/M(\d+),(\d+)h1v1h-1z/g)) {
    const [x, y, w] = [Number(m[1]), Number(m[2]), 1];
    for (let yy = y * scale; yy < (y + 1) * scale; yy++) {
      for (let xx = x * scale; xx < (x + w) * scale; xx++) px.fill(0, (yy * size * scale + xx) * 4, (yy * size * scale + xx) * 4 + 3);
    }
  }
  const decoded = jsQR(px, size * scale, size * scale);
  assert.equal(decoded?.data, ticket);
});
