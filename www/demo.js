// The demo shop at this stage: lists the sample catalog and shows the chosen product.

const catalogUrl = new URL('models/catalog.json', document.baseURI);
const viewer = document.getElementById('viewer');
const list = document.getElementById('products');
const status = document.getElementById('catalog-status');
const viewerStatus = document.getElementById('viewer-status');
const variantsBox = document.getElementById('variants');
const selectedName = document.getElementById('selected-name');
const lang = navigator.language?.startsWith('zh') ? 'zh-CN' : 'en';

const text = (names) => names?.[lang] ?? names?.en ?? Object.values(names ?? {})[0] ?? '';

function price(amount, currency, locale) {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

function select(retailer, product, button) {
  for (const b of list.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === button));
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
    b.append(sw, `${text(v.name)} · ${price(v.price, retailer.currency, retailer.locale)}`);
    b.addEventListener('click', () => {
      for (const o of variantsBox.querySelectorAll('button')) o.setAttribute('aria-pressed', String(o === b));
      viewer.setAttribute('variant', v.gltf_variant);
    });
    variantsBox.append(b);
  }
  viewer.removeAttribute('variant');
  viewer.setAttribute('src', new URL(product.model.glb, catalogUrl).href);
  viewer.dataset.product = product.id;
}

viewer.addEventListener('load', (e) => {
  const { backend, triangles, size_m: s } = e.detail;
  viewerStatus.textContent = `Drawn with ${backend === 'webgpu' ? 'WebGPU' : 'WebGL2'} · ${triangles} triangles · ` +
    `${Math.round(s[0] * 100)} × ${Math.round(s[2] * 100)} × ${Math.round(s[1] * 100)} cm`;
});
viewer.addEventListener('error', (e) => {
  viewerStatus.textContent = `Cannot show this model: ${e.detail.message}`;
});

async function main() {
  let catalog;
  try {
    const r = await fetch(catalogUrl);
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    catalog = await r.json();
  } catch (e) {
    status.textContent = `The catalog could not be loaded (${e.message}).`;
    return;
  }
  let first = null;
  for (const retailer of catalog.retailers) {
    for (const product of retailer.products) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.product = product.id;
      b.setAttribute('aria-pressed', 'false');
      const from = Math.min(...product.variants.map((v) => Number(v.price)));
      b.innerHTML = '<strong></strong><br><span class="retailer"></span> · <span class="price"></span>';
      b.querySelector('strong').textContent = text(product.name);
      b.querySelector('.retailer').textContent = retailer.name;
      b.querySelector('.price').textContent = price(from, retailer.currency, retailer.locale);
      b.addEventListener('click', () => select(retailer, product, b));
      li.append(b);
      list.append(li);
      first ??= () => select(retailer, product, b);
    }
  }
  status.textContent = `${list.children.length} products from ${catalog.retailers.length} retailers.`;
  const wanted = new URLSearchParams(location.search).get('product');
  const button = wanted && list.querySelector(`button[data-product="${CSS.escape(wanted)}"]`);
  if (button) button.click();
  else first?.();
}

main();
