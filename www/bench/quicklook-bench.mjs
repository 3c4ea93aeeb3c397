// Quick Look's USDZ written in the browser (www/ar/quicklook.js, www/pkg/usdz/) for 1 and 3
// items, against loading the same GLBs into the viewer in the same run (issue 6, "Speed").
//
//   node www/bench/quicklook-bench.mjs [--runs N]
//
// Each run opens www/bench/quicklook.html in a fresh headless Chromium (fresh profile, so the
// HTTP cache is cold; WebGPU flags of /work/shared/TOOLCHAIN.md) and:
// - place: addToRoom() of the items one after another (each GLB fetched from the demo server,
//   loaded by the wasm viewer, uploaded and drawn): the "loading the same GLBs" baseline;
// - first Quick Look: startQuickLook() from the call to the link's click (the usdz wasm build
//   fetched and compiled, the GLBs re-read from the HTTP cache, loaded again and written as
//   one USDZ, a blob URL made);
// - second Quick Look: the same again with the usdz build already loaded.
// Items: 1 = the Oslo sofa (Forest); 3 = that sofa, the round coffee table and the framed print
// on a wall. Prints medians and each Quick Look time's ratio to "place" (median of the per-run
// ratios). Writes www/bench/quicklook-results.json.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchBrowser, startServer } from '../tests/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SETS = {
  1: [{ retailer: 'nordhem', product: 'oslo-sofa', variant: 'NH-OSLO-3S-FOR' }],
  3: [
    { retailer: 'nordhem', product: 'oslo-sofa', variant: 'NH-OSLO-3S-FOR' },
    { retailer: 'maple-grain', product: 'round-coffee-table' },
    { retailer: 'lanting', product: 'ink-framed-print' },
  ],
};

let runs = 3;
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--runs') runs = Number(process.argv[++i]);
  else if (process.argv[i] === '--help' || process.argv[i] === '-h') {
    console.log('usage: node www/bench/quicklook-bench.mjs [--runs N]');
    process.exit(0);
  } else throw new Error(`unknown argument ${process.argv[i]}`);
}
if (!(runs >= 1)) throw new Error('--runs needs a number >= 1');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const server = await startServer();
const results = { runs, sets: {} };
try {
  for (let run = 0; run < runs; run++) {
    for (const n of run % 2 ? [3, 1] : [1, 3]) {
      const browser = await launchBrowser('webgpu');
      try {
        const page = await browser.context.newPage();
        await page.goto(new URL('bench/quicklook.html', server.url).href);
        await page.waitForFunction(() => window.__ready === true);
        const place = await page.evaluate((items) => window.__bench.place(items), SETS[n]);
        const first = await page.evaluate(() => window.__bench.quickLook());
        const second = await page.evaluate(() => window.__bench.quickLook());
        const r = (results.sets[n] ??= { place: [], first: [], second: [], bytes: first.bytes, source: first.source });
        r.place.push(place);
        r.first.push(first.ms);
        r.second.push(second.ms);
        console.log(`run ${run + 1}, ${n} item(s): place ${place.toFixed(0)} ms, first Quick Look ${first.ms.toFixed(0)} ms, second ${second.ms.toFixed(0)} ms (${first.bytes} bytes)`);
      } finally {
        await browser.close();
      }
    }
  }
} finally {
  await server.stop();
}

console.log('\nitems  place (ms)  first QL (ms)  ratio  second QL (ms)  ratio  USDZ bytes');
for (const [n, r] of Object.entries(results.sets)) {
  const ratio = (xs) => median(xs.map((x, i) => x / r.place[i]));
  r.median = { place: median(r.place), first: median(r.first), second: median(r.second), firstRatio: ratio(r.first), secondRatio: ratio(r.second) };
  const m = r.median;
  console.log(`${n.padStart(5)}  ${m.place.toFixed(0).padStart(10)}  ${m.first.toFixed(0).padStart(13)}  ${m.firstRatio.toFixed(2).padStart(5)}  ${m.second.toFixed(0).padStart(14)}  ${m.secondRatio.toFixed(2).padStart(5)}  ${r.bytes}`);
}
writeFileSync(path.join(here, 'quicklook-results.json'), `${JSON.stringify(results, null, 2)}\n`);
