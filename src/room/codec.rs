//! The share code's building blocks: LEB128 varints, zigzag signed integers, URL-safe base64
//! without padding, and a CRC-16 checksum. Readers never panic: every read is bounds-checked.

use super::error::ShareCodeError;

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    /// Appends one byte.
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    /// Appends an unsigned LEB128 varint.
    pub fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.bytes.push(b);
                return;
            }
            self.bytes.push(b | 0x80);
        }
    }

    /// Appends a zigzag-encoded signed varint.
    pub fn signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }

    /// Appends a string: its byte length, then its UTF-8 bytes.
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }
}

/// Reads values from a byte slice.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// Reads one byte.
    pub fn u8(&mut self) -> Result<u8, ShareCodeError> {
        let b = *self.bytes.get(self.pos).ok_or(ShareCodeError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    /// A varint of at most 64 bits; over-long or non-canonical encodings are rejected.
    pub fn varint(&mut self) -> Result<u64, ShareCodeError> {
        let mut v = 0u64;
        for i in 0..10 {
            let b = self.u8()?;
            let bits = (b & 0x7f) as u64;
            if i == 9 && bits > 1 {
                return Err(ShareCodeError::Malformed("a number is too large".into()));
            }
            v |= bits << (7 * i);
            if b & 0x80 == 0 {
                if i > 0 && b == 0 {
                    return Err(ShareCodeError::Malformed("a number is padded".into()));
                }
                return Ok(v);
            }
        }
        Err(ShareCodeError::Malformed("a number is too long".into()))
    }

    /// A varint that must fit `max`.
    pub fn bounded(&mut self, what: &str, max: u64) -> Result<u64, ShareCodeError> {
        let v = self.varint()?;
        if v > max {
            return Err(ShareCodeError::Malformed(format!(
                "{what} {v} is larger than {max}"
            )));
        }
        Ok(v)
    }

    /// Reads a zigzag-encoded signed varint.
    pub fn signed(&mut self) -> Result<i64, ShareCodeError> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    /// A zigzag integer within `±limit`.
    pub fn signed_i32(&mut self, what: &str, limit: i32) -> Result<i32, ShareCodeError> {
        let v = self.signed()?;
        if v.unsigned_abs() > limit.unsigned_abs() as u64 {
            return Err(ShareCodeError::Malformed(format!(
                "{what} {v} is out of range"
            )));
        }
        Ok(v as i32)
    }

    /// Reads a string of at most `max_len` bytes, which must be UTF-8.
    pub fn str(&mut self, max_len: usize) -> Result<String, ShareCodeError> {
        let len = self.bounded("text length", max_len as u64)? as usize;
        if len > self.remaining() {
            return Err(ShareCodeError::Truncated);
        }
        let raw = &self.bytes[self.pos..self.pos + len];
        self.pos += len;
        String::from_utf8(raw.to_vec())
            .map_err(|_| ShareCodeError::Malformed("text is not UTF-8".into()))
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// URL-safe base64 without padding (RFC 4648 §5).
pub(crate) fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes URL-safe base64 without padding; rejects other characters, impossible lengths and
/// stray bits in the last character.
pub(crate) fn base64url_decode(text: &str) -> Result<Vec<u8>, ShareCodeError> {
    let mut values = Vec::with_capacity(text.len());
    for (position, c) in text.chars().enumerate() {
        let v = match c {
            'A'..='Z' => c as u8 - b'A',
            'a'..='z' => c as u8 - b'a' + 26,
            '0'..='9' => c as u8 - b'0' + 52,
            '-' => 62,
            '_' => 63,
            found => return Err(ShareCodeError::BadCharacter { position, found }),
        };
        values.push(v as u32);
    }
    if values.len() % 4 == 1 {
        return Err(ShareCodeError::BadLength);
    }
    let mut out = Vec::with_capacity(values.len() * 3 / 4);
    for chunk in values.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, v)| n | v << (18 - 6 * i));
        let bytes = chunk.len() - 1;
        let used_bits = 8 * bytes;
        let pad_bits = 6 * chunk.len() - used_bits;
        if pad_bits > 0 && (n >> (24 - 6 * chunk.len())) & ((1 << pad_bits) - 1) != 0 {
            return Err(ShareCodeError::BadLength);
        }
        for i in 0..bytes {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Ok(out)
}

/// CRC-16/CCITT-FALSE.
pub(crate) fn crc16(bytes: &[u8]) -> u16 {
    let mut crc = 0xffffu16;
    for &b in bytes {
        crc ^= (b as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc4648_vectors() {
        for (raw, enc) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url_encode(raw.as_bytes()), enc);
            assert_eq!(base64url_decode(enc).as_deref(), Ok(raw.as_bytes()));
        }
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url_decode("Zh"), Err(ShareCodeError::BadLength));
        assert_eq!(base64url_decode("Z"), Err(ShareCodeError::BadLength));
        assert!(matches!(
            base64url_decode("Zm9v+"),
            Err(ShareCodeError::BadCharacter { position: 4, .. })
        ));
    }

    #[test]
    fn varints_round_trip_and_reject_overlong() {
        let values = [
            0i64,
            1,
            -1,
            63,
            -64,
            300,
            -300,
            i32::MAX as i64,
            i64::MIN,
            i64::MAX,
        ];
        let mut w = Writer::default();
        for v in values {
            w.signed(v);
        }
        w.varint(u64::MAX);
        let mut r = Reader::new(&w.bytes);
        for v in values {
            assert_eq!(r.signed(), Ok(v));
        }
        assert_eq!(r.varint(), Ok(u64::MAX));
        assert_eq!(r.remaining(), 0);
        assert_eq!(r.u8(), Err(ShareCodeError::Truncated));
        assert!(Reader::new(&[0x80, 0x00]).varint().is_err());
        assert!(Reader::new(&[0xff; 11]).varint().is_err());
        assert_eq!(
            Reader::new(&[0x80]).varint(),
            Err(ShareCodeError::Truncated)
        );
    }

    #[test]
    fn crc_check_value() {
        assert_eq!(crc16(b"123456789"), 0x29b1);
    }
}
