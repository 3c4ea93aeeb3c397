// Runs every malformed-corpus file (tests/corpus/*.glb) and every sample model (models/*.glb)
// through the Khronos glTF validator AND through roomfit's own loader (`roomfit inspect FILE
// --json`: exit 0 = loads, 1 = refused), and checks that they agree: the validator reports
// errors exactly when roomfit refuses the file. The only exceptions allowed are the files that
// tests/corpus/expected.json marks "validator": "valid" with a "why" (roomfit is stricter there,
// e.g. a size limit); each exception is asserted to be exactly that.
// Also checks that tests/corpus/make.mjs reproduces the committed corpus byte for byte.
// Run with: node --test tests/validator.test.mjs (builds the roomfit binary first if needed;
// ROOMFIT_BIN=path skips that).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateBytes } from 'gltf-validator';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpusDir = join(root, 'tests', 'corpus');
const modelsDir = join(root, 'models');
const expected = JSON.parse(readFileSync(join(corpusDir, 'expected.json'), 'utf8'));
const glbs = (dir) => readdirSync(dir).filter((f) => f.endsWith('.glb')).sort();

let roomfit = process.env.ROOMFIT_BIN;

before(() => {
  if (roomfit) return;
  // `make test` has just built it with `cargo test`; then this is a no-op taking well under a second.
  execFileSync('cargo', ['build', '--quiet', '--bin', 'roomfit'], { cwd: root, stdio: 'inherit' });
  const meta = JSON.parse(
    execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: root, encoding: 'utf8' }),
  );
  roomfit = join(meta.target_directory, 'debug', 'roomfit');
});

/** roomfit's verdict: { valid, error } from `roomfit inspect FILE --json`. */
function ours(path) {
  return new Promise((resolve, reject) => {
    execFile(roomfit, ['inspect', path, '--json'], { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const status = err ? err.code : 0;
      if (status !== 0 && status !== 1) {
        reject(new Error(`roomfit inspect ${path} exited with ${status}: ${stderr}`));
        return;
      }
      const report = JSON.parse(stdout);
      assert.equal(report.valid, status === 0, `exit status ${status} but "valid": ${report.valid}`);
      resolve({ valid: status === 0, error: report.errors?.[0] });
    });
  });
}

/** The validator's verdict: { valid, summary }. A file it cannot even recognise is invalid. */
async function khronos(path) {
  let report;
  try {
    report = await validateBytes(new Uint8Array(readFileSync(path)), {
      maxIssues: 0, // no cap: count every error
      externalResourceFunction: (uri) => Promise.reject(new Error(`no external resources (${uri})`)),
    });
  } catch (e) {
    return { valid: false, summary: `rejected: ${e}` };
  }
  const errors = report.issues.messages.filter((m) => m.severity === 0);
  return {
    valid: report.issues.numErrors === 0,
    summary: `${report.issues.numErrors} errors${errors.length ? ': ' : ''}${errors
      .slice(0, 5)
      .map((m) => `${m.code} at ${m.pointer ?? m.offset}`)
      .join(', ')}`,
  };
}

test('expected.json covers exactly the corpus files', () => {
  assert.deepEqual(Object.keys(expected).sort(), glbs(corpusDir));
});

for (const name of glbs(corpusDir)) {
  test(`corpus ${name}: the validator and roomfit agree (or differ as expected.json says)`, async () => {
    const want = expected[name];
    assert.ok(want, `${name} is not in expected.json`);
    const path = join(corpusDir, name);
    const [v, r] = await Promise.all([khronos(path), ours(path)]);
    const vVerdict = v.valid ? 'valid' : 'invalid';
    assert.equal(vVerdict, want.validator, `${name}: the validator says ${vVerdict} (${v.summary}); expected.json says ${want.validator}`);
    assert.equal(r.valid, want.code === null, `${name}: roomfit says ${r.valid ? 'valid' : `invalid (${r.error?.code}: ${r.error?.message})`}`);
    if (!r.valid) {
      assert.equal(r.error.code, want.code, `${name}: roomfit's CLI reports ${r.error.code}`);
      assert.equal(r.error.pointer, want.pointer, `${name}: roomfit's CLI reports the pointer ${r.error.pointer}`);
    }
    if (r.valid === v.valid) {
      assert.equal(want.why, undefined, `${name}: roomfit and the validator agree, so expected.json needs no "why"`);
    } else {
      // The one allowed disagreement: the validator finds no error, roomfit refuses, for a reason.
      assert.ok(v.valid && !r.valid, `${name}: roomfit loads a file the validator rejects (${v.summary})`);
      assert.ok(typeof want.why === 'string' && want.why.length > 20, `${name}: disagreement without a "why"`);
    }
  });
}

for (const name of glbs(modelsDir)) {
  test(`model ${name}: valid for both the validator and roomfit`, async () => {
    const path = join(modelsDir, name);
    const [v, r] = await Promise.all([khronos(path), ours(path)]);
    assert.ok(v.valid, `${name}: validator: ${v.summary}`);
    assert.ok(r.valid, `${name}: roomfit: ${r.error?.code} at ${r.error?.pointer}: ${r.error?.message}`);
  });
}

test('tests/corpus/make.mjs reproduces the committed corpus byte for byte', () => {
  const out = mkdtempSync(join(tmpdir(), 'roomfit-corpus-'));
  try {
    execFileSync(process.execPath, [join(corpusDir, 'make.mjs'), out], { stdio: 'pipe' });
    const made = readdirSync(out).sort();
    const committed = readdirSync(corpusDir).filter((f) => f !== 'make.mjs').sort();
    assert.deepEqual(made, committed, 'make.mjs makes a different set of files: rerun it');
    for (const f of made) {
      assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(corpusDir, f))), `${f} differs: rerun node tests/corpus/make.mjs`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
