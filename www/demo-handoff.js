// The demo shop's way out of the room: "Checkout" per retailer and "Find a store" (book a visit,
// get an .ics file and a try-on ticket QR). The handoff functions come from a separate wasm build
// (pkg/handoff/), fetched only when the shopper opens one of these, so the viewer's build stays
// small. Analytics: the element fires view_item, variant_changed, add_to_cart, item_placed and
// begin_checkout (with roomfit-checkout); this file adds store_search and appointment_booked,
// as `roomfit-analytics` CustomEvents on the viewer (detail: { name, params }, GA4 names and
// item shape). roomfit itself sends nothing anywhere.

import { lang, locale, price, storeTime, t, text } from './demo-i18n.js';

const BOOKING_TIMEOUT_MS = 10_000;
const BOOKING_TRIES = 3;

let handoffCache = null; // { key, promise }: the Handoff over the viewer's catalogs
/** SKU -> { product, variant } names in the shopper's language, from the catalog. */
const skuNames = new Map();

/**
 * The Handoff handle over the catalogs the viewer merged (viewer.retailers(): each retailer with
 * the URL of its catalog, which its relative booking URLs resolve against), loading the handoff
 * wasm on first use; made again when the viewer's catalogs change.
 */
export function loadHandoff(viewer) {
  const key = viewer.catalogs.join(' ');
  if (handoffCache?.key !== key) {
    const promise = (async () => {
      const [mod, retailers] = await Promise.all([
        import(new URL('pkg/handoff/roomfit.js', document.baseURI).href),
        viewer.retailers(),
      ]);
      await mod.default();
      if (retailers.length === 0) throw new Error('the shop has no catalog');
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(location.hostname);
      return mod.Handoff.merged(JSON.stringify(retailers), loopback);
    })();
    handoffCache = { key, promise };
    promise.catch(() => {
      if (handoffCache?.promise === promise) handoffCache = null;
    });
  }
  return handoffCache.promise;
}

/** Remembers the names of the catalogs' SKUs in the shopper's language (for the checkout panel). */
export function nameSkus(retailers) {
  for (const retailer of retailers) {
    for (const p of retailer.products ?? []) {
      for (const v of p.variants ?? []) skuNames.set(v.sku, { product: text(p.name), variant: text(v.name) });
    }
  }
}

/** A distance label in the shopper's language (`1.2 km` / `1.2 公里`). */
function distance(label) {
  if (lang !== 'zh-CN') return label;
  const words = { km: '公里', m: '米', mi: '英里', ft: '英尺' };
  return label.split(' ').map((w) => words[w] ?? w).join(' ');
}

/** Fires an analytics event on the viewer. */
export function track(viewer, name, params) {
  viewer.dispatchEvent(new CustomEvent('roomfit-analytics', { bubbles: true, composed: true, detail: { name, params } }));
}

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k in e && !k.startsWith('aria') && !k.startsWith('data')) e[k] = v;
    else e.setAttribute(k, v);
  }
  e.append(...children.filter((c) => c != null));
  return e;
}

/**
 * The checkout handoff for the AR modes (e.g. the Quick Look banner's button, www/ar/quicklook.js):
 * `request` is { mode, items: [{ retailer_id, product_id, sku, quantity }] }. Items from one
 * retailer go straight to its checkout through the element (checkout(), exactly as that
 * retailer's button in the checkout panel); items from several retailers open the checkout panel.
 */
export async function checkoutFromAr({ viewer, panel, request }) {
  const retailers = [...new Set(request.items.map((l) => l.retailer_id))];
  if (retailers.length === 1) {
    await viewer.checkout(retailers[0]);
    return;
  }
  await showCheckout({ viewer, panel });
}

/**
 * Shows the room grouped by retailer with totals and a Checkout button each. The element builds
 * the plan (checkoutPlan()) and, on a button, fires roomfit-checkout and begin_checkout and
 * opens the cart (checkout()).
 */
export async function showCheckout({ viewer, panel }) {
  panel.hidden = false;
  panel.replaceChildren(el('p', { role: 'status' }, t('preparingCheckout')));
  let plan;
  try {
    plan = await viewer.checkoutPlan();
  } catch (e) {
    panel.replaceChildren(el('p', { role: 'alert' }, t('checkoutUnavailable', e.message)));
    return;
  }
  const list = el('div', { class: 'checkout' });
  for (const r of plan) {
    const rows = r.lines.map((l) => {
      const n = skuNames.get(l.sku);
      return el('li', {}, `${l.quantity} × ${n?.product ?? l.product_name} (${n?.variant ?? l.variant_name}) · ${price(l.line_total, r.currency)}`);
    });
    const go = el('button', { type: 'button', class: 'checkout-go', 'data-retailer': r.retailer_id }, t('checkoutAt', r.retailer_name));
    go.addEventListener('click', () => viewer.checkout(r.retailer_id));
    const more = r.links.length > 1
      ? el('p', {}, t('eachItemOwnPage'), ...r.links.map((l, i) => el('a', { href: l.url }, t('itemN', i + 1))))
      : null;
    list.append(el('section', { class: 'retailer-cart', 'data-retailer': r.retailer_id },
      el('h3', {}, r.retailer_name), el('ul', {}, ...rows), el('p', { class: 'total' }, t('total', price(r.total, r.currency))), go, more));
  }
  panel.replaceChildren(el('h2', {}, t('byShop')), list);
}

/** Asks for the shopper's position (coarse), only now; resolves to {lat, lon} or throws. */
function position() {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject(new Error(t('noGeolocation')));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
      (e) => reject(new Error(e.code === 1 ? t('geolocationDenied') : t('geolocationUnavailable'))),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 600_000 },
    );
  });
}

/**
 * "Find a store": location on tap, else a city/postcode box; then the stores of every retailer
 * (of the viewer's catalogs) that sells a product of the room, its own or the same model resold,
 * nearest first; slots, booking.
 */
export async function showStores({ viewer, panel }) {
  panel.hidden = false;
  panel.replaceChildren(el('p', { role: 'status' }, t('findingStores')));
  const skus = viewer.roomItems().map((i) => i.variant).filter(Boolean);
  const names = new Map(viewer.roomItems().map((i) => [i.variant, i.name]));
  const room = viewer.roomItems().map((i) => ({ retailer: i.retailer, product: i.product }));
  let handoff;
  try {
    handoff = await loadHandoff(viewer);
  } catch (e) {
    panel.replaceChildren(el('p', { role: 'alert' }, t('storesUnavailable', e.message)));
    return;
  }
  const form = el('form', { class: 'store-search' },
    el('label', { for: 'store-query' }, t('cityOrPostcode')), el('input', { id: 'store-query', name: 'q', autocomplete: 'postal-code', required: true }),
    el('button', { type: 'submit' }, t('search')));
  const note = el('p', { id: 'store-note', role: 'status' });
  const results = el('ol', { id: 'stores' });
  panel.replaceChildren(el('h2', {}, t('findStore')), note, form, results);
  // An empty room: every retailer's stores; else those of the retailers that sell its products.
  const sellers = room.length ? handoff.sellers(JSON.stringify(room)) : undefined;
  const render = (json, how) => {
    const stores = JSON.parse(json);
    track(viewer, 'store_search', { method: how, results: stores.length });
    results.replaceChildren(...stores.map((s) => storeItem(s)));
    results.querySelector('button, a')?.focus();
  };
  const storeItem = (s) => {
    const status = s.status?.state === 'open' ? t('openUntil', s.status.closes.time)
      : s.status?.opens ? t('closedOpens', storeTime(s.status.opens.at, s.time_zone)) : t('closed');
    const shown = s.on_display.map((sku) => names.get(sku) ?? sku);
    const book = s.booking?.kind === 'endpoint'
      ? el('button', { type: 'button', class: 'book', 'data-store': s.store_id }, t('bookAt', s.name))
      : s.booking?.kind === 'link' ? el('a', { href: s.booking.url, class: 'book-link' }, t('bookOnSite')) : null;
    book?.addEventListener?.('click', () => showBooking({ viewer, panel, handoff, store: s }));
    return el('li', { class: 'store', 'data-store': s.store_id },
      el('strong', {}, s.name), ' · ', s.distance ? distance(s.distance.text) : '', el('br'), s.address, el('br'),
      el('span', { class: 'open' }, status), el('br'),
      el('span', { class: 'display' }, shown.length ? t('onDisplay', shown.join(lang === 'zh-CN' ? '、' : ', ')) : t('noneOnDisplay')),
      el('br'), el('a', { href: s.directions.map_url, class: 'map' }, t('directions')), ' · ', el('a', { href: s.directions.geo_uri, class: 'geo' }, t('openInMaps')),
      el('br'), book);
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    try {
      render(handoff.stores_matching(form.q.value, JSON.stringify(skus), Date.now(), sellers), 'postcode');
      note.textContent = '';
    } catch (err) {
      note.textContent = t('noStores', err.message);
    }
  });
  try {
    const here = await position();
    render(handoff.stores_near(here.lat, here.lon, JSON.stringify(skus), Date.now(), sellers), 'location');
    note.textContent = t('nearestFirst');
  } catch (err) {
    note.textContent = t('typeCityInstead', err.message);
    form.q.focus();
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;

function showBooking({ viewer, panel, handoff, store }) {
  const slots = JSON.parse(handoff.slots(store.store_id, Date.now()));
  const select = el('select', { id: 'slot', name: 'slot', required: true },
    ...slots.map((s, i) => el('option', { value: String(i), 'data-local': s.start.local }, storeTime(s.start.at, store.time_zone))));
  const form = el('form', { class: 'booking', novalidate: true },
    el('h3', {}, t('visit', store.name)), el('p', {}, t('storeTimes', store.time_zone)),
    el('label', { for: 'slot' }, t('time')), select,
    el('label', { for: 'visitor-name' }, t('name')), el('input', { id: 'visitor-name', name: 'name', autocomplete: 'name' }),
    el('label', { for: 'visitor-contact' }, t('phoneOrEmail')), el('input', { id: 'visitor-contact', name: 'contact', autocomplete: 'email' }),
    el('p', { id: 'booking-error', role: 'alert' }),
    el('button', { type: 'submit' }, t('book')));
  panel.replaceChildren(form);
  select.focus();
  const key = crypto.randomUUID();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const error = form.querySelector('#booking-error');
    const name = form.name.value.trim();
    const contact = form.contact.value.trim();
    if (!name) return void (error.textContent = t('giveName'));
    const email = EMAIL.test(contact) ? contact : null;
    const phone = !email && PHONE.test(contact) ? contact : null;
    if (!email && !phone) return void (error.textContent = t('giveContact'));
    const slot = slots[Number(select.value)];
    const items = viewer.roomItems().filter((i) => i.retailer === store.retailer_id && i.variant).map((i) => ({ product_id: i.product, sku: i.variant }));
    const body = {
      retailer_id: store.retailer_id, store_id: store.store_id, slot_start: slot.start.at, slot_start_local: slot.start.local,
      name, ...(email ? { email } : { phone }), items, share_code: viewer.shareCode(), locale: lang === 'zh-CN' ? 'zh-CN' : locale,
    };
    error.textContent = t('booking');
    let res = null;
    let answer = null;
    for (let attempt = 0; attempt < BOOKING_TRIES; attempt++) {
      try {
        res = await fetch(store.booking.url, {
          method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body: JSON.stringify(body), signal: AbortSignal.timeout(BOOKING_TIMEOUT_MS),
        });
        answer = await res.json().catch(() => null);
        if (res.status < 500) break;
      } catch {
        res = null;
      }
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
    if (!res || !res.ok || !answer) {
      error.textContent = answer?.message ? t('notBooked', answer.message) : t('storeUnreachable');
      return;
    }
    track(viewer, 'appointment_booked', { store_id: store.store_id, retailer_id: store.retailer_id, slot_start: slot.start.at, items: items.length });
    confirmation({ panel, handoff, store, slot, answer, items: viewer.roomItems().filter((i) => i.retailer === store.retailer_id) });
  });
}

function confirmation({ panel, handoff, store, slot, answer, items }) {
  const ics = handoff.ics(JSON.stringify({
    uid: `${answer.booking_id}@roomfit`, start: slot.start.at, end: slot.end.at, summary: t('visitTo', store.name),
    location: `${store.name}, ${store.address}`, items: items.map((i) => i.name), ticket_url: answer.ticket_url, geo: store.location,
  }), Date.now());
  const icsUrl = URL.createObjectURL(new Blob([ics], { type: 'text/calendar' }));
  const qr = el('div', { id: 'ticket-qr', role: 'img', 'aria-label': t('ticketQr') });
  // The SVG is our own encoder's output (a fixed template of numbers), not the shopper's text.
  qr.innerHTML = handoff.qr_svg(answer.ticket_url);
  panel.replaceChildren(el('section', { id: 'booking-confirmed', 'data-booking': answer.booking_id },
    el('h3', {}, t('booked')),
    el('p', {}, t('bookedAt', store.name, storeTime(slot.start.at, store.time_zone))),
    el('p', {}, el('a', { href: icsUrl, download: 'roomfit-visit.ics', id: 'ics-link' }, t('addToCalendar'))),
    el('p', {}, t('showTicket'), el('a', { href: answer.ticket_url, id: 'ticket-link' }, t('ticket'))),
    qr));
  panel.querySelector('h3').tabIndex = -1;
  panel.querySelector('h3').focus();
}
