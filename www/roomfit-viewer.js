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
// (pkg/webgpu-room/) comes the first time the room is needed (#startRoom).
//
// AR: startAR(mode?) tries the modes of the `ar-modes` attribute in order (default
// "webxr quick-look camera 3d"; a mode left out is never used) and resolves to the mode
// entered; ar-status {mode, reasons} says which, and why each better mode was not available
// (also shown in the element). The AR code (www/ar/*.js) is fetched only when AR starts.

const builds = new Map();

/** The AR modes, best first. */
const AR_MODES = ['webxr', 'quick-look', 'camera', '3d'];
const AR_LABELS = { webxr: 'WebXR AR', 'quick-look': 'AR Quick Look', camera: 'Camera view', '3d': '3D view' };

// The element's own strings (status, keys help, labels), by language: Simplified Chinese for a
// `lang`/`locale` of zh, zh-CN, zh-Hans…, else English. The room's sentences come from the wasm
// module in the same language (Viewer.set_locale).
const STRINGS = {
  en: {
    loading: 'Loading…',
    cannotShow: (m) => `Cannot show this model: ${m}`,
    productView: 'A 3D view of the product',
    roomView: (n) => `3D room view with ${n} ${n === 1 ? 'item' : 'items'}`,
    keys: 'In the room: Tab selects the next item, arrow keys move it (Shift: finely), Q and E turn it, '
      + 'D duplicates it, Delete removes it, Escape deselects, Ctrl+Z undoes, Ctrl+Y redoes, Home shows the whole room, '
      + 'plus and minus zoom.',
    progress: 'Loading the 3D view',
    arModes: AR_LABELS,
    // The badge shows the `ar-status` reasons (English in the event's detail) as they are.
    arReason: (why) => why,
    arBadge: (label, parts) => `${label}${parts.length ? ` (${parts.join('; ')})` : ''}`,
    camera: {
      label: 'Camera view',
      approx: 'Camera view: placement is approximate',
      height: 'Camera height',
      heightHelp: 'How high the phone is above the floor; the furniture stands on that floor.',
      leave: 'Leave camera view',
      metres: (h) => `${h.toFixed(2)} metres`,
      m: (h) => `${h.toFixed(2)} m`,
    },
    quickLook: { buy: 'Buy', checkOut: 'Check out', room: (n) => `Your room: ${n} items` },
    errorText: (code, message) => message,
  },
  zh: {
    loading: '正在加载…',
    cannotShow: (m) => `无法显示此模型：${m}`,
    productView: '商品的 3D 视图',
    roomView: (n) => `3D 房间视图，共 ${n} 件物品`,
    keys: '在房间中：Tab 键选择下一件物品，方向键移动（按住 Shift 可微调），Q 和 E 键旋转，D 键复制，'
      + 'Delete 键移除，Esc 键取消选择，Ctrl+Z 撤销，Ctrl+Y 重做，Home 键显示整个房间，加号和减号缩放。',
    progress: '正在加载 3D 视图',
    arModes: { webxr: 'WebXR 增强现实', 'quick-look': 'AR 快速查看', camera: '相机视图', '3d': '3D 视图' },
    arReason: (why) => (AR_REASONS_ZH[why] ?? arFailureZh(why)).replace(/。$/, ''),
    arBadge: (label, parts) => `${label}${parts.length ? `（${parts.join('；')}）` : ''}`,
    camera: {
      label: '相机视图',
      approx: '相机视图：摆放位置为近似值',
      height: '相机高度',
      heightHelp: '手机离地面的高度；家具就摆在这个地面上。',
      leave: '退出相机视图',
      metres: (h) => `${h.toFixed(2)} 米`,
      m: (h) => `${h.toFixed(2)} 米`,
    },
    quickLook: { buy: '购买', checkOut: '结账', room: (n) => `您的房间：${n} 件物品` },
    // The WebXR overlay (www/ar/webxr.js, whose ENGLISH table is the English one).
    webxr: {
      starting: '正在启动 AR…',
      loading: '正在加载 AR…',
      drawer: '添加家具',
      measure: '测量',
      checkout: '结账',
      visit: '预约到店',
      exit: '退出 AR',
      tapToPlace: (name, wall) => `点按${wall ? '墙面' : '地面'}以放置${name}。`,
      measureHelp: '点按两个点，测量它们之间的距离。',
      checkedOut: '您的房间已转到结账。您仍在 AR 中。',
      visitRequested: '已提交到店预约。您仍在 AR 中。',
      cannotShow: (name) => `无法显示${name}。`,
      cannotPutRoom: (code) => (code === 'no-surface' ? '无法把房间放在这里：请对准地面。' : '无法把房间放在这里。'),
      roomHere: (n, name) => `您的房间已放好（共 ${n} 件物品）。拖动物品可移动它，点按地面可添加${name}。`,
      cannotPlace: (code) => (code === 'no-surface' ? '无法放在这里：请对准合适的地面或墙面。' : '无法放置。'),
      placed: (name) => `已放置${name}。`,
      distance: (label) => `距离：${label}。再次点按可重新测量。`,
      secondPoint: '请点按第二个点。',
      cannotMeasure: () => '无法在这里测量：请对准一个表面。',
      pointRoom: (n) => `对准地面并点按，把您的房间放在那里（共 ${n} 件物品）。`,
      pointFloor: (name) => `对准地面，然后点按以放置${name}。`,
      hidden: '该位置前面有真实物体挡住：请对准能看到表面的地方。',
      ended: 'AR 已结束。',
    },
    errorText: (code) => ERRORS_ZH[code] ?? ERRORS_ZH.error,
  },
};

// Why an AR mode was not available (the English reasons of `ar-status`, from this file and
// www/ar/webxr.js), for the badge in Simplified Chinese.
const AR_REASONS_ZH = {
  'not in the ar-modes attribute': '未在 ar-modes 属性中启用',
  'this browser has no WebXR': '此浏览器不支持 WebXR',
  'webxr unavailable: ar/webxr.js could not be loaded': 'WebXR 不可用：无法加载 ar/webxr.js',
  'immersive-ar is not supported on this device': '此设备不支持沉浸式 AR',
  'WebXR needs a secure (https) page.': 'WebXR 需要安全（https）页面。',
  'This browser has no WebXR (navigator.xr is missing).': '此浏览器不支持 WebXR。',
  'This browser has no WebGL2 layer for WebXR.': '此浏览器没有可用于 WebXR 的 WebGL2 图层。',
  'This browser or device does not support immersive AR sessions (WebXR immersive-ar).': '此浏览器或设备不支持沉浸式 AR 会话。',
  'not iOS Safari: AR Quick Look is iOS only': '不是 iOS Safari：AR 快速查看仅适用于 iOS',
  'quick-look unavailable: ar/quicklook.js could not be loaded': 'AR 快速查看不可用：无法加载 ar/quicklook.js',
  'this browser gives no camera access (getUserMedia)': '此浏览器无法使用相机',
  'camera permission denied': '相机权限被拒绝',
  'no camera found': '未找到相机',
  'the camera is in use by another app': '相机正被其他应用使用',
  'unknown mode': '未知模式',
};

// The error `code`s a shopper can meet (the asset loader's, src/asset/error.rs, and the
// element's and web module's own), as sentences in Simplified Chinese; the English `message`
// stays in the event's detail for the developer.
const ERRORS_ZH = {
  'not-gltf': '此文件不是 3D 模型。',
  truncated: '模型文件不完整。',
  'length-mismatch': '模型文件的长度与其头部不符。',
  'unsupported-version': '不支持此模型文件的版本。',
  json: '模型文件的内容无法读取。',
  'out-of-bounds': '模型文件中的数据超出范围。',
  'missing-reference': '模型文件引用了不存在的部分。',
  'index-out-of-range': '模型文件中的顶点索引超出范围。',
  'non-finite': '模型文件中有无效的数值。',
  'bad-accessor': '模型文件中的数据类型不正确。',
  'bad-stride': '模型文件中的数据布局不正确。',
  'node-cycle': '模型文件的结构有循环。',
  'unsupported-extension': '模型使用了不支持的扩展。',
  'limit-exceeded': '模型太大（文件、三角形或纹理超出限制）。',
  'bad-image': '模型的贴图缺失或无法读取。',
  resource: '模型引用的文件无法获取。',
  empty: '模型中没有可显示的内容。',
  'bad-compression': '模型的压缩数据已损坏。',
  fetch: '无法下载模型，请检查网络后重试。',
  'no-gpu': '此浏览器无法使用图形加速（WebGPU 或 WebGL2）。',
  'no-surface': '无法在此页面上绘制 3D 视图。',
  'no-model': '还没有可显示的模型。',
  'no-catalog': '未设置商品目录。',
  'unknown-product': '商品目录中没有此商品。',
  'unknown-variant': '此商品没有该款式。',
  invalid: '设置无效。',
  internal: '内部错误。',
  error: '出现错误。',
};

/** A reason not in AR_REASONS_ZH: "<mode> failed: <error>" and the like, in Chinese. */
function arFailureZh(why) {
  const failed = /^(webxr|quick-look|camera) failed: (.*)$/s.exec(why);
  if (failed) return `${failed[1] === 'camera' ? '相机' : failed[1] === 'webxr' ? 'WebXR' : 'AR 快速查看'}启动失败（${failed[2]}）`;
  if (why.startsWith('WebXR cannot tell whether AR works here: ')) return `WebXR 无法判断此处能否使用 AR（${why.slice(41)}）`;
  return `不可用（${why}）`;
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
// room is needed (#startRoom); `webgl`, the fallback, has both.
const buildFiles = {
  webgpu: () => ({ glue: import('./pkg/webgpu/roomfit.js'), wasm: new URL('./pkg/webgpu/roomfit_bg.wasm', import.meta.url) }),
  'webgpu-room': () => ({ glue: import('./pkg/webgpu-room/roomfit.js'), wasm: new URL('./pkg/webgpu-room/roomfit_bg.wasm', import.meta.url) }),
  webgl: () => ({ glue: import('./pkg/webgl/roomfit.js'), wasm: new URL('./pkg/webgl/roomfit_bg.wasm', import.meta.url) }),
};

let handoffBuild = null;
/**
 * The handoff build (pkg/handoff/: checkout links, and several catalogs merged and compared),
 * loaded on the first checkout or the first time the element needs its catalogs.
 */
function loadHandoffBuild() {
  handoffBuild ??= (async () => {
    const mod = await import('./pkg/handoff/roomfit.js');
    await mod.default({ module_or_path: new URL('./pkg/handoff/roomfit_bg.wasm', import.meta.url) });
    return mod;
  })();
  handoffBuild.catch(() => {
    handoffBuild = null;
  });
  return handoffBuild;
}

/**
 * Loads the WebGPU build, or the WebGL2 build only when WebGPU is missing (or forced).
 * `onProgress` hears about the .wasm download when this call starts it.
 */
async function loadBuild(preference, onProgress = () => {}) {
  const name = preference === 'webgl' || (preference !== 'webgpu' && !(await hasWebGPU())) ? 'webgl' : 'webgpu';
  return loadNamedBuild(name, onProgress);
}

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

  /** The element's strings in its language (`locale`, else `lang`, else the page's or browser's). */
  #t(key, ...args) {
    const tag = this.getAttribute('locale') || this.getAttribute('lang') || document.documentElement.lang || navigator.language;
    const v = (simplifiedChinese(tag) ? STRINGS.zh : STRINGS.en)[key];
    return typeof v === 'function' ? v(...args) : v;
  }

  /** Puts the strings of the current language into the shadow DOM. */
  #translate() {
    this.shadowRoot.getElementById('keys').textContent = this.#t('keys');
    this.progress.setAttribute('aria-label', this.#t('progress'));
    if (this.#arMode) this.#arStatus(this.#arMode, this.#arReasons, false);
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
    this.#arSession?.end();
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

  #say(text) {
    this.status.textContent = text;
    this.status.hidden = !text;
  }

  async #start() {
    if (!this.#starting) {
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
  #roomStart = null; // Promise of the viewer with the room (#startRoom)
  #roomPending = []; // room calls made before the room build was there, in order

  /**
   * The viewer with the room. The WebGPU build fetched before the first frame shows the
   * product only; the first call here loads the room build (pkg/webgpu-room/, once per page),
   * opens its viewer on a new canvas, shows the same product there (the model from the HTTP
   * cache, same variant, exposure, units and camera), and swaps that canvas in only once it has
   * drawn, so the shopper never sees a blank frame. Then the product-view viewer is freed.
   * With the WebGL2 fallback build (which has the room) this is #start().
   */
  #startRoom() {
    this.#roomStart ??= (async () => {
      const viewer = await this.#start();
      if (hasRoom(this.#mod)) return viewer;
      const full = await loadNamedBuild('webgpu-room');
      // A model that is loading goes into the product viewer first; then it moves over with
      // the rest. (Only the newest load settles; an overtaken one stops at its next step.)
      while (this.#settledToken !== this.#loadToken) await this.#loading;
      const moved = this.#moveToRoomBuild(full, viewer);
      // From here on, loads and room calls wait for the room build's viewer; if the move
      // fails, the product viewer (untouched) goes on.
      const starting = this.#starting;
      this.#starting = moved;
      moved.catch(() => {
        if (this.#starting === moved) this.#starting = starting;
      });
      return moved;
    })();
    this.#roomStart.catch(() => {
      this.#roomStart = null;
    });
    return this.#roomStart;
  }

  async #moveToRoomBuild(full, old) {
    const canvas = this.canvas.cloneNode(false);
    delete canvas.dataset.bound;
    // Under the old canvas (the host's `contain` makes it a stacking context) until it has drawn.
    canvas.style.cssText = 'position:absolute;inset:0;z-index:-1';
    this.canvas.before(canvas);
    let viewer = null;
    try {
      viewer = await full.Viewer.create(canvas);
      const dpr = Math.min(window.devicePixelRatio || 1, 2);
      this.#sizeViewer(viewer, Math.max(1, Math.round(this.clientWidth * dpr)), Math.max(1, Math.round(this.clientHeight * dpr)));
      const exposure = Number(this.getAttribute('exposure') ?? 1);
      if (Number.isFinite(exposure) && exposure >= 0) viewer.set_exposure(exposure);
      const url = this.#shownUrl;
      if (url) {
        // The same URL again: the browser's HTTP cache answers when the response allows it.
        const file = await download(full, url, () => {}, { cache: 'force-cache' });
        await viewer.load_download(file);
        try {
          viewer.set_variant(this.#variantName());
        } catch {
          // A variant the product viewer refused too (it reported it): the default look.
        }
      }
      // Draw the first frame with the camera the shopper has now.
      await new Promise((resolve, reject) => {
        const draw = () => {
          try {
            viewer.set_view_angles(...old.view_angles());
            viewer.redraw();
            if (viewer.frame()) resolve();
            else requestAnimationFrame(draw);
          } catch (e) {
            reject(e);
          }
        };
        requestAnimationFrame(draw);
      });
      // One more frame so that it is on screen, then the swap (in a frame callback, before the
      // old viewer could draw again).
      await new Promise((resolve) => requestAnimationFrame(resolve));
    } catch (e) {
      viewer?.free();
      canvas.remove();
      throw e;
    }
    viewer.set_view_angles(...old.view_angles());
    const focused = this.shadowRoot.activeElement === this.canvas;
    const oldCanvas = this.canvas;
    canvas.style.cssText = '';
    this.canvas = canvas;
    this.#mod = full;
    this.#viewer = viewer;
    this.#pointers.clear();
    this.#bindInput();
    this.#applyUnits();
    oldCanvas.remove();
    if (focused) canvas.focus({ preventScroll: true });
    old.free();
    viewer.redraw();
    viewer.frame();
    // The room calls made meanwhile, in order.
    for (const f of this.#roomPending.splice(0)) this.#report(f(viewer));
    return viewer;
  }

  /** Makes the room call `f` once the room build's viewer is there. */
  #whenRoom(f) {
    this.#roomPending.push(f);
    this.#startRoom().catch((e) => {
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

  /** The drawing buffer size (device pixels) and, in a build with the room, the CSS size. */
  #sizeViewer(viewer, w, h) {
    viewer.resize(w, h);
    viewer.set_css_size?.(Math.max(1, this.clientWidth), Math.max(1, this.clientHeight));
  }

  #loop() {
    if (this.#raf) return;
    const tick = () => {
      this.#raf = requestAnimationFrame(tick);
      try {
        this.#viewer?.frame();
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

  /** The catalog entry of the `product` attribute ("retailer/product"). */
  async #catalogProduct() {
    const key = this.getAttribute('product') ?? '';
    const index = await this.#catalogIndex();
    if (!index) throw Object.assign(new Error('the product attribute needs a catalog attribute (or the catalogs property)'), { code: 'no-catalog' });
    const found = index.get(key);
    if (!found) throw Object.assign(new Error(`product ${key} is not in the catalog`), { code: 'unknown-product', pointer: 'product' });
    return found;
  }

  #load() {
    // What #startRoom waits for: the load until it settles, or until it hands its model over to
    // the room build (which then waits for #startRoom).
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
    this.#say(this.#t('loading'));
    try {
      let viewer = await this.#start();
      // `src` wins over `product`.
      const entry = url ? null : await this.#catalogProduct();
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
        viewer = await this.#startRoom();
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
      if (entry) {
        const item = RoomfitViewer.#gaItem(entry, this.getAttribute('variant'));
        this.#track('view_item', { currency: entry.currency, value: item.price, items: [item] });
        const variant = this.getAttribute('variant');
        if (variant !== variantAtStart) this.#trackVariant(entry, variant);
      }
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
        this.#trackVariant(this.#productEntry, variant);
      }
    }
  }

  /** roomfit's variant_changed, when `variant` is one of the shown catalog product's SKUs. */
  #trackVariant(entry, variant) {
    if (entry && !this.getAttribute('src') && entry.variants.some((v) => v.sku === variant)) {
      this.#track('variant_changed', { item_id: variant, product_id: entry.product, retailer_id: entry.retailer });
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

  #catalog = null; // { key (the URLs), loading: Promise of { catalogs, retailers, index } }
  #models = new Map(); // model URL -> Promise of its load into the viewer

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

  /** An `error` event about a catalog (or the part of it that was left out). */
  #catalogError(detail) {
    this.dispatchEvent(new CustomEvent('error', {
      detail: { code: detail.code, pointer: detail.pointer ?? '', message: detail.message, url: detail.url },
    }));
  }

  /**
   * Fetches the catalogs in parallel (once per list of URLs) and merges them in the wasm
   * (`Catalogs` of the handoff build, loaded here). A catalog that cannot be fetched or read, a
   * retailer id already used by an earlier catalog, or a broken retailer fires an `error` event
   * naming the URL and JSON pointer; the rest is kept.
   */
  #catalogData() {
    const urls = this.catalogs.map((u) => new URL(u, document.baseURI).href);
    if (urls.length === 0) return null;
    const key = urls.join(' ');
    if (this.#catalog?.key !== key) {
      const loading = (async () => {
        const [mod, texts] = await Promise.all([
          loadHandoffBuild(),
          Promise.all(urls.map(async (url) => {
            try {
              const r = await fetch(url);
              if (!r.ok) throw new Error(`HTTP ${r.status}`);
              return await r.text();
            } catch (e) {
              this.#catalogError({ code: 'fetch', url, message: `The catalog ${url} could not be fetched (${e.message}).` });
              return null;
            }
          })),
        ]);
        const ok = urls.flatMap((url, i) => (texts[i] === null ? [] : [[url, texts[i]]]));
        const catalogs = new mod.Catalogs(ok.map(([u]) => u), ok.map(([, t]) => t));
        for (const issue of JSON.parse(catalogs.issues())) this.#catalogError(issue);
        // The wasm says which retailers and products were kept; their JSON is read here.
        const docs = new Map();
        const retailers = JSON.parse(catalogs.kept()).map(({ source, index, products }) => {
          if (!docs.has(source)) docs.set(source, JSON.parse(ok.find(([u]) => u === source)[1]));
          const retailer = { ...docs.get(source).retailers[index] };
          retailer.products = products.map((j) => retailer.products[j]);
          return { source, retailer };
        });
        const lang = this.getAttribute('locale') || this.getAttribute('lang') || document.documentElement.lang || 'en';
        const local = (names, fallback) => names?.[lang] ?? names?.en ?? Object.values(names ?? {})[0] ?? fallback;
        const index = new Map();
        for (const { source, retailer } of retailers) {
          for (const p of retailer.products) {
            index.set(`${retailer.id}/${p.id}`, {
              retailer: retailer.id,
              product: p.id,
              name: local(p.name, p.id),
              model: new URL(p.model?.glb ?? '', source).href,
              poster: p.model?.poster ? new URL(p.model.poster, source).href : null,
              dimensions_mm: p.dimensions_mm,
              placement: p.placement ?? 'floor',
              variants: (p.variants ?? []).map((v) => ({
                sku: v.sku, gltf_variant: v.gltf_variant ?? '', price: v.price, name: local(v.name, undefined),
              })),
              retailerName: retailer.name ?? retailer.id,
              currency: retailer.currency,
            });
          }
        }
        return { catalogs, retailers, index };
      })();
      this.#catalog = { key, loading };
      loading.catch(() => {
        if (this.#catalog?.key === key) this.#catalog = null;
      });
    }
    return this.#catalog.loading;
  }

  /** The merged catalogs' products by "retailer/product", or null without catalogs. */
  async #catalogIndex() {
    const data = this.#catalogData();
    return data ? (await data).index : null;
  }

  /**
   * The retailers of all the catalogs, merged: [{ source (the catalog's URL; relative URLs in
   * the retailer are relative to it), retailer (as in the catalog format) }]. Parts left out
   * fire `error` events. Resolves to [] without catalogs.
   */
  async retailers() {
    const data = this.#catalogData();
    return data ? structuredClone((await data).retailers) : [];
  }

  /**
   * Side by side: the product `retailer`/`product` first, then the similar products of all the
   * catalogs (same category and placement, each of width, depth and height within 10 cm or 15 %;
   * closest first). Each: { retailer, retailer_name, product, name, category, currency,
   * price_min, price_max, price (formatted for the shopper's locale: '€999.00 – €1,299.00'),
   * dimensions_mm, dimensions (in the shopper's units), materials, difference_mm }.
   */
  async compare(retailer, product) {
    const data = this.#catalogData();
    if (!data) throw Object.assign(new Error('compare: the element has no catalogs'), { code: 'no-catalog' });
    const { catalogs } = await data;
    const locale = this.getAttribute('locale') || this.getAttribute('lang') || document.documentElement.lang ||
      navigator.language || 'en';
    const units = this.getAttribute('units') ?? '';
    let rows;
    try {
      rows = JSON.parse(catalogs.compare(String(retailer), String(product), locale, units));
    } catch (e) {
      throw Object.assign(new Error(e.message), { code: e.code ?? 'unknown-product' });
    }
    const money = (amount, currency) => {
      try {
        return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount));
      } catch {
        return `${amount} ${currency}`;
      }
    };
    return rows.map((r) => ({
      ...r,
      price: r.price_min === r.price_max ? money(r.price_min, r.currency)
        : `${money(r.price_min, r.currency)} – ${money(r.price_max, r.currency)}`,
    }));
  }

  /** Fires a `roomfit-analytics` event ({ name, params }; GA4 names and item shape). */
  #track(name, params) {
    this.dispatchEvent(new CustomEvent('roomfit-analytics', { bubbles: true, composed: true, detail: { name, params } }));
  }

  /** A catalog product and one of its SKUs in GA4's item shape. */
  static #gaItem(entry, sku) {
    const v = entry.variants.find((x) => x.sku === sku) ?? entry.variants[0];
    return {
      item_id: v?.sku ?? entry.product, item_name: entry.name, item_brand: entry.retailerName,
      item_variant: v?.name, price: Number(v?.price ?? 0), quantity: 1,
    };
  }

  /** The full description of a product: as given, or completed from the catalog. */
  async #product(spec) {
    if (spec.model && spec.dimensions_mm) return spec;
    const index = await this.#catalogIndex();
    const found = index?.get(`${spec.retailer}/${spec.product}`);
    if (!found) {
      throw Object.assign(new Error(`product ${spec.retailer}/${spec.product} is not in the catalog`), {
        code: 'unknown-product',
      });
    }
    return { ...found, ...spec, model: spec.model ?? found.model, dimensions_mm: spec.dimensions_mm ?? found.dimensions_mm };
  }

  /** Registers a product with the viewer and loads its model (once per URL). */
  async #prepare(viewer, spec) {
    const p = await this.#product(spec);
    const model = new URL(p.model, document.baseURI).href;
    const d = p.dimensions_mm;
    viewer.register_product(
      p.retailer, p.product, p.name ?? p.product, model, d.width, d.depth, d.height, p.placement ?? 'floor',
      (p.variants ?? []).map((v) => v.sku), (p.variants ?? []).map((v) => v.gltf_variant ?? ''),
    );
    if (!this.#models.has(model)) {
      const loading = (async () => {
        const file = await download(this.#mod, model, (loaded, total) => {
          this.dispatchEvent(new CustomEvent('progress', { detail: { loaded, total, url: model } }));
        });
        return viewer.load_model_download(model, file);
      })();
      this.#models.set(model, loading);
      loading.catch(() => this.#models.delete(model));
    }
    await this.#models.get(model);
    return p;
  }

  /**
   * Places a product in the room and shows the room. `item`: { retailer, product, variant (SKU),
   * and, unless the `catalog` attribute lists the product: model (GLB URL), name,
   * dimensions_mm {width, depth, height}, placement ('floor' | 'wall' | 'tabletop'),
   * variants [{sku, gltf_variant}] }. Resolves to { id, announce } once it is drawn.
   */
  async addToRoom(item) {
    try {
      const viewer = await this.#startRoom();
      const p = await this.#prepare(viewer, item);
      const r = this.#report(viewer.add_item(p.retailer, p.product, item.variant ?? undefined));
      await this.#drawn();
      this.#posterDrawn();
      const id = r.events[0]?.item ?? null;
      const sku = item.variant ?? p.variants?.[0]?.sku;
      if (p.currency !== undefined) {
        const ga = RoomfitViewer.#gaItem(p, sku);
        this.#track('add_to_cart', { currency: p.currency, value: ga.price, items: [ga] });
      }
      this.#track('item_placed', { item_id: sku ?? p.product, product_id: p.product, retailer_id: p.retailer, room_item: id });
      return { id, announce: r.announce };
    } catch (e) {
      this.#fail(e, item?.model ?? null);
      throw e;
    }
  }

  /** The room's share code (compact, URL-safe). */
  shareCode() {
    return this.#roomViewer()?.share_code() ?? '';
  }

  /** Restores the room of a share code (its products come from the `catalog` attribute). */
  async restore(code) {
    try {
      const viewer = await this.#startRoom();
      const needed = viewer.share_code_products(code);
      await Promise.all(needed.map(([retailer, product]) => this.#prepare(viewer, { retailer, product })));
      const r = this.#report(viewer.restore(code));
      await this.#drawn();
      this.#posterDrawn();
      return { items: viewer.items().length, announce: r.announce };
    } catch (e) {
      this.#fail(e, null);
      throw e;
    }
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
  async fitCheck(space) {
    const scale = { m: 1, cm: 0.01, mm: 0.001, in: 0.0254, ft: 0.3048 }[space?.unit ?? 'm'];
    if (scale === undefined) {
      throw Object.assign(new Error(`fitCheck: unknown unit ${space.unit}`), { code: 'invalid', pointer: '/unit' });
    }
    const metres = (key) => {
      const v = space?.[key];
      if (v === undefined || v === null || v === '') return undefined;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        throw Object.assign(new Error(`fitCheck: ${key} ${v} is not a size`), { code: 'invalid', pointer: `/${key}` });
      }
      return n * scale;
    };
    const width = metres('width');
    const depth = metres('depth');
    const height = metres('height');
    if (width === undefined || depth === undefined) {
      throw Object.assign(new Error('fitCheck: width and depth are required'), { code: 'invalid', pointer: width === undefined ? '/width' : '/depth' });
    }
    const index = await this.#catalogIndex();
    if (!index) throw Object.assign(new Error('fitCheck: the element has no catalog attribute'), { code: 'no-catalog' });
    const products = [...index.values()];
    const viewer = await this.#startRoom();
    this.#applyUnits();
    const d = (k) => products.map((p) => p.dimensions_mm?.[k] ?? 0);
    const fits = viewer.fit_check(width, depth, height, d('width'), d('depth'), d('height'));
    return products.map((p, i) => ({ retailer: p.retailer, product: p.product, name: p.name, ...fits[i] }));
  }

  /** The room's cart: one line per SKU with its count. */
  #cart() {
    const lines = new Map();
    for (const i of this.roomItems()) {
      if (!i.variant) continue;
      const key = `${i.retailer}/${i.product}/${i.variant}`;
      const line = lines.get(key) ?? { retailer_id: i.retailer, product_id: i.product, sku: i.variant, quantity: 0 };
      line.quantity += 1;
      lines.set(key, line);
    }
    return [...lines.values()];
  }

  /**
   * The room's items grouped by retailer, with each retailer's checkout links built from the
   * `catalog` (only to its allowed https hosts; the handoff build is fetched on first use):
   * [{ retailer_id, retailer_name, currency, lines: [{ sku, product_name, variant_name,
   * quantity, unit_price, line_total }], total, links: [{ url }] }].
   */
  async checkoutPlan() {
    const index = await this.#catalogIndex();
    if (!index) throw Object.assign(new Error('checkout needs the catalog attribute'), { code: 'no-catalog' });
    const [mod, { retailers }] = await Promise.all([loadHandoffBuild(), this.#catalogData()]);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(location.hostname);
    // Each retailer's relative checkout URLs resolve against its own catalog's URL.
    const handoff = mod.Handoff.merged(JSON.stringify(retailers), loopback);
    try {
      return JSON.parse(handoff.checkout(JSON.stringify(this.#cart())));
    } finally {
      handoff.free();
    }
  }

  /**
   * Checks out one retailer's part of the room: fires the cancellable `roomfit-checkout`
   * ({ retailer, url, links, lines, total, currency }) and `roomfit-analytics` begin_checkout,
   * then opens `url` unless a listener called preventDefault() (a host page with its own cart).
   * Resolves to { detail, proceeded }.
   */
  async checkout(retailerId) {
    const plan = await this.checkoutPlan();
    const r = plan.find((x) => x.retailer_id === retailerId);
    if (!r) throw Object.assign(new Error(`the room has nothing from ${retailerId}`), { code: 'unknown-retailer' });
    const detail = { retailer: r.retailer_id, url: r.links[0]?.url, links: r.links, lines: r.lines, total: r.total, currency: r.currency };
    const proceeded = this.dispatchEvent(new CustomEvent('roomfit-checkout', { bubbles: true, composed: true, cancelable: true, detail }));
    this.#track('begin_checkout', {
      currency: r.currency,
      value: Number(r.total),
      items: r.lines.map((l) => ({
        item_id: l.sku, item_name: l.product_name, item_brand: r.retailer_name, item_variant: l.variant_name,
        price: Number(l.unit_price), quantity: l.quantity,
      })),
    });
    if (proceeded && detail.url) location.assign(detail.url);
    return { detail, proceeded };
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
  // AR: the mode chain

  #arSession = null; // { mode, end(), ended } of the AR mode in use
  #arMode = '3d';

  /** The AR mode in use: 'webxr', 'quick-look', 'camera' or '3d'. */
  get arMode() {
    return this.#arMode;
  }

  /** The modes of the `ar-modes` attribute, in order of preference. */
  #arModes() {
    const attr = this.getAttribute('ar-modes');
    const words = (attr ?? 'webxr quick-look camera 3d').split(/\s+/).filter(Boolean);
    return [...new Set(words.filter((w) => AR_MODES.includes(w)))];
  }

  /**
   * Enters the best AR mode available: `mode` if given (when the `ar-modes` attribute allows it),
   * else the first of `ar-modes` that works, falling back along the list; the 3D room view is
   * the last resort. Resolves to the mode entered and fires `ar-status`.
   */
  async startAR(mode) {
    const allowed = this.#arModes();
    let order = allowed;
    const reasons = {};
    if (mode !== undefined) {
      if (!AR_MODES.includes(mode)) {
        throw Object.assign(new Error(`startAR: unknown mode ${mode} (use ${AR_MODES.join(', ')})`), { code: 'invalid' });
      }
      const at = allowed.indexOf(mode);
      if (at < 0) {
        if (mode !== '3d') reasons[mode] = 'not in the ar-modes attribute';
        order = allowed.filter((m) => AR_MODES.indexOf(m) > AR_MODES.indexOf(mode));
      } else {
        order = allowed.slice(at);
      }
    }
    await this.#arSession?.end();
    for (const m of order) {
      if (m === '3d') break;
      const why = await this.#tryAR(m);
      if (why === null) {
        this.#arStatus(m, reasons);
        return m;
      }
      reasons[m] = why;
    }
    this.#arStatus('3d', reasons);
    return '3d';
  }

  /** Ends the AR mode in use (back to the 3D view). */
  async stopAR() {
    await this.#arSession?.end();
  }

  /** Enters mode `m`; null on success, else why it is not available. */
  async #tryAR(m) {
    const shareCode = () => this.shareCode();
    const catalogProducts = async () => [...((await this.#catalogIndex().catch(() => null))?.values() ?? [])];
    const failed = (e) => String(e?.message ?? e);
    if (m === 'webxr') {
      if (!navigator.xr) return 'this browser has no WebXR';
      let xr;
      try {
        xr = await import(new URL('./ar/webxr.js', import.meta.url).href);
      } catch {
        return 'webxr unavailable: ar/webxr.js could not be loaded';
      }
      try {
        const support = await xr.webxrSupport();
        const ok = typeof support === 'object' && support !== null ? (support.ok ?? support.supported) : support;
        if (!ok) return support?.reason || 'immersive-ar is not supported on this device';
        const session = await xr.startWebXR(this, {
          shareCode: shareCode(),
          catalogProducts: await catalogProducts(),
          onStatus: (detail) => this.#sayAR(typeof detail === 'string' ? detail : detail?.message ?? ''),
          strings: this.#t('webxr'),
        });
        this.#enteredAR('webxr', session, async ({ shareCode: code } = {}) => {
          if (code && code !== this.shareCode()) await this.restore(code).catch(() => {});
        });
        return null;
      } catch (e) {
        return `webxr failed: ${failed(e)}`;
      }
    }
    if (m === 'quick-look') {
      if (!document.createElement('a').relList?.supports?.('ar')) return 'not iOS Safari: AR Quick Look is iOS only';
      let ql;
      try {
        ql = await import(new URL('./ar/quicklook.js', import.meta.url).href);
      } catch {
        return 'quick-look unavailable: ar/quicklook.js could not be loaded';
      }
      try {
        const session = await ql.startQuickLook(this, { shareCode: shareCode(), catalogProducts: await catalogProducts(), strings: this.#t('quickLook') });
        this.#enteredAR('quick-look', session);
        return null;
      } catch (e) {
        return `quick-look failed: ${failed(e)}`;
      }
    }
    if (m === 'camera') {
      if (!navigator.mediaDevices?.getUserMedia) return 'this browser gives no camera access (getUserMedia)';
      // iOS asks for motion access only within the shopper's tap: ask before anything waits.
      const E = globalThis.DeviceOrientationEvent;
      const motion = typeof E?.requestPermission === 'function' ? E.requestPermission().catch(() => 'denied') : undefined;
      try {
        const viewer = await this.#startRoom();
        const cam = await import(new URL('./ar/camera.js', import.meta.url).href);
        const session = await cam.startCameraView(this, { viewer, root: this.shadowRoot, motion, strings: this.#t('camera') });
        this.#enteredAR('camera', session);
        return null;
      } catch (e) {
        if (e?.name === 'NotAllowedError' || e?.name === 'SecurityError') return 'camera permission denied';
        if (e?.name === 'NotFoundError' || e?.name === 'OverconstrainedError') return 'no camera found';
        if (e?.name === 'NotReadableError') return 'the camera is in use by another app';
        return `camera failed: ${e?.name ?? ''} ${failed(e)}`.trim();
      }
    }
    return 'unknown mode';
  }

  /**
   * Records the session of an entered mode; when it ends (its `ended` promise settles, or
   * stopAR() ends it), back to the 3D view. A session without `ended` (Quick Look opens a
   * separate viewer and may not tell when it closes) lasts until stopAR() or the next startAR().
   */
  #enteredAR(mode, session, after) {
    let done = null;
    const finish = async (r) => {
      if (this.#arSession !== entry) return;
      this.#arSession = null;
      await after?.(r ?? {});
      if (!this.#arSession) this.#arStatus('3d', {});
    };
    const entry = {
      mode,
      end: async () => {
        await session?.end?.();
        return done ?? finish({});
      },
    };
    this.#arSession = entry;
    if (session?.ended) done = Promise.resolve(session.ended).then(finish, () => finish({}));
  }

  #sayAR(text) {
    this.arStatus.textContent = text;
    this.arStatus.hidden = !text;
  }

  #arReasons = {};

  /**
   * The AR badge in the element's language and (unless `fire` is false: a language change) the
   * `ar-status` event, whose `reasons` stay in English (for the host page's code and logs).
   */
  #arStatus(mode, reasons, fire = true) {
    this.#arMode = mode;
    this.#arReasons = { ...reasons };
    const labels = this.#t('arModes');
    const zh = labels !== AR_LABELS;
    const parts = Object.entries(reasons).map(([m, why]) => `${labels[m]}${zh ? '：' : ': '}${this.#t('arReason', why)}`);
    this.#sayAR(mode === '3d' && !parts.length ? '' : this.#t('arBadge', labels[mode], parts));
    if (fire) this.dispatchEvent(new CustomEvent('ar-status', { detail: { mode, reasons: { ...reasons } } }));
  }

}

if (!customElements.get('roomfit-viewer')) customElements.define('roomfit-viewer', RoomfitViewer);
