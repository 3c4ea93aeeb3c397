//! Reads an encoded image's type and declared size from its header, without decoding it.

/// The MIME type and declared width and height of an encoded image, or `None` if the bytes are
/// not a PNG, JPEG or WebP image whose header can be read.
pub fn sniff(bytes: &[u8]) -> Option<(&'static str, u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let w = be32(bytes, 16)?;
        let h = be32(bytes, 20)?;
        return Some(("image/png", w, h));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return jpeg_size(bytes).map(|(w, h)| ("image/jpeg", w, h));
    }
    if bytes.get(0..4) == Some(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return webp_size(bytes).map(|(w, h)| ("image/webp", w, h));
    }
    None
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 4)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 2)?;
    Some(u16::from_be_bytes([s[0], s[1]]) as u32)
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 2)?;
    Some(u16::from_le_bytes([s[0], s[1]]) as u32)
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(s[0] as u32 | (s[1] as u32) << 8 | (s[2] as u32) << 16)
}

fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2usize;
    loop {
        while *b.get(at)? != 0xFF {
            at += 1;
        }
        while *b.get(at)? == 0xFF {
            at += 1;
        }
        let marker = *b.get(at)?;
        at += 1;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => continue,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let h = be16(b, at + 3)?;
                let w = be16(b, at + 5)?;
                return Some((w, h));
            }
            _ => {
                let len = be16(b, at)? as usize;
                if len < 2 {
                    return None;
                }
                at += len;
            }
        }
    }
}

fn webp_size(b: &[u8]) -> Option<(u32, u32)> {
    match b.get(12..16)? {
        b"VP8 " => Some((le16(b, 26)? & 0x3FFF, le16(b, 28)? & 0x3FFF)),
        b"VP8L" => {
            let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_header() {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend(65536u32.to_be_bytes());
        b.extend(300u32.to_be_bytes());
        assert_eq!(sniff(&b), Some(("image/png", 65536, 300)));
    }

    #[test]
    fn jpeg_header() {
        let b = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01,
            0x00, 0x02, 0x00,
        ];
        assert_eq!(sniff(&b), Some(("image/jpeg", 512, 256)));
        assert_eq!(sniff(&b[..12]), None);
    }

    #[test]
    fn garbage() {
        assert_eq!(sniff(b"hello"), None);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8X"), None);
    }
}
