// Generates the broken-catalog corpus: each case is models/catalog.json with ONE mistake, and
// expected.json maps each file to the issue it must produce ({pointer, severity, code}).
// Two cases need broken models; they are made from sample GLBs here too.
//
//   node tests/catalogs/make.mjs      rewrite the corpus (deterministic: same bytes every run)
//
// tests/catalog_check.rs checks every case; tests/catalogs/make.test.mjs checks that the
// committed files are what this script makes.
import { readFileSync, writeFileSync, readdirSync, unlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = new URL('./', import.meta.url);
const models = new URL('../../models/', import.meta.url);

// ---------------------------------------------------------------------------------------------
// GLB helpers

const JSON_CHUNK = 0x4e4f534a;
const BIN_CHUNK = 0x004e4942;

/** Splits a GLB into its JSON (parsed) and BIN chunk. */
function readGlb(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== 0x46546c67) throw new Error('not a GLB');
  const jsonLength = view.getUint32(12, true);
  if (view.getUint32(16, true) !== JSON_CHUNK) throw new Error('first chunk is not JSON');
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength)));
  const binStart = 20 + jsonLength;
  const binLength = view.getUint32(binStart, true);
  if (view.getUint32(binStart + 4, true) !== BIN_CHUNK) throw new Error('second chunk is not BIN');
  const bin = bytes.slice(binStart + 8, binStart + 8 + binLength);
  return { json, bin };
}

const pad4 = (n) => (4 - (n % 4)) % 4;

/** Builds a GLB from a JSON object and a BIN chunk. */
function writeGlb(json, bin) {
  let text = JSON.stringify(json);
  text += ' '.repeat(pad4(Buffer.byteLength(text)));
  const jsonBytes = Buffer.from(text);
  const binBytes = Buffer.concat([Buffer.from(bin), Buffer.alloc(pad4(bin.length))]);
  const total = 12 + 8 + jsonBytes.length + 8 + binBytes.length;
  const header = Buffer.alloc(20);
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(total, 8);
  header.writeUInt32LE(jsonBytes.length, 12);
  header.writeUInt32LE(JSON_CHUNK, 16);
  const binHeader = Buffer.alloc(8);
  binHeader.writeUInt32LE(binBytes.length, 0);
  binHeader.writeUInt32LE(BIN_CHUNK, 4);
  return Buffer.concat([header, jsonBytes, binHeader, binBytes]);
}

/** A sample model with a new root node that scales everything by `factor`. */
function scaledGlb(name, factor) {
  const { json, bin } = readGlb(readFileSync(new URL(name, models)));
  const scene = json.scenes[json.scene ?? 0];
  json.nodes.push({ name: `scale x${factor}`, scale: [factor, factor, factor], children: scene.nodes });
  scene.nodes = [json.nodes.length - 1];
  return writeGlb(json, bin);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The start of a PNG file (signature and IHDR) declaring `size`×`size` RGBA pixels: enough
 * for roomfit, which reads a texture's size from its header without decoding it. */
function pngHeader(size) {
  const ihdr = Buffer.alloc(17);
  ihdr.write('IHDR', 0, 'ascii');
  ihdr.writeUInt32BE(size, 4);
  ihdr.writeUInt32BE(size, 8);
  ihdr.set([8, 6, 0, 0, 0], 12); // 8 bits, RGBA, deflate, no filter, no interlace
  const chunk = Buffer.alloc(4 + 17 + 4);
  chunk.writeUInt32BE(13, 0);
  ihdr.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(ihdr), 21);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk]);
}

/** A sample model whose first texture uses a new `size`×`size` image (a PNG header only). */
function bigTextureGlb(name, size) {
  const { json, bin } = readGlb(readFileSync(new URL(name, models)));
  const offset = bin.length + pad4(bin.length);
  const png = pngHeader(size);
  const newBin = Buffer.concat([Buffer.from(bin), Buffer.alloc(pad4(bin.length)), png]);
  json.bufferViews.push({ buffer: 0, byteOffset: offset, byteLength: png.length });
  json.images.push({ name: `texture-${size}`, mimeType: 'image/png', bufferView: json.bufferViews.length - 1 });
  json.textures[0].source = json.images.length - 1;
  json.buffers[0].byteLength = newBin.length;
  return writeGlb(json, newBin);
}

// ---------------------------------------------------------------------------------------------
// The cases: file name, what is wrong, the change, and the issue it must produce.

const R = (c, i) => c.retailers[i];
const S = (c, i, k) => c.retailers[i].stores[k];
const P = (c, i, j) => c.retailers[i].products[j];
const V = (c, i, j, k) => c.retailers[i].products[j].variants[k];
const E = (pointer, code) => ({ pointer, severity: 'error', code });
const W = (pointer, code) => ({ pointer, severity: 'warning', code });

const CM_AS_M_GLB = 'harvest-dining-table-cm-as-m.glb';
const BIG_TEXTURE_GLB = 'ladder-bookshelf-4096px-texture.glb';

const cases = [
  ['model-cm-exported-as-m', 'the table was modelled in centimetres and exported as metres (scaled x100)',
    (c) => { P(c, 1, 0).model.glb = CM_AS_M_GLB; },
    E('/retailers/1/products/0/model/glb', 'model-wrong-scale')],
  ['dimensions-in-cm', 'dimensions_mm written in centimetres',
    (c) => { P(c, 1, 2).dimensions_mm = { width: 90, depth: 90, height: 42 }; },
    E('/retailers/1/products/2/dimensions_mm', 'dimensions-wrong-unit')],
  ['model-missing-variant', 'a gltf_variant the model does not have',
    (c) => { V(c, 0, 1, 3).gltf_variant = 'Slate Grey'; },
    E('/retailers/0/products/1/variants/3/gltf_variant', 'model-missing-variant')],
  ['model-file-missing', 'a GLB path that does not exist',
    (c) => { P(c, 2, 1).model.glb = 'ink-framed-print-v2.glb'; },
    E('/retailers/2/products/1/model/glb', 'model-unreadable')],
  ['model-remote', 'a GLB on a CDN, which is not fetched offline',
    (c) => { P(c, 2, 0).model.glb = 'https://cdn.lanting.example/models/cloud-rug.glb'; },
    W('/retailers/2/products/0/model/glb', 'model-not-checked')],
  ['wall-item-too-deep', 'a 35 cm deep bookshelf placed on the wall',
    (c) => { P(c, 1, 3).placement = 'wall'; },
    W('/retailers/1/products/3/placement', 'wall-item-too-deep')],
  ['texture-too-large', 'a 4096×4096 texture',
    (c) => { P(c, 1, 3).model.glb = BIG_TEXTURE_GLB; },
    W('/retailers/1/products/3/model/glb', 'texture-too-large')],
  ['currency-missing', 'prices without a currency',
    (c) => { delete R(c, 1).currency; },
    E('/retailers/1/currency', 'missing-field')],
  ['currency-invalid', 'RMB instead of CNY',
    (c) => { R(c, 2).currency = 'RMB'; },
    E('/retailers/2/currency', 'unknown-currency')],
  ['price-with-symbol', 'a price with a currency symbol and a decimal comma',
    (c) => { V(c, 0, 2, 0).price = '189,00 €'; },
    E('/retailers/0/products/2/variants/0/price', 'invalid-price')],
  ['price-decimals', 'one decimal for USD',
    (c) => { V(c, 1, 1, 0).price = '245.5'; },
    E('/retailers/1/products/1/variants/0/price', 'price-decimals')],
  ['price-as-number', 'a price as a JSON number',
    (c) => { V(c, 1, 2, 0).price = 420; },
    E('/retailers/1/products/2/variants/0/price', 'wrong-type')],
  ['http-booking-link', 'a plain http booking link',
    (c) => { S(c, 1, 1).booking.link = 'http://maplegrain.example/visit/soho'; },
    E('/retailers/1/stores/1/booking/link', 'insecure-url')],
  ['javascript-logo', 'a javascript: URL as the logo',
    (c) => { R(c, 0).logo = 'javascript:alert(document.cookie)'; },
    E('/retailers/0/logo', 'unsafe-url-scheme')],
  ['data-url-poster', 'a data: URL as the poster',
    (c) => { P(c, 2, 0).model.poster = 'data:image/png;base64,iVBORw0KGgo='; },
    E('/retailers/2/products/0/model/poster', 'unsafe-url-scheme')],
  ['file-url-model', 'a file: URL to the designer\'s desktop',
    (c) => { P(c, 0, 0).model.glb = 'file:///Users/anna/Desktop/oslo-sofa.glb'; },
    E('/retailers/0/products/0/model/glb', 'unsafe-url-scheme')],
  ['checkout-other-host', 'a checkout template on a host that is not allowed',
    (c) => { R(c, 2).checkout.url = 'https://lanting-shop.example/cart/add?sku={sku}&qty={quantity}'; },
    E('/retailers/2/checkout/url', 'host-not-allowed')],
  ['booking-other-host', 'a booking endpoint on a host that is not allowed',
    (c) => { S(c, 0, 0).booking.endpoint = 'https://booking.example/api/nordhem-berlin-mitte'; },
    E('/retailers/0/stores/0/booking/endpoint', 'host-not-allowed')],
  ['allowed-host-as-url', 'an allowed host written as a URL',
    (c) => { R(c, 1).allowed_hosts = ['https://maplegrain.example']; },
    E('/retailers/1/allowed_hosts/0', 'invalid-host')],
  ['template-unknown-placeholder', 'a checkout template with {retailer}',
    (c) => { R(c, 2).checkout.url = 'https://lanting.example/cart/add?sku={sku}&qty={quantity}&ref={retailer}'; },
    E('/retailers/2/checkout/url', 'unknown-placeholder')],
  ['shopify-without-checkout-id', 'a Shopify variant without checkout_id',
    (c) => { delete V(c, 0, 2, 0).checkout_id; },
    E('/retailers/0/products/2/variants/0/checkout_id', 'missing-checkout-id')],
  ['woocommerce-sku-as-checkout-id', 'a WooCommerce checkout_id that is a SKU, not the product id',
    (c) => { V(c, 1, 0, 0).checkout_id = 'MG-HARVEST-TBL-180'; },
    E('/retailers/1/products/0/variants/0/checkout_id', 'invalid-checkout-id')],
  ['duplicate-sku', 'two variants with one SKU',
    (c) => { V(c, 0, 0, 1).sku = 'NH-OSLO-3S-OAT'; },
    E('/retailers/0/products/0/variants/1/sku', 'duplicate-sku')],
  ['duplicate-product-id', 'two products with one id',
    (c) => { P(c, 1, 1).id = 'harvest-dining-table'; },
    E('/retailers/1/products/1/id', 'duplicate-product-id')],
  ['duplicate-store-id', 'two stores with one id',
    (c) => { S(c, 1, 2).id = 'maple-grain-soho'; },
    E('/retailers/1/stores/2/id', 'duplicate-store-id')],
  ['duplicate-retailer-id', 'two retailers with one id',
    (c) => { R(c, 2).id = 'nordhem'; },
    E('/retailers/2/id', 'duplicate-retailer-id')],
  ['bad-time-zone', 'a time zone that does not exist',
    (c) => { S(c, 2, 0).time_zone = 'Asia/Beijing'; },
    E('/retailers/2/stores/0/time_zone', 'unknown-time-zone')],
  ['old-time-zone', 'an old time zone name',
    (c) => { S(c, 2, 1).time_zone = 'Asia/Chongqing'; },
    W('/retailers/2/stores/1/time_zone', 'deprecated-time-zone')],
  ['bad-hours', 'opening hours without minutes',
    (c) => { S(c, 0, 0).hours.weekly.mon = ['10-20']; },
    E('/retailers/0/stores/0/hours/weekly/mon/0', 'invalid-hours')],
  ['hours-end-before-start', 'a range that closes before it opens',
    (c) => { S(c, 1, 2).hours.weekly.fri = ['20:00-11:00']; },
    E('/retailers/1/stores/2/hours/weekly/fri/0', 'hours-end-before-start')],
  ['overlapping-hours', 'two ranges of one day overlap',
    (c) => { S(c, 0, 1).hours.weekly.sat = ['10:00-13:00', '12:30-18:00']; },
    E('/retailers/0/stores/1/hours/weekly/sat/1', 'overlapping-hours')],
  ['unknown-day', 'a day written in full',
    (c) => {
      const w = S(c, 1, 0).hours.weekly;
      w.thursday = w.thu;
      delete w.thu;
    },
    E('/retailers/1/stores/0/hours/weekly/thursday', 'unknown-day')],
  ['bad-exception-date', 'a day-month swapped date',
    (c) => { S(c, 0, 0).hours.exceptions[0].date = '2026-24-12'; },
    E('/retailers/0/stores/0/hours/exceptions/0/date', 'invalid-date')],
  ['lat-out-of-range', 'a latitude over 90',
    (c) => { S(c, 0, 0).location.lat = 152.5267; },
    E('/retailers/0/stores/0/location/lat', 'coordinates-out-of-range')],
  ['zero-coordinates', 'a store at 0, 0',
    (c) => { S(c, 2, 1).location = { lat: 0, lon: 0 }; },
    E('/retailers/2/stores/1/location', 'zero-coordinates')],
  ['phone-not-international', 'a phone number without country code',
    (c) => { S(c, 1, 0).phone = '(718) 555-0142'; },
    W('/retailers/1/stores/0/phone', 'invalid-phone')],
  ['on-display-unknown-sku', 'a store shows a SKU nobody sells',
    (c) => { S(c, 0, 1).on_display[1] = 'NH-OSLO-AC-GRY'; },
    E('/retailers/0/stores/1/on_display/1', 'unknown-on-display-sku')],
  ['missing-default-locale-name', 'a product name only in Chinese for an en-US retailer',
    (c) => { delete P(c, 1, 2).name.en; },
    E('/retailers/1/products/2/name', 'missing-default-locale-name')],
  ['invalid-locale', 'a locale with an underscore',
    (c) => { R(c, 0).locale = 'de_DE'; },
    E('/retailers/0/locale', 'invalid-locale')],
  ['zero-dimension', 'a depth of 0',
    (c) => { P(c, 0, 2).dimensions_mm.depth = 0; },
    E('/retailers/0/products/2/dimensions_mm/depth', 'invalid-dimension')],
  ['negative-dimension', 'a negative height',
    (c) => { P(c, 2, 0).dimensions_mm.height = -10; },
    E('/retailers/2/products/0/dimensions_mm/height', 'invalid-dimension')],
  ['dimensions-field-typo', 'dimension_mm instead of dimensions_mm',
    (c) => {
      const p = P(c, 1, 1);
      const renamed = {};
      for (const [k, v] of Object.entries(p)) renamed[k === 'dimensions_mm' ? 'dimension_mm' : k] = v;
      c.retailers[1].products[1] = renamed;
    },
    E('/retailers/1/products/1/dimension_mm', 'unknown-field')],
  ['invalid-placement', 'a placement that does not exist',
    (c) => { P(c, 0, 2).placement = 'standing'; },
    E('/retailers/0/products/2/placement', 'invalid-placement')],
  ['unknown-category', 'a plural category',
    (c) => { P(c, 2, 0).category = 'rugs'; },
    W('/retailers/2/products/0/category', 'unknown-category')],
  ['bad-swatch', 'a swatch colour with five digits',
    (c) => { V(c, 0, 0, 2).swatch = '#b8603'; },
    E('/retailers/0/products/0/variants/2/swatch', 'invalid-swatch')],
  ['missing-gltf-variant', 'one of three colours without its glTF variant',
    (c) => { V(c, 0, 0, 2).gltf_variant = null; },
    E('/retailers/0/products/0/variants/2/gltf_variant', 'missing-gltf-variant')],
  ['unsupported-version', 'format version 2',
    (c) => { c.version = 2; },
    E('/version', 'unsupported-version')],
  ['booking-capacity-zero', 'a booking endpoint that takes no visits per slot',
    (c) => { S(c, 0, 0).booking.capacity = 0; },
    E('/retailers/0/stores/0/booking/capacity', 'invalid-booking-capacity')],
  ['empty-material-name', 'a material whose English name is empty',
    (c) => { P(c, 2, 0).materials[0].en = ' '; },
    E('/retailers/2/products/0/materials/0/en', 'empty-value')],
];

// ---------------------------------------------------------------------------------------------

/** Every corpus file by name: the catalogs, the two GLBs and expected.json. */
export function generate() {
  const sample = JSON.parse(readFileSync(new URL('catalog.json', models), 'utf8'));
  // The corpus lives in tests/catalogs/; the sample's models are two levels up.
  for (const r of sample.retailers) {
    for (const p of r.products) p.model.glb = `../../models/${p.model.glb}`;
  }
  const files = new Map();
  const expected = {};
  cases.forEach(([name, mistake, change, issue], n) => {
    const file = `${String(n + 1).padStart(2, '0')}-${name}.json`;
    const c = structuredClone(sample);
    change(c);
    files.set(file, Buffer.from(`${JSON.stringify(c, null, 2)}\n`));
    expected[file] = { mistake, ...issue };
  });
  // Not JSON at all: the sample cut short.
  const text = `${JSON.stringify(sample, null, 2)}\n`;
  const cut = `${String(cases.length + 1).padStart(2, '0')}-not-json.json`;
  files.set(cut, Buffer.from(text.slice(0, text.indexOf('"stores"'))));
  expected[cut] = { mistake: 'the file is cut short', ...E('', 'invalid-json') };

  files.set(CM_AS_M_GLB, scaledGlb('harvest-dining-table.glb', 100));
  files.set(BIG_TEXTURE_GLB, bigTextureGlb('ladder-bookshelf.glb', 4096));
  files.set('expected.json', Buffer.from(`${JSON.stringify(expected, null, 2)}\n`));
  return files;
}

/** The files this script writes (everything in tests/catalogs/ but the scripts). */
export function isGenerated(name) {
  return /\.(json|glb)$/.test(name);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = generate();
  for (const name of readdirSync(here)) {
    if (isGenerated(name) && !files.has(name)) unlinkSync(new URL(name, here));
  }
  for (const [name, bytes] of files) writeFileSync(new URL(name, here), bytes);
  console.log(`tests/catalogs: ${files.size} files (${Object.keys(cases).length + 1} catalogs)`);
}
