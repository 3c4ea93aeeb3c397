// The part of <roomfit-viewer> (www/roomfit-viewer.js) that a product page does not need before
// its first frame: the room (the move to the room build, addToRoom, restore, fitCheck), the
// catalogs (fetched and merged in the handoff build; `product`, retailers, compare), checkout,
// and the AR mode chain (startAR; the modes themselves are www/ar/*.js). The element imports
// this module the first time one of these is needed (once per page), and its methods wait for
// it, so calls made meanwhile keep their order. Not part of the public API: the element's
// methods are (www/roomfit-viewer.d.ts).
//
// room(element, k) gives one element's part; `k` is what the element lends it of its private
// state (roomfit-viewer.js, #kernel).

/** The AR modes, best first. */
const AR_MODES = ['webxr', 'quick-look', 'camera', '3d'];

// The English strings of this part (the element's language table, when Simplified Chinese,
// has them all: www/roomfit-viewer-zh.js). The camera view's and the WebXR overlay's English
// texts are their modules' own defaults (www/ar/camera.js, www/ar/webxr.js): t('camera') and
// t('webxr') give them nothing in English.
const EN = {
  arModes: { webxr: 'WebXR AR', 'quick-look': 'AR Quick Look', camera: 'Camera view', '3d': '3D view' },
  // The badge shows the `ar-status` reasons (English in the event's detail) as they are.
  arReason: (why) => why,
  arBadge: (label, parts) => `${label}${parts.length ? ` (${parts.join('; ')})` : ''}`,
  quickLook: { buy: 'Buy', checkOut: 'Check out', room: (n) => `Your room: ${n} items` },
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

/** A catalog product and one of its SKUs in GA4's item shape. */
function gaItem(entry, sku) {
  const v = entry.variants.find((x) => x.sku === sku) ?? entry.variants[0];
  return {
    item_id: v?.sku ?? entry.product, item_name: entry.name, item_brand: entry.retailerName,
    item_variant: v?.name, price: Number(v?.price ?? 0), quantity: 1,
  };
}

const fail = (message, code, pointer) => Object.assign(new Error(message), pointer === undefined ? { code } : { code, pointer });

/** The room, catalog, checkout and AR part of the element `el`. */
export function room(el, k) {
  let roomStart = null; // Promise of the viewer with the room (startRoom)
  let catalog = null; // { key (the URLs), loading: Promise of { catalogs, retailers, index } }
  const models = new Map(); // model URL -> Promise of its load into the viewer
  let arSession = null; // { mode, end(), ended } of the AR mode in use
  let arReasons = {};

  /** This part's strings in the element's language. */
  const t = (key, ...args) => {
    const v = (k.zh() ?? EN)[key];
    return typeof v === 'function' ? v(...args) : v;
  };

  /**
   * The viewer with the room. The WebGPU build fetched before the first frame shows the
   * product only; the first call here loads the room build (pkg/webgpu-room/, once per page),
   * opens its viewer on a new canvas, shows the same product there (the model from the HTTP
   * cache, same variant, exposure, units and camera), and swaps that canvas in only once it has
   * drawn, so the shopper never sees a blank frame. Then the product-view viewer is freed.
   * With the WebGL2 fallback build (which has the room) this is the element's #start().
   */
  function startRoom() {
    roomStart ??= (async () => {
      const viewer = await k.start();
      if (k.hasRoom(k.mod)) return viewer;
      const full = await k.loadNamedBuild('webgpu-room');
      // A model that is loading goes into the product viewer first; then it moves over with
      // the rest. (Only the newest load settles; an overtaken one stops at its next step.)
      while (!k.settled()) await k.loading();
      const moved = moveToRoomBuild(full, viewer);
      // From here on, loads and room calls wait for the room build's viewer; if the move
      // fails, the product viewer (untouched) goes on.
      const starting = k.starting;
      k.starting = moved;
      moved.catch(() => {
        if (k.starting === moved) k.starting = starting;
      });
      return moved;
    })();
    roomStart.catch(() => {
      roomStart = null;
    });
    return roomStart;
  }

  async function moveToRoomBuild(full, old) {
    const canvas = el.canvas.cloneNode(false);
    delete canvas.dataset.bound;
    // Under the old canvas (the host's `contain` makes it a stacking context) until it has drawn.
    canvas.style.cssText = 'position:absolute;inset:0;z-index:-1';
    el.canvas.before(canvas);
    let viewer = null;
    try {
      viewer = await full.Viewer.create(canvas);
      const dpr = Math.min(window.devicePixelRatio || 1, 2);
      k.sizeViewer(viewer, Math.max(1, Math.round(el.clientWidth * dpr)), Math.max(1, Math.round(el.clientHeight * dpr)));
      const exposure = Number(el.getAttribute('exposure') ?? 1);
      if (Number.isFinite(exposure) && exposure >= 0) viewer.set_exposure(exposure);
      const url = k.shownUrl();
      if (url) {
        // The same URL again: the browser's HTTP cache answers when the response allows it.
        const file = await k.download(full, url, () => {}, { cache: 'force-cache' });
        await viewer.load_download(file);
        try {
          viewer.set_variant(k.variantName());
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
    const focused = el.shadowRoot.activeElement === el.canvas;
    const oldCanvas = el.canvas;
    canvas.style.cssText = '';
    el.canvas = canvas;
    k.mod = full;
    k.viewer = viewer;
    k.pointers.clear();
    k.bindInput();
    k.applyUnits();
    oldCanvas.remove();
    if (focused) canvas.focus({ preventScroll: true });
    old.free();
    viewer.redraw();
    viewer.frame();
    // The room calls made meanwhile, in order.
    for (const f of k.pending.splice(0)) k.report(f(viewer));
    return viewer;
  }

  /** An `error` event about a catalog (or the part of it that was left out). */
  function catalogError(detail) {
    el.dispatchEvent(new CustomEvent('error', {
      detail: { code: detail.code, pointer: detail.pointer ?? '', message: detail.message, url: detail.url },
    }));
  }

  /**
   * Fetches the catalogs in parallel (once per list of URLs) and merges them in the wasm
   * (`Catalogs` of the handoff build, loaded here). A catalog that cannot be fetched or read, a
   * retailer id already used by an earlier catalog, or a broken retailer fires an `error` event
   * naming the URL and JSON pointer; the rest is kept.
   */
  function catalogData() {
    const urls = el.catalogs.map((u) => new URL(u, document.baseURI).href);
    if (urls.length === 0) return null;
    const key = urls.join(' ');
    if (catalog?.key !== key) {
      const loading = (async () => {
        const [mod, texts] = await Promise.all([
          loadHandoffBuild(),
          Promise.all(urls.map(async (url) => {
            try {
              const r = await fetch(url);
              if (!r.ok) throw new Error(`HTTP ${r.status}`);
              return await r.text();
            } catch (e) {
              catalogError({ code: 'fetch', url, message: `The catalog ${url} could not be fetched (${e.message}).` });
              return null;
            }
          })),
        ]);
        const ok = urls.flatMap((url, i) => (texts[i] === null ? [] : [[url, texts[i]]]));
        const catalogs = new mod.Catalogs(ok.map(([u]) => u), ok.map(([, text]) => text));
        for (const issue of JSON.parse(catalogs.issues())) catalogError(issue);
        // The wasm says which retailers and products were kept; their JSON is read here.
        const docs = new Map();
        const retailers = JSON.parse(catalogs.kept()).map(({ source, index, products }) => {
          if (!docs.has(source)) docs.set(source, JSON.parse(ok.find(([u]) => u === source)[1]));
          const retailer = { ...docs.get(source).retailers[index] };
          retailer.products = products.map((j) => retailer.products[j]);
          return { source, retailer };
        });
        const lang = el.getAttribute('locale') || el.getAttribute('lang') || document.documentElement.lang || 'en';
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
      catalog = { key, loading };
      loading.catch(() => {
        if (catalog?.key === key) catalog = null;
      });
    }
    return catalog.loading;
  }

  /** The merged catalogs' products by "retailer/product", or null without catalogs. */
  async function catalogIndex() {
    const data = catalogData();
    return data ? (await data).index : null;
  }

  /** The full description of a product: as given, or completed from the catalog. */
  async function product(spec) {
    if (spec.model && spec.dimensions_mm) return spec;
    const index = await catalogIndex();
    const found = index?.get(`${spec.retailer}/${spec.product}`);
    if (!found) throw fail(`product ${spec.retailer}/${spec.product} is not in the catalog`, 'unknown-product');
    return { ...found, ...spec, model: spec.model ?? found.model, dimensions_mm: spec.dimensions_mm ?? found.dimensions_mm };
  }

  /** Registers a product with the viewer and loads its model (once per URL). */
  async function prepare(viewer, spec) {
    const p = await product(spec);
    const model = new URL(p.model, document.baseURI).href;
    const d = p.dimensions_mm;
    viewer.register_product(
      p.retailer, p.product, p.name ?? p.product, model, d.width, d.depth, d.height, p.placement ?? 'floor',
      (p.variants ?? []).map((v) => v.sku), (p.variants ?? []).map((v) => v.gltf_variant ?? ''),
    );
    if (!models.has(model)) {
      const loading = (async () => {
        const file = await k.download(k.mod, model, (loaded, total) => {
          el.dispatchEvent(new CustomEvent('progress', { detail: { loaded, total, url: model } }));
        });
        return viewer.load_model_download(model, file);
      })();
      models.set(model, loading);
      loading.catch(() => models.delete(model));
    }
    await models.get(model);
    return p;
  }

  /** The room's cart: one line per SKU with its count. */
  function cart() {
    const lines = new Map();
    for (const i of el.roomItems()) {
      if (!i.variant) continue;
      const key = `${i.retailer}/${i.product}/${i.variant}`;
      const line = lines.get(key) ?? { retailer_id: i.retailer, product_id: i.product, sku: i.variant, quantity: 0 };
      line.quantity += 1;
      lines.set(key, line);
    }
    return [...lines.values()];
  }

  /** roomfit's variant_changed, when `variant` is one of the shown catalog product's SKUs. */
  function trackVariant(entry, variant) {
    if (entry && !el.getAttribute('src') && entry.variants.some((v) => v.sku === variant)) {
      k.track('variant_changed', { item_id: variant, product_id: entry.product, retailer_id: entry.retailer });
    }
  }

  /** The modes of the `ar-modes` attribute, in order of preference. */
  function arModes() {
    const attr = el.getAttribute('ar-modes');
    const words = (attr ?? 'webxr quick-look camera 3d').split(/\s+/).filter(Boolean);
    return [...new Set(words.filter((w) => AR_MODES.includes(w)))];
  }

  /** Enters mode `m`; null on success, else why it is not available. */
  async function tryAR(m) {
    const shareCode = () => el.shareCode();
    const catalogProducts = async () => [...((await catalogIndex().catch(() => null))?.values() ?? [])];
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
        const session = await xr.startWebXR(el, {
          shareCode: shareCode(),
          catalogProducts: await catalogProducts(),
          onStatus: (detail) => sayAR(typeof detail === 'string' ? detail : detail?.message ?? ''),
          strings: t('webxr'),
        });
        enteredAR('webxr', session, async ({ shareCode: code } = {}) => {
          if (code && code !== el.shareCode()) await el.restore(code).catch(() => {});
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
        const session = await ql.startQuickLook(el, { shareCode: shareCode(), catalogProducts: await catalogProducts(), strings: t('quickLook') });
        enteredAR('quick-look', session);
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
        const viewer = await startRoom();
        const cam = await import(new URL('./ar/camera.js', import.meta.url).href);
        const session = await cam.startCameraView(el, { viewer, root: el.shadowRoot, motion, strings: t('camera') });
        enteredAR('camera', session);
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
  function enteredAR(mode, session, after) {
    let done = null;
    const finish = async (r) => {
      if (arSession !== entry) return;
      arSession = null;
      await after?.(r ?? {});
      if (!arSession) arStatus('3d', {});
    };
    const entry = {
      mode,
      end: async () => {
        await session?.end?.();
        return done ?? finish({});
      },
    };
    arSession = entry;
    if (session?.ended) done = Promise.resolve(session.ended).then(finish, () => finish({}));
  }

  function sayAR(text) {
    el.arStatus.textContent = text;
    el.arStatus.hidden = !text;
  }

  /**
   * The AR badge in the element's language and (unless `fire` is false: a language change) the
   * `ar-status` event, whose `reasons` stay in English (for the host page's code and logs).
   */
  function arStatus(mode, reasons, fire = true) {
    k.arMode = mode;
    arReasons = { ...reasons };
    const labels = t('arModes');
    const zh = labels !== EN.arModes;
    const parts = Object.entries(reasons).map(([m, why]) => `${labels[m]}${zh ? '：' : ': '}${t('arReason', why)}`);
    sayAR(mode === '3d' && !parts.length ? '' : t('arBadge', labels[mode], parts));
    if (fire) el.dispatchEvent(new CustomEvent('ar-status', { detail: { mode, reasons: { ...reasons } } }));
  }

  return {
    startRoom,

    /** The catalog entry of the `product` attribute ("retailer/product"). */
    async catalogProduct() {
      const key = el.getAttribute('product') ?? '';
      const index = await catalogIndex();
      if (!index) throw fail('the product attribute needs a catalog attribute (or the catalogs property)', 'no-catalog');
      const found = index.get(key);
      if (!found) throw fail(`product ${key} is not in the catalog`, 'unknown-product', 'product');
      return found;
    },

    /** GA4's view_item once a catalog product is drawn (and variant_changed if picked meanwhile). */
    viewed(entry, variant, variantAtStart) {
      const item = gaItem(entry, variant);
      k.track('view_item', { currency: entry.currency, value: item.price, items: [item] });
      if (variant !== variantAtStart) trackVariant(entry, variant);
    },

    trackVariant,

    async retailers() {
      const data = catalogData();
      return data ? structuredClone((await data).retailers) : [];
    },

    async compare(retailer, productId) {
      const data = catalogData();
      if (!data) throw fail('compare: the element has no catalogs', 'no-catalog');
      const { catalogs } = await data;
      const locale = el.getAttribute('locale') || el.getAttribute('lang') || document.documentElement.lang ||
        navigator.language || 'en';
      const units = el.getAttribute('units') ?? '';
      let rows;
      try {
        rows = JSON.parse(catalogs.compare(String(retailer), String(productId), locale, units));
      } catch (e) {
        throw fail(e.message, e.code ?? 'unknown-product');
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
    },

    async addToRoom(item) {
      try {
        const viewer = await startRoom();
        const p = await prepare(viewer, item);
        const r = k.report(viewer.add_item(p.retailer, p.product, item.variant ?? undefined));
        await k.drawn();
        k.posterDrawn();
        const id = r.events[0]?.item ?? null;
        const sku = item.variant ?? p.variants?.[0]?.sku;
        if (p.currency !== undefined) {
          const ga = gaItem(p, sku);
          k.track('add_to_cart', { currency: p.currency, value: ga.price, items: [ga] });
        }
        k.track('item_placed', { item_id: sku ?? p.product, product_id: p.product, retailer_id: p.retailer, room_item: id });
        return { id, announce: r.announce };
      } catch (e) {
        k.fail(e, item?.model ?? null);
        throw e;
      }
    },

    async restore(code) {
      try {
        const viewer = await startRoom();
        const needed = viewer.share_code_products(code);
        await Promise.all(needed.map(([retailer, productId]) => prepare(viewer, { retailer, product: productId })));
        const r = k.report(viewer.restore(code));
        await k.drawn();
        k.posterDrawn();
        return { items: viewer.items().length, announce: r.announce };
      } catch (e) {
        k.fail(e, null);
        throw e;
      }
    },

    async fitCheck(space) {
      const scale = { m: 1, cm: 0.01, mm: 0.001, in: 0.0254, ft: 0.3048 }[space?.unit ?? 'm'];
      if (scale === undefined) throw fail(`fitCheck: unknown unit ${space.unit}`, 'invalid', '/unit');
      const metres = (key) => {
        const v = space?.[key];
        if (v === undefined || v === null || v === '') return undefined;
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw fail(`fitCheck: ${key} ${v} is not a size`, 'invalid', `/${key}`);
        return n * scale;
      };
      const width = metres('width');
      const depth = metres('depth');
      const height = metres('height');
      if (width === undefined || depth === undefined) {
        throw fail('fitCheck: width and depth are required', 'invalid', width === undefined ? '/width' : '/depth');
      }
      const index = await catalogIndex();
      if (!index) throw fail('fitCheck: the element has no catalog attribute', 'no-catalog');
      const products = [...index.values()];
      const viewer = await startRoom();
      k.applyUnits();
      const d = (key) => products.map((p) => p.dimensions_mm?.[key] ?? 0);
      const fits = viewer.fit_check(width, depth, height, d('width'), d('depth'), d('height'));
      return products.map((p, i) => ({ retailer: p.retailer, product: p.product, name: p.name, ...fits[i] }));
    },

    async checkoutPlan() {
      const index = await catalogIndex();
      if (!index) throw fail('checkout needs the catalog attribute', 'no-catalog');
      const [mod, { retailers }] = await Promise.all([loadHandoffBuild(), catalogData()]);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(location.hostname);
      // Each retailer's relative checkout URLs resolve against its own catalog's URL.
      const handoff = mod.Handoff.merged(JSON.stringify(retailers), loopback);
      try {
        return JSON.parse(handoff.checkout(JSON.stringify(cart())));
      } finally {
        handoff.free();
      }
    },

    async checkout(retailerId) {
      const plan = await el.checkoutPlan();
      const r = plan.find((x) => x.retailer_id === retailerId);
      if (!r) throw fail(`the room has nothing from ${retailerId}`, 'unknown-retailer');
      const detail = { retailer: r.retailer_id, url: r.links[0]?.url, links: r.links, lines: r.lines, total: r.total, currency: r.currency };
      const proceeded = el.dispatchEvent(new CustomEvent('roomfit-checkout', { bubbles: true, composed: true, cancelable: true, detail }));
      k.track('begin_checkout', {
        currency: r.currency,
        value: Number(r.total),
        items: r.lines.map((l) => ({
          item_id: l.sku, item_name: l.product_name, item_brand: r.retailer_name, item_variant: l.variant_name,
          price: Number(l.unit_price), quantity: l.quantity,
        })),
      });
      if (proceeded && detail.url) location.assign(detail.url);
      return { detail, proceeded };
    },

    async startAR(mode) {
      await k.strings();
      const allowed = arModes();
      let order = allowed;
      const reasons = {};
      if (mode !== undefined) {
        if (!AR_MODES.includes(mode)) throw fail(`startAR: unknown mode ${mode} (use ${AR_MODES.join(', ')})`, 'invalid');
        const at = allowed.indexOf(mode);
        if (at < 0) {
          if (mode !== '3d') reasons[mode] = 'not in the ar-modes attribute';
          order = allowed.filter((m) => AR_MODES.indexOf(m) > AR_MODES.indexOf(mode));
        } else {
          order = allowed.slice(at);
        }
      }
      await arSession?.end();
      for (const m of order) {
        if (m === '3d') break;
        const why = await tryAR(m);
        if (why === null) {
          arStatus(m, reasons);
          return m;
        }
        reasons[m] = why;
      }
      arStatus('3d', reasons);
      return '3d';
    },

    async stopAR() {
      await arSession?.end();
    },

    /** The AR badge of mode `mode` again, in the element's (new) language. */
    arBadge(mode) {
      arStatus(mode, arReasons, false);
    },
  };
}
