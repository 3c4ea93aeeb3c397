// Generates the malformed-asset corpus: one small broken glTF/GLB file per class of defect,
// plus expected.json (what roomfit's loader must answer for each, and what the Khronos
// validator says). Deterministic: the same inputs give byte-identical output.
//
//   node tests/corpus/make.mjs            writes into tests/corpus/
//   node tests/corpus/make.mjs OUT_DIR    writes into OUT_DIR (the node test uses this to check
//                                         that the committed files are up to date)
//
// Most files are derived from BASE, a hand-written one-triangle GLB (positions, UVs, u16
// indices, one material) that roomfit and the validator both accept; the two truncation cases
// of the container are cut from models/oslo-armchair.glb. Each entry in expected.json:
//   code       roomfit's ErrorCode (kebab-case), or null for a file that must load
//   pointer    the exact JSON pointer of the error ("" = the container itself)
//   mentions   words the error message must contain (case-insensitive): what was expected
//   validator  "invalid" if the Khronos validator reports errors, "valid" if it reports none
//   why        only where the validator and roomfit legitimately disagree: the reason
import { readFileSync, writeFileSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2] ?? here;
const armchair = readFileSync(join(here, '..', '..', 'models', 'oslo-armchair.glb'));

// ---- GLB and PNG writers ----------------------------------------------------------------------

const GLB_MAGIC = 0x46546c67;
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

function pad(bytes, multiple, fill) {
  const len = Math.ceil(bytes.length / multiple) * multiple;
  const out = Buffer.alloc(len, fill);
  Buffer.from(bytes).copy(out);
  return out;
}

/** A GLB file from a JSON object and an optional BIN chunk (both padded to 4 bytes). */
function glb(json, bin) {
  const j = pad(Buffer.from(JSON.stringify(json), 'utf8'), 4, 0x20);
  const parts = [Buffer.alloc(12), chunkHeader(j.length, CHUNK_JSON), j];
  if (bin) {
    const b = pad(bin, 4, 0);
    parts.push(chunkHeader(b.length, CHUNK_BIN), b);
  }
  const out = Buffer.concat(parts);
  out.writeUInt32LE(GLB_MAGIC, 0);
  out.writeUInt32LE(2, 4);
  out.writeUInt32LE(out.length, 8);
  return out;
}

function chunkHeader(length, type) {
  const h = Buffer.alloc(8);
  h.writeUInt32LE(length, 0);
  h.writeUInt32LE(type, 4);
  return h;
}

/** Sets the GLB header's total length to the actual length (after cutting a file short). */
function fixLength(bytes) {
  const out = Buffer.from(bytes);
  out.writeUInt32LE(out.length, 8);
  return out;
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

function pngChunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG whose IHDR declares width × height (8-bit RGB) with `rows` of real grey pixel data. */
function png(width, height, rows) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc(rows * (1 + 3 * Math.min(width, 4)), 0x80);
  for (let r = 0; r < rows; r++) raw[r * (1 + 3 * Math.min(width, 4))] = 0; // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- the base file: one textured-ready triangle ------------------------------------------------

const POS_BYTES = 36; // 3 × VEC3 float
const UV_BYTES = 24; // 3 × VEC2 float
const IDX_OFFSET = POS_BYTES + UV_BYTES;

/** The base file's JSON and BIN, fresh each call so cases can edit them freely. */
function base() {
  const bin = Buffer.alloc(IDX_OFFSET + 8);
  [0, 0, 0, 1, 0, 0, 0, 1, 0].forEach((v, i) => bin.writeFloatLE(v, i * 4));
  [0, 1, 1, 1, 0, 0].forEach((v, i) => bin.writeFloatLE(v, POS_BYTES + i * 4));
  [0, 1, 2].forEach((v, i) => bin.writeUInt16LE(v, IDX_OFFSET + i * 2));
  const json = {
    asset: { version: '2.0', generator: 'roomfit tests/corpus/make.mjs' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ name: 'triangle', mesh: 0 }],
    meshes: [
      { primitives: [{ attributes: { POSITION: 0, TEXCOORD_0: 1 }, indices: 2, material: 0 }] },
    ],
    materials: [
      { name: 'grey', pbrMetallicRoughness: { baseColorFactor: [0.5, 0.5, 0.5, 1], metallicFactor: 0 } },
    ],
    accessors: [
      { bufferView: 0, componentType: 5126, count: 3, type: 'VEC3', min: [0, 0, 0], max: [1, 1, 0] },
      { bufferView: 1, componentType: 5126, count: 3, type: 'VEC2' },
      { bufferView: 2, componentType: 5123, count: 3, type: 'SCALAR' },
    ],
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: POS_BYTES, target: 34962 },
      { buffer: 0, byteOffset: POS_BYTES, byteLength: UV_BYTES, target: 34962 },
      { buffer: 0, byteOffset: IDX_OFFSET, byteLength: 6, target: 34963 },
    ],
    buffers: [{ byteLength: bin.length }],
  };
  return { json, bin };
}

/** Applies `edit(json, bin)` to a fresh base and returns the GLB. */
function derive(edit) {
  const { json, bin } = base();
  edit(json, bin);
  return glb(json, bin);
}

/** Adds an image stored in a new bufferView at the end of the BIN, and a texture using it. */
function withImage(json, bin, image) {
  const offset = bin.length;
  const grown = pad(Buffer.concat([bin, image]), 4, 0);
  json.bufferViews.push({ buffer: 0, byteOffset: offset, byteLength: image.length });
  json.images = [{ bufferView: json.bufferViews.length - 1, mimeType: 'image/png' }];
  json.textures = [{ source: 0 }];
  json.materials[0].pbrMetallicRoughness.baseColorTexture = { index: 0 };
  json.buffers[0].byteLength = grown.length;
  return grown;
}

/** Deterministic pseudo-random bytes (mulberry32). */
function noise(seed, length) {
  const out = Buffer.alloc(length);
  let a = seed >>> 0;
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

// ---- the cases ------------------------------------------------------------------------------------

const PRIM = '/meshes/0/primitives/0';
const cases = [];
function add(file, bytes, expected) {
  cases.push({ file, bytes, expected: { validator: 'invalid', ...expected } });
}

add('ok-triangle.glb', derive(() => {}), {
  code: null,
  pointer: '',
  mentions: [],
  validator: 'valid',
});

add('ok-textured-triangle.glb', (() => {
  const { json, bin } = base();
  return glb(json, withImage(json, bin, png(4, 4, 4)));
})(), { code: null, pointer: '', mentions: [], validator: 'valid' });

// --- container ---
add('truncated-header.glb', armchair.subarray(0, 10), {
  code: 'truncated',
  pointer: '',
  mentions: ['header'],
});

add('truncated-json-chunk.glb', fixLength(armchair.subarray(0, 20 + 200)), {
  code: 'truncated',
  pointer: '',
  mentions: ['JSON chunk'],
});

add('truncated-bin-chunk.glb', (() => {
  const whole = derive(() => {});
  return fixLength(whole.subarray(0, whole.length - 12));
})(), { code: 'truncated', pointer: '', mentions: ['BIN'] });

add('truncated-chunk-header.glb', (() => {
  const whole = derive(() => {});
  const jsonLen = whole.readUInt32LE(12);
  return fixLength(whole.subarray(0, 20 + jsonLen + 4));
})(), { code: 'truncated', pointer: '', mentions: ['chunk header'] });

add('wrong-total-length.glb', (() => {
  const out = derive(() => {});
  out.writeUInt32LE(out.length + 64, 8);
  return out;
})(), { code: 'length-mismatch', pointer: '', mentions: ['bytes long'] });

add('garbage.glb', Buffer.concat([Buffer.from('GARB'), noise(0x5eed, 508)]), {
  code: 'not-gltf',
  pointer: '',
  mentions: ['glTF'],
});

add('glb-version-1.glb', (() => {
  const out = derive(() => {});
  out.writeUInt32LE(1, 4);
  return out;
})(), { code: 'unsupported-version', pointer: '', mentions: ['version 2'] });

add('json-syntax-error.glb', (() => {
  const out = derive(() => {});
  out[20 + 1] = 0x7d; // '{' '}' then garbage: not a JSON object any more
  return out;
})(), { code: 'json', pointer: '', mentions: ['malformed'] });

// --- buffers, views, accessors ---
add('buffer-longer-than-bin-chunk.glb', derive((json, bin) => {
  json.buffers[0].byteLength = bin.length + 16;
}), {
  code: 'out-of-bounds',
  pointer: '/buffers/0/byteLength',
  mentions: ['byteLength', 'binary chunk'],
});

add('accessor-past-view-end.glb', derive((json) => {
  json.accessors[0].byteOffset = 4;
}), {
  code: 'out-of-bounds',
  pointer: '/accessors/0',
  mentions: ['past the end of bufferView 0'],
});

add('accessor-count-u32-max.glb', derive((json) => {
  json.accessors[0].count = 4294967295;
}), {
  // The vertex budget is checked on declared counts before any accessor is read (or its
  // bounds checked), so this is refused as too big before it is found to be broken.
  code: 'limit-exceeded',
  pointer: '/meshes',
  mentions: ['4294967295 vertices', 'limit of 12000000'],
});

add('normal-count-u32-max.glb', derive((json) => {
  json.accessors.push({ bufferView: 0, componentType: 5126, count: 4294967295, type: 'VEC3' });
  json.meshes[0].primitives[0].attributes.NORMAL = 3;
}), {
  code: 'limit-exceeded',
  pointer: '/accessors/3/count',
  mentions: ['4294967295', 'limit of 8000000'],
});

add('index-past-view-end.glb', derive((json) => {
  json.accessors[2].count = 6;
}), {
  code: 'out-of-bounds',
  pointer: '/accessors/2',
  mentions: ['past the end of bufferView 2'],
});

add('index-out-of-range.glb', derive((json, bin) => {
  bin.writeUInt16LE(7, IDX_OFFSET + 2);
}), {
  code: 'index-out-of-range',
  pointer: `${PRIM}/indices`,
  mentions: ['index 7', 'vertex count 3'],
});

add('nan-position.glb', derive((json, bin) => {
  bin.writeFloatLE(NaN, 4 * 4);
}), {
  code: 'non-finite',
  pointer: '/accessors/0',
  mentions: ['finite', 'element 1'],
});

add('infinite-position.glb', derive((json, bin) => {
  bin.writeFloatLE(-Infinity, 8 * 4);
}), {
  code: 'non-finite',
  pointer: '/accessors/0',
  mentions: ['finite', 'element 2'],
});

add('byte-stride-too-small.glb', derive((json) => {
  json.bufferViews[0].byteStride = 4;
}), {
  code: 'bad-stride',
  pointer: '/bufferViews/0/byteStride',
  mentions: ['byteStride 4', 'at least 12'],
});

add('position-unsigned-byte.glb', derive((json, bin) => {
  // Same bytes reinterpreted as u8 VEC3 with a 4-byte stride (vertex attributes are
  // 4-byte aligned), no KHR_mesh_quantization: POSITION must then be FLOAT.
  json.bufferViews[0].byteStride = 4;
  json.accessors[0] = { bufferView: 0, componentType: 5121, count: 3, type: 'VEC3', min: [0, 0, 0], max: [0, 0, 0] };
  bin.fill(0, 0, POS_BYTES);
}), {
  code: 'bad-accessor',
  pointer: `${PRIM}/attributes/POSITION`,
  mentions: ['5121', 'FLOAT'],
});

// --- references ---
add('missing-accessor.glb', derive((json) => {
  json.meshes[0].primitives[0].attributes.NORMAL = 999;
}), {
  code: 'missing-reference',
  pointer: `${PRIM}/attributes/NORMAL`,
  mentions: ['accessor 999', 'only 3 accessors'],
});

add('missing-position-accessor.glb', derive((json) => {
  json.meshes[0].primitives[0].attributes.POSITION = 999;
  delete json.meshes[0].primitives[0].indices;
}), {
  code: 'missing-reference',
  pointer: `${PRIM}/attributes/POSITION`,
  mentions: ['accessor 999'],
});

add('missing-material.glb', derive((json) => {
  json.meshes[0].primitives[0].material = 5;
}), {
  code: 'missing-reference',
  pointer: `${PRIM}/material`,
  mentions: ['material 5', 'only 1 materials'],
});

add('missing-texture.glb', derive((json) => {
  json.materials[0].pbrMetallicRoughness.baseColorTexture = { index: 7 };
}), {
  code: 'missing-reference',
  pointer: '/materials/0/pbrMetallicRoughness/baseColorTexture/index',
  mentions: ['texture 7', 'only 0 textures'],
});

add('missing-scene-node.glb', derive((json) => {
  json.scenes[0].nodes = [99];
}), {
  code: 'missing-reference',
  pointer: '/scenes/0/nodes/0',
  mentions: ['node 99', 'only 1 nodes'],
});

add('missing-child-node.glb', derive((json) => {
  json.nodes[0].children = [99];
}), {
  code: 'missing-reference',
  pointer: '/nodes/0/children/0',
  mentions: ['node 99', 'only 1 nodes'],
});

add('node-cycle.glb', derive((json) => {
  json.nodes = [
    { name: 'a', children: [1] },
    { name: 'b', children: [2] },
    { name: 'c', mesh: 0, children: [0] },
  ];
}), {
  code: 'node-cycle',
  pointer: '/nodes/0',
  mentions: ['node 0', 'ancestor'],
});

// --- extensions and images ---
add('requires-draco.glb', derive((json) => {
  json.extensionsUsed = ['KHR_draco_mesh_compression'];
  json.extensionsRequired = ['KHR_draco_mesh_compression'];
  // What an exporter writes: the compressed data's view and attribute ids beside the
  // (here uncompressed) fallback accessors.
  json.meshes[0].primitives[0].extensions = {
    KHR_draco_mesh_compression: { bufferView: 0, attributes: { POSITION: 0, TEXCOORD_0: 1 } },
  };
}), {
  code: 'unsupported-extension',
  pointer: '/extensionsRequired/0',
  mentions: ['KHR_draco_mesh_compression'],
  validator: 'valid',
  why: 'The validator does not implement KHR_draco_mesh_compression: it reports UNSUPPORTED_EXTENSION as an info, not an error, and checks the rest of the file. roomfit cannot decode Draco and so must refuse a file that requires it.',
});

add('texture-65536x65536.glb', (() => {
  const { json, bin } = base();
  return glb(json, withImage(json, bin, png(65536, 65536, 1)));
})(), {
  code: 'limit-exceeded',
  pointer: '/images/0',
  mentions: ['65536×65536', '8192'],
  validator: 'valid',
  why: 'The PNG is well-formed as far as its header goes and glTF sets no size limit; the validator reads the IHDR but does not decode the pixels. roomfit refuses any texture wider or taller than Limits::max_texture_dimension (8192) before decoding, to protect phones.',
});

// --- amplification: a small file must not make the loader allocate many times its size ---
add('vertex-amplification.glb', derive((json) => {
  // 64 primitives share one POSITION accessor of 8 million (implicitly zero) vertices: each
  // primitive reads it again, 512 million vertices from a 3 KB file.
  json.accessors[0] = { componentType: 5126, count: 8000000, type: 'VEC3', min: [0, 0, 0], max: [0, 0, 0] };
  json.meshes[0].primitives = Array.from({ length: 64 }, () => ({ attributes: { POSITION: 0 }, indices: 2 }));
}), {
  code: 'limit-exceeded',
  pointer: '/meshes',
  mentions: ['512000000 vertices', 'limit of 12000000'],
  validator: 'valid',
  why: 'glTF allows any number of primitives to share an accessor, and accessors without a bufferView (all zeros) of any count. roomfit reads each primitive\'s vertices separately, so it budgets the vertices all loaded meshes read (Limits::max_vertices) before reading any.',
});

add('image-amplification.glb', (() => {
  // 257 images share one 512 KiB bufferView (a real PNG, then padding): 257 copies are
  // 128.5 MiB, more than the 128 MiB limit on what a file may bring in.
  const { json, bin } = base();
  const view = Buffer.alloc(512 * 1024);
  png(4, 4, 4).copy(view);
  const grown = withImage(json, bin, view);
  json.images = Array.from({ length: 257 }, () => ({ bufferView: 3, mimeType: 'image/png' }));
  return glb(json, grown);
})(), {
  code: 'limit-exceeded',
  pointer: '/images/256',
  mentions: ['images 0 to 256', 'limit of 134217728 bytes'],
  validator: 'valid',
  why: 'glTF allows many images to share one bufferView. roomfit copies each image\'s bytes into the Model, so it budgets the copies together (Limits::max_file_bytes) to keep a small file from filling memory.',
});

/**
 * Base with N extra compressed views (EXT_meshopt_compression, ATTRIBUTES, stride 4, `count`
 * elements each) that all point at the same 64 bytes of noise at the end of the BIN chunk, a
 * fallback buffer behind them, and an accessor reading each view. The noise is not a valid
 * stream: a loader that decodes a view before checking its budgets fails with
 * bad-compression instead of the limit the case expects.
 */
function sharedCompressedViews(n, count) {
  const { json, bin } = base();
  const source = bin.length;
  const grown = Buffer.concat([bin, noise(7, 64)]);
  json.buffers[0].byteLength = grown.length;
  json.buffers.push({ byteLength: n * count * 4, extensions: { EXT_meshopt_compression: { fallback: true } } });
  json.extensionsUsed = ['EXT_meshopt_compression'];
  json.extensionsRequired = ['EXT_meshopt_compression'];
  const first = json.accessors.length;
  for (let k = 0; k < n; k++) {
    json.bufferViews.push({
      buffer: 1,
      byteOffset: k * count * 4,
      byteLength: count * 4,
      byteStride: 4,
      extensions: {
        EXT_meshopt_compression: { buffer: 0, byteOffset: source, byteLength: 64, byteStride: 4, count, mode: 'ATTRIBUTES' },
      },
    });
    json.accessors.push({ bufferView: json.bufferViews.length - 1, componentType: 5121, normalized: true, count: 3, type: 'VEC4' });
  }
  return { json, bin: grown, first };
}

add('meshopt-amplification.glb', (() => {
  // 65 compressed views of 8 MiB each share the same 64 compressed bytes: 520 MiB from a
  // file of 25 KB. Each is read by a COLOR_0 accessor of three vertices, in 65
  // primitives that share the triangle's POSITION (well within the triangle and vertex budgets).
  const n = 65;
  const { json, bin, first } = sharedCompressedViews(n, 2 * 1024 * 1024);
  json.meshes[0].primitives = Array.from({ length: n }, (_, k) => ({
    attributes: { POSITION: 0, TEXCOORD_0: 1, COLOR_0: first + k },
    indices: 2,
    material: 0,
  }));
  return glb(json, bin);
})(), {
  code: 'limit-exceeded',
  pointer: '/bufferViews/67/extensions/EXT_meshopt_compression',
  mentions: ['bufferViews 3 to 67', '545259520 bytes', 'limit of 536870912 bytes'],
  validator: 'valid',
  why: 'The validator does not decode EXT_meshopt_compression data, and glTF allows any number of views to share compressed bytes. roomfit budgets what the compressed views it reads decode to (4 × Limits::max_file_bytes) and refuses before decoding any of them: the shared bytes are noise, so decoding even one would fail with bad-compression instead.',
});

add('meshopt-over-triangle-budget.glb', (() => {
  // One compressed index view of 4,000,002 triangles (noise as its data): refused by the
  // triangle budget, which comes before any compressed view is decoded.
  const { json, bin, first } = sharedCompressedViews(0, 0);
  const count = 3 * 4000002;
  json.buffers[1].byteLength = count * 4;
  json.bufferViews.push({
    buffer: 1,
    byteLength: count * 4,
    extensions: {
      EXT_meshopt_compression: { buffer: 0, byteOffset: bin.length - 64, byteLength: 64, byteStride: 4, count, mode: 'TRIANGLES' },
    },
  });
  json.accessors.push({ bufferView: json.bufferViews.length - 1, componentType: 5125, count, type: 'SCALAR' });
  json.meshes[0].primitives[0].indices = first;
  return glb(json, bin);
})(), {
  code: 'limit-exceeded',
  pointer: '/meshes',
  mentions: ['4000002 triangles', 'limit of 4000000'],
  validator: 'valid',
  why: 'The validator does not decode EXT_meshopt_compression data, and a model may have any number of triangles. roomfit checks its triangle budget (Limits::max_triangles) on the declared counts before decoding any compressed view; the compressed bytes are noise, so decoding first would fail with bad-compression instead.',
});

// ---- write ------------------------------------------------------------------------------------------

mkdirSync(outDir, { recursive: true });
const names = new Set(cases.map((c) => c.file));
if (names.size !== cases.length) throw new Error('two cases share a file name');
// Remove corpus files that no case produces any more (the script is the only source).
for (const f of readdirSync(outDir)) {
  if (/\.(glb|gltf)$/.test(f) && !names.has(f)) unlinkSync(join(outDir, f));
}
const expected = {};
for (const c of [...cases].sort((a, b) => a.file.localeCompare(b.file))) {
  writeFileSync(join(outDir, c.file), c.bytes);
  expected[c.file] = c.expected;
}
writeFileSync(join(outDir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
console.log(`wrote ${cases.length} corpus files and expected.json to ${outDir}`);
