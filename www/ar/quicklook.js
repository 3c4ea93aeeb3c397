// iOS AR Quick Look from the browser: one product or the whole room as USDZ, opened through an
// <a rel="ar"> link with the checkout banner, the banner's tap routed to the page's checkout.
//
// The USDZ is written in the browser by a separate wasm build (www/pkg/usdz/, the same writer as
// `roomfit usdz`), imported only here and only when Quick Look starts, so shoppers who never start
// AR never download it. When one product is shown and the catalog has a prebuilt USDZ for its
// variant (`model.usdz`, the first variant's file from `roomfit catalog build`), that file is
// opened instead and nothing is built.
//
// Safari dispatches a `message` event whose data is '_apple_ar_quicklook_button_tapped' on the
// <a rel="ar"> when the banner's button is tapped; startQuickLook() hands that tap to the
// `checkout` function the page gives it (the same checkout handoff as every other mode).

const TAP_MESSAGE = '_apple_ar_quicklook_button_tapped';
/** Longest banner text in characters (as src/usdz/quicklook.rs). */
const MAX_TEXT_CHARS = 200;
const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/**
 * Whether this browser can open AR Quick Look: `{ ok, reason }`. ok iff an <a> element's relList
 * supports 'ar' (Safari on iOS 12+ and iPadOS); otherwise `reason` says why, in plain English.
 */
export function quickLookSupport() {
  if (typeof document === 'undefined') {
    return { ok: false, reason: 'AR Quick Look needs a web page (there is no document here).' };
  }
  const relList = document.createElement('a').relList;
  if (relList?.supports?.('ar')) return { ok: true, reason: '' };
  return {
    ok: false,
    reason: 'This browser cannot open AR Quick Look: only Safari on iPhone and iPad (iOS 12 or later) opens 3D models in the camera view from a web page.',
  };
}

let usdzBuild = null;

/** The usdz wasm build, loaded on first use. */
function loadUsdzBuild() {
  usdzBuild ??= (async () => {
    const mod = await import('../pkg/usdz/roomfit.js');
    await mod.default({ module_or_path: new URL('../pkg/usdz/roomfit_bg.wasm', import.meta.url) });
    return mod;
  })();
  usdzBuild.catch(() => {
    usdzBuild = null;
  });
  return usdzBuild;
}

function fail(code, message) {
  return Object.assign(new Error(message), { code });
}

/** Fires an analytics event on the element (the demo's `roomfit-analytics` shape). */
function track(element, name, params) {
  element.dispatchEvent(new CustomEvent('roomfit-analytics', { bubbles: true, composed: true, detail: { name, params } }));
}

/** A name in the shopper's language from a catalog `{ lang: text }` map. */
function localName(names, lang, fallback) {
  if (!names || typeof names !== 'object') return fallback;
  const base = lang.split('-')[0];
  return names[lang] ?? names[base] ?? names.en ?? Object.values(names)[0] ?? fallback;
}

/** The catalog's products by 'retailer/product', with URLs resolved against the catalog. */
async function catalogIndex(element, lang) {
  const attr = element.getAttribute('catalog');
  if (!attr) throw fail('no-catalog', 'Quick Look needs the catalog attribute (product names, prices and models).');
  const url = new URL(attr, document.baseURI);
  const r = await fetch(url);
  if (!r.ok) throw fail('fetch', `${url.href}: HTTP ${r.status}`);
  const json = await r.json();
  const index = new Map();
  for (const retailer of json.retailers ?? []) {
    for (const p of retailer.products ?? []) {
      index.set(`${retailer.id}/${p.id}`, {
        retailer: retailer.id,
        retailerName: retailer.name ?? retailer.id,
        currency: retailer.currency,
        product: p.id,
        name: localName(p.name, lang, p.id),
        glb: new URL(p.model?.glb ?? '', url),
        usdz: p.model?.usdz ? new URL(p.model.usdz, url) : null,
        variants: (p.variants ?? []).map((v) => ({
          sku: v.sku, gltfVariant: v.gltf_variant ?? '', price: v.price, name: localName(v.name, lang, v.sku),
        })),
      });
    }
  }
  return index;
}

/** A catalog file URL the page may open: https, the page's own origin, or http on loopback. */
function allowedUrl(url) {
  if (url.protocol === 'https:') return true;
  if (url.origin === location.origin) return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * A banner text as Quick Look may show it: control, line-separator and bidirectional-formatting
 * characters removed (they could make the banner show a different price from the one sent),
 * trimmed, at most MAX_TEXT_CHARS characters.
 */
function bannerText(text) {
  // eslint-disable-next-line no-control-regex
  const clean = String(text ?? '').replace(/[\p{Cc}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu, '').trim();
  const chars = Array.from(clean);
  return chars.length > MAX_TEXT_CHARS ? `${chars.slice(0, MAX_TEXT_CHARS - 1).join('')}…` : clean;
}

/** Percent-encodes everything but A-Z a-z 0-9 - . _ ~ (as src/handoff/url.rs encode_component). */
function encodeValue(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `price` in the shopper's locale and the retailer's currency. */
function formatPrice(amount, currency, locale) {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** The sum of the lines' prices per currency, formatted and joined with ' + '. */
function roomPrice(lines, locale) {
  const sums = new Map();
  for (const l of lines) {
    const value = Number(l.price);
    if (!l.currency || !Number.isFinite(value)) continue;
    sums.set(l.currency, (sums.get(l.currency) ?? 0) + value * l.quantity);
  }
  return [...sums].map(([currency, sum]) => formatPrice(Math.round(sum * 100) / 100, currency, locale)).join(' + ');
}

/** The items to show: the given ones, else the element's room. */
function itemsToShow(element, items) {
  const list = items ?? element.roomItems().map((i) => ({ id: i.id, retailer: i.retailer, product: i.product, variant: i.variant }));
  if (!Array.isArray(list) || list.length === 0) throw fail('no-items', 'There is nothing to show in Quick Look: add a product first.');
  return list;
}

const openLinks = new WeakMap(); // element -> { anchor, url } of the last Quick Look link

/**
 * Opens AR Quick Look for one product or the whole room. The caller checks quickLookSupport()
 * first (the mode chain does).
 *
 * options:
 *   items        [{ retailer, product, variant (SKU), id? (a room item: its pose is used),
 *                transform? (16 numbers, column-major, metres) }]; default: the element's room.
 *                One item is shown on its own at the origin; several as they stand in the room.
 *   shareCode    the room's share code; the share sheet then shares this page with ?room=CODE
 *                (canonicalWebPageURL) instead of the USDZ file.
 *   checkout     function({ mode: 'quick-look', items: [{ retailer_id, product_id, sku,
 *                quantity }], shareCode }) called when the shopper taps the banner's button;
 *                without it, no banner is shown.
 *   callToAction the button's text (default strings.buy for one product, strings.checkOut for a room).
 *   strings      the banner's texts in the shopper's language: { buy, checkOut, room(n) }
 *                (default English: 'Buy', 'Check out', 'Your room: N items').
 *   locale       for the price (default: the element's locale or lang attribute, else the
 *                browser's language).
 *
 * Fires `roomfit-analytics` { name: 'ar_start', params: { mode: 'quick-look', items, source } }.
 * Resolves to { href, source ('catalog' | 'built'), bytes (the USDZ when built), banner, anchor,
 * close() }.
 */
export async function startQuickLook(element, { items, shareCode, checkout, callToAction, locale, strings } = {}) {
  const t = { buy: 'Buy', checkOut: 'Check out', room: (n) => `Your room: ${n} items`, ...strings };
  // Without a checkout function (the element's mode chain), the tap goes to the element's own
  // checkout (roomfit-checkout + begin_checkout) when the items come from one retailer.
  if (typeof checkout !== 'function' && typeof element.checkout === 'function') {
    checkout = (request) => {
      const retailers = [...new Set(request.items.map((l) => l.retailer_id))];
      if (retailers.length === 1) return element.checkout(retailers[0]).catch(() => {});
      element.dispatchEvent(new CustomEvent('roomfit-ar-checkout', { bubbles: true, composed: true, detail: request }));
      return undefined;
    };
  }
  const lang = locale ?? (element.getAttribute('locale') || element.getAttribute('lang') || navigator.language || 'en');
  const shown = itemsToShow(element, items);
  // Names in the element's language, as the element shows them; the price in the shopper's locale.
  const index = await catalogIndex(element, element.getAttribute('lang') || document.documentElement.lang || lang);
  const resolved = shown.map((item, i) => {
    const p = index.get(`${item.retailer}/${item.product}`);
    if (!p) throw Object.assign(fail('unknown-product', `${item.retailer}/${item.product} is not in the catalog`), { pointer: `/items/${i}` });
    const variant = item.variant ? p.variants.find((v) => v.sku === item.variant) : p.variants[0];
    if (item.variant && !variant) {
      throw Object.assign(fail('unknown-variant', `${item.retailer}/${item.product} has no SKU ${item.variant}`), { pointer: `/items/${i}/variant` });
    }
    return { item, p, variant: variant ?? null };
  });

  // The USDZ: the catalog's prebuilt file for a single product in its first variant, else built here.
  let url;
  let source;
  let bytes = null;
  const single = resolved.length === 1 ? resolved[0] : null;
  const prebuilt = single?.p.usdz && (single.p.variants.length === 0 || single.variant === single.p.variants[0]) ? single.p.usdz : null;
  if (prebuilt && allowedUrl(prebuilt)) {
    url = prebuilt.href;
    source = 'catalog';
  } else {
    const [mod, glbs] = await Promise.all([loadUsdzBuild(), glbBytes(resolved)]);
    bytes = single
      ? mod.usdzModel(glbs.get(single.p.glb.href), single.variant?.gltfVariant ?? '')
      : buildRoom(mod, element, resolved, glbs);
    url = URL.createObjectURL(new Blob([bytes], { type: 'model/vnd.usdz+zip' }));
    source = 'built';
  }

  // The banner.
  const lines = [];
  for (const { p, variant } of resolved) {
    const sku = variant?.sku;
    const line = lines.find((l) => l.sku === sku && l.product_id === p.product && l.retailer_id === p.retailer);
    if (line) line.quantity += 1;
    else lines.push({ retailer_id: p.retailer, product_id: p.product, sku, quantity: 1, price: variant?.price, currency: p.currency });
  }
  const params = [];
  let banner = null;
  if (typeof checkout === 'function') {
    banner = single
      ? {
        callToAction: bannerText(callToAction ?? t.buy),
        checkoutTitle: bannerText(single.p.name),
        checkoutSubtitle: bannerText(single.variant ? `${single.variant.name} · ${single.p.retailerName}` : single.p.retailerName),
        price: bannerText(roomPrice(lines, lang)),
      }
      : {
        callToAction: bannerText(callToAction ?? t.checkOut),
        checkoutTitle: bannerText(t.room(resolved.length)),
        checkoutSubtitle: bannerText([...new Set(resolved.map((r) => r.p.name))].join(', ')),
        price: bannerText(roomPrice(lines, lang)),
      };
    for (const [k, v] of Object.entries(banner)) if (v) params.push([k, v]);
  }
  params.push(['allowsContentScaling', '0']);
  if (shareCode && /^https?:$/.test(location.protocol)) {
    const page = new URL(location.href);
    page.hash = '';
    page.searchParams.set('room', shareCode);
    params.push(['canonicalWebPageURL', page.href]);
  }
  const href = `${url}#${params.map(([k, v]) => `${k}=${encodeValue(v)}`).join('&')}`;

  // The link, clicked: Safari needs an <img> as the anchor's child to open Quick Look.
  const previous = openLinks.get(element);
  if (previous) closeLink(previous);
  const anchor = document.createElement('a');
  anchor.setAttribute('rel', 'ar');
  anchor.setAttribute('href', href);
  anchor.style.display = 'none';
  anchor.append(Object.assign(document.createElement('img'), { alt: '' }));
  const cart = lines.map(({ retailer_id, product_id, sku, quantity }) => ({ retailer_id, product_id, sku, quantity }));
  anchor.addEventListener('message', (event) => {
    if (event.data !== TAP_MESSAGE || typeof checkout !== 'function') return;
    checkout({ mode: 'quick-look', items: cart.map((l) => ({ ...l })), shareCode: shareCode ?? null });
  });
  (element.shadowRoot ?? document.body).append(anchor);
  const link = { anchor, url: source === 'built' ? url : null };
  openLinks.set(element, link);
  track(element, 'ar_start', { mode: 'quick-look', items: resolved.length, source });
  anchor.click();
  return {
    href, source, bytes, banner, anchor,
    close: () => {
      closeLink(link);
      if (openLinks.get(element) === link) openLinks.delete(element);
    },
  };
}

function closeLink(link) {
  link.anchor.remove();
  if (link.url) URL.revokeObjectURL(link.url);
}

/** Each distinct GLB's bytes (from the HTTP cache when the element has loaded it). */
async function glbBytes(resolved) {
  const urls = [...new Set(resolved.map((r) => r.p.glb.href))];
  const all = await Promise.all(urls.map(async (u) => {
    const r = await fetch(u);
    if (!r.ok) throw fail('fetch', `${u}: HTTP ${r.status}`);
    return [u, new Uint8Array(await r.arrayBuffer())];
  }));
  return new Map(all);
}

/** The room as one USDZ: each model loaded once, each item at its pose in the room. */
function buildRoom(mod, element, resolved, glbs) {
  const room = new mod.UsdzRoom();
  try {
    const models = new Map();
    for (const { item, p, variant } of resolved) {
      if (!models.has(p.glb.href)) models.set(p.glb.href, room.addModel(glbs.get(p.glb.href)));
      const transform = item.transform ?? (item.id != null ? element._itemTransform?.(item.id) : null) ?? IDENTITY;
      room.addItem(models.get(p.glb.href), Float32Array.from(transform), variant?.gltfVariant ?? '');
    }
    return room.write();
  } finally {
    room.free();
  }
}
