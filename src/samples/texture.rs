//! Procedural textures (fabric weave, wood grain, an ink-wash print) and PNG encoding.
//!
//! Everything is computed with plain `f32` arithmetic from hashed lattice noise, so the pixels
//! are identical on every machine. Fabric and wood are neutral in colour and seamless: materials
//! tint them with their base colour factor and tile them.

use glam::Vec3;

use super::math::{Rng, hash32, srgb_to_linear};

/// An 8-bit RGB image.
pub(crate) struct Image {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) rgb: Vec<u8>,
}

impl Image {
    fn new(width: u32, height: u32) -> Image {
        Image {
            width,
            height,
            rgb: Vec::with_capacity(width as usize * height as usize * 3),
        }
    }

    fn push(&mut self, c: Vec3) {
        for v in c.to_array() {
            self.rgb.push(to_byte(v));
        }
    }

    /// The mean of the pixels in linear light, per channel.
    pub(crate) fn mean_linear(&self) -> [f32; 3] {
        let lut: Vec<f64> = (0..=255)
            .map(|i| srgb_to_linear(f64::from(i) / 255.0))
            .collect();
        let mut sum = [0.0_f64; 3];
        for px in self.rgb.chunks_exact(3) {
            for (s, &v) in sum.iter_mut().zip(px) {
                *s += lut[usize::from(v)];
            }
        }
        let n = (self.rgb.len() / 3).max(1) as f64;
        sum.map(|s| (s / n) as f32)
    }

    /// The image as a PNG file (8-bit RGB, no colour-space chunks).
    pub(crate) fn to_png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::High);
        // Writing a correctly sized RGB buffer into a Vec cannot fail.
        let written = encoder.write_header().and_then(|mut writer| {
            writer.write_image_data(&self.rgb)?;
            writer.finish()
        });
        written.expect("encoding a well-formed image into memory cannot fail");
        out
    }
}

fn to_byte(v: f32) -> u8 {
    (v.clamp(0.0, 1.0) * 255.0).round() as u8
}

fn lattice(x: i32, y: i32, seed: u32) -> f32 {
    let h = hash32((x as u32) ^ hash32((y as u32) ^ hash32(seed)));
    (h >> 8) as f32 / 16_777_216.0
}

fn smooth(t: f32) -> f32 {
    t * t * (3.0 - 2.0 * t)
}

/// Value noise in `0..1` that repeats every `px` lattice cells in x and `py` in y.
fn noise(x: f32, y: f32, px: i32, py: i32, seed: u32) -> f32 {
    let (fx, fy) = (x.floor(), y.floor());
    let (tx, ty) = (smooth(x - fx), smooth(y - fy));
    let (ix, iy) = (fx as i32, fy as i32);
    let at = |dx: i32, dy: i32| {
        lattice(
            (ix + dx).rem_euclid(px.max(1)),
            (iy + dy).rem_euclid(py.max(1)),
            seed,
        )
    };
    let top = at(0, 0) + (at(1, 0) - at(0, 0)) * tx;
    let bottom = at(0, 1) + (at(1, 1) - at(0, 1)) * tx;
    top + (bottom - top) * ty
}

/// Fractal sum of `octaves` layers of [`noise`], in `0..1`, repeating like the first octave.
fn fbm(x: f32, y: f32, px: i32, py: i32, octaves: u32, seed: u32) -> f32 {
    let (mut sum, mut amp, mut total, mut freq) = (0.0, 1.0, 0.0, 1_i32);
    for o in 0..octaves {
        let f = freq as f32;
        sum += amp
            * noise(
                x * f,
                y * f,
                px * freq,
                py * freq,
                seed.wrapping_add(o * 101),
            );
        total += amp;
        amp *= 0.5;
        freq *= 2;
    }
    sum / total
}

/// A tangent-space normal map from a seamless height field (`heights[y * w + x]`, rows top to
/// bottom), with +X right and +Y up as glTF expects.
fn normal_map(heights: &[f32], w: u32, h: u32, strength: f32) -> Image {
    let (wi, hi) = (w as i64, h as i64);
    let at = |x: i64, y: i64| heights[(y.rem_euclid(hi) * wi + x.rem_euclid(wi)) as usize];
    let mut img = Image::new(w, h);
    for y in 0..hi {
        for x in 0..wi {
            let dx = (at(x + 1, y) - at(x - 1, y)) * 0.5;
            let dy = (at(x, y + 1) - at(x, y - 1)) * 0.5;
            // Image rows grow downwards while the normal map's +Y points up.
            let n = Vec3::new(-strength * dx, strength * dy, 1.0).normalize();
            img.push(n * 0.5 + Vec3::splat(0.5));
        }
    }
    img
}

/// A seamless plain-weave fabric: a light neutral colour map and its normal map.
pub(crate) fn weave(size: u32) -> (Image, Image) {
    const CELL: u32 = 8;
    let cells = (size / CELL) as i32;
    let mut heights = Vec::with_capacity((size * size) as usize);
    let mut shades = Vec::with_capacity((size * size) as usize);
    for y in 0..size {
        for x in 0..size {
            let (cx, cy) = (x / CELL, y / CELL);
            let fx = ((x % CELL) as f32 + 0.5) / CELL as f32;
            let fy = ((y % CELL) as f32 + 0.5) / CELL as f32;
            let warp_on_top = (cx + cy) % 2 == 0;
            let (across, along, thread) = if warp_on_top {
                (fx, fy, cx as i32)
            } else {
                (fy, fx, 1000 + cy as i32)
            };
            let a = 2.0 * across - 1.0;
            let round = (1.0 - a * a).max(0.0).sqrt();
            let b = 2.0 * along - 1.0;
            let dip = 0.72 + 0.28 * (1.0 - b * b);
            // Fibres run along the thread: stretch the noise in that direction.
            let (sx, sy) = (x as f32, y as f32);
            let fibre = if warp_on_top {
                noise(
                    sx * 0.75,
                    sy * 0.125,
                    (size * 3 / 4) as i32,
                    (size / 8) as i32,
                    7,
                )
            } else {
                noise(
                    sx * 0.125,
                    sy * 0.75,
                    (size / 8) as i32,
                    (size * 3 / 4) as i32,
                    8,
                )
            };
            let slub = lattice(thread, 0, 11);
            let mottle = fbm(sx / 32.0, sy / 32.0, cells / 4, cells / 4, 3, 13);
            let h = round * dip + 0.18 * (fibre - 0.5);
            heights.push(h);
            let warp_tone = if warp_on_top { 0.03 } else { -0.02 };
            shades.push(0.70 + 0.22 * h + 0.07 * (slub - 0.5) + 0.06 * (mottle - 0.5) + warp_tone);
        }
    }
    let mut color = Image::new(size, size);
    for s in shades {
        color.push(Vec3::splat(s));
    }
    (color, normal_map(&heights, size, size, 1.1))
}

/// Seamless flat-sawn wood with the grain along `u` (image x): a light oak colour map and its
/// normal map.
pub(crate) fn wood(size: u32) -> (Image, Image) {
    const RINGS: f32 = 14.0;
    let light = Vec3::new(0.84, 0.68, 0.49);
    let dark = Vec3::new(0.56, 0.39, 0.24);
    let mut heights = Vec::with_capacity((size * size) as usize);
    let mut color = Image::new(size, size);
    let s = size as f32;
    for y in 0..size {
        for x in 0..size {
            let (u, v) = (x as f32 / s, y as f32 / s);
            // Rings drift slowly along the board and wobble a little across it.
            let warp = fbm(u * 2.0, v * 3.0, 2, 3, 4, 21);
            let t = v * RINGS + 0.9 * warp;
            let ring = t - t.floor();
            let band = (1.0 - (ring - 0.78).abs() / 0.2).max(0.0);
            let late = band * band * (3.0 - 2.0 * band);
            let pore_noise = noise(u * 6.0, v * 220.0, 6, 220, 23);
            let pore = ((pore_noise - 0.62) * 2.6).clamp(0.0, 1.0);
            let figure = fbm(u * 2.0, v * 6.0, 2, 6, 3, 29);
            let streak = noise(u * 3.0, v * 90.0, 3, 90, 31);
            let d = (0.45 * late + 0.30 * pore + 0.30 * (figure - 0.5) + 0.15 * (streak - 0.5))
                .clamp(0.0, 1.0);
            color.push(light + (dark - light) * d);
            heights.push(1.0 - 0.8 * pore - 0.15 * late);
        }
    }
    (color, normal_map(&heights, size, size, 0.8))
}

/// An ink-wash landscape on warm paper (mountain ridges fading into mist, a pale sun, a
/// column of brush marks and a red seal), `width` by `height` pixels for a print of
/// `aspect` = width / height in the real world.
pub(crate) fn ink_print(width: u32, height: u32, aspect: f32) -> Image {
    let paper = Vec3::new(0.93, 0.90, 0.83);
    let ink = Vec3::new(0.09, 0.09, 0.11);
    let sun = Vec3::new(0.80, 0.38, 0.30);
    let seal = Vec3::new(0.70, 0.12, 0.10);
    let layers: [(f32, f32, f32, u32); 4] = [
        // (base height, amplitude, darkness, seed), far to near
        (0.42, 0.20, 0.30, 41),
        (0.55, 0.16, 0.48, 43),
        (0.68, 0.12, 0.68, 47),
        (0.83, 0.07, 0.88, 53),
    ];
    // Brush marks: a column of small strokes at the right, like a line of calligraphy.
    let mut rng = Rng::new(61);
    let mut strokes: Vec<(f32, f32, f32, f32)> = Vec::new();
    for ch in 0..7 {
        let cy = 0.10 + ch as f32 * 0.045;
        for _ in 0..4 {
            let horizontal = rng.next_f32() < 0.5;
            let (x0, y0) = (0.845 + rng.next_f32() * 0.05, cy + rng.next_f32() * 0.03);
            let (w, h) = if horizontal {
                (0.025 + rng.next_f32() * 0.03, 0.004)
            } else {
                (0.006, 0.015 + rng.next_f32() * 0.02)
            };
            strokes.push((x0, y0, w, h));
        }
    }
    let mut img = Image::new(width, height);
    for py in 0..height {
        for px in 0..width {
            let x = (px as f32 + 0.5) / width as f32;
            let y = (py as f32 + 0.5) / height as f32;
            let grain = noise(px as f32 * 0.5, py as f32 * 0.5, 4096, 4096, 71);
            let mut c = paper * (0.97 + 0.05 * grain);
            // Sun, in real-world proportions.
            let (dx, dy) = ((x - 0.68) * aspect, y - 0.20);
            if dx * dx + dy * dy < 0.055 * 0.055 {
                c = c + (sun - c) * 0.45;
            }
            let mut clear = 1.0;
            for &(base, amp, dark, seed) in &layers {
                let ridge = base - amp * fbm(x * 3.0, seed as f32, 4096, 4096, 5, seed);
                let depth = y - ridge;
                if depth > 0.0 {
                    let edge = (1.0 - depth / 0.006).max(0.0);
                    let wash = (1.0 - depth / 0.18).clamp(0.0, 1.0);
                    let texture = 0.8 + 0.4 * fbm(x * 14.0, y * 10.0, 4096, 4096, 4, seed + 1);
                    let d = (dark * wash * wash * texture + 0.35 * edge).clamp(0.0, 1.0);
                    clear *= 1.0 - d;
                }
            }
            for &(x0, y0, w, h) in &strokes {
                if x >= x0 && x < x0 + w && y >= y0 && y < y0 + h {
                    clear *= 0.12;
                }
            }
            c = ink + (c - ink) * clear;
            // Seal: a 25 mm red square with paper-coloured marks cut into it.
            let (sx, sy) = ((x - 0.80) / 0.0625, (y - 0.86) / (0.0625 * aspect));
            if (0.0..1.0).contains(&sx) && (0.0..1.0).contains(&sy) {
                let cell = lattice((sx * 5.0) as i32, (sy * 5.0) as i32, 83);
                let border = !(0.08..0.92).contains(&sx) || !(0.08..0.92).contains(&sy);
                c = if border || cell < 0.55 { seal } else { paper };
            }
            img.push(c);
        }
    }
    img
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_tiles_seamlessly() {
        for i in 0..20 {
            let y = i as f32 * 0.37;
            assert!((noise(0.25, y, 4, 8, 3) - noise(4.25, y, 4, 8, 3)).abs() < 1e-6);
            assert!((fbm(y, 0.5, 4, 4, 3, 9) - fbm(y, 4.5, 4, 4, 3, 9)).abs() < 1e-6);
        }
    }

    #[test]
    fn flat_height_field_gives_straight_up_normals() {
        let img = normal_map(&[0.5; 16], 4, 4, 1.0);
        assert!(img.rgb.chunks_exact(3).all(|px| px == [128, 128, 255]));
    }

    #[test]
    fn png_round_trips_size() {
        let (color, _) = weave(32);
        let png = color.to_png();
        assert_eq!(&png[1..4], b"PNG");
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info();
        assert!(reader.is_ok_and(|r| r.info().width == 32 && r.info().height == 32));
    }
}
