// Writes the minified element beside its source, with esbuild (comments, whitespace and long
// local names are most of their bytes):
//   www/roomfit-viewer.min.js       from www/roomfit-viewer.js: the class and the product view,
//                                   what a page fetches before its first frame
//   www/roomfit-viewer-room.min.js  from www/roomfit-viewer-room.js: the room, catalogs,
//                                   checkout and AR chain, imported the first time one is needed
//   www/roomfit-viewer-zh.min.js    from www/roomfit-viewer-zh.js: the Simplified Chinese
//                                   strings, imported only when the element's language needs them
// The readable files stay the source; the .min.js copies are what the npm package, the demo
// shop and the benchmarks load. They sit beside the readable ones, so their relative imports
// (./pkg/<build>/roomfit.js, ./ar/*.js) and `new URL(.., import.meta.url)` resolve exactly as
// the source's do; esbuild keeps them (and exports, class names and private fields) as they
// are. Only the element's imports of its two lazy parts are pointed at their .min.js copies.
// scripts/build-wasm.sh runs this after the builds.
//
// Usage: node scripts/minify-element.mjs
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const www = fileURLToPath(new URL('../www/', import.meta.url));
const die = (msg) => {
  console.error(`minify-element: ERROR: ${msg}`);
  process.exit(1);
};
const lazy = ['roomfit-viewer-room', 'roomfit-viewer-zh'];

function minify(name) {
  const source = readFileSync(`${www}${name}.js`, 'utf8');
  const { code, warnings } = transformSync(source, {
    format: 'esm',
    // Every browser with WebGPU or WebGL2 and custom elements runs ES2022 (private fields and
    // methods, as the source uses); esbuild must not lower them.
    target: 'es2022',
    minify: true,
    keepNames: false,
    legalComments: 'none',
    // Chinese text as UTF-8, not \uXXXX escapes (a third of the bytes; module scripts are
    // always decoded as UTF-8).
    charset: 'utf8',
    sourcefile: `${name}.js`,
  });
  if (warnings.length > 0) {
    for (const w of warnings) console.error(`minify-element: ${name}.js: ${w.text}`);
    process.exit(1);
  }
  return { source, code };
}

// The dynamic imports must survive as literals, or bundlers (Vite, Rollup) could no longer see
// and copy (and split into chunks) what they name.
const has = (code, spec) => code.includes(`import("${spec}")`) || code.includes(`import('${spec}')`);

const outputs = [];
{
  const { source, code: minified } = minify('roomfit-viewer');
  let code = minified;
  for (const spec of ['./pkg/webgpu/roomfit.js', './pkg/webgpu-room/roomfit.js', './pkg/webgl/roomfit.js', ...lazy.map((n) => `./${n}.js`)]) {
    if (!has(code, spec)) die(`the minified element lost import('${spec}')`);
  }
  for (const n of lazy) {
    const from = `./${n}.js`;
    code = code.replace(`import("${from}")`, `import("./${n}.min.js")`).replace(`import('${from}')`, `import('./${n}.min.js')`);
    if (!has(code, `./${n}.min.js`) || has(code, from)) die(`could not point the element's import of ${from} at ./${n}.min.js`);
  }
  outputs.push({ name: 'roomfit-viewer', source, code });
}
{
  const { source, code } = minify('roomfit-viewer-room');
  if (!has(code, './pkg/handoff/roomfit.js')) die("the minified room part lost import('./pkg/handoff/roomfit.js')");
  outputs.push({ name: 'roomfit-viewer-room', source, code });
}
outputs.push({ name: 'roomfit-viewer-zh', ...minify('roomfit-viewer-zh') });

for (const { name, source, code } of outputs) {
  const out = `${www}${name}.min.js`;
  writeFileSync(`${out}.tmp`, code);
  renameSync(`${out}.tmp`, out);
  console.error(`minify-element: www/${name}.js ${source.length} -> www/${name}.min.js ${code.length} bytes`);
}
