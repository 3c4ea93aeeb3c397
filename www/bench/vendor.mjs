// Copies the third-party files the benchmark pages load into www/bench/vendor/ (gitignored), so
// the demo server serves them like any other file under www/. Run by run.mjs; also runnable
// alone: `node www/bench/vendor.mjs`.
//
// <model-viewer> 4.4.0: dist/model-viewer.min.js is the self-contained ES module build (three.js,
// lit and gainmap-js bundled in). It is what the model-viewer documentation's <script
// type="module"> snippet loads from a CDN, and the build issue 4 quotes (1,069,272 B,
// 235,383 B brotli).

import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const vendorDir = path.join(here, 'vendor');

const require = createRequire(import.meta.url);

/** The files to copy: [package, file inside the package, name in vendor/]. */
const FILES = [['@google/model-viewer', 'dist/model-viewer.min.js', 'model-viewer.min.js']];

/** Copies the files (when missing or different); returns [{ name, version, bytes, path }]. */
export function vendor() {
  mkdirSync(vendorDir, { recursive: true });
  return FILES.map(([pkg, file, name]) => {
    let pkgDir;
    try {
      pkgDir = path.dirname(require.resolve(`${pkg}/package.json`));
    } catch {
      throw new Error(`${pkg} is not installed: run \`make setup\` (npm ci) first`);
    }
    const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
    const from = path.join(pkgDir, file);
    const to = path.join(vendorDir, name);
    let same = false;
    try {
      same = statSync(to).size === statSync(from).size && readFileSync(to).equals(readFileSync(from));
    } catch {
      // not there yet
    }
    if (!same) copyFileSync(from, to);
    return { name, package: pkg, version, bytes: statSync(to).size, path: to };
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const f of vendor()) console.log(`${f.package}@${f.version} ${f.name}: ${f.bytes} B -> ${path.relative(process.cwd(), f.path)}`);
}
