// <roomfit-viewer>: shows a retailer's 3D furniture. Attributes in, CustomEvents out; all
// drawing happens in roomfit's WebAssembly module.
//
// Attributes: src (GLB URL), variant (a KHR_materials_variants name), renderer ("auto" |
// "webgpu" | "webgl", read once when the viewer starts), alt (text for screen readers).
// Events: load {backend, triangles, size_m, variants}, progress {loaded, total},
// variantchange {variant} (after the new look is drawn), error {code, pointer, message, url}.

const builds = new Map();

/** Whether the browser offers a WebGPU adapter (not just the API). */
async function hasWebGPU() {
  if (!('gpu' in navigator) || !navigator.gpu) return false;
  try {
    return (await navigator.gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

/** Loads the WebGPU build, or the WebGL2 build only when WebGPU is missing (or forced). */
async function loadBuild(preference) {
  const name = preference === 'webgl' || (preference !== 'webgpu' && !(await hasWebGPU())) ? 'webgl' : 'webgpu';
  if (!builds.has(name)) {
    const base = new URL(`./pkg/${name}/`, import.meta.url);
    builds.set(name, (async () => {
      const mod = await import(new URL('roomfit.js', base).href);
      await mod.default({ module_or_path: new URL('roomfit_bg.wasm', base) });
      return mod;
    })());
  }
  return builds.get(name);
}

async function fetchWithProgress(url, onProgress, signal) {
  const response = await fetch(url, { signal });
  if (!response.ok) throw Object.assign(new Error(`${url}: HTTP ${response.status}`), { code: 'fetch' });
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const template = `
<style>
  :host { display: block; position: relative; width: 100%; height: 360px; contain: content; }
  canvas { width: 100%; height: 100%; display: block; touch-action: none; outline: none; }
  canvas:focus-visible { box-shadow: inset 0 0 0 3px #1a73e8; }
  .status { position: absolute; inset: auto 0 0 0; padding: 6px 10px; font: 13px system-ui, sans-serif;
            color: #333; background: rgba(255,255,255,.85); }
  .status[hidden] { display: none; }
  progress { width: 100%; height: 4px; position: absolute; top: 0; left: 0; appearance: none; border: 0; }
  progress[hidden] { display: none; }
</style>
<canvas part="canvas" tabindex="0" role="img"></canvas>
<progress part="progress" max="1" value="0" hidden></progress>
<div class="status" part="status" role="status" aria-live="polite" hidden></div>`;

export class RoomfitViewer extends HTMLElement {
  static observedAttributes = ['src', 'variant', 'alt'];

  #viewer = null;
  #starting = null;
  #loadToken = 0;
  #raf = 0;
  #settledToken = 0; // the last load token that finished (drawn or failed)
  #connected = false;
  #pointers = new Map();

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = template;
    this.canvas = root.querySelector('canvas');
    this.progress = root.querySelector('progress');
    this.status = root.querySelector('.status');
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
    if (first && this.getAttribute('src')) this.#load();
  }

  disconnectedCallback() {
    this.#resizeObserver?.disconnect();
    cancelAnimationFrame(this.#raf);
    this.#raf = 0;
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.#connected) return;
    if (name === 'src' && value) this.#load();
    if (name === 'variant') this.#applyVariant();
    if (name === 'alt') this.canvas.setAttribute('aria-label', value ?? '');
  }

  #resizeObserver = null;

  #say(text) {
    this.status.textContent = text;
    this.status.hidden = !text;
  }

  async #start() {
    if (!this.#starting) {
      this.#starting = (async () => {
        const mod = await loadBuild(this.getAttribute('renderer') || 'auto');
        this.#resize();
        this.#viewer = await mod.Viewer.create(this.canvas);
        this.#resize();
        this.#loop();
        return this.#viewer;
      })();
    }
    return this.#starting;
  }

  #resize() {
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const w = Math.max(1, Math.round(this.clientWidth * dpr));
    const h = Math.max(1, Math.round(this.clientHeight * dpr));
    if (!this.#viewer) {
      this.canvas.width = w;
      this.canvas.height = h;
    } else {
      this.#viewer.resize(w, h);
    }
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

  /** Waits until the next frame has been drawn. */
  #drawn() {
    return new Promise((resolve) => {
      const start = this.#viewer.frames();
      const check = () => (this.#viewer.frames() > start ? resolve() : requestAnimationFrame(check));
      requestAnimationFrame(check);
    });
  }

  async #load() {
    const url = new URL(this.getAttribute('src'), document.baseURI).href;
    const token = ++this.#loadToken;
    this.progress.hidden = false;
    this.progress.value = 0;
    this.#say('Loading…');
    try {
      const viewer = await this.#start();
      const bytes = await fetchWithProgress(url, (loaded, total) => {
        if (total) this.progress.value = loaded / total;
        this.dispatchEvent(new CustomEvent('progress', { detail: { loaded, total } }));
      });
      if (token !== this.#loadToken) return;
      const info = JSON.parse(await viewer.load_glb(bytes));
      if (token !== this.#loadToken) return;
      this.#settledToken = token;
      this.#setVariant();
      await this.#drawn();
      this.progress.hidden = true;
      this.#say('');
      const detail = { url, backend: viewer.backend(), ...info };
      this.canvas.setAttribute('aria-label', this.getAttribute('alt') || 'A 3D view of the product');
      this.dispatchEvent(new CustomEvent('load', { detail }));
    } catch (e) {
      if (token === this.#loadToken) {
        this.#settledToken = token;
        this.#fail(e, url);
      }
    }
  }

  /** Applies the variant attribute to the shown model; false if it was refused. */
  #setVariant() {
    const v = this.getAttribute('variant');
    try {
      this.#viewer.set_variant(v || undefined);
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
      }
    }
  }

  #fail(e, url) {
    this.progress.hidden = true;
    const detail = { code: e?.code ?? 'error', pointer: e?.pointer ?? '', message: String(e?.message ?? e), url };
    this.#say(`Cannot show this model: ${detail.message}`);
    this.dispatchEvent(new CustomEvent('error', { detail }));
  }

  #bindInput() {
    const c = this.canvas;
    if (c.dataset.bound) return;
    c.dataset.bound = '1';
    c.addEventListener('pointerdown', (e) => {
      c.setPointerCapture(e.pointerId);
      this.#pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    });
    const end = (e) => this.#pointers.delete(e.pointerId);
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', end);
    c.addEventListener('pointermove', (e) => {
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
      this.#viewer.zoom(Math.exp(-e.deltaY * 0.002));
    }, { passive: false });
    c.addEventListener('keydown', (e) => {
      if (!this.#viewer) return;
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
}

if (!customElements.get('roomfit-viewer')) customElements.define('roomfit-viewer', RoomfitViewer);
