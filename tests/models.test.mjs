// Validates every generated sample model (models/*.glb) with the Khronos glTF validator and
// checks that catalog.json points at models and variants that exist.
// Run with: node --test tests/models.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { validateBytes } from 'gltf-validator';

const modelsDir = new URL('../models/', import.meta.url);

async function glbNames() {
  return (await readdir(modelsDir)).filter((name) => name.endsWith('.glb')).sort();
}

/** The JSON chunk of a GLB file. */
function glbJson(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(view.getUint32(0, true), 0x46546c67, 'GLB magic');
  const jsonLength = view.getUint32(12, true);
  assert.equal(view.getUint32(16, true), 0x4e4f534a, 'first chunk is JSON');
  return JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength)));
}

async function readModel(name) {
  return new Uint8Array(await readFile(new URL(name, modelsDir)));
}

const names = await glbNames();

test('there are at least 9 sample models', () => {
  assert.ok(names.length >= 9, `found ${names.length} GLB files: ${names.join(', ')}`);
});

for (const name of names) {
  test(`${name} passes the glTF validator with no errors or warnings`, async () => {
    const bytes = await readModel(name);
    const report = await validateBytes(bytes, { maxIssues: 100 });
    const problems = report.issues.messages
      .filter((m) => m.severity <= 1)
      .map((m) => `${m.severity === 0 ? 'error' : 'warning'} ${m.code} at ${m.pointer ?? '?'}: ${m.message}`);
    assert.ok(
      report.issues.numErrors === 0 && report.issues.numWarnings === 0,
      `${name}: ${report.issues.numErrors} errors, ${report.issues.numWarnings} warnings\n${problems.join('\n')}`,
    );
  });
}

test('extensions: at least two models use KHR_materials_variants, one KHR_texture_transform', async () => {
  let variants = 0;
  let transforms = 0;
  for (const name of names) {
    const used = glbJson(await readModel(name)).extensionsUsed ?? [];
    if (used.includes('KHR_materials_variants')) variants += 1;
    if (used.includes('KHR_texture_transform')) transforms += 1;
  }
  assert.ok(variants >= 2, `${variants} models use KHR_materials_variants`);
  assert.ok(transforms >= 1, `${transforms} models use KHR_texture_transform`);
});

test('catalog.json refers to existing models and glTF variants', async () => {
  const catalog = JSON.parse(await readFile(new URL('catalog.json', modelsDir), 'utf8'));
  assert.equal(catalog.version, 1);
  let products = 0;
  for (const retailer of catalog.retailers) {
    for (const product of retailer.products) {
      products += 1;
      assert.ok(names.includes(product.model.glb), `${product.id}: missing ${product.model.glb}`);
      const gltf = glbJson(await readModel(product.model.glb));
      const declared = (gltf.extensions?.KHR_materials_variants?.variants ?? []).map((v) => v.name);
      assert.ok(product.variants.length >= 1, `${product.id} has no variants`);
      for (const variant of product.variants) {
        if (variant.gltf_variant !== null) {
          assert.ok(
            declared.includes(variant.gltf_variant),
            `${product.id}: variant ${variant.gltf_variant} not in ${declared.join(', ')}`,
          );
        }
      }
    }
  }
  assert.ok(products >= 9, `${products} products in the catalog`);
});
