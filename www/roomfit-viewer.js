// <roomfit-viewer>: shows a retailer's 3D furniture. Attributes in, CustomEvents out; all
// drawing happens in roomfit's WebAssembly module.
//
// Attributes: src (GLB URL), variant (a KHR_materials_variants name), renderer ("auto" |
// "webgpu" | "webgl", read once when the viewer starts), alt (text for screen readers),
// catalog (catalog JSON URLs, space-separated, or the `catalogs` property: fetched in parallel
// and merged; addToRoom, restore, fitCheck, checkout, retailers() and compare() use them), product
// ("retailer/product" of the catalog: shows its model and poster; `variant` may then be a SKU),
// poster (an image URL shown until the model is drawn, then faded out), exposure (a number,
// default 1: brighter above, darker below), loading ("lazy", the default: nothing is fetched
// until the element is within 200 px of the viewport; "eager": at once), lang (units of
// the room's announcements and sizes: en-US measures in inches; `units` ('metric' | 'imperial')
// or `locale` override it, else navigator.language; and the language of the element's strings
// and the room's sentences: Simplified Chinese for zh / zh-CN / zh-Hans, else English).
// Events: load {backend, triangles, size_m, variants}, progress {loaded, total, url, kind
// ('wasm' | 'model')},
// variantchange {variant} (after the new look is drawn), error {code, pointer, message, url},
// roomchange {reason, items, shareCode}, select {item, dimensions} (the selected item or null,
// its 'W × D × H cm' label),
// announce {text} (what the aria-live region says), roomfit-analytics {name, params} (GA4's
// view_item, add_to_cart, begin_checkout and roomfit's variant_changed, item_placed; bubbles),
// roomfit-checkout {retailer, url, links, lines, total, currency} (cancellable; bubbles).
//
// The room: addToRoom(...) places a product in the 3D room view (several items from several
// retailers), shareCode() / restore(code), undo() / redo(), removeSelected(),
// duplicateSelected(), select(id), frameRoom(), setWalls(w, d, h) (mm), roomItems(),
// roomJSON(), showRoom(on), dimensions(id), fitCheck({width, depth[, height][, unit]}),
// retailers() (the merged catalogs), compare(retailer, product) (similar products side by side). Pointer, touch, wheel and keys go to the wasm module, which
// interprets them (drag an item, orbit, pinch, twist, tap to select). With WebGPU the page
// fetches only the product-view build (pkg/webgpu/) before the first frame; the room build
// (pkg/webgpu-room/) comes the first time the room is needed (startRoom in
// roomfit-viewer-room.js).
//
// AR: startAR(mode?) tries the modes of the `ar-modes` attribute in order (default
// "webxr quick-look camera 3d"; a mode left out is never used) and resolves to the mode
// entered; ar-status {mode, reasons} says which, and why each better mode was not available
// (also shown in the element). The AR code (www/ar/*.js) is fetched only when AR starts.
//
// This file is what a product page runs before its first frame: the class, its attributes, the
// lazy start, poster, progress, events and the product view (orbit, zoom, keys, variants,
// exposure, screenshot). What comes later is imported on first use, once per page, and the
// methods that need it wait for it (calls keep their order): roomfit-viewer-room.js (the
// room, catalogs and `product`, checkout, the AR mode chain) and roomfit-viewer-zh.js (the
// Simplified Chinese strings, only for that language, fetched in parallel with the wasm).

const builds = new Map();

// The element's own strings (status, keys help, labels) in English. For a `lang`/`locale` of zh,
// zh-CN, zh-Hans… the Simplified Chinese table (roomfit-viewer-zh.js) is imported, in parallel
// with the wasm build; until it is there, English. (The English strings of the room and AR part
// are in roomfit-viewer-room.js.) The room's sentences come from the wasm module in the same
// language (Viewer.set_locale).
const STRINGS = {
  loading: 'Loading…',
  cannotShow: (m) => `Cannot show this model: ${m}`,
  productView: 'A 3D view of the product',
  roomView: (n) => `3D room view with ${n} ${n === 1 ? 'item' : 'items'}`,
  keys: 'In the room: Tab selects the next item, arrow keys move it (Shift: finely), Q and E turn it, '
    + 'D duplicates it, Delete removes it, Escape deselects, Ctrl+Z undoes, Ctrl+Y redoes, Home shows the whole room, '
    + 'plus and minus zoom.',
  progress: 'Loading the 3D view',
  errorText: (code, message) => message,
};

let zhStrings = null; // the Simplified Chinese table, once imported
let zhLoad = null;
/** Imports the Simplified Chinese strings (once per page). */
function loadZh() {
  zhLoad ??= import('./roomfit-viewer-zh.js').then((m) => {
    zhStrings = m.zh;
  });
  zhLoad.catch(() => {
    zhLoad = null;
  });
  return zhLoad;
}

/** Whether a BCP 47 tag is Simplified Chinese (zh, zh-CN, zh-SG, zh-Hans…; not zh-TW/HK/MO/Hant). */
function simplifiedChinese(tag) {
  const t = String(tag ?? '').toLowerCase().split(/[-_]/);
  return t[0] === 'zh' && !t.slice(1).some((s) => ['hant', 'tw', 'hk', 'mo'].includes(s));
}

/** Whether the browser offers a WebGPU adapter (not just the API). */
async function hasWebGPU() {
  if (!('gpu' in navigator) || !navigator.gpu) return false;
  try {
    return (await navigator.gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

/**
 * Fetches a build's .wasm and hands it on as a Response whose body reports each chunk to
 * `onProgress(loaded, total)` (the glue still compiles it while it streams in).
 */
async function fetchWasm(url, onProgress) {
  const response = await fetch(url);
  if (!response.ok || !response.body) return response;
  // A compressed response's Content-Length counts compressed bytes; the body gives decoded ones.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = encoded ? 0 : Number(response.headers.get('content-length')) || 0;
  let loaded = 0;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, out) {
      loaded += chunk.length;
      onProgress(loaded, total);
      out.enqueue(chunk);
    },
  }));
  return new Response(counted, { status: response.status, headers: { 'Content-Type': 'application/wasm' } });
}

// The viewer's builds, each named by literal paths next to this module, so bundlers see them:
// Vite and Rollup turn the import() into a chunk and copy the .wasm that
// `new URL(.., import.meta.url)` names (with a hashed name); without a bundler the browser
// resolves them against this file. `webgpu` shows the single product only (what the page
// fetches before the first frame); `webgpu-room` adds the room and is loaded the first time the
// room is needed (startRoom in roomfit-viewer-room.js); `webgl`, the fallback, has both.
const buildFiles = {
  webgpu: () => ({ glue: import('./pkg/webgpu/roomfit.js'), wasm: new URL('./pkg/webgpu/roomfit_bg.wasm', import.meta.url) }),
  'webgpu-room': () => ({ glue: import('./pkg/webgpu-room/roomfit.js'), wasm: new URL('./pkg/webgpu-room/roomfit_bg.wasm', import.meta.url) }),
  webgl: () => ({ glue: import('./pkg/webgl/roomfit.js'), wasm: new URL('./pkg/webgl/roomfit_bg.wasm', import.meta.url) }),
};

/**
 * Loads the WebGPU build, or the WebGL2 build only when WebGPU is missing (or forced).
 * `onProgress` hears about the .wasm download when this call starts it.
 */
async function loadBuild(preference, onProgress = () => {}) {
  const name = preference === 'webgl' || (preference !== 'webgpu' && !(await hasWebGPU())) ? 'webgl' : 'webgpu';
  return loadNamedBuild(name, onProgress);
}

// Render scale steps of the adaptive resolution (RoomfitViewer #adapt), as <model-viewer>'s.
const SCALE_STEPS = [1, 0.79, 0.62, 0.5];
// The GPU cost of a frame at each step, relative to full resolution without multisampling: the
// pixels, and at full resolution 4× multisampling (#sizeViewer), which costs 1.8× where fill
// rate is short (SwiftShader: 480 vs 270 ns a pixel); phone GPUs pay less for it, so for them
// this only makes growing back to full resolution while moving cautious.
const STEP_COST = SCALE_STEPS.map((s, i) => s * s * (i === 0 ? 1.8 : 1));

/** Whether the viewer class of a build has the room (every build but the product-view one). */
const hasRoom = (mod) => typeof mod.Viewer.prototype.add_item === 'function';

/** Loads the build `name` (a key of buildFiles), once per page. */
function loadNamedBuild(name, onProgress = () => {}) {
  if (!builds.has(name)) {
    builds.set(name, (async () => {
      const { glue, wasm } = buildFiles[name]();
      const mod = await glue;
      await mod.default({ module_or_path: fetchWasm(wasm, (loaded, total) => onProgress(loaded, total, wasm.href)) });
      return mod;
    })());
    builds.get(name).catch(() => builds.delete(name));
  }
  return builds.get(name);
}

/**
 * Fetches `url` straight into WebAssembly memory: each chunk of the response body is copied once
 * into a `Download` of the build `mod` (memory for the Content-Length is reserved up front), so
 * the page never holds the whole file in a JavaScript ArrayBuffer as well. A file over the size
 * limit fails with code "limit-exceeded" as soon as that much has arrived, and the rest is not
 * downloaded. Resolves to the Download (hand it to Viewer.load_download, or free() it).
 */
async function download(mod, url, onProgress, init = undefined) {
  const response = await fetch(url, init);
  if (!response.ok) throw Object.assign(new Error(`${url}: HTTP ${response.status}`), { code: 'fetch' });
  const total = Number(response.headers.get('content-length')) || 0;
  const into = new mod.Download(total);
  // A BYOB reader fills one buffer (64 to 256 KB) over and over (handed back and forth, never a new
  // one per chunk), so the chunks do not pile up as garbage in the JavaScript heap until the
  // next collection; a default reader where the body is not a byte stream.
  let reader = null;
  let buffer = null;
  try {
    reader = response.body?.getReader({ mode: 'byob' }) ?? null;
    buffer = new ArrayBuffer(Math.min(1 << 18, Math.max(total, 1 << 16)));
  } catch {
    reader = response.body?.getReader() ?? null;
  }
  try {
    if (!reader) {
      into.push(new Uint8Array(await response.arrayBuffer()));
      return into;
    }
    let loaded = 0;
    for (;;) {
      const { done, value } = await (buffer ? reader.read(new Uint8Array(buffer)) : reader.read());
      if (done) break;
      into.push(value);
      if (buffer) buffer = value.buffer;
      loaded += value.length;
      onProgress(loaded, total);
    }
    return into;
  } catch (e) {
    into.free();
    reader?.cancel().catch(() => {});
    throw e;
  }
}

// The element's styles, adopted as a constructed stylesheet where the browser can (a strict
// Content-Security-Policy without 'unsafe-inline' in style-src allows those, not <style>).
const css = `
  :host { display: block; position: relative; width: 100%; height: 360px; contain: content; }
  canvas { width: 100%; height: 100%; display: block; touch-action: none; outline: none; }
  canvas:focus-visible { box-shadow: inset 0 0 0 3px #1a73e8; }
  .status { position: absolute; inset: auto 0 0 0; padding: 6px 10px; font: 13px system-ui, sans-serif;
            color: #333; background: rgba(255,255,255,.85); }
  .status[hidden] { display: none; }
  progress { width: 100%; height: 4px; position: absolute; top: 0; left: 0; appearance: none; border: 0; }
  progress[hidden] { display: none; }
  .ar-status { position: absolute; top: 6px; right: 6px; z-index: 3; max-width: min(60%, 420px); margin: 0;
               padding: 4px 8px; border-radius: 4px; font: 12px system-ui, sans-serif; color: #fff; background: rgba(0,0,0,.7); }
  .ar-status[hidden] { display: none; }
  .announce { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .poster { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; pointer-events: none;
            opacity: 1; transition: opacity .4s ease-out; }
  .poster.drawn { opacity: 0; }
  .poster[hidden] { display: none; }
`;
let sheet = null;
function styles(root) {
  try {
    sheet ??= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // No constructable stylesheets (Safari < 16.4): a <style> element.
    const style = document.createElement('style');
    style.textContent = css;
    root.prepend(style);
  }
}

const template = `
<canvas part="canvas" tabindex="0" role="img" aria-describedby="keys"></canvas>
<p id="keys" hidden></p>
<img class="poster" part="poster" alt="" decoding="async" hidden>
<progress part="progress" max="1" value="0" hidden></progress>
<div class="status" part="status" role="status" aria-live="polite" hidden></div>
<p class="ar-status" part="ar-status" role="status" aria-live="polite" hidden></p>
<div class="announce" part="announce" aria-live="polite" aria-atomic="true"></div>`;

export class RoomfitViewer extends HTMLElement {
  static observedAttributes = ['src', 'variant', 'alt', 'units', 'locale', 'lang', 'poster', 'exposure', 'product', 'loading'];

  #viewer = null;
  #mod = null;
  #starting = null;
  #loadToken = 0;
  #raf = 0;
  #settledToken = 0; // the last load token that finished (drawn or failed)
  #connected = false;
  #pointers = new Map();
  #near = false; // within the lazy-loading margin of the viewport (or loading="eager")
  #intersection = null;
  #room = null; // this element's part of roomfit-viewer-room.js, once imported
  #roomLoad = null; // Promise of #room
  #arMode = '3d';
  #sayingLoading = false; // the status says "loading" (said again when the language changes)

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = template;
    styles(root);
    this.canvas = root.querySelector('canvas');
    this.poster = root.querySelector('.poster');
    this.progress = root.querySelector('progress');
    this.status = root.querySelector('.status');
    this.announcer = root.querySelector('.announce');
    this.arStatus = root.querySelector('.ar-status');
    this.#translate();
  }

  /** Whether the element's language (`locale`, else `lang`, else the page's or browser's) is Simplified Chinese. */
  #chinese() {
    return simplifiedChinese(this.getAttribute('locale') || this.getAttribute('lang') || document.documentElement.lang || navigator.language);
  }

  /** The Simplified Chinese table when that is the element's language and it has arrived, else null. */
  #zh() {
    return this.#chinese() ? zhStrings : null;
  }

  /** The element's strings in its language (English until the Chinese table has arrived). */
  #t(key, ...args) {
    const v = (this.#zh() ?? STRINGS)[key];
    return typeof v === 'function' ? v(...args) : v;
  }

  /**
   * Resolves once the strings of the element's language are there: imports the Chinese table
   * when needed (then puts it into the shadow DOM); a failed import leaves English.
   */
  async #strings() {
    if (this.#chinese() && !zhStrings) {
      await loadZh().then(() => this.#translate(), () => {});
    }
  }

  /** Puts the strings of the current language into the shadow DOM. */
  #translate() {
    this.shadowRoot.getElementById('keys').textContent = this.#t('keys');
    this.progress.setAttribute('aria-label', this.#t('progress'));
    this.#room?.arBadge(this.#arMode);
    if (this.#sayingLoading) this.#say(this.#t('loading'), true);
    if (this.canvas.hasAttribute('aria-label') && !this.getAttribute('alt')) {
      const count = this.#viewer?.room_shown?.() ? this.#viewer.items().length : null;
      this.canvas.setAttribute('aria-label', count === null ? this.#t('productView') : this.#t('roomView', count));
    }
  }

  /** The graphics backend in use ("webgpu" or "webgl2"), once started. */
  get backend() {
    return this.#viewer ? this.#viewer.backend() : null;
  }

  connectedCallback() {
    this.#resizeObserver = new ResizeObserver(() => this.#resize());
    this.#resizeObserver.observe(this);
    this.#bindInput();
    // Attributes present when the element is upgraded arrive through attributeChangedCallback
    // before this runs; loading waits until now so the model is fetched once.
    const first = !this.#connected;
    this.#connected = true;
    this.#applyPoster();
    if (first) this.#whenNear();
  }

  /**
   * Loads the model (src or product) once the element is near the viewport: within 200 px
   * (IntersectionObserver), or at once with loading="eager". Until then nothing is fetched.
   */
  #whenNear() {
    if (this.#near) return;
    const go = () => {
      this.#intersection?.disconnect();
      this.#intersection = null;
      if (this.#near) return;
      this.#near = true;
      this.#strings();
      if (this.getAttribute('src') || this.getAttribute('product')) this.#load();
    };
    if (this.getAttribute('loading') === 'eager' || typeof IntersectionObserver === 'undefined') {
      go();
      return;
    }
    this.#intersection ??= new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) go();
    }, { rootMargin: '200px' });
    this.#intersection.observe(this);
  }

  disconnectedCallback() {
    this.#room?.stopAR();
    this.#intersection?.disconnect();
    this.#intersection = null;
    this.#resizeObserver?.disconnect();
    cancelAnimationFrame(this.#raf);
    this.#raf = 0;
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.#connected) return;
    if (name === 'loading' && value === 'eager') this.#whenNear();
    if ((name === 'src' || name === 'product') && value && this.#near) this.#load();
    if (name === 'poster' || name === 'product') this.#applyPoster();
    if (name === 'exposure') this.#applyExposure();
    if (name === 'variant') this.#applyVariant();
    if (name === 'alt') this.canvas.setAttribute('aria-label', value ?? '');
    if (name === 'units' || name === 'locale' || name === 'lang') {
      this.#applyUnits();
      this.#translate();
      if (this.#near) this.#strings();
    }
  }

  #resizeObserver = null;
  #productEntry = null; // the catalog entry shown through the `product` attribute

  /**
   * Shows the poster (the `poster` attribute, else the catalog poster of the `product` shown)
   * until the model is drawn. The image is fetched lazily by the browser (loading="lazy").
   */
  #applyPoster() {
    const url = this.getAttribute('poster') || (this.getAttribute('src') ? null : this.#productEntry?.poster);
    if (!url) {
      this.poster.hidden = true;
      this.poster.removeAttribute('src');
      return;
    }
    const href = new URL(url, document.baseURI).href;
    if (this.poster.src !== href) {
      this.poster.loading = 'lazy';
      this.poster.src = href;
      // A new poster shows until the model is drawn, unless one is drawn already.
      if (!this.#shown) this.poster.classList.remove('drawn');
    }
    this.poster.hidden = false;
  }

  #shown = false; // a model or room has been drawn

  /** The model is drawn: the poster fades out. */
  #posterDrawn() {
    this.#shown = true;
    this.poster.classList.add('drawn');
  }

  /** The `exposure` attribute (default 1) to the renderer; a bad value fires `error`. */
  #applyExposure() {
    if (!this.#viewer) return;
    const attr = this.getAttribute('exposure');
    const value = attr === null || attr.trim() === '' ? 1 : Number(attr);
    try {
      this.#viewer.set_exposure(value);
    } catch (e) {
      // The model stays shown at the previous exposure: report it without the failure status.
      const detail = { code: e?.code ?? 'invalid', pointer: e?.pointer ?? 'exposure', message: String(e?.message ?? e), url: null };
      this.dispatchEvent(new CustomEvent('error', { detail }));
    }
  }

  /** The `exposure` attribute as a number (default 1). */
  get exposure() {
    const v = Number(this.getAttribute('exposure') ?? 1);
    return Number.isFinite(v) ? v : 1;
  }

  set exposure(v) {
    this.setAttribute('exposure', String(v));
  }

  /**
   * A picture of what the element shows now (the product or the room), as a Blob: `type`
   * 'image/png' (default), 'image/jpeg' or 'image/webp', `quality` 0..1 for the lossy ones.
   * A frame is drawn (without the room's selection outline) and the canvas read in the same
   * task, so it works in both builds. The viewer and canvas are the ones of that frame: a move
   * to the room build meanwhile (#moveToRoomBuild frees the old viewer) is followed.
   */
  async screenshot({ type = 'image/png', quality } = {}) {
    await this.#start();
    for (let attempt = 0; attempt < 10; attempt++) {
      const blob = await new Promise((resolve, reject) => {
        requestAnimationFrame(() => {
          const viewer = this.#viewer;
          try {
            this.#setScale(0);
            // Drawn without the selection outline; the next frame shows it again.
            if (!viewer.photo_frame()) {
              resolve(null);
              return;
            }
            this.canvas.toBlob((b) => (b ? resolve(b) : reject(Object.assign(new Error('the canvas could not be encoded'), { code: 'screenshot' }))), type, quality);
          } catch (e) {
            reject(e);
          }
        });
      });
      if (blob) return blob;
    }
    throw Object.assign(new Error('no frame could be drawn for the screenshot'), { code: 'screenshot' });
  }

  #say(text, loading = false) {
    this.#sayingLoading = loading;
    this.status.textContent = text;
    this.status.hidden = !text;
  }

  async #start() {
    if (!this.#starting) {
      // The strings of the element's language come in parallel with the wasm.
      this.#strings();
      this.#starting = (async () => {
        const mod = await loadBuild(this.getAttribute('renderer') || 'auto', (loaded, total, url) => {
          if (total) this.#setProgress(0, Math.min(loaded / total, 1));
          this.dispatchEvent(new CustomEvent('progress', { detail: { loaded, total, url, kind: 'wasm' } }));
        });
        this.#mod = mod;
        this.#resize();
        this.#viewer = await mod.Viewer.create(this.canvas);
        this.#applyUnits();
        this.#applyExposure();
        this.#resize();
        this.#loop();
        return this.#viewer;
      })();
    }
    return this.#starting;
  }

  #shownUrl = null; // the URL of the product the viewer shows (the last load that succeeded)
  #loading = null; // the newest #load(), until it settles or hands over to the room build
  #roomPending = []; // room calls made before the room build was there, in order

  /**
   * This element's part of roomfit-viewer-room.js (the room, catalogs, checkout, AR), imported
   * the first time one of them is needed (once per page), with what it may reach of the
   * element's private state.
   */
  #roomPart() {
    const el = this;
    this.#roomLoad ??= import('./roomfit-viewer-room.js').then((m) => {
      this.#room = m.room(this, {
        get viewer() { return el.#viewer; },
        set viewer(v) { el.#viewer = v; },
        get mod() { return el.#mod; },
        set mod(mod) { el.#mod = mod; },
        get starting() { return el.#starting; },
        set starting(p) { el.#starting = p; },
        set arMode(mode) { el.#arMode = mode; },
        settled: () => this.#settledToken === this.#loadToken,
        loading: () => this.#loading,
        shownUrl: () => this.#shownUrl,
        pending: this.#roomPending,
        pointers: this.#pointers,
        start: () => this.#start(),
        bindInput: () => this.#bindInput(),
        applyUnits: () => this.#applyUnits(),
        drawn: () => this.#drawn(),
        report: (r) => this.#report(r),
        fail: (e, url) => this.#fail(e, url),
        sizeViewer: (v, w, h) => this.#sizeViewer(v, w, h),
        variantName: () => this.#variantName(),
        track: (name, params) => this.#track(name, params),
        posterDrawn: () => this.#posterDrawn(),
        zh: () => this.#zh(),
        strings: () => this.#strings(),
        download,
        loadNamedBuild,
        hasRoom,
      });
      return this.#room;
    });
    this.#roomLoad.catch(() => {
      this.#roomLoad = null;
    });
    return this.#roomLoad;
  }

  /** Calls the method `name` of the room part once it is there. */
  async #part(name, ...args) {
    return (await this.#roomPart())[name](...args);
  }

  /** Makes the room call `f` once the room build's viewer is there. */
  #whenRoom(f) {
    this.#roomPending.push(f);
    this.#part('startRoom').catch((e) => {
      this.#roomPending.length = 0;
      this.#fail(e, null);
    });
  }

  #resize() {
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const w = Math.max(1, Math.round(this.clientWidth * dpr));
    const h = Math.max(1, Math.round(this.clientHeight * dpr));
    if (!this.#viewer) {
      this.canvas.width = w;
      this.canvas.height = h;
    } else {
      this.#sizeViewer(this.#viewer, w, h);
    }
  }

  /**
   * The drawing buffer size (device pixels, times the render scale) and, in a build with the
   * room, the CSS size.
   */
  #sizeViewer(viewer, w, h) {
    this.#fullSize = [w, h];
    const s = SCALE_STEPS[this.#scaleStep];
    viewer.resize(Math.max(1, Math.round(w * s)), Math.max(1, Math.round(h * s)));
    // Below full resolution (a slow view moving) edges are not multisampled either: on a GPU
    // short of fill rate that halves the frame time again. Full resolution is 4× MSAA.
    viewer.set_multisample(this.#scaleStep === 0);
    viewer.set_css_size?.(Math.max(1, this.clientWidth), Math.max(1, this.clientHeight));
  }

  #fullSize = null; // [w, h] of the drawing buffer at render scale 1
  #scaleStep = 0; // index into SCALE_STEPS of the drawing buffer now
  #movingStep = 0; // the step chosen for moving views (kept while the view rests at step 0)
  #lastDrawn = null; // the rAF time of the previous tick, if it drew
  #drawnAt = 0; // the rAF time of the last tick that drew
  #window = [0, 0]; // [start time, frames] of the frames drawn one after another being timed
  #growVotes = 0; // timing windows in a row that said the next bigger step would be fast enough

  /** Sets the render scale step, resizing the drawing buffer (the canvas keeps its CSS size). */
  #setScale(step) {
    if (step === this.#scaleStep) return;
    this.#scaleStep = step;
    if (this.#viewer && this.#fullSize) this.#sizeViewer(this.#viewer, ...this.#fullSize);
  }

  /**
   * Adaptive resolution, as <model-viewer> has it: while the view moves and frames come slower
   * than one per 60 ms (a weak GPU, a big screen), the drawing buffer shrinks, by as many steps
   * as the frame time asks for, down to half its width and height, and drops 4× multisampling
   * (#sizeViewer); under 40 ms it grows back a step when two timings in a row say the bigger
   * step fits too (STEP_COST). Frames are timed in pairs (a browser may hand out two animation
   * frames at once while the GPU works). Once the view has rested for 150 ms it draws one frame at full
   * resolution, so what the shopper looks at is sharp; the next movement goes back to the
   * moving scale from its second frame.
   */
  #adapt(drew, now) {
    const last = this.#lastDrawn;
    if (!drew) {
      this.#lastDrawn = null;
      if (this.#scaleStep && now - this.#drawnAt > 150) this.#setScale(0);
      return;
    }
    this.#lastDrawn = this.#drawnAt = now;
    const w = this.#window;
    if (last === null) {
      // The first frame of a movement: keep the scale.
      w[0] = now;
      w[1] = 0;
      return;
    }
    if (++w[1] >= 2) {
      const ms = (now - w[0]) / w[1];
      let step = this.#movingStep;
      // The sharpest step whose frames should take at most 50 ms, judged from this frame time
      // at the step drawn now. Slower than 60 ms: go there at once. Faster than 40 ms: grow
      // back one step, and only when two windows in a row say the bigger step fits too (frame
      // times are noisy; else the view would swing between sizes).
      const budget = (STEP_COST[this.#scaleStep] * 50) / ms;
      let best = STEP_COST.findIndex((c) => c <= budget);
      if (best < 0) best = SCALE_STEPS.length - 1;
      if (ms > 60) {
        step = best;
        this.#growVotes = 0;
      } else if (ms < 40 && best < step) {
        if (++this.#growVotes >= 2) {
          step--;
          this.#growVotes = 0;
        }
      } else {
        this.#growVotes = 0;
      }
      this.#movingStep = step;
      w[0] = now;
      w[1] = 0;
    }
    this.#setScale(this.#movingStep);
  }

  #loop() {
    if (this.#raf) return;
    const tick = (now) => {
      this.#raf = requestAnimationFrame(tick);
      try {
        if (this.#viewer) this.#adapt(this.#viewer.frame(), now);
      } catch (e) {
        // A failing GPU stays failed: report once and stop drawing rather than every frame.
        cancelAnimationFrame(this.#raf);
        this.#raf = 0;
        this.#fail(e, this.getAttribute('src'));
      }
    };
    this.#raf = requestAnimationFrame(tick);
  }

  /**
   * Waits until the next frame has been drawn. If the viewer is replaced meanwhile (the move to
   * the room build), the new one has drawn already: it is swapped in only after its first frame.
   */
  #drawn() {
    return new Promise((resolve) => {
      const viewer = this.#viewer;
      const start = viewer.frames();
      const check = () => (this.#viewer !== viewer || viewer.frames() > start ? resolve() : requestAnimationFrame(check));
      requestAnimationFrame(check);
    });
  }

  /** The progress bar: the .wasm download fills its first 40 %, the model the rest. */
  #setProgress(phase, fraction) {
    this.progress.value = phase === 0 ? 0.4 * fraction : 0.4 + 0.6 * fraction;
  }

  #load() {
    // What startRoom (roomfit-viewer-room.js) waits for: the load until it settles, or until it
    // hands its model over to the room build (which then waits for startRoom).
    let handOver;
    const handedOver = new Promise((resolve) => (handOver = resolve));
    this.#loading = Promise.race([this.#loadNow(handOver), handedOver]);
  }

  async #loadNow(handOver) {
    const token = ++this.#loadToken;
    let url = this.getAttribute('src');
    // A variant the shopper picks while the model loads is applied by the load (#applyVariant
    // waits for it), so the load reports that change too.
    const variantAtStart = this.getAttribute('variant');
    this.progress.hidden = false;
    this.progress.value = 0;
    // (In Simplified Chinese once its strings are there: #translate says it then.)
    this.#say(this.#chinese() && !zhStrings ? '' : this.#t('loading'), true);
    try {
      // `src` wins over `product`, which needs the catalogs (the room part), fetched meanwhile.
      if (!url) this.#roomPart();
      let viewer = await this.#start();
      const entry = url ? null : await this.#part('catalogProduct');
      if (token !== this.#loadToken) return;
      url = entry ? entry.model : new URL(url, document.baseURI).href;
      this.#productEntry = entry;
      this.#applyPoster();
      const onProgress = (loaded, total) => {
        if (total) this.#setProgress(1, loaded / total);
        this.dispatchEvent(new CustomEvent('progress', { detail: { loaded, total, url, kind: 'model' } }));
      };
      const file = await download(this.#mod, url, onProgress);
      if (token !== this.#loadToken) {
        file.free();
        return;
      }
      let info;
      try {
        info = JSON.parse(await viewer.load_download(file));
      } catch (e) {
        // The product-view build refuses a model that needs meshopt decoding or MikkTSpace
        // tangents (code needs-full-build, from its JSON alone): the room build shows it. The
        // product viewer keeps what it showed until the room build's viewer has drawn it.
        if (e?.code !== 'needs-full-build' || hasRoom(this.#mod) || token !== this.#loadToken) throw e;
        this.#settledToken = token;
        handOver();
        viewer = await this.#part('startRoom');
        if (token !== this.#loadToken) return;
        const again = await download(this.#mod, url, onProgress, { cache: 'force-cache' });
        if (token !== this.#loadToken) {
          again.free();
          return;
        }
        info = JSON.parse(await viewer.load_download(again));
      }
      if (token !== this.#loadToken) return;
      this.#settledToken = token;
      this.#shownUrl = url;
      this.#setVariant();
      await this.#drawn();
      this.progress.hidden = true;
      this.#posterDrawn();
      this.#say('');
      const detail = { url, backend: viewer.backend(), ...info };
      this.canvas.setAttribute('aria-label', this.getAttribute('alt') || this.#t('productView'));
      this.dispatchEvent(new CustomEvent('load', { detail }));
      if (entry) this.#room.viewed(entry, this.getAttribute('variant'), variantAtStart);
    } catch (e) {
      if (token === this.#loadToken) {
        this.#settledToken = token;
        this.#fail(e, url);
      }
    }
  }

  /** The glTF variant the `variant` attribute names (with a catalog product, a SKU's look). */
  #variantName() {
    const v = this.getAttribute('variant');
    // With a catalog product, `variant` may be one of its SKUs (the catalog names its glTF look).
    const sku = this.#productEntry?.variants.find((x) => x.sku === v);
    return (sku ? sku.gltf_variant : v) || undefined;
  }

  /** Applies the variant attribute to the shown model; false if it was refused. */
  #setVariant() {
    try {
      this.#viewer.set_variant(this.#variantName());
      return true;
    } catch (e) {
      if (e?.code !== 'no-model') this.#fail(e, this.getAttribute('src'));
      return false;
    }
  }

  async #applyVariant() {
    // While a model is loading, its load applies the attribute when it is ready.
    // (A load that a newer src overtook never settles; only the newest one counts.)
    if (!this.#viewer || this.#settledToken !== this.#loadToken) return;
    const variant = this.getAttribute('variant');
    if (this.#setVariant()) {
      await this.#drawn();
      if (this.getAttribute('variant') === variant) {
        this.dispatchEvent(new CustomEvent('variantchange', { detail: { variant } }));
        this.#room?.trackVariant(this.#productEntry, variant);
      }
    }
  }

  #fail(e, url) {
    this.progress.hidden = true;
    const detail = { code: e?.code ?? 'error', pointer: e?.pointer ?? '', message: String(e?.message ?? e), url };
    // `message` stays as the module wrote it (English, for developers and retailers); `text` is
    // the shopper's sentence in the element's language.
    detail.text = this.#t('cannotShow', this.#t('errorText', detail.code, detail.message));
    this.#say(detail.text);
    this.dispatchEvent(new CustomEvent('error', { detail }));
  }

  #bindInput() {
    const c = this.canvas;
    if (c.dataset.bound) return;
    c.dataset.bound = '1';
    const room = () => this.#viewer?.room_shown?.();
    const at = (e) => {
      const r = c.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    c.addEventListener('pointerdown', (e) => {
      c.setPointerCapture(e.pointerId);
      if (room()) {
        c.focus({ preventScroll: true });
        this.#report(this.#viewer.pointer_down(e.pointerId, e.pointerType, ...at(e)));
        return;
      }
      this.#pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    });
    const end = (e) => {
      if (room()) {
        if (e.type === 'pointercancel') this.#report(this.#viewer.pointer_cancel(e.pointerId));
        else this.#report(this.#viewer.pointer_up(e.pointerId, e.pointerType, ...at(e)));
      }
      this.#pointers.delete(e.pointerId);
    };
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', end);
    c.addEventListener('pointermove', (e) => {
      if (room()) {
        this.#report(this.#viewer.pointer_move(e.pointerId, e.pointerType, ...at(e)));
        return;
      }
      const p = this.#pointers.get(e.pointerId);
      if (!p || !this.#viewer) return;
      const dx = e.clientX - p.x;
      const dy = e.clientY - p.y;
      if (this.#pointers.size === 1) {
        this.#viewer.orbit((dx / c.clientWidth) * Math.PI, (dy / c.clientHeight) * Math.PI * 0.5);
      } else if (this.#pointers.size === 2) {
        const [a, b] = [...this.#pointers.values()];
        const before = Math.hypot(a.x - b.x, a.y - b.y);
        p.x = e.clientX;
        p.y = e.clientY;
        const after = Math.hypot(a.x - b.x, a.y - b.y);
        if (before > 0) this.#viewer.zoom(after / before);
      }
      p.x = e.clientX;
      p.y = e.clientY;
    });
    c.addEventListener('wheel', (e) => {
      if (!this.#viewer) return;
      e.preventDefault();
      if (room()) this.#report(this.#viewer.wheel(e.deltaY));
      else this.#viewer.zoom(Math.exp(-e.deltaY * 0.002));
    }, { passive: false });
    c.addEventListener('keydown', (e) => {
      if (!this.#viewer) return;
      if (room()) {
        const r = this.#viewer.key(e.key, e.shiftKey, e.ctrlKey || e.metaKey);
        if (r.handled) e.preventDefault();
        this.#report(r);
        return;
      }
      const step = 0.15;
      const keys = {
        ArrowLeft: () => this.#viewer.orbit(-step, 0),
        ArrowRight: () => this.#viewer.orbit(step, 0),
        ArrowUp: () => this.#viewer.orbit(0, step * 0.5),
        ArrowDown: () => this.#viewer.orbit(0, -step * 0.5),
        '+': () => this.#viewer.zoom(1.15),
        '=': () => this.#viewer.zoom(1.15),
        '-': () => this.#viewer.zoom(1 / 1.15),
      };
      if (keys[e.key]) {
        e.preventDefault();
        keys[e.key]();
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The room

  /** Announces and reports what the wasm module says happened. */
  #report(r) {
    if (!r) return r;
    if (r.announce) {
      this.announcer.textContent = r.announce;
      this.dispatchEvent(new CustomEvent('announce', { detail: { text: r.announce } }));
    }
    if (r.roomChanged) {
      const count = this.#viewer.items().length;
      this.canvas.setAttribute('aria-label', this.#t('roomView', count));
      const reason = r.events.find((e) => e.kind !== 'selected')?.kind ?? 'changed';
      this.dispatchEvent(new CustomEvent('roomchange', {
        detail: { reason, items: this.#viewer.items().length, shareCode: this.#viewer.share_code() },
      }));
    }
    if (r.selectionChanged) {
      const id = this.#viewer.selected();
      const item = id == null ? null : this.#viewer.items().find((i) => i.id === id) ?? null;
      const dimensions = item ? this.dimensions(item.id) : null;
      this.dispatchEvent(new CustomEvent('select', { detail: { item, dimensions } }));
    }
    return r;
  }

  #catalogList = null; // the `catalogs` property, when set

  /**
   * The catalog URLs: the `catalogs` property when set (an array), else the `catalog`
   * attribute's space-separated URLs.
   */
  get catalogs() {
    return this.#catalogList ?? (this.getAttribute('catalog') ?? '').split(/\s+/).filter(Boolean);
  }

  set catalogs(urls) {
    this.#catalogList = urls == null ? null : Array.from(urls, String);
  }

  /**
   * The retailers of all the catalogs, merged: [{ source (the catalog's URL; relative URLs in
   * the retailer are relative to it), retailer (as in the catalog format) }]. Parts left out
   * fire `error` events. Resolves to [] without catalogs.
   */
  retailers() {
    return this.#part('retailers');
  }

  /**
   * Side by side: the product `retailer`/`product` first, then the similar products of all the
   * catalogs (same category and placement, each of width, depth and height within 10 cm or 15 %;
   * closest first). Each: { retailer, retailer_name, product, name, category, currency,
   * price_min, price_max, price (formatted for the shopper's locale: '€999.00 – €1,299.00'),
   * dimensions_mm, dimensions (in the shopper's units), materials, difference_mm }.
   */
  compare(retailer, product) {
    return this.#part('compare', retailer, product);
  }

  /** Fires a `roomfit-analytics` event ({ name, params }; GA4 names and item shape). */
  #track(name, params) {
    this.dispatchEvent(new CustomEvent('roomfit-analytics', { bubbles: true, composed: true, detail: { name, params } }));
  }

  /**
   * Places a product in the room and shows the room. `item`: { retailer, product, variant (SKU),
   * and, unless the `catalog` attribute lists the product: model (GLB URL), name,
   * dimensions_mm {width, depth, height}, placement ('floor' | 'wall' | 'tabletop'),
   * variants [{sku, gltf_variant}] }. Resolves to { id, announce } once it is drawn.
   */
  addToRoom(item) {
    return this.#part('addToRoom', item);
  }

  /** The room's share code (compact, URL-safe). */
  shareCode() {
    return this.#roomViewer()?.share_code() ?? '';
  }

  /** Restores the room of a share code (its products come from the `catalog` attribute). */
  restore(code) {
    return this.#part('restore', code);
  }

  /** The viewer when it has the room (the product-view build has none: then null). */
  #roomViewer() {
    return this.#viewer?.room_shown ? this.#viewer : null;
  }

  /**
   * A call on the room; null before the element started. While the product-view build shows
   * the product, the room is empty: `change` calls (set_walls) start the room build and are
   * made once it is there (null now); the others have nothing to act on (null).
   */
  #roomCall(f, change = false) {
    if (!this.#viewer) return null;
    if (this.#roomViewer() && !this.#roomPending.length) return this.#report(f(this.#viewer));
    if (change) this.#whenRoom(f);
    return null;
  }

  /** Undoes the last change to the room. */
  undo() {
    return this.#roomCall((v) => v.undo());
  }

  /** Redoes the last undone change. */
  redo() {
    return this.#roomCall((v) => v.redo());
  }

  /** Removes the selected item. */
  removeSelected() {
    return this.#roomCall((v) => v.remove_item(undefined));
  }

  /** Duplicates the selected item (the copy is selected). */
  duplicateSelected() {
    return this.#roomCall((v) => v.duplicate_item(undefined));
  }

  /** Selects an item by id (null: nothing). */
  select(id) {
    return this.#roomCall((v) => v.select_item(id ?? undefined));
  }

  /**
   * The shopper's units: the `units` attribute ('metric' | 'imperial'), else the locale of the
   * `locale` or `lang` attribute, else navigator.language (en-US measures in inches).
   */
  #applyUnits() {
    const units = this.getAttribute('units');
    const language = this.getAttribute('locale') || this.getAttribute('lang') || navigator.language || 'und';
    const locale = units === 'imperial' ? 'en-US' : units === 'metric' ? 'und' : language;
    // Units from `units` (or the locale), the language of the room's sentences from the locale.
    // (The product-view build has no room, hence no sentences or sizes to set this for.)
    this.#viewer?.set_units_and_language?.(locale, language);
  }

  /** An item's width × depth × height in the shopper's units ('210 × 92 × 83 cm'), or null. */
  dimensions(id) {
    if (!this.#roomViewer()) return null;
    this.#applyUnits();
    try {
      return this.#viewer.dimensions(id);
    } catch {
      return null;
    }
  }

  /**
   * "Will it fit": a free space { width, depth[, height] } in metres, or in `unit` ('m', 'cm',
   * 'mm', 'in', 'ft'), against every product of the `catalog` attribute's catalog. Resolves to
   * [{ retailer, product, name, fits, turned, margin (label in the shopper's units: '5 cm to
   * spare', '3 cm too big'), widthMm, depthMm, heightMm (each axis; negative: too big), text }].
   */
  fitCheck(space) {
    return this.#part('fitCheck', space);
  }

  /**
   * The room's items grouped by retailer, with each retailer's checkout links built from the
   * `catalog` (only to its allowed https hosts; the handoff build is fetched on first use):
   * [{ retailer_id, retailer_name, currency, lines: [{ sku, product_name, variant_name,
   * quantity, unit_price, line_total }], total, links: [{ url }] }].
   */
  checkoutPlan() {
    return this.#part('checkoutPlan');
  }

  /**
   * Checks out one retailer's part of the room: fires the cancellable `roomfit-checkout`
   * ({ retailer, url, links, lines, total, currency }) and `roomfit-analytics` begin_checkout,
   * then opens `url` unless a listener called preventDefault() (a host page with its own cart).
   * Resolves to { detail, proceeded }.
   */
  checkout(retailerId) {
    return this.#part('checkout', retailerId);
  }

  /** Frames the whole room. */
  frameRoom() {
    this.#roomViewer()?.frame_room();
  }

  /** Four walls around the room (width × depth × height in mm); setWalls(0, 0, 0) removes them. */
  setWalls(width, depth, height) {
    return this.#roomCall((v) => v.set_walls(width, depth, height), true);
  }

  /** The placed items: [{ id, retailer, product, variant, name, placement, x, z, yaw, width, depth, height }]. */
  roomItems() {
    return this.#roomViewer()?.items() ?? [];
  }

  /** The room as JSON text. */
  roomJSON() {
    return this.#roomViewer()?.room_json() ?? null;
  }

  /** Shows the room (true) or the single product of `src` (false). */
  showRoom(on = true) {
    if (!this.#viewer) return;
    // The product-view build shows the product already; the room needs the room build.
    if (this.#roomViewer() && !this.#roomPending.length) this.#viewer.show_room(Boolean(on));
    else if (on || this.#roomPending.length) this.#whenRoom((v) => v.show_room(Boolean(on)));
  }

  /** Resolves after the next frame has been drawn (for tests and screenshots). */
  async drawn() {
    if (!this.#viewer) return;
    this.#viewer.redraw();
    await this.#drawn();
  }

  /**
   * Private (for www/ar/quicklook.js, not part of the public API): a placed item's
   * model-to-world matrix as the renderer draws it, 16 numbers column-major in metres, or null.
   */
  _itemTransform(id) {
    const m = this.#roomViewer()?.item_transform(id);
    return m ? Array.from(m) : null;
  }

  /** Where an item is on screen, in CSS pixels of the canvas ([x, y]; test and tooling aid). */
  itemOnScreen(id, height = 0) {
    return this.#roomViewer()?.item_on_screen(id, height) ?? null;
  }

  // ---------------------------------------------------------------------------------------------
  // AR: the mode chain (in roomfit-viewer-room.js)

  /** The AR mode in use: 'webxr', 'quick-look', 'camera' or '3d'. */
  get arMode() {
    return this.#arMode;
  }

  /**
   * Enters the best AR mode available: `mode` if given (when the `ar-modes` attribute allows it),
   * else the first of `ar-modes` that works, falling back along the list; the 3D room view is
   * the last resort. Resolves to the mode entered and fires `ar-status`.
   */
  startAR(mode) {
    return this.#part('startAR', mode);
  }

  /** Ends the AR mode in use (back to the 3D view). */
  async stopAR() {
    await this.#room?.stopAR();
  }

}

if (!customElements.get('roomfit-viewer')) customElements.define('roomfit-viewer', RoomfitViewer);
