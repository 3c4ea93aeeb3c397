// docs/embedding.md stays true: every ```html example block is served as a page and must load
// and draw; every ```js example block runs against <roomfit-viewer id="viewer"
// catalog="/models/catalog.json" src="/models/oslo-armchair.glb"> and must finish without an
// error, and each `console.log(x); // 'text'` line must print that text.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
  assertHealthy,
  coverage,
  launchBrowser,
  nextViewerEvent,
  openPage,
  repoRoot,
  screenshotViewer,
  viewerBackground,
} from './harness.mjs';
import { staticServer } from './static-server.mjs';

const doc = readFileSync(path.join(repoRoot, 'docs/embedding.md'), 'utf8');

/** The doc's ```LANG example blocks, in order. */
function examples(lang) {
  const out = [];
  const re = new RegExp('^```' + lang + ' example\\n([\\s\\S]*?)^```$', 'gm');
  for (const m of doc.matchAll(re)) out.push(m[1]);
  return out;
}

/** A js example with each `console.log(x); // 'text'` (or a number) turned into a check. */
function checked(code) {
  return code
    .split('\n')
    .map((line) => {
      const m = line.match(/^(\s*)console\.log\((.*)\);\s*\/\/\s*('([^']*)'|-?[\d.]+)\s*$/);
      if (!m) return line;
      const want = m[4] ?? m[3];
      return `${m[1]}__expect(${m[2]}, ${JSON.stringify(want)}, ${JSON.stringify(line.trim())});`;
    })
    .join('\n');
}

let dir;
let server;
let browser;
before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'roomfit-embedding-doc-'));
  server = await staticServer({
    mounts: {
      '/roomfit/': path.join(repoRoot, 'www'),
      '/models/': path.join(repoRoot, 'models'),
      '/posters/': path.join(repoRoot, 'www/tests/pages/posters'),
      '/doc/': dir,
    },
  });
  browser = await launchBrowser('webgpu');
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('docs/embedding.md has examples', () => {
  assert.ok(examples('html').length >= 2);
  assert.ok(examples('js').length >= 5);
});

examples('html').forEach((html, i) => {
  test(`docs/embedding.md html example ${i + 1} loads and draws`, { timeout: 120_000 }, async () => {
    writeFileSync(
      path.join(dir, `html-${i}.html`),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>example</title></head><body>\n${html}</body></html>\n`,
    );
    const p = await openPage(browser);
    const bad = [];
    p.page.on('response', (r) => {
      if (!r.ok()) bad.push(`${r.status()} ${r.url()}`);
    });
    const ev = await nextViewerEvent(p, { action: () => p.page.goto(new URL(`doc/html-${i}.html`, server.url).href), what: `html example ${i + 1}` });
    assert.equal(ev.type, 'load', JSON.stringify(ev.detail));
    const { image } = await screenshotViewer(p.page);
    const c = coverage(image, await viewerBackground(p.page));
    assert.ok(c > 0.03, `example ${i + 1} draws (coverage ${c.toFixed(3)})`);
    assert.deepEqual(bad.filter((b) => !b.endsWith('/favicon.ico')), []);
    assertHealthy(p);
    await p.page.close();
  });
});

examples('js').forEach((code, i) => {
  test(`docs/embedding.md js example ${i + 1} runs`, { timeout: 120_000 }, async () => {
    writeFileSync(path.join(dir, `js-${i}.mjs`), `
const viewer = document.getElementById('viewer');
const __expect = (got, want, line) => {
  if (String(got) !== want) throw new Error(\`\${line}: printed \${String(got)}\`);
};
${checked(code)}
window.__done = true;
`);
    writeFileSync(
      path.join(dir, `js-${i}.html`),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>example</title>
<script type="module" src="/roomfit/roomfit-viewer.js"></script></head><body>
<roomfit-viewer id="viewer" catalog="/models/catalog.json" src="/models/oslo-armchair.glb"></roomfit-viewer>
</body></html>
`,
    );
    const p = await openPage(browser);
    const ev = await nextViewerEvent(p, { id: 'viewer', action: () => p.page.goto(new URL(`doc/js-${i}.html`, server.url).href), what: 'the fixture armchair' });
    assert.equal(ev.type, 'load', JSON.stringify(ev.detail));
    await p.page.addScriptTag({ url: `/doc/js-${i}.mjs`, type: 'module' });
    await p.page.waitForFunction(() => window.__done === true || null, null, { timeout: 60_000 }).catch(() => {});
    assertHealthy(p);
    assert.equal(await p.page.evaluate(() => window.__done === true), true, `js example ${i + 1} finished:\n${code}`);
    await p.page.close();
  });
});
