// The element under a strict Content-Security-Policy: no inline script or style, no eval, only
// 'wasm-unsafe-eval' for WebAssembly. The page (tests/pages/csp/) is served by a small static
// server that sends the header; the element must draw with no violation reported.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const mounts = { '/': path.join(repoRoot, 'www'), '/models/': path.join(repoRoot, 'models') };

let browser;
before(async () => {
  browser = await launchBrowser('webgpu');
});
after(async () => {
  await browser?.close();
});

/** Opens the CSP page served with `policy`; resolves to { p, ev, violations, cspConsole }. */
async function openUnder(policy, b = browser) {
  const server = await staticServer({ mounts, headers: { 'Content-Security-Policy': policy } });
  try {
    const p = await openPage(b);
    const ev = await nextViewerEvent(p, {
      id: 'viewer',
      action: () => p.page.goto(new URL('tests/pages/csp/', server.url).href),
      what: 'the armchair under a CSP',
    });
    const violations = await p.page.evaluate(() => window.__violations);
    const cspConsole = p.consoleAll.filter((m) => /Content.Security.Policy/i.test(m));
    return { p, ev, violations, cspConsole, server };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

for (const mode of ['webgpu', 'webgl']) {
  test(`${mode}: the element draws under "${STRICT}" with no violation`, { timeout: 180_000 }, async () => {
    const b = mode === 'webgpu' ? browser : await launchBrowser('webgl');
    const { p, ev, violations, cspConsole, server } = await openUnder(STRICT, b);
    try {
      assert.equal(ev.type, 'load', JSON.stringify(ev.detail));
      assert.equal(ev.detail.backend, mode === 'webgpu' ? 'webgpu' : 'webgl2');
      const { image } = await screenshotViewer(p.page);
      const c = coverage(image, await viewerBackground(p.page));
      assert.ok(c > 0.05, `the armchair is drawn (coverage ${c.toFixed(3)})`);
      // The shadow root's styles applied (constructed stylesheet): the progress bar is hidden
      // again and the poster faded, which only the element's CSS does.
      const look = await p.page.evaluate(() => {
        const root = document.getElementById('viewer').shadowRoot;
        return { progress: getComputedStyle(root.querySelector('progress')).display, poster: getComputedStyle(root.querySelector('.poster')).transitionDuration };
      });
      assert.deepEqual(look, { progress: 'none', poster: '0.4s' });
      // The element's lazily imported parts load under the policy too: the room and AR part
      // (startAR) and the Simplified Chinese strings (a language change).
      const lazy = await p.page.evaluate(async () => {
        const v = document.getElementById('viewer');
        const mode = await v.startAR('3d');
        v.setAttribute('lang', 'zh-CN');
        const keys = v.shadowRoot.getElementById('keys');
        for (let i = 0; i < 200 && !keys.textContent.startsWith('在房间中'); i++) await new Promise((r) => setTimeout(r, 50));
        return { mode, keys: keys.textContent.slice(0, 4) };
      });
      assert.deepEqual(lazy, { mode: '3d', keys: '在房间中' });
      assert.deepEqual(violations, []);
      assert.deepEqual(await p.page.evaluate(() => window.__violations), []);
      assert.deepEqual(cspConsole, []);
      assert.deepEqual(p.consoleAll.filter((m) => /Content.Security.Policy/i.test(m)), []);
      assertHealthy(p);
      await p.page.close();
    } finally {
      await server.stop();
      if (b !== browser) await b.close();
    }
  });
}

test("the check can fail: without 'wasm-unsafe-eval' the violation is seen", { timeout: 120_000 }, async () => {
  const { p, ev, violations, server } = await openUnder("default-src 'self'; script-src 'self'; style-src 'self'");
  try {
    assert.equal(ev.type, 'error');
    assert.ok(violations.some((v) => v.directive === 'script-src' && v.blocked === 'wasm-eval'), JSON.stringify(violations));
    await p.page.close();
  } finally {
    await server.stop();
  }
});

test('the wasm-bindgen glue of every build uses no eval or new Function', () => {
  for (const build of ['webgpu', 'webgpu-room', 'webgl', 'handoff']) {
    const glue = readFileSync(path.join(repoRoot, 'www/pkg', build, 'roomfit.js'), 'utf8');
    // (`Function(${name})` inside a template string, for debug output, is not a call.)
    const call = glue.match(/\beval\s*\(|\bnew\s+Function\b|[=(,;:]\s*Function\s*\(/);
    assert.equal(call, null, `www/pkg/${build}/roomfit.js calls ${call?.[0]}`);
  }
  // The element and its lazy parts as written and as pages load them (minified by
  // scripts/minify-element.mjs).
  const names = ['roomfit-viewer', 'roomfit-viewer-room', 'roomfit-viewer-zh'];
  for (const file of names.flatMap((n) => [`www/${n}.js`, `www/${n}.min.js`])) {
    const element = readFileSync(path.join(repoRoot, file), 'utf8');
    assert.doesNotMatch(element, /\beval\s*\(|new\s+Function\b|innerHTML\s*=\s*`[^`]*<style/, file);
  }
});
