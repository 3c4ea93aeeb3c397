//! Money in exact minor units: decimal price strings parsed without floating point, formatted
//! with the currency code.

use std::fmt;

use serde::Serialize;

/// ISO 4217 currencies whose minor unit is not 1/100 (all others have 2 decimals).
const DECIMALS: &[(&str, u32)] = &[
    ("BHD", 3),
    ("BIF", 0),
    ("CLF", 4),
    ("CLP", 0),
    ("DJF", 0),
    ("GNF", 0),
    ("IQD", 3),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KMF", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("PYG", 0),
    ("RWF", 0),
    ("TND", 3),
    ("UGX", 0),
    ("UYI", 0),
    ("UYW", 4),
    ("VND", 0),
    ("VUV", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("XPF", 0),
];

/// How many decimals the currency's minor unit has (ISO 4217), or `None` if `code` is not
/// three upper-case letters.
pub fn currency_decimals(code: &str) -> Option<u32> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(
        DECIMALS
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(2, |(_, d)| *d),
    )
}

/// An amount in a currency's minor units (cents for EUR, yen for JPY).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Money {
    /// Minor units.
    pub minor: i64,
    /// ISO 4217 code.
    pub currency: String,
}

impl Money {
    /// Parses a decimal price string (`"1299.00"`, `"1299"`, `"0.5"`) exactly. Rejects signs,
    /// exponents, separators, more decimals than the currency has (unless they are zeros),
    /// unknown currency codes and amounts too large for i64.
    pub fn parse(amount: &str, currency: &str) -> Result<Money, String> {
        let decimals = currency_decimals(currency)
            .ok_or_else(|| format!("{currency:?} is not a currency code"))?;
        let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || amount.ends_with('.') {
            return Err(format!("{amount:?} is not a decimal price"));
        }
        let (kept, extra) = frac.split_at(frac.len().min(decimals as usize));
        if extra.bytes().any(|b| b != b'0') {
            return Err(format!(
                "{amount:?} has more than {decimals} decimals for {currency}"
            ));
        }
        let too_large = || format!("{amount:?} is too large");
        let mut minor: i64 = 0;
        for b in whole.bytes().chain(kept.bytes()) {
            minor = minor
                .checked_mul(10)
                .and_then(|v| v.checked_add((b - b'0') as i64))
                .ok_or_else(too_large)?;
        }
        for _ in kept.len()..decimals as usize {
            minor = minor.checked_mul(10).ok_or_else(too_large)?;
        }
        Ok(Money {
            minor,
            currency: currency.to_string(),
        })
    }

    /// The amount as a decimal string with the currency's decimals: `1299.00`.
    pub fn to_decimal(&self) -> String {
        let decimals = currency_decimals(&self.currency).unwrap_or(2) as usize;
        let sign = if self.minor < 0 { "-" } else { "" };
        let digits = self.minor.unsigned_abs().to_string();
        if decimals == 0 {
            return format!("{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = decimals + 1);
        let (whole, frac) = padded.split_at(padded.len() - decimals);
        format!("{sign}{whole}.{frac}")
    }
}

impl fmt::Display for Money {
    /// `1299.00 EUR`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_decimal(), self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minor(amount: &str, currency: &str) -> Result<i64, String> {
        Money::parse(amount, currency).map(|m| m.minor)
    }

    #[test]
    fn parses_exactly() {
        assert_eq!(minor("1299.00", "EUR"), Ok(129_900));
        assert_eq!(minor("1299", "EUR"), Ok(129_900));
        assert_eq!(minor("0.5", "USD"), Ok(50));
        assert_eq!(minor("19.990", "GBP"), Ok(1999));
        assert_eq!(minor("129900", "JPY"), Ok(129_900));
        assert_eq!(minor("12.345", "KWD"), Ok(12_345));
        // 0.1 + 0.2 style sums stay exact.
        assert_eq!(
            minor("0.10", "EUR").and_then(|a| minor("0.20", "EUR").map(|b| a + b)),
            Ok(30)
        );
    }

    #[test]
    fn rejects_what_is_not_a_price() {
        for bad in [
            "",
            ".5",
            "5.",
            "-1.00",
            "+1",
            "1,299.00",
            "1e3",
            " 1",
            "1.2.3",
            "12.345",
            "NaN",
            "99999999999999999999",
        ] {
            assert!(minor(bad, "EUR").is_err(), "{bad:?}");
        }
        assert!(minor("1.5", "JPY").is_err());
        assert!(minor("1", "eur").is_err());
        assert!(minor("1", "EURO").is_err());
    }

    #[test]
    fn formats_with_the_code() {
        let m = |minor, c: &str| Money {
            minor,
            currency: c.into(),
        };
        assert_eq!(m(129_900, "EUR").to_string(), "1299.00 EUR");
        assert_eq!(m(5, "EUR").to_string(), "0.05 EUR");
        assert_eq!(m(129_900, "JPY").to_string(), "129900 JPY");
        assert_eq!(m(1, "KWD").to_string(), "0.001 KWD");
    }
}
