// iOS AR Quick Look for <roomfit-viewer> (www/ar/quicklook.js).

/** Whether this browser opens AR Quick Look, and if not, why (plain English). */
export interface QuickLookSupport {
  ok: boolean;
  /** Empty when ok. */
  reason: string;
}

/** ok iff `document.createElement('a').relList.supports('ar')` (Safari on iPhone and iPad). */
export function quickLookSupport(): QuickLookSupport;

/** An item to show: a catalog product in one variant. */
export interface QuickLookItem {
  retailer: string;
  product: string;
  /** The SKU; default: the product's first variant. */
  variant?: string;
  /** A room item's id (its pose in the room is used when several items are shown). */
  id?: number;
  /** A model-to-world matrix instead (16 numbers, column-major, metres, Y up). */
  transform?: ArrayLike<number>;
}

/** What the banner's tap asks the page to check out. */
export interface QuickLookCheckoutRequest {
  mode: 'quick-look';
  items: { retailer_id: string; product_id: string; sku: string; quantity: number }[];
  shareCode: string | null;
}

export interface QuickLookOptions {
  /** Default: the element's room (`roomItems()`). One item is shown alone; several as placed. */
  items?: QuickLookItem[];
  /** The room's share code: the share sheet then shares this page with `?room=CODE`. */
  shareCode?: string;
  /**
   * Called when the shopper taps the banner's button. Default: the element's checkout(retailer)
   * for items from one retailer, else a `roomfit-ar-checkout` event with the request as detail.
   */
  checkout?: (request: QuickLookCheckoutRequest) => unknown;
  /** The button's text (default 'Buy' for one product, 'Check out' for a room). */
  callToAction?: string;
  /** For the price (default: the element's locale or lang attribute, else the browser's). */
  locale?: string;
  /** The banner's texts in the shopper's language (default English: 'Buy', 'Check out',
   * 'Your room: N items'); the element passes its own in its language. */
  strings?: { buy?: string; checkOut?: string; room?: (items: number) => string };
}

export interface QuickLookSession {
  /** The link opened: the USDZ URL with the Quick Look fragment. */
  href: string;
  /** 'catalog': the catalog's prebuilt USDZ; 'built': written in the browser. */
  source: 'catalog' | 'built';
  /** The USDZ written in the browser (null for 'catalog'). */
  bytes: Uint8Array | null;
  /** The banner's texts, or null without a checkout. */
  banner: { callToAction: string; checkoutTitle: string; checkoutSubtitle: string; price: string } | null;
  /** The <a rel="ar"> (inside the element's shadow root). */
  anchor: HTMLAnchorElement;
  /** Removes the link and releases the USDZ's blob URL. */
  close(): void;
}

/**
 * Writes the USDZ (or uses the catalog's) and opens it in AR Quick Look with the checkout banner.
 * Needs the element's `catalog` attribute. Rejects with an Error carrying `code` ('no-catalog',
 * 'no-items', 'unknown-product', 'unknown-variant', 'fetch', or the usdz build's codes) and,
 * where it applies, a JSON `pointer`.
 */
export function startQuickLook(element: HTMLElement, options?: QuickLookOptions): Promise<QuickLookSession>;
