// WebXR immersive-ar for <roomfit-viewer>: the session, its events and the DOM overlay. All
// rendering, placement and gesture logic runs in the `webgl-ar` WebAssembly build
// (www/pkg/webgl-ar/, src/web/xr/), which this module imports only when AR starts, so shoppers
// who never start AR download none of it (nor this file, which the element imports lazily).
//
//   webxrSupport()  -> { ok, reason }   (reason in plain English when not ok)
//   startWebXR(element, { shareCode, catalogProducts, onStatus, strings })
//                   -> { end(): Promise<void>, ended: Promise<{ shareCode }> }
//
// `catalogProducts`: the products the overlay's drawer offers, as the element's catalog index
// holds them: { retailer, product, name, model (GLB URL), dimensions_mm, placement, variants:
// [{ sku, gltf_variant }], variant? (the SKU to place) }. The first one is the product a tap
// places until the shopper picks another in the drawer. `shareCode`: the room to take into AR
// (its products must be among catalogProducts): it follows the reticle until the shopper's
// first floor tap puts it there (relative positions and turns kept), then items move singly; `ended` resolves with the room's share code when
// the session ends, for the element to restore. `onStatus({ state, message })`: state is one of
// loading, running, placed, measuring, error, ended. `strings`: the overlay's texts in the
// shopper's language (the element's string table, `webxr` entry; keys as ENGLISH below, which
// fills in any missing one); the room's announcements and the tape measure's label come from
// the wasm session in the element's language and units.
//
// Events on `element` (bubbling, composed): `roomfit-analytics` { name: 'ar_start' | 'ar_place'
// | 'ar_place_room' | 'ar_checkout' | 'ar_book_visit' | 'ar_end', params }; the overlay's Checkout button fires
// `roomfit-checkout` { source: 'ar', lines, shareCode } and "Book a store visit" fires
// `roomfit-book-visit` { source: 'ar', skus, shareCode }, both cancellable, at once when tapped
// (the session still running, shareCode the room as it is then); unless a listener called
// preventDefault() (it handled the action in AR), the session then ends.

const OPTIONAL_FEATURES = ['anchors', 'dom-overlay', 'light-estimation', 'depth-sensing'];
// Light estimation is read every this many frames (it changes slowly; uploading the lighting
// re-renders the environment map).
const LIGHT_EVERY = 30;
// Frame times kept for currentARSession(): frameTimes (ms inside the wasm frame call) and
// callbackTimes (ms of the whole XR frame callback, hit test, input and anchors included).
const FRAME_TIMES_KEPT = 600;

// The overlay's texts (the element passes its locale's table as `strings`).
const ENGLISH = {
  starting: 'Starting AR…',
  loading: 'Loading AR…',
  drawer: 'Add furniture',
  measure: 'Measure',
  checkout: 'Checkout',
  visit: 'Book a store visit',
  exit: 'Exit AR',
  tapToPlace: (name, wall) => `Tap ${wall ? 'a wall' : 'the floor'} to place ${name}.`,
  measureHelp: 'Tap two points to measure between them.',
  checkedOut: 'Your room went to checkout. You are still in AR.',
  visitRequested: 'Store visit requested. You are still in AR.',
  cannotShow: (name, message) => `Cannot show ${name}: ${message}`,
  // code: the error's code ('no-surface': the reticle is on no fitting surface), message: its
  // English text.
  cannotPutRoom: (code, message) => `Cannot put your room here: ${message}${code === 'no-surface' ? '.' : ''}`,
  roomHere: (n, name) => `Your room is here (${n} ${n === 1 ? 'item' : 'items'}). Drag an item to move it, or tap the floor to add ${name}.`,
  cannotPlace: (code, message) => (code === 'no-surface' ? `Cannot place here: ${message}.` : `Cannot place: ${message}`),
  placed: (name) => `${name} placed.`,
  distance: (label) => `Distance: ${label}. Tap again to start over.`,
  secondPoint: 'Now tap the second point.',
  cannotMeasure: (code, message) => `Cannot measure here: ${message}.`,
  pointRoom: (n) => `Point at the floor and tap to put your room there (${n} ${n === 1 ? 'item' : 'items'}).`,
  pointFloor: (name) => `Point at the floor, then tap to place ${name}.`,
  hidden: 'Something real is in front of that spot: point where you can see the surface.',
  ended: 'AR ended.',
};

let buildPromise = null;
let active = null;

/** The webgl-ar build (imported once). */
function loadBuild() {
  buildPromise ??= (async () => {
    // Literal paths, so that bundlers (Vite, Rollup) make a chunk of the glue and copy the wasm.
    const mod = await import('../pkg/webgl-ar/roomfit.js');
    await mod.default({ module_or_path: new URL('../pkg/webgl-ar/roomfit_bg.wasm', import.meta.url) });
    return mod;
  })();
  buildPromise.catch(() => {
    buildPromise = null;
  });
  return buildPromise;
}

function fail(code, message) {
  return Object.assign(new Error(message), { code });
}

/** Whether this browser can run roomfit's WebXR AR: { ok, reason }. */
export async function webxrSupport() {
  if (typeof window === 'undefined' || !window.isSecureContext) {
    return { ok: false, reason: 'WebXR needs a secure (https) page.' };
  }
  if (!('xr' in navigator) || !navigator.xr) {
    return { ok: false, reason: 'This browser has no WebXR (navigator.xr is missing).' };
  }
  if (typeof WebGL2RenderingContext === 'undefined' || typeof XRWebGLLayer === 'undefined') {
    return { ok: false, reason: 'This browser has no WebGL2 layer for WebXR.' };
  }
  let supported = false;
  try {
    supported = await navigator.xr.isSessionSupported('immersive-ar');
  } catch (e) {
    return { ok: false, reason: `WebXR cannot tell whether AR works here: ${e?.message ?? e}` };
  }
  if (!supported) {
    return { ok: false, reason: 'This browser or device does not support immersive AR sessions (WebXR immersive-ar).' };
  }
  return { ok: true, reason: '' };
}

/**
 * The running session's internals, for tests and benchmarks (null when none runs): { session,
 * ar (the wasm ArSession), gl, layer, refSpace, enabledFeatures, frameTimes, callbackTimes
 * (ms per frame inside ArSession.frame() and of the whole XR frame callback), hitPose (the last
 * hit's 16 numbers or null), hitKind, occluded (how many views were given a depth map for
 * occlusion in the last frame), depthError (the last depth map refused), afterFrame(callback)
 * (runs callback(frame) right after each frame is drawn, inside the XR frame callback),
 * overlay }.
 */
export function currentARSession() {
  return active;
}

/**
 * The element's units and language as locales, like the element's own rule: units from the
 * `units` attribute, else the language; the language from `locale`, else `lang`, else the
 * browser's.
 */
function localesOf(element) {
  const language = element.getAttribute('locale') || element.getAttribute('lang') || navigator.language || 'und';
  const units = element.getAttribute('units');
  return { units: units === 'imperial' ? 'en-US' : units === 'metric' ? 'und' : language, language };
}

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'style') Object.assign(e.style, v);
    else if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  e.append(...children.filter((c) => c != null));
  return e;
}

const BUTTON_STYLE = {
  font: '15px system-ui, sans-serif', padding: '10px 14px', margin: '4px', borderRadius: '20px',
  border: '0', background: 'rgba(255,255,255,.92)', color: '#111', pointerEvents: 'auto',
};

/** The DOM overlay: status line, product drawer, measure / checkout / store visit / exit. */
function makeOverlay(products, handlers, t) {
  const status = el('p', { class: 'ar-status', role: 'status', 'aria-live': 'polite', style: {
    margin: '12px auto', padding: '8px 12px', maxWidth: '90%', borderRadius: '8px', textAlign: 'center',
    font: '15px system-ui, sans-serif', background: 'rgba(0,0,0,.6)', color: '#fff',
  } }, t.starting);
  const measure = el('p', { class: 'ar-measure', 'aria-live': 'polite', hidden: '', style: {
    margin: '0 auto', padding: '6px 10px', borderRadius: '8px', font: '600 18px system-ui, sans-serif',
    background: '#ffbf00', color: '#111', width: 'fit-content',
  } });
  const drawer = el('div', { class: 'ar-drawer', role: 'group', 'aria-label': t.drawer, style: {
    display: 'flex', overflowX: 'auto', pointerEvents: 'auto', padding: '4px',
  } }, ...products.map((p, i) => el('button', {
    type: 'button', class: 'ar-product', 'data-product': `${p.retailer}/${p.product}`,
    'aria-pressed': i === 0 ? 'true' : 'false', style: { ...BUTTON_STYLE, whiteSpace: 'nowrap' },
    onclick: () => handlers.choose(i),
  }, p.name ?? p.product)));
  const button = (action, label) => el('button', {
    type: 'button', class: `ar-${action}`, 'data-action': action, style: BUTTON_STYLE,
    onclick: () => handlers[action](),
  }, label);
  const actions = el('div', { class: 'ar-actions', style: { display: 'flex', flexWrap: 'wrap', justifyContent: 'center' } },
    button('measure', t.measure), button('checkout', t.checkout), button('visit', t.visit),
    button('exit', t.exit));
  actions.querySelector('.ar-measure').setAttribute('aria-pressed', 'false');
  const bottom = el('div', { style: { position: 'absolute', left: '0', right: '0', bottom: '0', padding: '8px' } },
    measure, drawer, actions);
  const root = el('div', { class: 'roomfit-ar-overlay', style: {
    position: 'fixed', inset: '0', zIndex: '2147483647', pointerEvents: 'none',
  } }, status, bottom);
  // Taps on the overlay's controls must not also place furniture (WebXR DOM overlay).
  root.addEventListener('beforexrselect', (e) => {
    if (e.target instanceof Element && e.target.closest('button, [role=group]')) e.preventDefault();
  });
  return { root, status, measure, drawer, actions };
}

/** Packs the views for ArSession.frame: projection, transform.inverse.matrix, viewport. */
function packViews(pose, layer) {
  const out = new Float32Array(pose.views.length * 36);
  pose.views.forEach((v, i) => {
    const vp = layer.getViewport(v);
    out.set(v.projectionMatrix, i * 36);
    out.set(v.transform.inverse.matrix, i * 36 + 16);
    out.set([vp?.x ?? 0, vp?.y ?? 0, vp?.width ?? 0, vp?.height ?? 0], i * 36 + 32);
  });
  return out;
}

// Depth sensing: a hit counts as hidden when the real depth at its pixel is shorter than the
// hit's own depth by more than this many metres plus this fraction of the hit's depth (phone
// depth maps are coarse and noisier farther away: ARCore's error grows with distance).
const DEPTH_SLACK_M = 0.05;
const DEPTH_SLACK_FRACTION = 0.05;

/**
 * Whether real geometry hides world point `p` ([x, y, z], in the views' reference space) in
 * `view` (an XRView: projectionMatrix, transform): `depth` is the view's
 * XRCPUDepthInformation (getDepthInMeters(x, y) at normalized view coordinates, origin top
 * left; distances along the view's -Z axis, as the point's `virtual` depth here). Returns
 * { hidden, real, virtual, u, v } or null when the point is behind the eye, outside the view or
 * the depth map has no value there. Pure: tests call it with a depth map of their own.
 */
export function depthHides(p, view, depth) {
  const m = view.transform.inverse.matrix;
  const e = [0, 1, 2, 3].map((r) => m[r] * p[0] + m[4 + r] * p[1] + m[8 + r] * p[2] + m[12 + r]);
  const virtual = -e[2];
  if (!(virtual > 0)) return null;
  const P = view.projectionMatrix;
  const clip = [0, 1, 3].map((r) => P[r] * e[0] + P[4 + r] * e[1] + P[8 + r] * e[2] + P[12 + r] * e[3]);
  if (!(clip[2] > 0)) return null;
  const u = (clip[0] / clip[2] + 1) / 2;
  const v = (1 - clip[1] / clip[2]) / 2;
  if (!(u >= 0 && u < 1 && v >= 0 && v < 1)) return null;
  let real;
  try {
    real = depth.getDepthInMeters(u, v);
  } catch {
    return null;
  }
  if (!(real > 0) || !Number.isFinite(real)) return null;
  return { hidden: real < virtual - DEPTH_SLACK_M - DEPTH_SLACK_FRACTION * virtual, real, virtual, u, v };
}

/** An input's target ray in `space`: { o: [x, y, z], d: [x, y, z] } or null. */
function rayOf(frame, source, space) {
  const p = frame?.getPose?.(source.targetRaySpace, space);
  if (!p) return null;
  const m = p.transform.matrix;
  return { o: [m[12], m[13], m[14]], d: [-m[8], -m[9], -m[10]] };
}

/** Fetches a model into the build's memory (Download) and loads it into the session. */
async function loadModel(mod, ar, url) {
  if (ar.has_model(url)) return;
  const response = await fetch(url);
  if (!response.ok) throw fail('fetch', `${url}: HTTP ${response.status}`);
  const into = new mod.Download(Number(response.headers.get('content-length')) || 0);
  try {
    into.push(new Uint8Array(await response.arrayBuffer()));
  } catch (e) {
    into.free();
    throw e;
  }
  await ar.load_model_download(url, into);
}

/**
 * Starts an immersive-ar session for `element` (see the top of this file). Call it from a user
 * gesture (a tap): the session is requested before the AR build has finished downloading.
 */
export async function startWebXR(element, { shareCode = '', catalogProducts = [], onStatus = () => {}, strings } = {}) {
  if (active) throw fail('ar-busy', 'An AR session is already running.');
  const t = { ...ENGLISH, ...strings };
  const status = (state, message) => {
    try {
      onStatus({ state, message });
    } catch {
      // the caller's problem
    }
  };
  const track = (name, params) => element.dispatchEvent(new CustomEvent('roomfit-analytics', {
    bubbles: true, composed: true, detail: { name, params },
  }));
  const support = await webxrSupport();
  if (!support.ok) throw fail('ar-unsupported', support.reason);
  const products = catalogProducts.filter((p) => p && p.retailer && p.product && p.model && p.dimensions_mm);
  if (products.length === 0) throw fail('no-products', 'AR needs at least one product with a model and its size.');

  status('loading', t.loading);
  const building = loadBuild();
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2', {
    xrCompatible: true, antialias: false, alpha: true, depth: false, premultipliedAlpha: true,
  });
  if (!gl) throw fail('no-gpu', 'This browser cannot open WebGL2 for AR.');

  let chosen = 0;
  let measuring = false;
  const overlay = makeOverlay(products, {
    choose: (i) => {
      chosen = i;
      for (const [k, b] of [...overlay.drawer.children].entries()) b.setAttribute('aria-pressed', String(k === i));
      setMeasuring(false);
      ar?.show_reticle_on(products[i].placement === 'wall' ? 'wall' : 'floor');
      say('running', t.tapToPlace(products[i].name ?? products[i].product, products[i].placement === 'wall'));
      preload(products[i]);
    },
    measure: () => setMeasuring(!measuring),
    checkout: () => act('checkout'),
    visit: () => act('visit'),
    exit: () => end(),
  }, t);
  document.body.append(overlay.root);
  const say = (state, message) => {
    overlay.status.textContent = message;
    status(state, message);
  };
  const setMeasuring = (on) => {
    measuring = on;
    overlay.actions.querySelector('.ar-measure').setAttribute('aria-pressed', String(on));
    if (!on) {
      ar?.measure_clear();
      overlay.measure.hidden = true;
    } else {
      ar?.show_reticle_on('floor');
      say('measuring', t.measureHelp);
    }
  };

  let session;
  try {
    session = await navigator.xr.requestSession('immersive-ar', {
      requiredFeatures: ['hit-test'],
      optionalFeatures: ['local-floor', ...OPTIONAL_FEATURES],
      domOverlay: { root: overlay.root },
      depthSensing: { usagePreference: ['cpu-optimized', 'gpu-optimized'], dataFormatPreference: ['luminance-alpha', 'float32'] },
    });
  } catch (e) {
    overlay.root.remove();
    throw fail('ar-refused', `The AR session could not start: ${e?.message ?? e}`);
  }

  let ar = null;
  let ended = false;
  let resolveEnded;
  const endedPromise = new Promise((r) => {
    resolveEnded = r;
  });
  const cleanup = [];
  let finalCode = shareCode;
  session.addEventListener('end', () => {
    ended = true;
    if (ar) {
      finalCode = ar.share_code();
      track('ar_end', { items: ar.summary().items });
    }
    for (const f of cleanup) f();
    overlay.root.remove();
    try {
      ar?.free();
    } catch {
      // already freed
    }
    ar = null;
    active = null;
    say('ended', t.ended);
    resolveEnded({ shareCode: finalCode });
  });
  const end = async () => {
    if (!ended) await session.end().catch(() => {});
    await endedPromise;
  };
  // Checkout and "Book a store visit" act at once, inside AR: the event carries the room as it is
  // now. Its default is to leave AR (the page then opens the checkout or the store finder); a
  // listener that calls preventDefault() handled it in place, and the shopper stays in AR.
  function act(how) {
    const items = ar ? ar.items() : [];
    const code = ar ? ar.share_code() : finalCode;
    let proceed;
    if (how === 'checkout') {
      track('ar_checkout', { items: items.length });
      const lines = new Map();
      for (const i of items) {
        if (!i.variant) continue;
        const key = `${i.retailer}/${i.product}/${i.variant}`;
        const line = lines.get(key) ?? { retailer_id: i.retailer, product_id: i.product, sku: i.variant, quantity: 0 };
        line.quantity += 1;
        lines.set(key, line);
      }
      proceed = element.dispatchEvent(new CustomEvent('roomfit-checkout', {
        bubbles: true, composed: true, cancelable: true, detail: { source: 'ar', lines: [...lines.values()], shareCode: code },
      }));
    } else {
      track('ar_book_visit', { items: items.length });
      proceed = element.dispatchEvent(new CustomEvent('roomfit-book-visit', {
        bubbles: true, composed: true, cancelable: true, detail: { source: 'ar', skus: items.map((i) => i.variant).filter(Boolean), shareCode: code },
      }));
    }
    if (proceed) end();
    else if (!ended) say('running', how === 'checkout' ? t.checkedOut : t.visitRequested);
  }

  let mod;
  let refSpace;
  let hitSource = null;
  const models = new Map();
  function preload(p) {
    if (!models.has(p.model)) {
      const loading = loadModel(mod, ar, p.model);
      models.set(p.model, loading);
      loading.catch((e) => {
        models.delete(p.model);
        if (!ended) say('error', t.cannotShow(p.name ?? p.product, e.message));
      });
    }
    return models.get(p.model);
  }
  try {
    const layer = new XRWebGLLayer(session, gl, { antialias: false, depth: false, alpha: true });
    session.updateRenderState({ baseLayer: layer });
    refSpace = await session.requestReferenceSpace('local-floor').catch(() => session.requestReferenceSpace('local'));
    const viewerSpace = await session.requestReferenceSpace('viewer');
    // Planes, the WebXR default (and what ARCore hit-tests by default): a detected floor goes on
    // under and behind real furniture, which depth sensing then tells apart (below). iwer would
    // hit its boxes and meshes too when not told.
    hitSource = await session.requestHitTestSource({ space: viewerSpace, entityTypes: ['plane'] });
    cleanup.push(() => hitSource?.cancel?.());
    mod = await building;
    ar = await mod.ArSession.create(gl);
    const locales = localesOf(element);
    if (typeof ar.set_units_and_language === 'function') ar.set_units_and_language(locales.units, locales.language);
    else ar.set_locale(locales.units);
    for (const p of products) {
      const d = p.dimensions_mm;
      ar.register_product(
        p.retailer, p.product, p.name ?? p.product, p.model, d.width, d.depth, d.height, p.placement ?? 'floor',
        (p.variants ?? []).map((v) => v.sku), (p.variants ?? []).map((v) => v.gltf_variant ?? ''),
      );
    }
    if (shareCode) {
      const needed = ar.share_code_products(shareCode);
      await Promise.all(needed.map(([r, id]) => {
        const p = products.find((q) => q.retailer === r && q.product === id);
        if (!p) throw fail('unknown-product', `product ${r}/${id} of the room is not in catalogProducts`);
        return preload(p);
      }));
      ar.restore(shareCode);
    }
    preload(products[0]).catch(() => {});
    ar.show_reticle_on(products[0].placement === 'wall' ? 'wall' : 'floor');

    const enabledFeatures = session.enabledFeatures ? [...session.enabledFeatures] : [];
    const anchorsOn = enabledFeatures.includes('anchors');
    const anchors = new Map(); // item id -> XRAnchor
    // Depth sensing with depth on the CPU: hits hidden behind real things are refused, and real
    // things hide the furniture behind them (occlusion). With gpu-optimized depth (what a
    // session grants only when cpu-optimized, asked for first, is not offered) the map is a GL
    // texture that wgpu's GL backend cannot use (docs/dev/ar-prototype.md): neither is done.
    const depthOn = enabledFeatures.includes('depth-sensing') && session.depthUsage === 'cpu-optimized'
      && typeof XRFrame !== 'undefined' && typeof XRFrame.prototype.getDepthInformation === 'function';
    let lightProbe = null;
    if (typeof session.requestLightProbe === 'function') {
      lightProbe = await session.requestLightProbe().catch(() => null);
    }

    // Input: events are queued with their ray (read from the event's frame) and handled in
    // the next XR frame, so the order iwer and Chrome fire select / selectstart in does not
    // matter and the frame's hit result is at hand.
    const queue = [];
    const dragging = new Map(); // XRInputSource -> gesture pointer id
    const gestured = new WeakSet(); // input sources whose press began on an item
    let nextPointer = 1;
    for (const type of ['selectstart', 'selectend', 'select']) {
      session.addEventListener(type, (e) => {
        queue.push({ type, source: e.inputSource, ray: rayOf(e.frame, e.inputSource, refSpace) });
      });
    }
    session.addEventListener('inputsourceschange', (e) => {
      for (const s of e.removed ?? []) {
        const id = dragging.get(s);
        if (id != null && ar) ar.pointer_cancel(id);
        dragging.delete(s);
      }
    });

    const afterFrame = new Set();
    const frameTimes = [];
    const callbackTimes = [];
    active = {
      session, ar, gl, layer, refSpace, enabledFeatures, frameTimes, callbackTimes, hitPose: null, hitKind: 'none',
      depth: depthOn ? session.depthUsage : null, rawHitPose: null, hitDepth: null, hitHidden: false,
      occluded: 0, depthError: null, lightError: null,
      lightProbe: Boolean(lightProbe), overlay: overlay.root,
      afterFrame(cb) {
        afterFrame.add(cb);
        return () => afterFrame.delete(cb);
      },
    };
    // Pairs items with one anchor made at `hit` (they then follow it when tracking recovers).
    const anchorItems = (hit, ids) => {
      if (!anchorsOn || !hit?.createAnchor || ids.length === 0) return;
      const at = hit.getPose(refSpace)?.transform.position;
      if (at) for (const id of ids) ar.anchor_created(id, [at.x, at.y, at.z]);
      hit.createAnchor().then((anchor) => {
        if (ended) anchor.delete?.();
        else for (const id of ids) anchors.set(id, anchor);
      }, () => {});
    };
    // The first floor tap after a restore puts the whole arrangement there.
    const placeRoom = (hit) => {
      let n;
      try {
        n = ar.place_room();
      } catch (e) {
        say('running', t.cannotPutRoom(e.code, e.message));
        return;
      }
      const p = products[chosen];
      say('placed', t.roomHere(n, p.name ?? p.product));
      track('ar_place_room', { items: n });
      anchorItems(hit, ar.items().map((i) => i.id));
    };
    const place = (frame, pose, hit) => {
      if (active.hitHidden) {
        say('running', t.hidden);
        return;
      }
      if (ar.awaiting_room()) {
        placeRoom(hit);
        return;
      }
      const p = products[chosen];
      const eye = pose.transform.position;
      let r;
      try {
        r = ar.place(p.retailer, p.product, p.variant ?? p.variants?.[0]?.sku ?? undefined, eye.x, eye.z);
      } catch (e) {
        say('running', t.cannotPlace(e.code, e.message));
        return;
      }
      const id = r.events[0]?.item;
      say('placed', r.announce || t.placed(p.name ?? p.product));
      track('ar_place', { retailer_id: p.retailer, product_id: p.product, room_item: id });
      if (id != null) anchorItems(hit, [id]);
    };
    const handle = (frame, pose, hit) => {
      for (const q of queue.splice(0)) {
        if (q.type === 'selectstart') {
          const onItem = q.ray && ar.pick(q.ray.o, q.ray.d) != null;
          if (q.ray && (onItem || dragging.size > 0)) {
            const id = nextPointer++;
            dragging.set(q.source, id);
            gestured.add(q.source);
            ar.pointer_down(id, q.ray.o, q.ray.d);
          }
        } else if (q.type === 'selectend') {
          const id = dragging.get(q.source);
          if (id != null) {
            const r = q.ray ? ar.pointer_up(id, q.ray.o, q.ray.d) : ar.pointer_cancel(id);
            dragging.delete(q.source);
            if (r?.announce) say('placed', r.announce);
          }
          // The spec fires select before selectend (iwer 2.5 fires it on the press, before
          // selectstart), so by now this press's select has been seen either way.
          gestured.delete(q.source);
        } else if (q.type === 'select') {
          // A press that began on an item (a drag or a tap to select) places nothing.
          if (dragging.has(q.source) || gestured.has(q.source)) continue;
          if (q.ray && ar.pick(q.ray.o, q.ray.d) != null) continue;
          if (measuring) {
            try {
              const label = ar.measure_point();
              overlay.measure.hidden = !label;
              overlay.measure.textContent = label ?? '';
              say('measuring', label ? t.distance(label) : t.secondPoint);
            } catch (e) {
              say('measuring', t.cannotMeasure(e.code, e.message));
            }
          } else {
            place(frame, pose, hit);
          }
        }
      }
      for (const [source, id] of dragging) {
        const ray = rayOf(frame, source, refSpace);
        if (ray) ar.pointer_move(id, ray.o, ray.d);
      }
    };

    let frames = 0;
    const onFrame = (time, frame) => {
      if (ended) return;
      const start = performance.now();
      session.requestAnimationFrame(onFrame);
      const pose = frame.getViewerPose(refSpace);
      if (!pose || !ar) return;
      const hit = hitSource ? frame.getHitTestResults(hitSource)[0] ?? null : null;
      const hp = hit?.getPose(refSpace);
      let hitPose = hp ? Array.from(hp.transform.matrix) : null;
      active.rawHitPose = hitPose;
      active.hitDepth = null;
      const wasHidden = active.hitHidden;
      active.hitHidden = false;
      // This frame's depth map of each view (XRCPUDepthInformation), or null.
      const depths = depthOn ? pose.views.map((view) => {
        try {
          return frame.getDepthInformation(view) ?? null;
        } catch {
          return null; // not this frame's view, or depth switched off
        }
      }) : [];
      active.occluded = 0;
      // (Switched off, e.g. by a benchmark: the maps are not even handed over.)
      if (depths.length && ar.occlusion()) depths.forEach((depth, i) => {
        // (iwer's mono mode has a right view 0 px wide, with a depth map nobody sees.)
        if (!depth || !(layer.getViewport(pose.views[i])?.width > 0)) return;
        // Occlusion: real things nearer than the furniture hide it (drawn by ar.frame below).
        try {
          ar.set_view_depth(i, depth.width, depth.height, new Uint8Array(depth.data),
            depth.dataFormat ?? session.depthDataFormat ?? 'luminance-alpha', depth.rawValueToMeters,
            depth.normDepthBufferFromNormView.matrix);
          active.occluded++;
        } catch (e) {
          if (!active.depthError) console.warn('roomfit: depth map refused:', e?.message ?? e);
          active.depthError = e;
        }
      });
      if (hitPose && depthOn) {
        // Hidden when real geometry is nearer in every view that has depth there.
        const point = [hitPose[12], hitPose[13], hitPose[14]];
        const checks = pose.views.map((view, i) => (depths[i] ? depthHides(point, view, depths[i]) : null))
          .filter(Boolean);
        active.hitDepth = checks;
        if (checks.length && checks.every((c) => c.hidden)) {
          active.hitHidden = true;
          hitPose = null;
        }
      }
      if (active.hitHidden && !wasHidden) say('running', t.hidden);
      active.hitPose = hitPose;
      active.hitKind = ar.set_hit(hitPose ?? undefined);
      handle(frame, pose, hit);
      if (anchorsOn) {
        for (const [id, anchor] of anchors) {
          if (frame.trackedAnchors && !frame.trackedAnchors.has(anchor)) continue;
          const p = frame.getPose(anchor.anchorSpace, refSpace)?.transform.position;
          if (p) ar.follow_anchor(id, [p.x, p.y, p.z]);
        }
      }
      if (lightProbe && frames % LIGHT_EVERY === 0) {
        const est = frame.getLightEstimate?.(lightProbe);
        if (est) {
          const d = est.primaryLightDirection;
          const c = est.primaryLightIntensity;
          const sh = est.sphericalHarmonicsCoefficients;
          // The estimate is in the probe's space: its pose turns it into the session's.
          const probePose = lightProbe.probeSpace ? frame.getPose(lightProbe.probeSpace, refSpace) : null;
          try {
            ar.set_light([d.x, d.y, d.z], [c.x, c.y, c.z], sh?.length === 27 ? Array.from(sh) : undefined,
              probePose ? Array.from(probePose.transform.matrix) : undefined);
          } catch (e) {
            // A broken estimate (not finite, no direction) keeps the light as it was.
            if (!active.lightError) console.warn('roomfit: light estimate refused:', e?.message ?? e);
            active.lightError = e;
          }
        }
      }
      const t0 = performance.now();
      ar.frame(layer.framebuffer, layer.framebufferWidth, layer.framebufferHeight, packViews(pose, layer));
      frameTimes.push(performance.now() - t0);
      if (frameTimes.length > FRAME_TIMES_KEPT) frameTimes.shift();
      // wgpu leaves a draw framebuffer bound and the scissor test on; the session (and iwer's
      // clear of the next frame) expect neither.
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      gl.disable(gl.SCISSOR_TEST);
      callbackTimes.push(performance.now() - start);
      if (callbackTimes.length > FRAME_TIMES_KEPT) callbackTimes.shift();
      frames++;
      for (const cb of afterFrame) cb(frame);
    };
    session.requestAnimationFrame(onFrame);
    cleanup.push(() => {
      for (const a of new Set(anchors.values())) a.delete?.();
      anchors.clear();
    });
    const items = ar.summary().items;
    track('ar_start', { mode: 'webxr', features: enabledFeatures, items });
    const first = products[0];
    say('running', items ? t.pointRoom(items) : t.pointFloor(first.name ?? first.product));
  } catch (e) {
    await end().catch(() => {});
    throw e.code ? e : fail('ar-failed', `AR failed to start: ${e?.message ?? e}`);
  }
  return { end, ended: endedPromise };
}
