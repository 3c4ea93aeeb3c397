//! Exact decimal amounts for the catalog's price strings (`"1299.00"`): parsed, multiplied by a
//! quantity and added without floating point, and only turned into `f64` for analytics.

use std::fmt;

/// Up to this many decimals (covers every ISO 4217 currency); at most 11 integer digits.
const SCALE: u32 = 4;
const ONE: i64 = 10_i64.pow(SCALE);

/// A price that is not a plain decimal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a price like 1299.00 (digits, optionally a point and up to 4 decimals)")]
pub struct PriceError(pub String);

/// A non-negative decimal amount with up to 4 decimals, remembering how many decimals to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Amount {
    /// In units of 10^-4 (i64, not i128: 128-bit arithmetic costs the wasm build several KB).
    scaled: i64,
    /// Decimals to print.
    decimals: u32,
}

impl Amount {
    /// Parses `"1299"`, `"1299.5"`, `"1299.00"`.
    pub fn parse(text: &str) -> Result<Amount, PriceError> {
        let bad = || PriceError(text.to_owned());
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || whole.len() > 11
            || !digits_only(whole)
            || !digits_only(frac)
            || frac.len() > SCALE as usize
            || (text.contains('.') && frac.is_empty())
        {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let decimals = u32::try_from(frac.len()).map_err(|_| bad())?;
        let frac_value: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse::<i64>().map_err(|_| bad())? * 10_i64.pow(SCALE - decimals)
        };
        Ok(Amount {
            scaled: whole * ONE + frac_value,
            decimals,
        })
    }

    /// This amount times `quantity` (saturating; prices have at most 11 integer digits, so
    /// this only saturates far beyond any real cart).
    pub fn times(self, quantity: u32) -> Amount {
        Amount {
            scaled: self.scaled.saturating_mul(i64::from(quantity)),
            decimals: self.decimals,
        }
    }

    /// The sum, printed with the larger number of decimals.
    pub fn plus(self, other: Amount) -> Amount {
        Amount {
            scaled: self.scaled.saturating_add(other.scaled),
            decimals: self.decimals.max(other.decimals),
        }
    }

    /// As a float, for analytics payloads (GA4 wants numbers).
    pub fn to_f64(self) -> f64 {
        // Exact for every realistic price: amounts below 2^53 / 10^4.
        self.scaled as f64 / ONE as f64
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.scaled / ONE;
        if self.decimals == 0 {
            return write!(f, "{whole}");
        }
        let frac = (self.scaled % ONE) / 10_i64.pow(SCALE - self.decimals);
        write!(f, "{whole}.{frac:0width$}", width = self.decimals as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_multiplies_and_adds() {
        let sofa = Amount::parse("1299.00").unwrap();
        let chair = Amount::parse("245.5").unwrap();
        assert_eq!(sofa.to_string(), "1299.00");
        assert_eq!(chair.times(4).to_string(), "982.0");
        assert_eq!(sofa.plus(chair.times(4)).to_string(), "2281.00");
        assert_eq!(Amount::parse("1200").unwrap().to_string(), "1200");
        assert_eq!(
            Amount::parse("0.125").unwrap().times(3).to_string(),
            "0.375"
        );
        assert!((sofa.times(2).to_f64() - 2598.0).abs() < 1e-9);
        for bad in [
            "",
            ".5",
            "5.",
            "-1",
            "1e3",
            "1,00",
            "1.00000",
            " 1",
            "NaN",
            "123456789012",
        ] {
            assert!(Amount::parse(bad).is_err(), "{bad}");
        }
        // Huge but valid: no overflow, saturation far beyond real carts.
        let big = Amount::parse("99999999999.9999").unwrap();
        assert_eq!(big.times(99).to_string(), "9899999999999.9901");
        assert_eq!(big.times(u32::MAX).to_string(), "922337203685477.5807");
    }
}
