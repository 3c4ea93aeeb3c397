// The demo shop as a shopper meets it, in headless Chromium (WebGPU on SwiftShader) against
// `roomfit serve`: in English and Simplified Chinese, with the room open (two products from two
// retailers) and a product selected,
// - layout: at 320, 360, 768 and 1280 px no horizontal overflow (scrollWidth <= innerWidth) and
//   no two visible boxes (controls, text, the viewer) overlapping;
// - zh-CN: no English left on screen: the text nodes of the page and of shadow roots, the
//   aria-labels, titles and alt texts, the room's announcements and size labels from Rust, the
//   "will it fit" answers and the checkout panel (brand names allowed);
// - axe-core (npm, node_modules/axe-core/axe.min.js injected into the page) at 360×780 and
//   1280×800: no serious or critical violations;
// - keyboard: every control reached by Tab, each with a visible focus indicator, and the
//   category filter, product buttons and "Add to room" operated with Enter and Space.
//
// Run from the repository root: node --test www/tests/shop.test.mjs

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { animationFrames, assertHealthy, launchBrowser, openPage, repoRoot, saveOutput, startServer } from './harness.mjs';

const TIMEOUT = 300_000;
const AXE = path.join(repoRoot, 'node_modules/axe-core/axe.min.js');

// Latin-letter words allowed on a zh-CN page: brand and retailer names, the names of the two
// languages in the switch, graphics API names, key caps named in the keys help, and the
// dollar sign as Intl.NumberFormat('zh-CN') writes it (US$).
const ALLOWED_LATIN = [
  'roomfit', 'Nordhem Living', 'Maple & Grain', 'Lanting Home', 'English', 'WebGPU', 'WebGL2', '3D', 'QR', 'US$',
  'Tab', 'Shift', 'Delete', 'Esc', 'Ctrl', 'Home', 'ics',
];

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser('webgpu', { viewport: { width: 1280, height: 800 } });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Opens the demo in `lang`, waits for the sofa to be drawn, then puts the sofa and the rug
 * (two retailers) in the room and selects the sofa: the state every check below looks at.
 */
async function openShop(lang, viewport = { width: 1280, height: 800 }) {
  const p = await openPage(browser);
  await p.page.setViewportSize(viewport);
  await p.page.goto(`${server.url}?lang=${lang}`);
  // At phone widths the viewer can sit below the fold once the product list has filled in, and
  // it loads only near the viewport: scroll to it, as a shopper would, before waiting for it.
  await p.page.locator('#viewer').scrollIntoViewIfNeeded();
  await p.page.waitForFunction(() => /\S/.test(document.getElementById('viewer-status').textContent), null, { timeout: 120_000 });
  await p.page.click('#products button[data-add="nordhem/oslo-sofa"]');
  await p.page.waitForFunction(() => document.getElementById('viewer').roomItems().length === 1, null, { timeout: 60_000 });
  await p.page.click('#products button[data-add="lanting/cloud-rug"]');
  await p.page.waitForFunction(() => document.getElementById('viewer').roomItems().length === 2, null, { timeout: 60_000 });
  await p.page.evaluate(() => {
    const v = document.getElementById('viewer');
    v.select(v.roomItems()[0].id);
  });
  await p.page.waitForFunction(() => !document.getElementById('selected-size').hidden);
  await p.page.evaluate(() => document.getElementById('viewer').drawn());
  return p;
}

/** Horizontal overflow and overlapping boxes at the current viewport, as a list of problems. */
function layoutProblems() {
  const problems = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > innerWidth) problems.push(`page scrolls sideways: scrollWidth ${root.scrollWidth} > ${innerWidth}`);
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return null;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return null;
    // Visually hidden live regions (1×1, clipped) hold text for screen readers only.
    if (s.clipPath !== 'none' || (r.width <= 1 && r.height <= 1)) return null;
    return r;
  };
  // Boxes: controls, the viewer, and elements that hold text themselves.
  const boxes = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const control = el.matches('button, a[href], input, select, textarea, roomfit-viewer, output, .swatch');
    if (!own && !control) continue;
    const r = visible(el);
    if (!r) continue;
    if (r.right > innerWidth + 0.5 || r.left < -0.5) problems.push(`${describe(el)} sticks out: ${Math.round(r.left)}..${Math.round(r.right)} of ${innerWidth}`);
    // An inline element that wraps has one box per line (its bounding box would cover its
    // neighbours on those lines).
    boxes.push({ el, rects: [...el.getClientRects()].filter((x) => x.width >= 1 && x.height >= 1) });
  }
  function describe(el) {
    return `<${el.localName}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).replace(/ /g, '.')}` : ''}> "${(el.textContent || '').trim().slice(0, 30)}"`;
  }
  const TOL = 1; // px: boxes that only touch do not overlap
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      for (const ra of a.rects) {
        for (const rb of b.rects) {
          const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
          const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
          if (w > TOL && h > TOL) problems.push(`${describe(a.el)} overlaps ${describe(b.el)} by ${Math.round(w)}×${Math.round(h)} px`);
        }
      }
    }
  }
  return problems;
}

/** Every string the shopper can see or hear: text nodes (page and shadow roots) and labels. */
function shopperStrings() {
  const out = [];
  const walk = (root) => {
    const tw = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = tw.currentNode; n; n = tw.nextNode()) {
      if (n.nodeType === 11) continue; // the shadow root itself
      if (n.nodeType === 3) {
        const parent = n.parentElement;
        if (parent && ['SCRIPT', 'STYLE', 'TEMPLATE'].includes(parent.tagName)) continue;
        if (n.textContent.trim()) out.push({ where: parent?.id || parent?.localName || 'shadow', text: n.textContent.trim() });
        continue;
      }
      for (const attr of ['aria-label', 'title', 'alt', 'placeholder', 'aria-roledescription', 'aria-valuetext']) {
        const v = n.getAttribute(attr);
        if (v) out.push({ where: `${n.localName}[${attr}]`, text: v });
      }
      if (n.shadowRoot) walk(n.shadowRoot);
    }
  };
  walk(document.documentElement);
  out.push({ where: 'title', text: document.title });
  return out;
}

function englishIn(strings, allowed = []) {
  const found = [];
  for (const { where, text } of strings) {
    let rest = text;
    for (const a of [...allowed, ...ALLOWED_LATIN]) rest = rest.split(a).join(' ');
    const words = rest.match(/[A-Za-z]{2,}/g);
    if (words) found.push(`${where}: "${text}" (${words.join(', ')})`);
  }
  return found;
}

for (const lang of ['en', 'zh-CN']) {
  describe(`demo shop, ${lang}`, () => {
    test(`no horizontal overflow or overlapping boxes from 320 to 1280 px (${lang})`, { timeout: TIMEOUT }, async () => {
      const p = await openShop(lang);
      try {
        for (const width of [320, 360, 768, 1280]) {
          await p.page.setViewportSize({ width, height: 800 });
          await animationFrames(p.page, 3);
          const problems = await p.page.evaluate(layoutProblems);
          if (problems.length) saveOutput(`shop-layout-${lang}-${width}-FAILED.png`, await p.page.screenshot({ fullPage: true }));
          assert.deepEqual(problems, [], `layout at ${width} px`);
        }
        assertHealthy(p);
      } finally {
        await p.page.close();
      }
    });

    test(`axe-core: no serious or critical violations at 360×780 and 1280×800 (${lang})`, { timeout: TIMEOUT }, async () => {
      const p = await openShop(lang);
      try {
        for (const viewport of [{ width: 360, height: 780 }, { width: 1280, height: 800 }]) {
          await p.page.setViewportSize(viewport);
          await animationFrames(p.page, 3);
          await p.page.addScriptTag({ path: AXE });
          const result = await p.page.evaluate(async () => {
            const r = await window.axe.run(document, { resultTypes: ['violations'] });
            return {
              version: window.axe.version,
              violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })),
            };
          });
          assert.equal(result.version, '4.14.1', 'the axe-core of package.json');
          const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          assert.deepEqual(bad, [], `axe at ${viewport.width}×${viewport.height} (${lang}); all violations: ${JSON.stringify(result.violations)}`);
        }
        assertHealthy(p);
      } finally {
        await p.page.close();
      }
    });
  });
}

test('zh-CN: no English string left, from the page, the element and the room (Rust)', { timeout: TIMEOUT }, async () => {
  const p = await openShop('zh-CN');
  const { page } = p;
  try {
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    // The room's sentences and size labels come from the wasm module, in Chinese.
    const said = await page.evaluate(() => document.getElementById('viewer').shadowRoot.querySelector('.announce').textContent);
    assert.match(said, /^已选择奥斯陆三人沙发，210 × 92 × 83 厘米$/, said);
    assert.equal(await page.textContent('#selected-dimensions'), '210 × 92 × 83 厘米');
    assert.match(await page.textContent('#room-summary'), /^2 件物品，来自 2 家零售商$/);
    // Prices: the retailer's currency, formatted for zh-CN.
    const euros = await page.textContent('#cart .cart-retailer[data-retailer="nordhem"] .subtotal');
    assert.equal(euros, `Nordhem Living 小计：${new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'EUR' }).format(1299)}`);
    // Will it fit: the answers come from Rust too.
    await page.fill('#fit-width', '211');
    await page.fill('#fit-depth', '93');
    await page.click('#fit-form button[type="submit"]');
    // One answer per product of the three catalogs (10, with Lanting's resold Oslo armchair).
    await page.waitForFunction(() => document.querySelectorAll('#fit-results li').length === 10);
    const sofa = await page.textContent('#fit-results li[data-product="nordhem/oslo-sofa"]');
    assert.match(sofa, /^奥斯陆三人沙发：放得下（余 1 厘米）— 放得下，宽度余 1 厘米，深度余 1 厘米$/, sofa);
    // The checkout panel.
    await page.click('#room-checkout');
    await page.waitForSelector('.retailer-cart[data-retailer="lanting"]');
    const english = englishIn(await page.evaluate(shopperStrings));
    assert.deepEqual(english, [], 'English strings on the zh-CN page');
    // And the English page does show English (the check is not blind).
    const en = await openShop('en');
    try {
      const found = englishIn(await en.page.evaluate(shopperStrings));
      assert.ok(found.length > 20, `the walk finds the English page's ${found.length} strings`);
      assert.match(await en.page.textContent('#selected-dimensions'), /^(210 × 92 × 83 cm|82⅝ × 36¼ × 32⅝ in)$/);
    } finally {
      await en.page.close();
    }
    assertHealthy(p);
  } finally {
    await page.close();
  }
});

test('keyboard: every control reachable with a visible focus, and operable', { timeout: TIMEOUT }, async () => {
  const p = await openShop('en', { width: 360, height: 780 });
  const { page } = p;
  try {
    // The controls a shopper can use now.
    const controls = await page.evaluate(() => {
      const all = [...document.querySelectorAll('button, a[href], input, select, textarea, [tabindex]')];
      const list = all.filter((el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden');
      // The viewer: its canvas (in the shadow root) takes the focus.
      list.push(...document.querySelectorAll('roomfit-viewer'));
      return list.map((el, i) => {
        el.dataset.kbd = String(i);
        return i;
      });
    });
    assert.ok(controls.length > 20, `${controls.length} controls`);
    const reached = new Set();
    const unfocusable = [];
    await page.evaluate(() => document.activeElement?.blur());
    for (let i = 0; i < controls.length + 10; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        let el = document.activeElement;
        // The viewer's canvas is in its shadow root: the host is what the page sees.
        if (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const host = el.getRootNode().host;
        const visibleFocus = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
        return { kbd: (host ?? el).dataset.kbd ?? null, tag: el.localName, id: el.id || host?.id || '', visibleFocus };
      });
      if (!f) continue;
      if (f.kbd !== null) reached.add(Number(f.kbd));
      if (!f.visibleFocus) unfocusable.push(`${f.tag}#${f.id}`);
    }
    const missed = controls.filter((i) => !reached.has(i));
    const missedNames = await page.evaluate((ids) => ids.map((i) => document.querySelector(`[data-kbd="${i}"]`)?.outerHTML.slice(0, 80)), missed);
    assert.deepEqual(missedNames, [], 'controls Tab never reached');
    assert.deepEqual([...new Set(unfocusable)], [], 'controls without a visible focus indicator');

    // Operable: the category filter (Enter), a product (Space), and "Add to room" (Enter).
    await page.focus('#categories button[data-category="rug"]');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#categories button[data-category="rug"]', 'aria-pressed'), 'true');
    const shown = await page.$$eval('#products li', (lis) => lis.filter((li) => !li.hidden).map((li) => li.dataset.category));
    assert.deepEqual(shown, ['rug']);
    await page.focus('#products button[data-product="cloud-rug"]');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('#products button[data-product="cloud-rug"]').getAttribute('aria-pressed') === 'true');
    await page.focus('#products button[data-add="lanting/cloud-rug"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('viewer').roomItems().length === 3, null, { timeout: 60_000 });
    assertHealthy(p);
  } finally {
    await page.close();
  }
});

test('zh-CN: the element\'s AR badge and a refused model\'s status in Chinese (events keep English)', { timeout: TIMEOUT }, async () => {
  const p = await openShop('zh-CN');
  const { page } = p;
  try {
    // The mode chain falls back to the 3D view here (no WebXR device, not iOS, no camera): the
    // badge names each mode and why it was not available, in Chinese; `ar-status` keeps the
    // English reasons for the host page's code.
    const ar = await page.evaluate(async () => {
      const v = document.getElementById('viewer');
      const status = new Promise((r) => v.addEventListener('ar-status', (e) => r(e.detail), { once: true }));
      const mode = await v.startAR();
      return { mode, detail: await status, badge: v.shadowRoot.querySelector('.ar-status').textContent };
    });
    assert.equal(ar.mode, '3d');
    assert.equal(ar.detail.reasons['quick-look'], 'not iOS Safari: AR Quick Look is iOS only');
    assert.match(ar.badge, /^3D 视图（.*AR 快速查看：不是 iOS Safari：AR 快速查看仅适用于 iOS/, ar.badge);
    // Product and platform names stay as they are.
    assert.deepEqual(englishIn([{ where: 'ar-status', text: ar.badge }], ['WebXR', 'AR', 'iOS', 'Safari']), [], ar.badge);
    assert.doesNotMatch(ar.badge, /。；|。）/, 'reasons joined without a full stop inside');
    // A file that is not a model: the shopper's status in Chinese, `message` in English.
    const err = await page.evaluate(async () => {
      const v = document.getElementById('viewer');
      const e = new Promise((r) => v.addEventListener('error', (ev) => r(ev.detail), { once: true }));
      v.setAttribute('src', 'demo.css');
      const detail = await e;
      return { detail, status: v.shadowRoot.querySelector('.status').textContent, page: document.getElementById('viewer-status').textContent };
    });
    assert.equal(err.detail.code, 'not-gltf');
    assert.match(err.detail.message, /[A-Za-z]{4,}/, 'the developer message stays English');
    assert.equal(err.status, '无法显示此模型：此文件不是 3D 模型。');
    assert.equal(err.detail.text, err.status);
    assert.equal(err.page, err.status);
    assert.deepEqual(englishIn([{ where: 'status', text: err.status }]), [], err.status);
  } finally {
    await page.close();
  }
});
