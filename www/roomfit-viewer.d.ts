// Types of <roomfit-viewer> (www/roomfit-viewer.js): attributes in, methods, CustomEvents out.

/** A product to place in the room. With the `catalog` attribute set, `retailer` and `product`
 * (and optionally `variant`) are enough; otherwise give the rest too. */
export interface RoomProduct {
  /** Retailer id. */
  retailer: string;
  /** Product id within the retailer. */
  product: string;
  /** Variant SKU (the catalog's `variants[].sku`); the default look when left out. */
  variant?: string;
  /** The GLB's URL. */
  model?: string;
  /** Display name used in announcements ("Armchair placed, 82 cm from the sofa"). */
  name?: string;
  /** True size in millimetres. */
  dimensions_mm?: { width: number; depth: number; height: number };
  /** Where it goes. Default "floor". */
  placement?: 'floor' | 'wall' | 'tabletop';
  /** Which KHR_materials_variants variant each SKU shows ("" for none). */
  variants?: { sku: string; gltf_variant?: string }[];
}

/** An item in the room. Positions in metres (floor x, z of the footprint centre), yaw in
 * degrees counter-clockwise seen from above, sizes in millimetres. */
export interface RoomItem {
  id: number;
  retailer: string;
  product: string;
  variant: string | null;
  name: string;
  placement: 'floor' | 'wall' | 'tabletop';
  x: number;
  z: number;
  yaw: number;
  width: number;
  depth: number;
  height: number;
}

/** What a room action did. */
export interface RoomReport {
  handled: boolean;
  events: { kind: string; item: number | null; announce: string }[];
  /** The sentence also put in the aria-live region. */
  announce: string;
  roomChanged: boolean;
  selectionChanged: boolean;
  selected: number | null;
  redraw: boolean;
}

export interface RoomfitViewerEventMap extends HTMLElementEventMap {
  load: CustomEvent<{
    url: string;
    backend: 'webgpu' | 'webgl2';
    triangles: number;
    size_m: [number, number, number];
    variants: string[];
    materials: number;
    textures: number;
    undecodable_textures: number[];
  }>;
  /** Bytes of the .wasm build (`kind` "wasm", first) or of a model (`kind` "model") so far;
   * `total` is 0 when unknown (e.g. a compressed response). */
  progress: CustomEvent<{ loaded: number; total: number; url: string; kind: 'wasm' | 'model' }>;
  variantchange: CustomEvent<{ variant: string | null }>;
  /** `message`: as written by roomfit (English, for developers and retailers); `text`: the
   * status the element shows the shopper, in its language (for the codes a shopper can meet a
   * translated sentence in Simplified Chinese). */
  error: CustomEvent<{ code: string; pointer: string; message: string; url: string | null; text?: string }>;
  /** The room's items or walls changed (`reason`: placed, moved, turned, duplicated, removed,
   * undone, redone, restored). */
  roomchange: CustomEvent<{ reason: string; items: number; shareCode: string }>;
  /** The selection changed. */
  select: CustomEvent<{ item: RoomItem | null; dimensions: string | null }>;
  /** What the element announced to screen readers. */
  announce: CustomEvent<{ text: string }>;
  /** Analytics for the host page (bubbles; roomfit sends nothing anywhere): GA4's `view_item`
   * (a `product` drawn), `add_to_cart` (addToRoom of a catalog product), `begin_checkout`
   * (checkout()) with GA4 items, and `variant_changed` (a SKU of `product` drawn) and
   * `item_placed` (addToRoom). The demo shop adds `store_search` and `appointment_booked`. */
  'roomfit-analytics': CustomEvent<{ name: string; params: Record<string, unknown> }>;
  /** checkout(retailer) is about to open `url` (bubbles); preventDefault() keeps the page (a
   * host page with its own cart). The WebXR overlay's Checkout fires it too, with an
   * `ARCheckoutDetail` (`source: 'ar'`), while AR runs; AR then ends unless cancelled. */
  'roomfit-checkout': CustomEvent<CheckoutDetail>;
  /** The WebXR overlay's "Book a store visit" (bubbles, cancellable), while AR runs; AR then
   * ends unless a listener called preventDefault(). */
  'roomfit-book-visit': CustomEvent<ARBookVisitDetail>;
  /** The AR mode entered (by startAR, or '3d' when an AR mode ends), and why each better mode
   * of `ar-modes` was not available (e.g. webxr: 'this browser has no WebXR', 'quick-look':
   * 'not iOS Safari: AR Quick Look is iOS only', camera: 'camera permission denied'). */
  'ar-status': CustomEvent<ARStatus>;
}

/** GA4's item shape, as in `roomfit-analytics` events. */
export interface AnalyticsItem {
  item_id: string;
  item_name: string;
  item_brand: string;
  item_variant?: string;
  price: number;
  quantity: number;
}

/** One retailer's part of the room, with its checkout links (from the catalog). */
export interface CheckoutGroup {
  retailer_id: string;
  retailer_name: string;
  currency: string;
  /** Duplicates merged, in cart order; prices are decimal strings. */
  lines: { product_id: string; product_name: string; sku: string; variant_name: string; quantity: number; unit_price: string; line_total: string }[];
  total: string;
  /** One link (Shopify) or one per line (WooCommerce, templates); `lines` indexes `lines`. */
  links: { url: string; lines: number[] }[];
}

/** The `roomfit-checkout` event's detail. */
export interface CheckoutDetail {
  retailer: string;
  /** The cart URL that will be opened (the first of `links`). */
  url: string | undefined;
  links: CheckoutGroup['links'];
  lines: CheckoutGroup['lines'];
  total: string;
  currency: string;
}

/** `roomfit-checkout` from the WebXR overlay: the room's lines by SKU and its share code. */
export interface ARCheckoutDetail {
  source: 'ar';
  lines: { retailer_id: string; product_id: string; sku: string; quantity: number }[];
  shareCode: string;
}

/** `roomfit-book-visit` from the WebXR overlay: the room's SKUs and its share code. */
export interface ARBookVisitDetail {
  source: 'ar';
  skus: string[];
  shareCode: string;
}

/** An AR mode: WebXR immersive-ar, iOS AR Quick Look, the camera view, or the 3D room view. */
export type ARMode = 'webxr' | 'quick-look' | 'camera' | '3d';

/** The payload of `ar-status`. */
export interface ARStatus {
  mode: ARMode;
  reasons: { webxr?: string; 'quick-look'?: string; camera?: string };
}

/** A free space for fitCheck: numbers (or numeric strings) in metres unless `unit` says. */
export interface FreeSpaceSize {
  width: number | string;
  depth: number | string;
  height?: number | string;
  unit?: 'm' | 'cm' | 'mm' | 'in' | 'ft';
}

/** One catalog product against a free space. */
export interface FitResult {
  retailer: string;
  product: string;
  name: string;
  fits: boolean;
  /** It fits (or comes closest) turned by 90°. */
  turned: boolean;
  /** The tightest clearance, labelled in the shopper's units: '1 cm to spare', '3 cm too big'. */
  margin: string;
  /** Margins in mm on each axis of the space (negative: too big); heightMm null without a height. */
  widthMm: number;
  depthMm: number;
  heightMm: number | null;
  /** 'Fits, 1 cm to spare in width and 1 cm in depth' or 'Does not fit: 1 cm too wide'. */
  text: string;
}

/** A retailer of the merged catalogs, with the catalog it came from. */
export interface SourcedRetailer {
  /** The catalog's URL (absolute); relative URLs in `retailer` are relative to it. */
  source: string;
  /** The retailer as in the catalog format (docs/catalog.md): id, name, currency, locale,
   * checkout, allowed_hosts, stores, products. */
  retailer: { id: string; name: string; currency: string; locale: string; products: unknown[]; [key: string]: unknown };
}

/** One product in a side-by-side comparison. "Similar": the same category and placement, and
 * each of width, depth and height within 10 cm or 15 % (whichever is larger) of the compared
 * product's. */
export interface ComparedProduct {
  retailer: string;
  retailer_name: string;
  product: string;
  /** In the shopper's locale (else the retailer's, English, any). */
  name: string;
  category: string;
  /** ISO 4217 code of the retailer's prices. */
  currency: string;
  /** Lowest and highest variant price as in the catalog ("999.00"). */
  price_min: string;
  price_max: string;
  /** Formatted for the shopper's locale in the retailer's currency: '€999.00 – €1,299.00'. */
  price: string;
  dimensions_mm: { width: number; depth: number; height: number };
  /** Width × depth × height in the shopper's units and language ('86 × 88 × 80 cm', '86 × 88 × 80 厘米'). */
  dimensions: string;
  /** The product's and its variants' materials, in the shopper's locale. */
  materials: string[];
  /** Sum of the three size differences to the compared product in mm (0 for itself). */
  difference_mm: number;
}

export class RoomfitViewer extends HTMLElement {
  /** Attributes: src, variant (a glTF variant name, or with `product` one of its SKUs), alt,
   * renderer ("auto" | "webgpu" | "webgl"), catalog (space-separated URLs of catalog JSON
   * files, fetched in parallel and merged, for addToRoom, restore, `product`, fitCheck,
   * checkout, retailers and compare), product ("retailer/product" of the catalog: its model and poster;
   * `src` wins when both are set), poster (image URL shown until the model is drawn, then
   * faded out; default: the catalog poster of `product`), exposure (number, default 1),
   * loading ("lazy", default: nothing is fetched until the element is within 200 px of the
   * viewport; "eager": at once), units ("metric" | "imperial"), locale or lang (the shopper's
   * units when `units` is absent; else navigator.language; also the language of the element's
   * status, labels, buttons and keys help and of the room's announcements, size labels and
   * fitCheck texts: Simplified Chinese, with metric units in 厘米/米, for zh, zh-CN or zh-Hans,
   * else English), ar-modes (the AR modes startAR
   * may use, best first, space-separated; default "webxr quick-look camera 3d"). */
  static observedAttributes: string[];
  /** The `exposure` attribute as a number (default 1; 0 or more, at most 16 is used). */
  exposure: number;
  /** The poster image (in the shadow root; part "poster"). */
  readonly poster: HTMLImageElement;
  /** The progress bar (in the shadow root; part "progress"): the .wasm fills 40 %, the model the rest. */
  readonly progress: HTMLProgressElement;
  /** The catalog URLs: set an array to use it instead of the `catalog` attribute (null: the
   * attribute again). A catalog that cannot be fetched or read, a retailer id that an earlier
   * catalog already uses, or a broken retailer fires `error` (`url`, `pointer`, `code`:
   * fetch, invalid-json, unsupported-version, invalid-retailer, duplicate-retailer,
   * duplicate-product, too-large); everything else is kept. */
  catalogs: string[];
  /** The drawing surface (in the shadow root). */
  readonly canvas: HTMLCanvasElement;
  /** "webgpu" or "webgl2" once started, else null. */
  readonly backend: 'webgpu' | 'webgl2' | null;

  /** Places a product in the room and shows the room; resolves once it is drawn. */
  addToRoom(item: RoomProduct): Promise<{ id: number | null; announce: string }>;
  /** The room's share code (compact, URL-safe, versioned). */
  shareCode(): string;
  /** Restores a room from a share code (products from the `catalog` attribute). */
  restore(code: string): Promise<{ items: number; announce: string }>;
  undo(): RoomReport | null;
  redo(): RoomReport | null;
  removeSelected(): RoomReport | null;
  duplicateSelected(): RoomReport | null;
  /** Selects an item by id (null: nothing). */
  select(id: number | null): RoomReport | null;
  /** An item's width × depth × height in the shopper's units ('210 × 92 × 83 cm'), or null. */
  dimensions(id: number): string | null;
  /** "Will it fit": a free space (metres, or `unit`) against every product of the catalog. */
  fitCheck(space: FreeSpaceSize): Promise<FitResult[]>;
  /** The room grouped by retailer with checkout links (loads the handoff build on first use;
   * needs the `catalog` attribute). */
  checkoutPlan(): Promise<CheckoutGroup[]>;
  /** Fires `roomfit-checkout` (cancellable) and `begin_checkout`, then opens the retailer's
   * cart unless cancelled. */
  checkout(retailerId: string): Promise<{ detail: CheckoutDetail; proceeded: boolean }>;
  /** The retailers of all the catalogs, merged, in catalog order ([] without catalogs). */
  retailers(): Promise<SourcedRetailer[]>;
  /** The product first, then the similar products of all the catalogs, closest first. Rejects
   * with code "unknown-product" or "no-catalog". */
  compare(retailer: string, product: string): Promise<ComparedProduct[]>;
  /** Frames the whole room. */
  frameRoom(): void;
  /** Four walls (mm); setWalls(0, 0, 0) removes them. */
  setWalls(width: number, depth: number, height: number): RoomReport | null;
  roomItems(): RoomItem[];
  /** The room as JSON text (version, layout, items). */
  roomJSON(): string | null;
  /** Shows the room (true) or the single product of `src` (false). */
  showRoom(on?: boolean): void;
  /** A picture of the current view (product or room, without the selection outline): a frame
   * is drawn and the canvas read.
   * `type` "image/png" (default), "image/jpeg" or "image/webp"; `quality` 0..1 for the lossy ones. */
  screenshot(options?: { type?: string; quality?: number }): Promise<Blob>;
  /** Resolves after the next frame is drawn. */
  drawn(): Promise<void>;
  /** Where an item's footprint centre at `height` metres is on the canvas (CSS px). */
  itemOnScreen(id: number, height?: number): Float32Array | null;
  /** The AR mode in use. */
  readonly arMode: ARMode;
  /** Enters the best available AR mode of `ar-modes` (from `mode` on, if given); resolves to the
   * mode entered ('3d' when none is available) and fires `ar-status`. The camera view shows
   * the rear camera behind the room (3-DoF from device orientation, the camera height set by
   * the shopper; placement is approximate); its image never leaves the device. */
  startAR(mode?: ARMode): Promise<ARMode>;
  /** Leaves the AR mode in use (the camera view's tracks are stopped); back to the 3D view. */
  stopAR(): Promise<void>;

  addEventListener<K extends keyof RoomfitViewerEventMap>(
    type: K,
    listener: (this: RoomfitViewer, ev: RoomfitViewerEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'roomfit-viewer': RoomfitViewer;
  }
}
