//! A QR code encoder for the try-on ticket: byte mode, error correction level M, versions 1 to
//! 10 (up to 213 bytes, plenty for a ticket URL). ISO/IEC 18004: Reed-Solomon over GF(256),
//! function patterns, zig-zag data placement, all eight masks scored by the standard penalty
//! rules, BCH-coded format and version information.

/// Text that does not fit a version-10 code at level M.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} bytes do not fit a QR code of version 10 at level M (at most {MAX_BYTES})")]
pub struct QrError(pub usize);

/// The most bytes a code holds (version 10, level M).
pub const MAX_BYTES: usize = 213;

/// Per version 1..=10 at level M: (EC codewords per block, blocks, total codewords).
const LEVEL_M: [(usize, usize, usize); 10] = [
    (10, 1, 26),
    (16, 1, 44),
    (26, 1, 70),
    (18, 2, 100),
    (24, 2, 134),
    (16, 4, 172),
    (18, 4, 196),
    (22, 4, 242),
    (22, 5, 292),
    (26, 5, 346),
];

/// Alignment pattern centres per version.
const ALIGNMENT: [&[usize]; 10] = [
    &[],
    &[6, 18],
    &[6, 22],
    &[6, 26],
    &[6, 30],
    &[6, 34],
    &[6, 22, 38],
    &[6, 24, 42],
    &[6, 26, 46],
    &[6, 28, 50],
];

/// A QR code: a square of dark (`true`) and light modules, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrCode {
    version: usize,
    size: usize,
    mask: u8,
    modules: Vec<bool>,
    function: Vec<bool>,
}

impl QrCode {
    /// Encodes `data` (a URL's bytes) in the smallest version that holds it.
    pub fn encode(data: &[u8]) -> Result<QrCode, QrError> {
        let version = (1..=10)
            .find(|&v| data.len() <= capacity(v))
            .ok_or(QrError(data.len()))?;
        let codewords = add_error_correction(version, &data_codewords(version, data));
        let size = version * 4 + 17;
        let mut code = QrCode {
            version,
            size,
            mask: 0,
            modules: vec![false; size * size],
            function: vec![false; size * size],
        };
        code.draw_function_patterns();
        code.draw_codewords(&codewords);
        let mut best: Option<(u32, u8)> = None;
        for mask in 0..8 {
            code.apply_mask(mask);
            code.draw_format(mask);
            let penalty = code.penalty();
            if best.is_none_or(|(p, _)| penalty < p) {
                best = Some((penalty, mask));
            }
            code.apply_mask(mask); // undo (XOR)
        }
        let mask = best.map_or(0, |(_, m)| m);
        code.apply_mask(mask);
        code.draw_format(mask);
        code.mask = mask;
        Ok(code)
    }

    /// Version, 1 to 10.
    pub fn version(&self) -> usize {
        self.version
    }

    /// Modules per side (21 to 57).
    pub fn size(&self) -> usize {
        self.size
    }

    /// The mask pattern chosen, 0 to 7.
    pub fn mask(&self) -> u8 {
        self.mask
    }

    /// Whether the module at column `x`, row `y` is dark (outside is light).
    pub fn dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.modules[y * self.size + x]
    }

    /// An SVG image with a 4-module quiet zone, one path, `shape-rendering: crispEdges`.
    pub fn to_svg(&self) -> String {
        let side = self.size + 8;
        let mut path = String::new();
        for y in 0..self.size {
            for x in 0..self.size {
                if self.dark(x, y) {
                    path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }

    fn set(&mut self, x: usize, y: usize, dark: bool) {
        let i = y * self.size + x;
        self.modules[i] = dark;
        self.function[i] = true;
    }

    fn draw_function_patterns(&mut self) {
        let size = self.size;
        for i in 0..size {
            self.set(6, i, i % 2 == 0);
            self.set(i, 6, i % 2 == 0);
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            self.draw_finder(cx, cy);
        }
        let centres = ALIGNMENT[self.version - 1];
        for (i, &cx) in centres.iter().enumerate() {
            for (j, &cy) in centres.iter().enumerate() {
                let last = centres.len() - 1;
                let corner = (i == 0 && (j == 0 || j == last)) || (i == last && j == 0);
                if !corner {
                    for dy in 0..5_usize {
                        for dx in 0..5_usize {
                            let ring = dx.abs_diff(2).max(dy.abs_diff(2));
                            self.set(cx + dx - 2, cy + dy - 2, ring != 1);
                        }
                    }
                }
            }
        }
        self.draw_format(0); // reserve the format areas (redrawn per mask)
        if self.version >= 7 {
            let bits = version_bits(self.version);
            for i in 0..18 {
                let dark = (bits >> i) & 1 == 1;
                let (a, b) = (size - 11 + i % 3, i / 3);
                self.set(a, b, dark);
                self.set(b, a, dark);
            }
        }
    }

    fn draw_finder(&mut self, cx: usize, cy: usize) {
        for dy in -4_i32..=4 {
            for dx in -4_i32..=4 {
                let (x, y) = (cx as i32 + dx, cy as i32 + dy);
                if x < 0 || y < 0 || x >= self.size as i32 || y >= self.size as i32 {
                    continue;
                }
                let ring = dx.abs().max(dy.abs());
                self.set(x as usize, y as usize, ring != 2 && ring != 4);
            }
        }
    }

    fn draw_format(&mut self, mask: u8) {
        // Level M is 00.
        let data = u32::from(mask);
        let mut rem = data;
        for _ in 0..10 {
            rem = (rem << 1) ^ ((rem >> 9) * 0x537);
        }
        let bits = ((data << 10) | rem) ^ 0x5412;
        let bit = |i: u32| (bits >> i) & 1 == 1;
        let size = self.size;
        for i in 0..=5 {
            self.set(8, i as usize, bit(i));
        }
        self.set(8, 7, bit(6));
        self.set(8, 8, bit(7));
        self.set(7, 8, bit(8));
        for i in 9..15 {
            self.set(14 - i as usize, 8, bit(i));
        }
        for i in 0..8 {
            self.set(size - 1 - i as usize, 8, bit(i));
        }
        for i in 8..15 {
            self.set(8, size - 15 + i as usize, bit(i));
        }
        self.set(8, size - 8, true);
    }

    fn draw_codewords(&mut self, codewords: &[u8]) {
        let size = self.size;
        let total_bits = codewords.len() * 8;
        let mut i = 0;
        let mut right = size - 1;
        loop {
            if right == 6 {
                right = 5;
            }
            for vert in 0..size {
                for j in 0..2 {
                    let x = right - j;
                    let upward = (right + 1) & 2 == 0;
                    let y = if upward { size - 1 - vert } else { vert };
                    if !self.function[y * size + x] && i < total_bits {
                        self.modules[y * size + x] = (codewords[i >> 3] >> (7 - (i & 7))) & 1 == 1;
                        i += 1;
                    }
                }
            }
            if right < 2 {
                break;
            }
            right -= 2;
        }
    }

    fn apply_mask(&mut self, mask: u8) {
        for y in 0..self.size {
            for x in 0..self.size {
                let flip = match mask {
                    0 => (x + y) % 2 == 0,
                    1 => y % 2 == 0,
                    2 => x % 3 == 0,
                    3 => (x + y) % 3 == 0,
                    4 => (x / 3 + y / 2) % 2 == 0,
                    5 => x * y % 2 + x * y % 3 == 0,
                    6 => (x * y % 2 + x * y % 3) % 2 == 0,
                    _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
                };
                let i = y * self.size + x;
                if flip && !self.function[i] {
                    self.modules[i] = !self.modules[i];
                }
            }
        }
    }

    /// ISO/IEC 18004 section 7.8.3 penalty: runs, 2×2 blocks, finder-like patterns, balance.
    fn penalty(&self) -> u32 {
        let n = self.size;
        let mut score = 0;
        let line = |get: &dyn Fn(usize) -> bool| -> u32 {
            let mut s = 0;
            let mut run = 1;
            for i in 1..n {
                if get(i) == get(i - 1) {
                    run += 1;
                } else {
                    if run >= 5 {
                        s += 3 + run - 5;
                    }
                    run = 1;
                }
            }
            if run >= 5 {
                s += 3 + run - 5;
            }
            // 1:1:3:1:1 with four light modules on one side (outside counts as light).
            let at = |i: isize| i >= 0 && (i as usize) < n && get(i as usize);
            for i in -4..n as isize {
                let core = [true, false, true, true, true, false, true];
                let matches = (0..7).all(|k| at(i + k) == core[k as usize]);
                if matches {
                    let before = (1..=4).all(|k| !at(i - k));
                    let after = (7..11).all(|k| !at(i + k));
                    if before || after {
                        s += 40;
                    }
                }
            }
            s as u32
        };
        for y in 0..n {
            score += line(&|x| self.dark(x, y));
        }
        for x in 0..n {
            score += line(&|y| self.dark(x, y));
        }
        for y in 0..n - 1 {
            for x in 0..n - 1 {
                let c = self.dark(x, y);
                if c == self.dark(x + 1, y)
                    && c == self.dark(x, y + 1)
                    && c == self.dark(x + 1, y + 1)
                {
                    score += 3;
                }
            }
        }
        let dark = self.modules.iter().filter(|&&m| m).count();
        let total = n * n;
        let deviation = (dark * 20).abs_diff(total * 10);
        score += 10 * (deviation.div_ceil(total).saturating_sub(1)) as u32;
        score
    }
}

/// Bytes version `v` holds at level M.
fn capacity(version: usize) -> usize {
    let (ec, blocks, total) = LEVEL_M[version - 1];
    let data_bits = (total - ec * blocks) * 8;
    let header = 4 + if version < 10 { 8 } else { 16 };
    (data_bits - header) / 8
}

/// Mode, count, bytes, terminator and padding.
fn data_codewords(version: usize, data: &[u8]) -> Vec<u8> {
    let (ec, blocks, total) = LEVEL_M[version - 1];
    let capacity_bits = (total - ec * blocks) * 8;
    let mut bits: Vec<bool> = Vec::with_capacity(capacity_bits);
    fn push(bits: &mut Vec<bool>, value: u32, count: u32) {
        for i in (0..count).rev() {
            bits.push((value >> i) & 1 == 1);
        }
    }
    push(&mut bits, 0b0100, 4);
    push(
        &mut bits,
        data.len() as u32,
        if version < 10 { 8 } else { 16 },
    );
    for &b in data {
        push(&mut bits, u32::from(b), 8);
    }
    let terminator = (capacity_bits - bits.len()).min(4);
    push(&mut bits, 0, terminator as u32);
    while !bits.len().is_multiple_of(8) {
        bits.push(false);
    }
    let mut bytes: Vec<u8> = bits
        .chunks(8)
        .map(|c| c.iter().fold(0, |acc, &b| (acc << 1) | u8::from(b)))
        .collect();
    for pad in [0xEC, 0x11].into_iter().cycle() {
        if bytes.len() * 8 >= capacity_bits {
            break;
        }
        bytes.push(pad);
    }
    bytes
}

/// Splits into blocks, appends each block's Reed-Solomon codewords and interleaves.
fn add_error_correction(version: usize, data: &[u8]) -> Vec<u8> {
    let (ec, blocks, total) = LEVEL_M[version - 1];
    let short_len = total / blocks - ec; // data codewords in a short block
    let long_blocks = total % blocks;
    let divisor = rs_divisor(ec);
    let mut split: Vec<(Vec<u8>, Vec<u8>)> = Vec::with_capacity(blocks);
    let mut offset = 0;
    for b in 0..blocks {
        let len = short_len + usize::from(b >= blocks - long_blocks);
        let block = data[offset..offset + len].to_vec();
        offset += len;
        let ecc = rs_remainder(&block, &divisor);
        split.push((block, ecc));
    }
    let mut out = Vec::with_capacity(total);
    for i in 0..=short_len {
        for (block, _) in &split {
            if let Some(&b) = block.get(i) {
                out.push(b);
            }
        }
    }
    for i in 0..ec {
        for (_, ecc) in &split {
            out.push(ecc[i]);
        }
    }
    out
}

fn gf_mul(x: u8, y: u8) -> u8 {
    let mut z: u32 = 0;
    for i in (0..8).rev() {
        z = (z << 1) ^ ((z >> 7) * 0x11D);
        z ^= ((u32::from(y) >> i) & 1) * u32::from(x);
    }
    z as u8
}

fn rs_divisor(degree: usize) -> Vec<u8> {
    let mut result = vec![0u8; degree];
    result[degree - 1] = 1;
    let mut root = 1u8;
    for _ in 0..degree {
        for j in 0..degree {
            result[j] = gf_mul(result[j], root);
            if j + 1 < degree {
                result[j] ^= result[j + 1];
            }
        }
        root = gf_mul(root, 0x02);
    }
    result
}

fn rs_remainder(data: &[u8], divisor: &[u8]) -> Vec<u8> {
    let mut result = vec![0u8; divisor.len()];
    for &b in data {
        let factor = b ^ result[0];
        result.rotate_left(1);
        if let Some(last) = result.last_mut() {
            *last = 0;
        }
        for (r, &d) in result.iter_mut().zip(divisor) {
            *r ^= gf_mul(d, factor);
        }
    }
    result
}

fn version_bits(version: usize) -> u32 {
    let v = version as u32;
    let mut rem = v;
    for _ in 0..12 {
        rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
    }
    (v << 12) | rem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacities_and_versions() {
        let caps: Vec<usize> = (1..=10).map(capacity).collect();
        assert_eq!(caps, [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]);
        assert_eq!(QrCode::encode(&[b'a'; 14]).unwrap().version(), 1);
        assert_eq!(QrCode::encode(&[b'a'; 15]).unwrap().version(), 2);
        assert_eq!(QrCode::encode(&[b'a'; 213]).unwrap().size(), 57);
        assert_eq!(QrCode::encode(&[b'a'; 214]), Err(QrError(214)));
    }

    #[test]
    fn reed_solomon_matches_the_standard_example() {
        // ISO/IEC 18004 Annex I: "01234567" in version 1-M.
        let data = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
            0xEC, 0x11,
        ];
        let ecc = rs_remainder(&data, &rs_divisor(10));
        assert_eq!(
            ecc,
            [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]
        );
    }

    #[test]
    fn format_and_version_bits() {
        // Version 7's information is 0x07C94 (ISO/IEC 18004 Annex D).
        assert_eq!(version_bits(7), 0x07C94);
        let code = QrCode::encode(b"https://example.com/").unwrap();
        // The top-left format copy decodes back to level M and the chosen mask.
        let mut bits = 0u32;
        for i in 0..=5 {
            bits |= u32::from(code.dark(8, i)) << i;
        }
        bits |= u32::from(code.dark(8, 7)) << 6;
        bits |= u32::from(code.dark(8, 8)) << 7;
        bits |= u32::from(code.dark(7, 8)) << 8;
        for i in 9..15 {
            bits |= u32::from(code.dark(14 - i, 8)) << i;
        }
        let data = (bits ^ 0x5412) >> 10;
        assert_eq!(data >> 3, 0b00, "level M");
        assert_eq!(data & 7, u32::from(code.mask()));
        // Finder pattern corners and the dark module.
        assert!(code.dark(0, 0) && code.dark(6, 6) && !code.dark(7, 7));
        assert!(code.dark(8, code.size() - 8));
    }
}
