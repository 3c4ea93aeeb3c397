// Validates the EXT_meshopt_compression fixtures (tests/meshopt/*.glb, made by
// tests/meshopt/make-fixtures.mjs) with the Khronos glTF validator: no errors or warnings. (The
// validator reports EXT_meshopt_compression as an unsupported extension, an info: it checks the
// rest of the file but cannot look inside compressed views. tests/meshopt.rs decodes those.)
// Run with: node --test tests/meshopt-fixtures.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { validateBytes } from 'gltf-validator';

const dir = new URL('./meshopt/', import.meta.url);
const names = (await readdir(dir)).filter((name) => name.endsWith('.glb')).sort();

test('there is a meshopt and a quantized fixture for every sample model', async () => {
  const models = (await readdir(new URL('../models/', import.meta.url))).filter((n) => n.endsWith('.glb'));
  assert.ok(models.length >= 9);
  for (const model of models) {
    for (const variant of ['meshopt', 'quantized']) {
      const name = model.replace(/\.glb$/, `.${variant}.glb`);
      assert.ok(names.includes(name), `missing tests/meshopt/${name} (node tests/meshopt/make-fixtures.mjs)`);
    }
  }
});

for (const name of names) {
  test(`${name} passes the glTF validator with no errors or warnings`, async () => {
    const bytes = new Uint8Array(await readFile(new URL(name, dir)));
    const report = await validateBytes(bytes, { maxIssues: 100 });
    const problems = report.issues.messages
      .filter((m) => m.severity <= 1)
      .map((m) => `${m.severity === 0 ? 'error' : 'warning'} ${m.code} at ${m.pointer ?? '?'}: ${m.message}`);
    assert.ok(
      report.issues.numErrors === 0 && report.issues.numWarnings === 0,
      `${name}: ${report.issues.numErrors} errors, ${report.issues.numWarnings} warnings\n${problems.join('\n')}`,
    );
    const required = report.info.extensionsRequired ?? [];
    const want = name.includes('.meshopt.') ? 'EXT_meshopt_compression' : 'KHR_mesh_quantization';
    assert.ok(required.includes(want), `${name} requires ${want}: ${required}`);
    if (want === 'KHR_mesh_quantization') assert.ok(!required.includes('EXT_meshopt_compression'));
  });
}
