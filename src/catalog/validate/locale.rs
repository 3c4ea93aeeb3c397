//! Locale tags (BCP 47 shape) and text per locale.

use serde_json::Value;

use super::shape::{Ctx, child};
use crate::catalog::issue::{Issue, code};

/// Whether `tag` has the shape of a BCP 47 language tag: language (2–3 letters; the 5–8 letter
/// form is reserved and unused, and would let "English" through),
/// optional extended language subtags, script (4 letters), region (2 letters or 3 digits),
/// variants, extensions and a private-use part (`en`, `zh-Hans-CN`, `de-DE-1996`, `x-klingon`).
/// The subtags' values are not looked up in the registry.
pub(crate) fn is_bcp47(tag: &str) -> bool {
    let subtags: Vec<&str> = tag.split('-').collect();
    let alpha = |s: &str, lens: &[usize]| {
        lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let alnum = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let private = |rest: &[&str]| !rest.is_empty() && rest.iter().all(|s| alnum(s, 1, 8));
    let Some((first, mut rest)) = subtags.split_first() else {
        return false;
    };
    if first.eq_ignore_ascii_case("x") {
        return private(rest);
    }
    if !alpha(first, &[2, 3]) {
        return false;
    }
    let mut extlangs = 0;
    while extlangs < 3 && rest.first().is_some_and(|s| alpha(s, &[3])) {
        rest = &rest[1..];
        extlangs += 1;
    }
    if rest.first().is_some_and(|s| alpha(s, &[4])) {
        rest = &rest[1..];
    }
    if rest
        .first()
        .is_some_and(|s| alpha(s, &[2]) || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit())))
    {
        rest = &rest[1..];
    }
    while rest.first().is_some_and(|s| {
        alnum(s, 5, 8) || (s.len() == 4 && s.as_bytes()[0].is_ascii_digit() && alnum(s, 4, 4))
    }) {
        rest = &rest[1..];
    }
    while let Some(single) = rest.first().filter(|s| s.len() == 1 && alnum(s, 1, 1)) {
        if single.eq_ignore_ascii_case("x") {
            return private(&rest[1..]);
        }
        let n = rest[1..].iter().take_while(|s| alnum(s, 2, 8)).count();
        if n == 0 {
            return false;
        }
        rest = &rest[1 + n..];
    }
    rest.is_empty()
}

/// A corrected tag for common mistakes (`de_DE`, `zh_cn`, ` en `), if the correction is valid.
pub(crate) fn suggest_locale(tag: &str) -> Option<String> {
    let t = tag.trim().replace('_', "-");
    let parts: Vec<String> = t
        .split('-')
        .enumerate()
        .map(|(i, s)| match (i, s.len()) {
            (0, _) => s.to_ascii_lowercase(),
            (_, 2) => s.to_ascii_uppercase(),
            (_, 4) if s.bytes().all(|b| b.is_ascii_alphabetic()) => {
                let mut c = s.to_ascii_lowercase();
                c[..1].make_ascii_uppercase();
                c
            }
            _ => s.to_string(),
        })
        .collect();
    let fixed = parts.join("-");
    (fixed != tag && is_bcp47(&fixed)).then_some(fixed)
}

/// The issue for a tag that is not BCP 47, or `None` if it is.
pub(crate) fn check_tag(tag: &str, ptr: &str, what: &str) -> Option<Issue> {
    if is_bcp47(tag) {
        return None;
    }
    let issue = Issue::error(
        ptr,
        code::INVALID_LOCALE,
        format!("{what} \"{tag}\" is not a BCP 47 language tag such as en, de-DE or zh-CN."),
    );
    Some(match suggest_locale(tag) {
        Some(s) => issue.with_fix(format!("Write \"{s}\".")),
        None => issue.with_fix(
            "Use a language code, optionally with a region: en, en-GB, zh-CN.".to_string(),
        ),
    })
}

/// Whether `available` holds text a shopper of `locale` is shown: the locale itself, its
/// language, another region of that language, or English (the widget's last fallback).
pub(crate) fn has_text_for(locale: &str, available: &[&str]) -> bool {
    let lang = |t: &str| t.split('-').next().unwrap_or("").to_ascii_lowercase();
    available.iter().any(|a| {
        a.eq_ignore_ascii_case(locale) || lang(a) == lang(locale) || a.eq_ignore_ascii_case("en")
    })
}

/// Checks text per locale at `ptr` (`name`, `description`): an object whose keys are locale
/// tags and whose values are non-empty text. When `default_locale` is given, the retailer's
/// shoppers must find text there (see [`has_text_for`]).
pub(crate) fn check_localized(
    ctx: &mut Ctx,
    v: &Value,
    ptr: &str,
    what: &str,
    default_locale: Option<&str>,
) {
    let Some(map) = v.as_object() else {
        ctx.wrong_type(
            ptr,
            what,
            v,
            "an object of text per locale ({\"en\": \"…\"})",
        );
        return;
    };
    let mut keys = Vec::with_capacity(map.len());
    for (tag, text) in map {
        let p = child(ptr, tag);
        if let Some(issue) = check_tag(tag, &p, "The locale") {
            ctx.push(issue);
        }
        match text {
            Value::String(s) if s.trim().is_empty() => ctx.push(
                Issue::error(&p, code::EMPTY_VALUE, format!("{what} in {tag} is empty.")).with_fix(
                    format!("Write the text in {tag}, or remove the \"{tag}\" entry."),
                ),
            ),
            Value::String(_) => keys.push(tag.as_str()),
            _ => ctx.wrong_type(&p, &format!("{what} in {tag}"), text, "text"),
        }
    }
    if let Some(locale) = default_locale {
        if !has_text_for(locale, &keys) {
            let has = if keys.is_empty() {
                "it has none at all".to_string()
            } else {
                format!("it has {}", keys.join(", "))
            };
            ctx.push(
                Issue::error(
                    ptr,
                    code::MISSING_DEFAULT_LOCALE_NAME,
                    format!("{what} has no text in {locale} (the retailer's locale), in its language or in English ({has}), so the retailer's shoppers would see none."),
                )
                .with_fix(format!("Add \"{locale}\": \"…\".")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        for ok in [
            "en",
            "de-DE",
            "zh-CN",
            "zh-Hans-CN",
            "es-419",
            "de-DE-1996",
            "sl-rozaj-biske",
            "en-US-u-ca-gregory",
            "x-klingon",
            "en-x-shop",
            "EN-us",
            "yue-HK",
        ] {
            assert!(is_bcp47(ok), "{ok}");
        }
        for bad in [
            "",
            "de_DE",
            "e",
            "English",
            "english-language",
            "de-",
            "-de",
            "zh-CN-",
            "de-DE-x",
            "en-US-u",
            "de DE",
            "12",
        ] {
            assert!(!is_bcp47(bad), "{bad}");
        }
        assert_eq!(suggest_locale("de_DE"), Some("de-DE".into()));
        assert_eq!(suggest_locale("zh_hans_cn"), Some("zh-Hans-CN".into()));
        assert_eq!(suggest_locale("English"), None);
    }

    #[test]
    fn fallbacks() {
        assert!(has_text_for("de-DE", &["de"]));
        assert!(has_text_for("de-DE", &["de-AT"]));
        assert!(has_text_for("de-DE", &["en", "zh-CN"]));
        assert!(has_text_for("en-US", &["en"]));
        assert!(!has_text_for("en-US", &["zh-CN"]));
        assert!(!has_text_for("zh-CN", &["de"]));
    }
}
