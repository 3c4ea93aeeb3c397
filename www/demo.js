// The demo shop: browse the sample catalogs (one per retailer, merged by the element) by
// category, a product panel (variant swatches, prices in the retailer's currency formatted for
// the shopper, "View in your room", similar products compared), products from several retailers
// together in the 3D room view with a cart per retailer (?room=SHARE_CODE restores one), in
// English or Simplified Chinese (?lang=zh-CN; demo-i18n.js).

import { nameSkus, showCheckout, showStores } from './demo-handoff.js';
import { categoryName, lang, locale, price, rememberLang, t, text, translatePage } from './demo-i18n.js';

// "Find a store" (demo-handoff.js) and the element's own checkout use the catalogs the element
// merged (viewer.retailers()).
const viewer = document.getElementById('viewer');
const list = document.getElementById('products');
const categoriesBox = document.getElementById('categories');
const status = document.getElementById('catalog-status');
const viewerStatus = document.getElementById('viewer-status');
const variantsBox = document.getElementById('variants');
const selectedName = document.getElementById('selected-name');
const selectedPrice = document.getElementById('selected-price');
const selectedDescription = document.getElementById('selected-description');
const viewInRoom = document.getElementById('view-in-room');
const roomTools = document.getElementById('room-tools');
const roomToggle = document.getElementById('room-toggle');
const roomSummary = document.getElementById('room-summary');
const roomLink = document.getElementById('room-link');
const cartLines = document.getElementById('cart-lines');
const handoffPanel = document.getElementById('handoff');

// The language: the page's static strings, the element's (its own and the room's sentences
// from Rust, through `lang`), and the switch (a link per language, keeping the other parameters).
translatePage();
viewer.setAttribute('lang', locale);
viewer.setAttribute('alt', t('viewerAlt'));
for (const a of document.querySelectorAll('#lang-switch a')) {
  const url = new URL(location.href);
  url.searchParams.set('lang', a.dataset.lang);
  a.href = url.href;
  if (a.dataset.lang === lang) a.setAttribute('aria-current', 'true');
  a.addEventListener('click', () => rememberLang(a.dataset.lang));
}

/** "retailer/product" -> { retailer, product }, filled from the catalogs. */
const products = new Map();
/** The product shown in the panel: { retailer, product }. */
let shown = null;

/** A swatch: a colour, or an image relative to the retailer's catalog. */
function swatchStyle(el, swatch, retailer) {
  if (typeof swatch === 'string' && /^#[0-9a-f]{3,8}$/i.test(swatch)) el.style.background = swatch;
  else if (typeof swatch === 'string' && swatch) el.style.backgroundImage = `url("${new URL(swatch, retailer.source ?? document.baseURI).href}")`;
  else el.style.background = '#ccc';
}

/**
 * The "Compare" panel: the product beside the similar products of every retailer's catalog
 * (viewer.compare: same category and placement, sizes within 10 cm or 15 %), one column each:
 * price in the retailer's currency, size in the shopper's units, materials.
 */
async function showCompare(retailer, product) {
  const panel = document.getElementById('compare');
  const table = document.getElementById('compare-table');
  const note = document.getElementById('compare-status');
  panel.hidden = false;
  document.getElementById('compare-name').textContent = text(product.name);
  table.replaceChildren();
  note.textContent = t('comparing');
  let rows;
  try {
    rows = await viewer.compare(retailer.id, product.id);
  } catch (e) {
    note.textContent = t('cannotCompare', e.message);
    return;
  }
  const others = rows.length - 1;
  note.textContent = others === 0 ? t('noSimilar') : t('similarCount', others);
  const head = document.createElement('tr');
  head.append(document.createElement('td'));
  for (const r of rows) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.dataset.key = `${r.retailer}/${r.product}`;
    th.append(r.name, document.createElement('br'), r.retailer_name);
    head.append(th);
  }
  const line = (label, cell) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = label;
    tr.append(th, ...rows.map((r) => {
      const td = document.createElement('td');
      td.textContent = cell(r);
      return td;
    }));
    return tr;
  };
  table.append(head, line(t('priceLabel'), (r) => r.price), line(t('sizeShort'), (r) => r.dimensions),
    line(t('materials'), (r) => r.materials.join(lang === 'zh-CN' ? '、' : ', ') || '—'));
}

function select(retailer, product, button) {
  for (const b of list.querySelectorAll('button.product')) b.setAttribute('aria-pressed', String(b === button));
  shown = { retailer, product };
  viewer.showRoom(false);
  roomToggle.setAttribute('aria-pressed', 'false');
  selectedName.removeAttribute('data-i18n');
  selectedName.textContent = text(product.name);
  selectedDescription.textContent = text(product.description);
  const v0 = product.variants[0];
  selectedPrice.textContent = `${retailer.name} · ${price(v0?.price ?? 0, retailer.currency)}`;
  viewInRoom.disabled = false;
  variantsBox.replaceChildren();
  const named = product.variants.filter((v) => v.gltf_variant);
  for (const v of named) {
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('aria-pressed', 'false');
    const sw = document.createElement('span');
    sw.className = 'swatch';
    swatchStyle(sw, v.swatch, retailer);
    b.dataset.sku = v.sku;
    b.append(sw, `${text(v.name)} · ${price(v.price, retailer.currency)}`);
    b.addEventListener('click', () => {
      for (const o of variantsBox.querySelectorAll('button')) o.setAttribute('aria-pressed', String(o === b));
      selectedPrice.textContent = `${retailer.name} · ${price(v.price, retailer.currency)}`;
      viewer.setAttribute('variant', v.sku);
    });
    variantsBox.append(b);
  }
  // The element shows the catalog product (its model and poster; `variant` takes its SKUs) and
  // fires the analytics (view_item, variant_changed) itself.
  viewer.removeAttribute('variant');
  viewer.removeAttribute('src');
  viewer.setAttribute('product', `${retailer.id}/${product.id}`);
  showCompare(retailer, product);
  viewer.dataset.product = product.id;
}

viewer.addEventListener('load', (e) => {
  const { backend, triangles, size_m: s } = e.detail;
  const size = `${Math.round(s[0] * 100)} × ${Math.round(s[2] * 100)} × ${Math.round(s[1] * 100)} ${t('cm')}`;
  viewerStatus.textContent = t('drawn', backend === 'webgpu' ? 'WebGPU' : 'WebGL2', triangles.toLocaleString(locale), size);
});
const catalogProblems = [];
viewer.addEventListener('error', (e) => {
  if (viewer.catalogs.some((u) => new URL(u, document.baseURI).href === e.detail.url)) {
    // A catalog (or part of one) that could not be used: the others still are.
    catalogProblems.push(e.detail.message);
    return;
  }
  viewerStatus.textContent = e.detail.text ?? t('cannotShow', e.detail.message);
});

function roomShown(on) {
  roomTools.hidden = false;
  roomToggle.setAttribute('aria-pressed', String(on));
  viewer.showRoom(on);
}

/**
 * The SKU that goes into the room (and so into checkout and bookings): the swatch the shopper
 * picked if this is the product shown, else the catalog's first variant (what a product with a
 * single SKU, which has no swatches, always is).
 */
function chosenSku(product) {
  const pressed = variantsBox.querySelector('button[aria-pressed="true"]');
  if (viewer.dataset.product === product.id && pressed?.dataset.sku) return pressed.dataset.sku;
  return product.variants[0]?.sku;
}

async function addToRoom(retailer, product) {
  try {
    const sku = chosenSku(product);
    // The element fires add_to_cart and item_placed.
    await viewer.addToRoom({ retailer: retailer.id, product: product.id, variant: sku });
    roomShown(true);
  } catch (e) {
    viewerStatus.textContent = t('cannotAdd', e.message);
  }
}

viewInRoom.addEventListener('click', () => shown && addToRoom(shown.retailer, shown.product));
document.getElementById('room-checkout').addEventListener('click', () => showCheckout({ viewer, panel: handoffPanel }));
// The AR overlay's Checkout and "Book a store visit" (www/ar/webxr.js) fire these while AR runs,
// then end the session; with the room's share code: bring the room back, then open the same panels.
viewer.addEventListener('roomfit-checkout', async (e) => {
  if (e.detail?.source !== 'ar') return;
  await viewer.restore(e.detail.shareCode).catch(() => {});
  showCheckout({ viewer, panel: handoffPanel });
});
viewer.addEventListener('roomfit-book-visit', async (e) => {
  if (e.detail?.source !== 'ar') return;
  await viewer.restore(e.detail.shareCode).catch(() => {});
  showStores({ viewer, panel: handoffPanel });
});
document.getElementById('room-stores').addEventListener('click', () => showStores({ viewer, panel: handoffPanel }));
roomToggle.addEventListener('click', () => roomShown(roomToggle.getAttribute('aria-pressed') !== 'true'));
document.getElementById('room-undo').addEventListener('click', () => viewer.undo());
document.getElementById('room-redo').addEventListener('click', () => viewer.redo());
document.getElementById('room-remove').addEventListener('click', () => viewer.removeSelected());
document.getElementById('room-share').addEventListener('click', () => {
  const url = new URL(location.href);
  url.search = '';
  if (lang !== 'en') url.searchParams.set('lang', lang);
  url.searchParams.set('room', viewer.shareCode());
  roomLink.href = url.href;
  roomLink.hidden = false;
  navigator.clipboard?.writeText(url.href).catch(() => {});
});
// A photo of the room: shared as a file where the browser can (phones), else downloaded.
document.getElementById('room-photo').addEventListener('click', async () => {
  let blob;
  try {
    blob = await viewer.screenshot({ type: 'image/png' });
  } catch (e) {
    viewerStatus.textContent = t('noPhoto', e.message);
    return;
  }
  const file = new File([blob], 'my-room.png', { type: blob.type });
  if (navigator.canShare?.({ files: [file] })) {
    try {
      await navigator.share({ files: [file], title: t('photoTitle') });
      return;
    } catch (e) {
      if (e.name === 'AbortError') return;
    }
  }
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: file.name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
});

/** The cart: the room's items per retailer, with prices from the catalogs and a subtotal each. */
function renderCart() {
  const items = viewer.roomItems();
  if (!items.length) {
    const p = document.createElement('p');
    p.textContent = t('cartEmpty');
    cartLines.replaceChildren(p);
    return;
  }
  const byRetailer = new Map();
  for (const i of items) {
    const entry = products.get(`${i.retailer}/${i.product}`);
    if (!entry) continue;
    const v = entry.product.variants.find((x) => x.sku === i.variant) ?? entry.product.variants[0];
    const group = byRetailer.get(i.retailer) ?? { retailer: entry.retailer, lines: new Map(), cents: 0 };
    const line = group.lines.get(v.sku) ?? { product: entry.product, variant: v, quantity: 0 };
    line.quantity += 1;
    group.lines.set(v.sku, line);
    group.cents += Math.round(Number(v.price) * 100);
    byRetailer.set(i.retailer, group);
  }
  cartLines.replaceChildren(...[...byRetailer.values()].map((g) => {
    const box = document.createElement('section');
    box.className = 'cart-retailer';
    box.dataset.retailer = g.retailer.id;
    const h = document.createElement('h4');
    h.textContent = g.retailer.name;
    const ul = document.createElement('ul');
    for (const l of g.lines.values()) {
      const li = document.createElement('li');
      li.dataset.sku = l.variant.sku;
      li.textContent = `${l.quantity} × ${text(l.product.name)} (${text(l.variant.name)}) · ${price(Number(l.variant.price) * l.quantity, g.retailer.currency)}`;
      ul.append(li);
    }
    const sub = document.createElement('p');
    sub.className = 'subtotal';
    sub.textContent = t('subtotal', g.retailer.name, price(g.cents / 100, g.retailer.currency));
    box.append(h, ul, sub);
    return box;
  }));
}

viewer.addEventListener('roomchange', () => {
  const items = viewer.roomItems();
  const shops = new Set(items.map((i) => i.retailer)).size;
  roomSummary.textContent = t('summary', items.length, shops);
  roomLink.hidden = true;
  renderCart();
});
const selectedSize = document.getElementById('selected-size');
viewer.addEventListener('select', (e) => {
  selectedName.textContent = e.detail.item ? e.detail.item.name : t('nothing');
  document.getElementById('selected-dimensions').textContent = e.detail.dimensions ?? '';
  selectedSize.hidden = !e.detail.dimensions;
});

// "Will it fit": the free space the shopper types, against every product of the catalogs.
const fitForm = document.getElementById('fit-form');
const fitStatus = document.getElementById('fit-status');
const fitResults = document.getElementById('fit-results');
if (navigator.language === 'en-US' || /-(US|LR|MM)\b/.test(navigator.language ?? '')) {
  if (lang === 'en') document.getElementById('fit-unit').value = 'in';
}
fitForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(fitForm);
  try {
    const results = await viewer.fitCheck({
      width: f.get('width'), depth: f.get('depth'), height: f.get('height') || undefined, unit: f.get('unit'),
    });
    const zh = lang === 'zh-CN';
    fitResults.replaceChildren(...results.map((r) => {
      const li = document.createElement('li');
      li.dataset.product = `${r.retailer}/${r.product}`;
      li.dataset.fits = String(r.fits);
      li.className = r.fits ? 'fits' : 'no-fit';
      const name = text(products.get(`${r.retailer}/${r.product}`)?.product.name) || r.name;
      const verdict = r.fits ? t('fits') : t('noFit');
      li.textContent = zh ? `${name}：${verdict}（${r.margin}）— ${r.text}` : `${name}: ${verdict} (${r.margin}) — ${r.text}`;
      return li;
    }));
    const n = results.filter((r) => r.fits).length;
    fitStatus.textContent = t('fitCount', n, results.length);
  } catch (err) {
    fitResults.replaceChildren();
    fitStatus.textContent = t('cannotCheck', err.message);
  }
});

/** Shows only the products of `category` (null: all). */
function filter(category) {
  for (const b of categoriesBox.querySelectorAll('button')) b.setAttribute('aria-pressed', String((b.dataset.category || null) === category));
  for (const li of list.children) li.hidden = Boolean(category) && li.dataset.category !== category;
}

async function main() {
  // The catalogs of the viewer's `catalog` attribute (one per retailer), fetched in parallel and
  // merged by the element.
  let catalog;
  try {
    catalog = { retailers: (await viewer.retailers()).map(({ source, retailer }) => ({ ...retailer, source })) };
  } catch (e) {
    status.removeAttribute('data-i18n');
    status.textContent = t('catalogFailed', e.message);
    return;
  }
  nameSkus(catalog.retailers);
  let first = null;
  const categories = [];
  for (const retailer of catalog.retailers) {
    for (const product of retailer.products) {
      products.set(`${retailer.id}/${product.id}`, { retailer, product });
      if (product.category && !categories.includes(product.category)) categories.push(product.category);
      const li = document.createElement('li');
      li.dataset.category = product.category ?? '';
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'product';
      b.dataset.product = product.id;
      b.setAttribute('aria-pressed', 'false');
      const from = Math.min(...product.variants.map((v) => Number(v.price)));
      b.innerHTML = '<strong></strong><span class="retailer"></span><span class="price"></span>';
      b.querySelector('strong').textContent = text(product.name);
      b.querySelector('.retailer').textContent = retailer.name;
      b.querySelector('.price').textContent = product.variants.length > 1
        ? t('from', price(from, retailer.currency)) : price(from, retailer.currency);
      b.addEventListener('click', () => select(retailer, product, b));
      const add = document.createElement('button');
      add.type = 'button';
      add.className = 'add';
      add.dataset.add = `${retailer.id}/${product.id}`;
      add.textContent = t('addToRoom');
      add.setAttribute('aria-label', t('addNamed', text(product.name)));
      add.addEventListener('click', () => addToRoom(retailer, product));
      li.append(b, add);
      list.append(li);
      first ??= () => select(retailer, product, b);
    }
  }
  const all = document.createElement('button');
  all.type = 'button';
  all.textContent = t('all');
  all.addEventListener('click', () => filter(null));
  categoriesBox.replaceChildren(all, ...categories.map((c) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.category = c;
    b.textContent = categoryName(c);
    b.addEventListener('click', () => filter(c));
    return b;
  }));
  filter(null);
  status.removeAttribute('data-i18n');
  status.textContent = t('catalogCount', list.children.length, catalog.retailers.length) +
    (catalogProblems.length ? ` ${t('leftOut', catalogProblems.join(' '))}` : '');
  const code = new URLSearchParams(location.search).get('room');
  if (code) {
    try {
      await viewer.restore(code);
      roomShown(true);
      return;
    } catch (e) {
      viewerStatus.textContent = t('badRoomLink', e.message);
    }
  }
  const wanted = new URLSearchParams(location.search).get('product');
  const button = wanted && list.querySelector(`button[data-product="${CSS.escape(wanted)}"]`);
  if (button) button.click();
  else first?.();
}

main();
