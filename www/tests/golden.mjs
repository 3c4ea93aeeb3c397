// Golden screenshots: compare a PNG with a checked-in reference under a tolerance, write
// NAME-actual.png and NAME-diff.png to www/tests/output/ on a mismatch, and regenerate the
// reference with UPDATE_GOLDENS=1.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

import { decodePng, saveOutput } from './harness.mjs';

export const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes { width, height, data (RGBA) } as a PNG. */
export function encodePng({ width, height, data }) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(data.buffer, data.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const sig = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([sig, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * Compares two decoded images: a pixel differs when any channel differs by more than
 * `threshold` (0..255). Returns { differing, nonZero (pixels that differ at all), fraction, maxDelta, diff } with diff an image
 * (differing pixels red, the rest a faded copy of `expected`).
 */
export function compareImages(actual, expected, threshold) {
  const { width, height } = expected;
  const diff = new Uint8Array(width * height * 4);
  let differing = 0;
  let nonZero = 0;
  let maxDelta = 0;
  for (let i = 0; i < width * height * 4; i += 4) {
    let d = 0;
    for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs(actual.data[i + c] - expected.data[i + c]));
    maxDelta = Math.max(maxDelta, d);
    if (d > 0) nonZero++;
    if (d > threshold) {
      differing++;
      diff.set([255, 0, 0, 255], i);
    } else {
      const g = 160 + Math.round((expected.data[i] + expected.data[i + 1] + expected.data[i + 2]) / 12);
      diff.set([g, g, g, 255], i);
    }
  }
  return { differing, nonZero, fraction: differing / (width * height), maxDelta, diff: { width, height, data: diff } };
}

/**
 * Checks `png` against www/tests/golden/NAME.png. With UPDATE_GOLDENS=1 (or when the golden is
 * missing and UPDATE_GOLDENS is set) writes it instead. Throws, after writing NAME-actual.png and
 * NAME-diff.png to www/tests/output/, when more than `maxFraction` of the pixels differ by more
 * than `threshold`. Returns the comparison (or { updated: true }).
 */
export function expectGolden(name, png, { threshold, maxFraction }) {
  const file = path.join(goldenDir, `${name}.png`);
  if (process.env.UPDATE_GOLDENS === '1') {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, png);
    return { updated: true };
  }
  if (!existsSync(file)) {
    saveOutput(`${name}-actual.png`, png);
    throw new Error(`no golden image ${path.relative(process.cwd(), file)}: run with UPDATE_GOLDENS=1 to create it (actual written to www/tests/output/)`);
  }
  const expected = decodePng(readFileSync(file));
  const actual = decodePng(png);
  if (actual.width !== expected.width || actual.height !== expected.height) {
    saveOutput(`${name}-actual.png`, png);
    throw new Error(`${name}: size ${actual.width}×${actual.height}, golden ${expected.width}×${expected.height}`);
  }
  const r = compareImages(actual, expected, threshold);
  if (r.fraction > maxFraction) {
    saveOutput(`${name}-actual.png`, png);
    saveOutput(`${name}-diff.png`, encodePng(r.diff));
    throw new Error(
      `${name}: ${r.differing} pixels (${(r.fraction * 100).toFixed(3)} %) differ by more than ${threshold}, ` +
        `allowed ${(maxFraction * 100).toFixed(3)} %; see www/tests/output/${name}-actual.png and -diff.png ` +
        '(UPDATE_GOLDENS=1 regenerates the goldens when the change is intended)',
    );
  }
  return r;
}
