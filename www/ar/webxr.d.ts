// Types of www/ar/webxr.js: WebXR immersive-ar for <roomfit-viewer>, imported only when AR starts.

/** A product the AR overlay's drawer offers (the element's catalog index entry). */
export interface ARProduct {
  retailer: string;
  product: string;
  name?: string;
  /** The GLB's URL. */
  model: string;
  dimensions_mm: { width: number; depth: number; height: number };
  placement?: 'floor' | 'wall' | 'tabletop';
  variants?: { sku: string; gltf_variant?: string }[];
  /** The SKU to place (default: the first variant). */
  variant?: string;
}

/** What AR is doing: loading, running, placed, measuring, error or ended, and a sentence. */
export interface ARStatus {
  state: 'loading' | 'running' | 'placed' | 'measuring' | 'error' | 'ended';
  message: string;
}

/** Whether immersive-ar can run here; `reason` says why not in plain English. */
export function webxrSupport(): Promise<{ ok: boolean; reason: string }>;

/**
 * Starts an immersive-ar session for `element` (call it from a tap). `shareCode` is the room to
 * take into AR; the first of `catalogProducts` is what a tap places until the shopper picks
 * another in the drawer. `ended` resolves with the room's share code for the element to restore.
 * Rejects with an Error whose `code` is ar-unsupported, ar-refused, ar-busy, no-products,
 * no-gpu, unknown-product or ar-failed.
 */
export function startWebXR(
  element: HTMLElement,
  options: { shareCode?: string; catalogProducts: ARProduct[]; onStatus?: (status: ARStatus) => void },
): Promise<{ end(): Promise<void>; ended: Promise<{ shareCode: string }> }>;

/** The running session's internals for tests and benchmarks (null when none runs). */
export function currentARSession(): unknown;
