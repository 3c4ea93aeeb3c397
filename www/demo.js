// The demo shop: lists the sample catalogs (one per retailer, merged by the element), shows the
// chosen product, and puts products from several retailers together in the 3D room view ("Add to room"; ?room=SHARE_CODE restores one).

import { showCheckout, showStores } from './demo-handoff.js';

// "Find a store" (demo-handoff.js) and the element's own checkout use the catalogs the element
// merged (viewer.retailers()).
const viewer = document.getElementById('viewer');
const list = document.getElementById('products');
const status = document.getElementById('catalog-status');
const viewerStatus = document.getElementById('viewer-status');
const variantsBox = document.getElementById('variants');
const selectedName = document.getElementById('selected-name');
const roomTools = document.getElementById('room-tools');
const roomToggle = document.getElementById('room-toggle');
const roomSummary = document.getElementById('room-summary');
const roomLink = document.getElementById('room-link');
const handoffPanel = document.getElementById('handoff');
const lang = navigator.language?.startsWith('zh') ? 'zh-CN' : 'en';

const text = (names) => names?.[lang] ?? names?.en ?? Object.values(names ?? {})[0] ?? '';

function price(amount, currency, locale) {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
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
  note.textContent = 'Looking for similar products…';
  let rows;
  try {
    rows = await viewer.compare(retailer.id, product.id);
  } catch (e) {
    note.textContent = `Cannot compare: ${e.message}`;
    return;
  }
  const others = rows.length - 1;
  note.textContent = others === 0 ? 'No similar product from any retailer.'
    : `${others} similar ${others === 1 ? 'product' : 'products'}.`;
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
  table.append(head, line('Price', (r) => r.price), line('Size (W × D × H)', (r) => r.dimensions),
    line('Materials', (r) => r.materials.join(', ') || '—'));
}

function select(retailer, product, button) {
  for (const b of list.querySelectorAll('button.product')) b.setAttribute('aria-pressed', String(b === button));
  viewer.showRoom(false);
  roomToggle.setAttribute('aria-pressed', 'false');
  selectedName.textContent = text(product.name);
  variantsBox.replaceChildren();
  const named = product.variants.filter((v) => v.gltf_variant);
  for (const v of named) {
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('aria-pressed', 'false');
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = v.swatch ?? '#ccc';
    b.dataset.sku = v.sku;
    b.append(sw, `${text(v.name)} · ${price(v.price, retailer.currency, retailer.locale)}`);
    b.addEventListener('click', () => {
      for (const o of variantsBox.querySelectorAll('button')) o.setAttribute('aria-pressed', String(o === b));
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
  viewerStatus.textContent = `Drawn with ${backend === 'webgpu' ? 'WebGPU' : 'WebGL2'} · ${triangles} triangles · ` +
    `${Math.round(s[0] * 100)} × ${Math.round(s[2] * 100)} × ${Math.round(s[1] * 100)} cm`;
});
const catalogProblems = [];
viewer.addEventListener('error', (e) => {
  if (viewer.catalogs.some((u) => new URL(u, document.baseURI).href === e.detail.url)) {
    // A catalog (or part of one) that could not be used: the others still are.
    catalogProblems.push(e.detail.message);
    return;
  }
  viewerStatus.textContent = `Cannot show this model: ${e.detail.message}`;
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
    viewerStatus.textContent = `Cannot add it to the room: ${e.message}`;
  }
}

document.getElementById('room-checkout').addEventListener('click', () => showCheckout({ viewer, panel: handoffPanel }));
// The AR overlay's Checkout and "Book a store visit" (www/ar/webxr.js) end the session and fire
// these with the room's share code: bring the room back, then open the same panels.
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
    viewerStatus.textContent = `No photo: ${e.message}`;
    return;
  }
  const file = new File([blob], 'my-room.png', { type: blob.type });
  if (navigator.canShare?.({ files: [file] })) {
    try {
      await navigator.share({ files: [file], title: 'My room' });
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
viewer.addEventListener('roomchange', (e) => {
  const items = viewer.roomItems();
  const shops = new Set(items.map((i) => i.retailer)).size;
  roomSummary.textContent = `${items.length} ${items.length === 1 ? 'item' : 'items'} from ${shops} ${shops === 1 ? 'retailer' : 'retailers'}`;
  roomLink.hidden = true;
});
const selectedSize = document.getElementById('selected-size');
viewer.addEventListener('select', (e) => {
  selectedName.textContent = e.detail.item ? e.detail.item.name : 'nothing';
  document.getElementById('selected-dimensions').textContent = e.detail.dimensions ?? '';
  selectedSize.hidden = !e.detail.dimensions;
});

// "Will it fit": the free space the shopper types, against every product of the catalog.
const fitForm = document.getElementById('fit-form');
const fitStatus = document.getElementById('fit-status');
const fitResults = document.getElementById('fit-results');
if (navigator.language === 'en-US' || /-(US|LR|MM)\b/.test(navigator.language ?? '')) {
  document.getElementById('fit-unit').value = 'in';
}
fitForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(fitForm);
  try {
    const results = await viewer.fitCheck({
      width: f.get('width'), depth: f.get('depth'), height: f.get('height') || undefined, unit: f.get('unit'),
    });
    fitResults.replaceChildren(...results.map((r) => {
      const li = document.createElement('li');
      li.dataset.product = `${r.retailer}/${r.product}`;
      li.dataset.fits = String(r.fits);
      li.className = r.fits ? 'fits' : 'no-fit';
      li.textContent = `${text(names.get(`${r.retailer}/${r.product}`)) || r.name}: ${r.fits ? 'fits' : 'does not fit'} (${r.margin}) — ${r.text}`;
      return li;
    }));
    const n = results.filter((r) => r.fits).length;
    fitStatus.textContent = `${n} of ${results.length} products fit.`;
  } catch (err) {
    fitResults.replaceChildren();
    fitStatus.textContent = `Cannot check: ${err.message}`;
  }
});
const names = new Map();

async function main() {
  // The catalogs of the viewer's `catalog` attribute (one per retailer), fetched in parallel and
  // merged by the element.
  let catalog;
  try {
    catalog = { retailers: (await viewer.retailers()).map(({ source, retailer }) => ({ ...retailer, source })) };
  } catch (e) {
    status.textContent = `The catalogs could not be loaded (${e.message}).`;
    return;
  }
  let first = null;
  for (const retailer of catalog.retailers) {
    for (const product of retailer.products) {
      names.set(`${retailer.id}/${product.id}`, product.name);
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'product';
      b.dataset.product = product.id;
      b.setAttribute('aria-pressed', 'false');
      const from = Math.min(...product.variants.map((v) => Number(v.price)));
      b.innerHTML = '<strong></strong><br><span class="retailer"></span> · <span class="price"></span>';
      b.querySelector('strong').textContent = text(product.name);
      b.querySelector('.retailer').textContent = retailer.name;
      b.querySelector('.price').textContent = price(from, retailer.currency, retailer.locale);
      b.addEventListener('click', () => select(retailer, product, b));
      const add = document.createElement('button');
      add.type = 'button';
      add.className = 'add';
      add.dataset.add = `${retailer.id}/${product.id}`;
      add.textContent = 'Add to room';
      add.setAttribute('aria-label', `Add ${text(product.name)} to your room`);
      add.addEventListener('click', () => addToRoom(retailer, product));
      li.append(b, add);
      list.append(li);
      first ??= () => select(retailer, product, b);
    }
  }
  status.textContent = `${list.children.length} products from ${catalog.retailers.length} retailers.` +
    (catalogProblems.length ? ` Left out: ${catalogProblems.join(' ')}` : '');
  const code = new URLSearchParams(location.search).get('room');
  if (code) {
    try {
      await viewer.restore(code);
      roomShown(true);
      return;
    } catch (e) {
      viewerStatus.textContent = `This room link could not be opened: ${e.message}`;
    }
  }
  const wanted = new URLSearchParams(location.search).get('product');
  const button = wanted && list.querySelector(`button[data-product="${CSS.escape(wanted)}"]`);
  if (button) button.click();
  else first?.();
}

main();
