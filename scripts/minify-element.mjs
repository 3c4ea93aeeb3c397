// Writes www/roomfit-viewer.min.js: the custom element www/roomfit-viewer.js minified with esbuild
// (its comments, whitespace and long local names are most of its bytes: about 13.7 KB brotli
// readable, 7.8 KB minified). The readable file stays the source; this copy is what the npm
// package, the demo shop and the benchmarks load. It sits beside the readable one, so its
// relative imports (./pkg/<build>/roomfit.js, ./ar/*.js) and `new URL(.., import.meta.url)`
// resolve exactly as the source's do; esbuild keeps them (and exports, class names and private
// fields) as they are. scripts/build-wasm.sh runs this after the builds.
//
// Usage: node scripts/minify-element.mjs
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const www = fileURLToPath(new URL('../www/', import.meta.url));
const source = readFileSync(`${www}roomfit-viewer.js`, 'utf8');
const { code, warnings } = transformSync(source, {
  format: 'esm',
  // Every browser with WebGPU or WebGL2 and custom elements runs ES2022 (private fields and
  // methods, as the source uses); esbuild must not lower them.
  target: 'es2022',
  minify: true,
  keepNames: false,
  legalComments: 'none',
  sourcefile: 'roomfit-viewer.js',
});
if (warnings.length > 0) {
  for (const w of warnings) console.error(`minify-element: ${w.text}`);
  process.exit(1);
}
// The dynamic imports of the builds must survive as literals, or bundlers (Vite, Rollup) could
// no longer see and copy them.
for (const needle of ["import('./pkg/webgpu/roomfit.js')", "import('./pkg/webgl/roomfit.js')"]) {
  if (!code.includes(needle.replaceAll("'", '"')) && !code.includes(needle)) {
    console.error(`minify-element: ERROR: the minified element lost ${needle}`);
    process.exit(1);
  }
}
const out = `${www}roomfit-viewer.min.js`;
writeFileSync(`${out}.tmp`, code);
renameSync(`${out}.tmp`, out);
console.error(`minify-element: www/roomfit-viewer.js ${source.length} -> www/roomfit-viewer.min.js ${code.length} bytes`);
