// The committed broken-catalog corpus is exactly what make.mjs generates, and the scaled model
// in it is still a valid glTF (only its size is wrong).
// Run with: node --test tests/catalogs/make.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { validateBytes } from 'gltf-validator';
import { generate, isGenerated } from './make.mjs';

const here = new URL('./', import.meta.url);
const files = generate();

test('the committed corpus is what make.mjs generates (run `node tests/catalogs/make.mjs`)', () => {
  const onDisk = readdirSync(here).filter(isGenerated).sort();
  assert.deepEqual(onDisk, [...files.keys()].sort());
  for (const [name, bytes] of files) {
    assert.ok(bytes.equals(readFileSync(new URL(name, here))), `${name} differs`);
  }
});

test('at least 20 broken catalogs, each with its expected issue', () => {
  const expected = JSON.parse(files.get('expected.json').toString());
  const names = Object.keys(expected);
  assert.ok(names.length >= 20, `${names.length}`);
  for (const name of names) {
    assert.ok(files.has(name), name);
    assert.match(expected[name].severity, /^(error|warning)$/);
    assert.match(expected[name].code, /^[a-z]+(-[a-z]+)*$/);
  }
});

test('the centimetres-as-metres model passes the glTF validator', async () => {
  const report = await validateBytes(new Uint8Array(files.get('harvest-dining-table-cm-as-m.glb')));
  const errors = report.issues.messages.filter((m) => m.severity === 0);
  assert.deepEqual(errors, []);
});
