//! The AR Quick Look link: the USDZ URL with a fragment that asks Quick Look for a checkout
//! banner (`#callToAction=…&checkoutTitle=…&checkoutSubtitle=…&price=…`, or an Apple Pay button
//! instead of the call to action) and other viewer options. Quick Look reads these parameters
//! from the fragment of the `<a rel="ar">` link's `href`; they are not file content, so one
//! USDZ serves every banner text and locale.
//!
//! When the shopper taps the banner, Safari dispatches a `message` event whose `data` is
//! [`TAP_MESSAGE`] on that `<a>` element; the web layer routes it to the same checkout handoff
//! as the page's own button.
//!
//! Every value is percent-encoded as UTF-8 (everything but `A-Z a-z 0-9 - . _ ~`), so `&`, `=`,
//! `#`, `+`, `%` and spaces in a product name cannot end a parameter or start another. Control
//! characters and bidirectional-override characters are refused rather than encoded: they
//! could make a banner show a different price from the one sent.

use crate::handoff::url::{Url, encode_component};

/// `event.data` of the `message` event Safari sends to the `<a rel="ar">` when the banner is
/// tapped.
pub const TAP_MESSAGE: &str = "_apple_ar_quicklook_button_tapped";

/// Longest banner text accepted, in characters (Quick Look truncates long text anyway).
pub const MAX_TEXT_CHARS: usize = 200;

/// The Apple Pay button styles Quick Look offers (`applePayButtonType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplePayButton {
    /// The Apple Pay mark alone.
    Plain,
    /// "Pay with Apple Pay".
    Pay,
    /// "Buy with Apple Pay".
    Buy,
    /// "Check out with Apple Pay".
    CheckOut,
    /// "Book with Apple Pay".
    Book,
    /// "Donate with Apple Pay".
    Donate,
    /// "Subscribe with Apple Pay".
    Subscribe,
}

impl ApplePayButton {
    /// The parameter value.
    pub fn as_str(self) -> &'static str {
        match self {
            ApplePayButton::Plain => "plain",
            ApplePayButton::Pay => "pay",
            ApplePayButton::Buy => "buy",
            ApplePayButton::CheckOut => "check-out",
            ApplePayButton::Book => "book",
            ApplePayButton::Donate => "donate",
            ApplePayButton::Subscribe => "subscribe",
        }
    }
}

/// What the banner's button shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BannerAction {
    /// Custom text, e.g. "Add to cart" (localised by the caller).
    CallToAction(String),
    /// An Apple Pay button.
    ApplePay(ApplePayButton),
}

/// The checkout banner: the button and the item's description. Quick Look shows the subtitle
/// and price on one line under the title, truncating the subtitle if needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    /// The button.
    pub action: BannerAction,
    /// `checkoutTitle`: the product name.
    pub title: String,
    /// `checkoutSubtitle`: e.g. the variant and the retailer.
    pub subtitle: String,
    /// `price`: already formatted for the shopper's locale (`"1.299,00 €"`).
    pub price: String,
}

/// Everything the Quick Look link carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickLookLink {
    /// The checkout banner, if any.
    pub banner: Option<Banner>,
    /// False writes `allowsContentScaling=0`: the shopper cannot pinch the furniture away from
    /// its true size (what roomfit wants; Quick Look's default allows it).
    pub allows_content_scaling: bool,
    /// `canonicalWebPageURL`: what the share sheet shares instead of the USDZ file.
    pub canonical_web_page_url: Option<Url>,
}

/// A banner text that cannot go into the link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BannerError {
    /// An empty (or all-whitespace) text: Quick Look would show no banner or an empty field.
    #[error("the banner's {field} is empty")]
    Empty {
        /// `callToAction`, `checkoutTitle`, `checkoutSubtitle` or `price`.
        field: &'static str,
    },
    /// A control, line-separator or bidirectional-formatting character.
    #[error(
        "the banner's {field} contains the character U+{code:04X} at character {at}; control and bidirectional-formatting characters are not allowed"
    )]
    BadCharacter {
        /// Which parameter.
        field: &'static str,
        /// The character's code point.
        code: u32,
        /// Its position, in characters.
        at: usize,
    },
    /// Longer than [`MAX_TEXT_CHARS`].
    #[error("the banner's {field} is {chars} characters long; at most {max} are allowed")]
    TooLong {
        /// Which parameter.
        field: &'static str,
        /// Its length in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// The result did not parse back as a URL (should not happen; reported rather than
    /// panicking).
    #[error("the Quick Look link is not a valid URL: {0}")]
    Url(String),
}

impl QuickLookLink {
    /// The link to put in `<a rel="ar" href>`: `usdz` with its fragment replaced by the Quick
    /// Look parameters.
    pub fn url(&self, usdz: &Url) -> Result<Url, BannerError> {
        let mut params: Vec<(&str, String)> = Vec::new();
        if let Some(b) = &self.banner {
            match &b.action {
                BannerAction::CallToAction(text) => {
                    params.push(("callToAction", checked("callToAction", text)?));
                }
                BannerAction::ApplePay(kind) => {
                    params.push(("applePayButtonType", kind.as_str().to_owned()));
                }
            }
            params.push(("checkoutTitle", checked("checkoutTitle", &b.title)?));
            params.push((
                "checkoutSubtitle",
                checked("checkoutSubtitle", &b.subtitle)?,
            ));
            params.push(("price", checked("price", &b.price)?));
        }
        if !self.allows_content_scaling {
            params.push(("allowsContentScaling", "0".to_owned()));
        }
        if let Some(page) = &self.canonical_web_page_url {
            params.push(("canonicalWebPageURL", page.to_string()));
        }
        let base = usdz.clone().without_fragment().to_string();
        if params.is_empty() {
            return Url::parse(&base).map_err(|e| BannerError::Url(e.to_string()));
        }
        let fragment: Vec<String> = params
            .iter()
            .map(|(name, value)| format!("{name}={}", encode_component(value)))
            .collect();
        Url::parse(&format!("{base}#{}", fragment.join("&")))
            .map_err(|e| BannerError::Url(e.to_string()))
    }
}

fn checked(field: &'static str, text: &str) -> Result<String, BannerError> {
    if text.trim().is_empty() {
        return Err(BannerError::Empty { field });
    }
    for (at, c) in text.chars().enumerate() {
        let code = c as u32;
        let bidi = matches!(code, 0x061C | 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069);
        if c.is_control() || bidi || matches!(code, 0x2028 | 0x2029) {
            return Err(BannerError::BadCharacter { field, code, at });
        }
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(BannerError::TooLong {
            field,
            chars,
            max: MAX_TEXT_CHARS,
        });
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::url::decode_component;

    fn link(title: &str, cta: &str) -> QuickLookLink {
        QuickLookLink {
            banner: Some(Banner {
                action: BannerAction::CallToAction(cta.to_owned()),
                title: title.to_owned(),
                subtitle: "Forest · Nordhaus Oslo".to_owned(),
                price: "$1,299.00".to_owned(),
            }),
            allows_content_scaling: false,
            canonical_web_page_url: None,
        }
    }

    /// The fragment's parameters, split on `&` and `=` and decoded, the way Quick Look reads
    /// them.
    fn params(url: &Url) -> Vec<(String, String)> {
        url.fragment()
            .unwrap_or("")
            .split('&')
            .map(|p| {
                let (n, v) = p.split_once('=').unwrap();
                (n.to_owned(), decode_component(v).unwrap())
            })
            .collect()
    }

    #[test]
    fn apples_example_comes_out_as_documented() {
        let usdz = Url::parse("https://example.com/biplane.usdz").unwrap();
        let l = QuickLookLink {
            banner: Some(Banner {
                action: BannerAction::ApplePay(ApplePayButton::Buy),
                title: "Biplane Toy".into(),
                subtitle: "Rustic finish with rotating propeller".into(),
                price: "$15".into(),
            }),
            allows_content_scaling: true,
            canonical_web_page_url: None,
        };
        assert_eq!(
            l.url(&usdz).unwrap().to_string(),
            "https://example.com/biplane.usdz#applePayButtonType=buy&checkoutTitle=Biplane%20Toy\
             &checkoutSubtitle=Rustic%20finish%20with%20rotating%20propeller&price=%2415"
        );
    }

    #[test]
    fn hostile_texts_stay_inside_their_parameter() {
        let usdz = Url::parse("https://cdn.example/m/oslo-sofa.usdz?v=3#old").unwrap();
        let hostile = [
            "Sofa & price=0#callToAction=Free",
            "50% off + free delivery",
            "a=b&c=d",
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            "Sofá «Oslo» 💺 ソファ",
            "%41%26",
            "   padded   ",
            "back\\slash \"quoted\" 'single'",
        ];
        for text in hostile {
            let url = link(text, text).url(&usdz).unwrap();
            let s = url.to_string();
            assert!(
                s.starts_with("https://cdn.example/m/oslo-sofa.usdz?v=3#callToAction="),
                "{s}"
            );
            assert_eq!(s.matches('#').count(), 1, "{s}");
            let frag = url.fragment().unwrap();
            assert!(
                frag.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~%&=".contains(&b)),
                "{frag}"
            );
            let p = params(&url);
            let names: Vec<&str> = p.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(
                names,
                [
                    "callToAction",
                    "checkoutTitle",
                    "checkoutSubtitle",
                    "price",
                    "allowsContentScaling"
                ]
            );
            assert_eq!(p[0].1, text);
            assert_eq!(p[1].1, text);
            assert_eq!(p[4].1, "0");
        }
    }

    #[test]
    fn refuses_what_could_spoof_or_hide_the_banner() {
        let usdz = Url::parse("https://cdn.example/a.usdz").unwrap();
        assert_eq!(
            link("", "Buy").url(&usdz),
            Err(BannerError::Empty {
                field: "checkoutTitle"
            })
        );
        assert_eq!(
            link("Sofa", " \t").url(&usdz),
            Err(BannerError::Empty {
                field: "callToAction"
            })
        );
        for (text, code, at) in [
            ("Sofa\u{202E}00.99$", 0x202E, 4),
            ("line\nbreak", 0x0A, 4),
            ("nul\0", 0, 3),
            ("sep\u{2028}x", 0x2028, 3),
            ("\u{2066}isolate", 0x2066, 0),
            ("c1\u{85}", 0x85, 2),
        ] {
            assert_eq!(
                link(text, "Buy").url(&usdz),
                Err(BannerError::BadCharacter {
                    field: "checkoutTitle",
                    code,
                    at
                }),
                "{text:?}"
            );
        }
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        assert!(matches!(
            link(&long, "Buy").url(&usdz),
            Err(BannerError::TooLong {
                field: "checkoutTitle",
                ..
            })
        ));
        let ok = "é".repeat(MAX_TEXT_CHARS);
        assert!(
            link(&ok, "Buy").url(&usdz).is_ok(),
            "the limit counts characters, not bytes"
        );
    }

    #[test]
    fn canonical_page_is_encoded_as_one_value() {
        let usdz = Url::parse("https://cdn.example/a.usdz").unwrap();
        let page = Url::parse("https://shop.example/p/oslo?variant=Forest&ref=ar#top").unwrap();
        let l = QuickLookLink {
            banner: None,
            allows_content_scaling: true,
            canonical_web_page_url: Some(page.clone()),
        };
        let url = l.url(&usdz).unwrap();
        assert_eq!(
            params(&url),
            [("canonicalWebPageURL".to_owned(), page.to_string())]
        );
        let plain = QuickLookLink {
            banner: None,
            allows_content_scaling: true,
            canonical_web_page_url: None,
        };
        assert_eq!(
            plain.url(&usdz).unwrap().to_string(),
            "https://cdn.example/a.usdz"
        );
    }
}
