//! Currencies (ISO 4217) and prices.

/// Active ISO 4217 currency codes (list one, 2025) with their minor units (decimals), sorted by
/// code. Precious metals, SDR and the testing codes (`XAU`, `XDR`, `XTS`, `XXX`, …) are left
/// out: nobody prices furniture in them.
pub(crate) const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("ANG", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BOV", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHE", 2),
    ("CHF", 2),
    ("CHW", 2),
    ("CLF", 4),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("COU", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MXV", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("USN", 2),
    ("UYI", 0),
    ("UYU", 2),
    ("UYW", 4),
    ("UZS", 2),
    ("VED", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XCG", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// The number of decimals prices in `code` have, or `None` if `code` is not an active code.
pub(crate) fn minor_units(code: &str) -> Option<u8> {
    CURRENCIES
        .binary_search_by(|(c, _)| c.cmp(&code))
        .ok()
        .map(|i| CURRENCIES[i].1)
}

/// What a retailer probably meant by an unknown currency: a symbol, a nickname, lower case, or a
/// code that was replaced.
pub(crate) fn currency_suggestion(text: &str) -> Option<&'static str> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    if let Some(i) = CURRENCIES.iter().position(|(c, _)| *c == upper) {
        return Some(CURRENCIES[i].0);
    }
    Some(match upper.as_str() {
        "€" | "EURO" | "EUROS" | "EU" => "EUR",
        "$" | "US$" | "US" | "USD$" | "DOLLAR" | "DOLLARS" => "USD",
        "£" | "GBP£" | "UKP" | "POUND" | "POUNDS" => "GBP",
        "RMB" | "CN¥" | "元" | "YUAN" => "CNY",
        "YEN" | "円" => "JPY",
        "NTD" | "NT$" => "TWD",
        "HK$" => "HKD",
        "C$" | "CA$" => "CAD",
        "A$" | "AU$" => "AUD",
        "₩" => "KRW",
        "₹" | "RS" => "INR",
        "CHF." | "SFR" | "FR." => "CHF",
        // Replaced by the euro.
        "HRK" | "LTL" | "LVL" | "EEK" | "SKK" | "SIT" | "DEM" | "FRF" | "ITL" | "ESP" | "NLG"
        | "ATS" | "BEF" | "FIM" | "GRD" | "IEP" | "PTE" | "CYP" | "MTL" => "EUR",
        "ZWL" => "ZWG",
        "SLL" => "SLE",
        "VEF" => "VES",
        "MRO" => "MRU",
        "STD" => "STN",
        _ => return None,
    })
}

/// How a price string is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PriceProblem {
    /// Not `digits[.digits]`; carries a cleaned-up suggestion when one is obvious.
    Syntax(Option<String>),
    /// Well-formed but with `found` decimals where the currency has `wanted`; carries the price
    /// rewritten with the right number of decimals when that loses nothing.
    Decimals {
        found: usize,
        wanted: u8,
        suggestion: Option<String>,
    },
}

/// Checks a price's syntax (`"1299.00"`: digits, optionally a dot and digits; no sign, no
/// symbols, no thousands separators) and, when the currency is known, its decimals.
pub(crate) fn check_price(price: &str, decimals: Option<u8>) -> Result<(), PriceProblem> {
    let (int, frac) = match price.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (price, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // More than 15 digits before the point is no price (and more than exact arithmetic in
    // handoff::money takes).
    let well_formed = digits(int)
        && int.len() <= 15
        && frac.is_none_or(digits)
        && (int == "0" || !int.starts_with('0') || int.len() == 1);
    if !well_formed {
        return Err(PriceProblem::Syntax(clean_price(price)));
    }
    let Some(wanted) = decimals else {
        return Ok(());
    };
    let found = frac.map_or(0, str::len);
    if found == wanted as usize {
        return Ok(());
    }
    let frac = frac.unwrap_or("");
    let suggestion = if found < wanted as usize {
        Some(format!(
            "{int}{}{frac}{}",
            if wanted > 0 { "." } else { "" },
            "0".repeat(wanted as usize - found)
        ))
    } else if frac[wanted as usize..].bytes().all(|b| b == b'0') {
        let kept = &frac[..wanted as usize];
        Some(if kept.is_empty() {
            int.to_string()
        } else {
            format!("{int}.{kept}")
        })
    } else {
        None
    };
    Err(PriceProblem::Decimals {
        found,
        wanted,
        suggestion,
    })
}

/// `"€1,299.00"` → `"1299.00"`, `"1.299,00 €"` → `"1299.00"`, `"12,50"` → `"12.50"`; `None` when
/// there is no obvious reading.
fn clean_price(price: &str) -> Option<String> {
    let kept: String = price
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let exponent = price
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'e' | b'E'));
    if kept.is_empty() || exponent || price.trim_start().starts_with('-') {
        return None;
    }
    let last_sep = kept.rfind(['.', ',']);
    let cleaned = match last_sep {
        // The last separator is the decimal mark, except when it is the only one and 3 digits
        // follow: "1,299" may be a thousand and more, or one and a bit.
        Some(i) => {
            let (head, tail) = (&kept[..i], &kept[i + 1..]);
            let head: String = head.chars().filter(char::is_ascii_digit).collect();
            if tail.len() == 3 && !kept[..i].contains(['.', ',']) {
                return None;
            }
            if head.is_empty() || tail.is_empty() {
                return None;
            }
            format!("{head}.{tail}")
        }
        None => kept,
    };
    let cleaned = cleaned.trim_start_matches('0');
    let cleaned = if cleaned.is_empty() || cleaned.starts_with('.') {
        format!("0{cleaned}")
    } else {
        cleaned.to_string()
    };
    (cleaned != price).then_some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_has_the_odd_ones() {
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(minor_units("EUR"), Some(2));
        assert_eq!(minor_units("JPY"), Some(0));
        assert_eq!(minor_units("KWD"), Some(3));
        assert_eq!(minor_units("BHD"), Some(3));
        assert_eq!(minor_units("CLF"), Some(4));
        assert_eq!(minor_units("EURO"), None);
        assert_eq!(minor_units("eur"), None);
    }

    #[test]
    fn suggestions() {
        assert_eq!(currency_suggestion("eur"), Some("EUR"));
        assert_eq!(currency_suggestion("RMB"), Some("CNY"));
        assert_eq!(currency_suggestion("€"), Some("EUR"));
        assert_eq!(currency_suggestion("HRK"), Some("EUR"));
        assert_eq!(currency_suggestion("QQQ"), None);
    }

    #[test]
    fn prices() {
        assert_eq!(check_price("1299.00", Some(2)), Ok(()));
        assert_eq!(check_price("0.50", Some(2)), Ok(()));
        assert_eq!(check_price("129900", Some(0)), Ok(()));
        assert_eq!(check_price("12.345", Some(3)), Ok(()));
        assert_eq!(check_price("12.5", None), Ok(()));
        assert_eq!(
            check_price("€1,299.00", Some(2)),
            Err(PriceProblem::Syntax(Some("1299.00".into())))
        );
        assert_eq!(
            check_price("1.299,00 €", Some(2)),
            Err(PriceProblem::Syntax(Some("1299.00".into())))
        );
        assert_eq!(
            check_price("12,50", Some(2)),
            Err(PriceProblem::Syntax(Some("12.50".into())))
        );
        assert_eq!(
            check_price("1,299", Some(2)),
            Err(PriceProblem::Syntax(None))
        );
        assert_eq!(
            check_price("-5.00", Some(2)),
            Err(PriceProblem::Syntax(None))
        );
        assert_eq!(check_price("", Some(2)), Err(PriceProblem::Syntax(None)));
        assert!(matches!(
            check_price("1e3", Some(2)),
            Err(PriceProblem::Syntax(_))
        ));
        assert!(matches!(
            check_price("007", Some(0)),
            Err(PriceProblem::Syntax(_))
        ));
        assert!(matches!(
            check_price("12.", Some(2)),
            Err(PriceProblem::Syntax(_))
        ));
        assert_eq!(
            check_price("1299", Some(2)),
            Err(PriceProblem::Decimals {
                found: 0,
                wanted: 2,
                suggestion: Some("1299.00".into())
            })
        );
        assert_eq!(
            check_price("1500.00", Some(0)),
            Err(PriceProblem::Decimals {
                found: 2,
                wanted: 0,
                suggestion: Some("1500".into())
            })
        );
        assert_eq!(
            check_price("245.5", Some(2)),
            Err(PriceProblem::Decimals {
                found: 1,
                wanted: 2,
                suggestion: Some("245.50".into())
            })
        );
        assert_eq!(
            check_price("9.999", Some(2)),
            Err(PriceProblem::Decimals {
                found: 3,
                wanted: 2,
                suggestion: None
            })
        );
    }
}
