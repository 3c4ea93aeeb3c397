//! A bounds-checked cursor over compressed bytes: every read either succeeds or returns an error.

use super::DecodeError;

/// Reads forward through a byte slice; never reads past its end.
pub(super) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// `data` followed by bytes that may be read ahead but never consumed (see
    /// [`Reader::rest_padded`]).
    padded: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(super) fn new(data: &'a [u8]) -> Self {
        Self {
            data,
            pos: 0,
            padded: data,
        }
    }

    /// A reader of `padded[..len]` that may also look at (but not consume) the rest of `padded`:
    /// the attribute codec's tail, which meshoptimizer's group decoder also reads ahead into.
    /// `len` is at most `padded.len()`.
    pub(super) fn with_padding(padded: &'a [u8], len: usize) -> Self {
        let len = len.min(padded.len());
        Self {
            data: &padded[..len],
            pos: 0,
            padded,
        }
    }

    /// Bytes not yet read.
    pub(super) fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// The next `n` bytes.
    #[inline]
    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        match self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.data.len())
        {
            Some(end) => {
                let out = &self.data[self.pos..end];
                self.pos = end;
                Ok(out)
            }
            None => Err(self.ends_early(n)),
        }
    }

    /// The bytes not yet read, without consuming them (see [`Reader::advance`]).
    #[inline]
    pub(super) fn rest(&self) -> &'a [u8] {
        &self.data[self.pos..]
    }

    /// The bytes not yet read, followed by the read-ahead padding; consume them only with
    /// [`Reader::advance`], which fails past the end of the data proper.
    #[cfg_attr(
        not(all(target_arch = "wasm32", target_feature = "simd128")),
        allow(dead_code)
    )]
    #[inline]
    pub(super) fn rest_padded(&self) -> &'a [u8] {
        &self.padded[self.pos..]
    }

    /// Consumes `n` bytes of [`Reader::rest`].
    #[inline]
    pub(super) fn advance(&mut self, n: usize) -> Result<(), DecodeError> {
        self.take(n).map(|_| ())
    }

    /// The error for a read of `n` bytes past the end.
    #[cold]
    pub(super) fn ends_early(&self, n: usize) -> DecodeError {
        DecodeError::new(format!(
            "the compressed data ends early: {n} more bytes needed at offset {}, {} left",
            self.pos,
            self.remaining()
        ))
    }

    /// The next byte.
    pub(super) fn byte(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    /// An unsigned LEB128 ("varint-7") value of at most 5 bytes, read the way meshoptimizer
    /// reads it: a lead byte and at most 4 continuation bytes, the last of which ends the value
    /// whatever its top bit.
    #[inline]
    pub(super) fn vbyte(&mut self) -> Result<u32, DecodeError> {
        // One byte (values below 128, the common case) inline; longer ones in `vbyte_long`.
        match self.data.get(self.pos) {
            Some(&lead) if lead < 128 => {
                self.pos += 1;
                Ok(lead as u32)
            }
            _ => self.vbyte_long(),
        }
    }

    #[inline(never)]
    fn vbyte_long(&mut self) -> Result<u32, DecodeError> {
        let lead = self.byte()?;
        if lead < 128 {
            return Ok(lead as u32);
        }
        let mut result = (lead & 127) as u32;
        let mut shift = 7;
        for _ in 0..4 {
            let group = self.byte()?;
            result |= ((group & 127) as u32) << shift;
            shift += 7;
            if group < 128 {
                break;
            }
        }
        Ok(result)
    }

    /// Fails unless every byte was read.
    pub(super) fn finish(&self, what: &str) -> Result<(), DecodeError> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(DecodeError::new(format!(
                "{} unread bytes remain after the {what}",
                self.remaining()
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vbyte_reads_the_spec_examples() {
        // The specification's third example says 0xff 0xa0 0x05 => 0x1fd005, which reads the
        // groups most significant first; its second example, "unsigned LEB128" and
        // meshoptimizer's decodeVByte all read them least significant first, giving 0x1507f.
        for (bytes, want) in [
            (&[0x7f][..], 0x7f),
            (&[0x81, 0x04][..], 0x201),
            (&[0xff, 0xa0, 0x05][..], 0x1507f),
        ] {
            let mut r = Reader::new(bytes);
            assert_eq!(r.vbyte().unwrap(), want);
            r.finish("value").unwrap();
        }
    }

    #[test]
    fn vbyte_stops_after_five_bytes_and_errors_when_cut_short() {
        let mut r = Reader::new(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        assert_eq!(r.vbyte().unwrap(), u32::MAX);
        assert_eq!(r.remaining(), 1);
        assert!(Reader::new(&[0x80, 0x80]).vbyte().is_err());
        assert!(Reader::new(&[]).byte().is_err());
        assert!(Reader::new(&[1, 2]).take(3).is_err());
    }
}
