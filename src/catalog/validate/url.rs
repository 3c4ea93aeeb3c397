//! URLs: only https (and http to this machine while developing), hosts the retailer allowed for
//! links that send shoppers away, and relative paths only where the catalog's own files live.

use crate::catalog::issue::{Issue, Patch, code};

/// A URL that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Url<'a> {
    /// Relative to the catalog (`oslo-sofa.glb`, `/api/stores/x`).
    Relative,
    /// `https://host[:port]rest` (or `http://localhost…`).
    Absolute {
        /// Lower-case host without port or brackets' contents changed.
        host: String,
        /// Path, query and fragment (may be empty).
        rest: &'a str,
    },
}

/// Where a URL is used, which decides what it may be.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule<'h> {
    /// Whether a path relative to the catalog is fine.
    pub relative_ok: bool,
    /// `Some`: an absolute URL must be on one of these (lower-case) hosts.
    pub allowed_hosts: Option<&'h [String]>,
}

/// Whether a host is this machine (plain http is fine there, for development).
fn is_local(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

/// Checks `url` (found at `ptr`, described as `what`, e.g. "The checkout URL") against `rule`.
pub(crate) fn check<'a>(
    url: &'a str,
    ptr: &str,
    what: &str,
    rule: Rule<'_>,
) -> Result<Url<'a>, Issue> {
    let err = |c: &'static str, msg: String| Issue::error(ptr, c, msg);
    if url.trim().is_empty() {
        return Err(err(code::EMPTY_VALUE, format!("{what} is empty.")));
    }
    // Browsers drop tabs and newlines inside URLs and spaces around them, so "java\nscript:"
    // is still a script: look at the scheme the browser would see.
    let seen: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if let Some(scheme) = scheme_of(&seen) {
        let lower = scheme.to_ascii_lowercase();
        if lower.len() == 1 {
            return Err(err(
                code::INVALID_URL,
                format!("{what} \"{url}\" is a path on your computer, which shoppers cannot open."),
            )
            .with_fix(upload_fix(rule, what)));
        }
        if lower != "https" && lower != "http" {
            let why = match lower.as_str() {
                "javascript" | "vbscript" => "would run code in the shopper's browser",
                "data" => "embeds content that roomfit cannot check",
                "file" => "points at a file on your computer that shoppers cannot open",
                "blob" => "only exists in the browser tab that made it",
                _ => "is not an https link",
            };
            return Err(err(
                code::UNSAFE_URL_SCHEME,
                format!(
                    "{what} uses the {lower}: scheme, which {why}; only https:// URLs are allowed."
                ),
            )
            .with_fix(upload_fix(rule, what)));
        }
    }
    if let Some(bad) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || *c == '\\')
    {
        let fix = if bad == '\\' {
            format!("Use / instead of \\: \"{}\".", url.replace('\\', "/"))
        } else {
            format!(
                "Write spaces as %20 and remove line breaks: \"{}\".",
                url.trim().replace(' ', "%20")
            )
        };
        let name = if bad == '\\' {
            "a backslash"
        } else {
            "spaces or line breaks"
        };
        return Err(err(
            code::INVALID_URL,
            format!("{what} \"{url}\" contains {name}."),
        )
        .with_fix(fix));
    }
    if !percent_ok(url) {
        return Err(err(
            code::INVALID_URL,
            format!("{what} \"{url}\" has a % that is not followed by two hex digits."),
        )
        .with_fix("Write a literal % as %25.".to_string()));
    }
    if rule.allowed_hosts.is_some() && !url.is_ascii() {
        return Err(err(
            code::INVALID_URL,
            format!("{what} \"{url}\" contains characters outside ASCII, which links roomfit hands to the browser must not."),
        )
        .with_fix("Percent-encode them (as your browser's address bar shows when you copy the link).".to_string()));
    }
    if url.starts_with("//") {
        return Err(err(
            code::INVALID_URL,
            format!("{what} \"{url}\" has no scheme (it starts with //)."),
        )
        .with_fix(format!("Write it in full: \"https:{url}\".")));
    }
    let Some(scheme) = scheme_of(url) else {
        if rule.relative_ok {
            return Ok(Url::Relative);
        }
        return Err(err(
            code::RELATIVE_URL,
            format!("{what} \"{url}\" is not a full URL; it must start with https://."),
        )
        .with_fix(match rule.allowed_hosts.and_then(|h| h.first()) {
            Some(host) => format!(
                "Write it in full, e.g. \"https://{host}{}{url}\".",
                if url.starts_with('/') { "" } else { "/" }
            ),
            None => "Write it in full, starting with https://.".to_string(),
        }));
    };
    let after = &url[scheme.len() + 1..];
    let Some(after) = after.strip_prefix("//") else {
        return Err(err(
            code::INVALID_URL,
            format!("{what} \"{url}\" is missing the // after {scheme}:."),
        )
        .with_fix(format!("Write \"{scheme}://{after}\".")));
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    if authority.contains('@') {
        return Err(err(
            code::INVALID_URL,
            format!("{what} \"{url}\" contains a user name or password (an @ before the host), which hides where the link really goes."),
        )
        .with_fix("Remove everything between // and @.".to_string()));
    }
    let host = host_of(authority).ok_or_else(|| {
        err(
            code::INVALID_URL,
            format!("{what} \"{url}\" has no valid host name."),
        )
        .with_fix(
            "Write the host in ASCII (punycode for international names), e.g. https://shop.example/…"
                .to_string(),
        )
    })?;
    if scheme.eq_ignore_ascii_case("http") && !is_local(&host) {
        return Err(err(
            code::INSECURE_URL,
            format!("{what} \"{url}\" uses plain http, which browsers block or warn about on shop pages."),
        )
        .with_fix(format!("Use https: \"https://{after}\"."))
        .with_patch(Patch::Https));
    }
    if let Some(allowed) = rule.allowed_hosts {
        if !allowed.contains(&host) {
            let list = if allowed.is_empty() {
                "allowed_hosts is empty".to_string()
            } else {
                format!("allowed_hosts has {}", allowed.join(", "))
            };
            return Err(err(
                code::HOST_NOT_ALLOWED,
                format!("{what} goes to {host}, which is not one of the retailer's allowed hosts ({list}); roomfit never sends shoppers to other hosts."),
            )
            .with_fix(format!(
                "Link to one of the allowed hosts, or add \"{host}\" to allowed_hosts if it really is yours."
            )));
        }
    }
    Ok(Url::Absolute { host, rest })
}

fn upload_fix(rule: Rule<'_>, what: &str) -> String {
    let what = what.to_ascii_lowercase();
    let example = if what.contains("glb") {
        "models/sofa.glb"
    } else if what.contains("usdz") {
        "models/sofa.usdz"
    } else if what.contains("logo") {
        "images/logo.png"
    } else {
        "images/sofa.jpg"
    };
    match rule.allowed_hosts {
        Some(hosts) => match hosts.first() {
            Some(host) => {
                format!("Use an https:// URL on one of the allowed hosts, e.g. https://{host}/…")
            }
            None => "Use an https:// URL on one of the retailer's allowed_hosts.".to_string(),
        },
        None if rule.relative_ok => format!(
            "Put the file beside the catalog and give its path (e.g. \"{example}\"), or an https:// URL."
        ),
        None => "Use an https:// URL.".to_string(),
    }
}

/// The scheme of an absolute URL (`https` in `https://…`), or `None` for a relative one.
fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// The lower-case host of `host[:port]`, or `None` when it is not a plain ASCII host name, a
/// dotted-quad IPv4 address or a bracketed IPv6 address with an optional port from 1 to 65535.
/// (The same rules as `handoff::url`, which builds the links shoppers follow: what passes here
/// passes there.)
pub(crate) fn host_of(authority: &str) -> Option<String> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (h, after) = authority.split_at(close + 1);
        if after.is_empty() {
            (h, None)
        } else {
            (h, Some(after.strip_prefix(':')?))
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if let Some(p) = port.filter(|p| !p.is_empty()) {
        if p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !matches!(p.parse::<u32>(), Ok(1..=65535)) {
            return None;
        }
    }
    let host = host.to_ascii_lowercase();
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        let ok = inner.contains(':')
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
        return ok.then_some(host);
    }
    if host.is_empty() || host.len() > 253 {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let labels_ok = labels.iter().all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    // A last label starting with a digit makes browsers read an IPv4 address (also 0x7f.1 or
    // 2130706433): only the plain dotted quad is accepted.
    let numeric = labels
        .last()
        .is_some_and(|l| l.starts_with(|c: char| c.is_ascii_digit()));
    let quad = labels.len() == 4
        && labels.iter().all(|l| {
            l.bytes().all(|b| b.is_ascii_digit())
                && (l.len() == 1 || !l.starts_with('0'))
                && l.parse::<u8>().is_ok()
        });
    (labels_ok && (!numeric || quad)).then_some(host)
}

/// Whether every `%` starts a `%XX` escape.
fn percent_ok(url: &str) -> bool {
    let b = url.as_bytes();
    b.iter().enumerate().all(|(i, c)| {
        *c != b'%'
            || (b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// Checks an `allowed_hosts` entry; returns it in lower case, or an issue with a fix.
pub(crate) fn check_allowed_host(entry: &str, ptr: &str) -> Result<String, Issue> {
    let bad = |why: &str, fix: String| {
        Err(Issue::error(
            ptr,
            code::INVALID_HOST,
            format!("\"{entry}\" in allowed_hosts is {why}; entries are bare host names such as shop.example."),
        )
        .with_fix(fix))
    };
    if entry.contains('*') {
        return bad(
            "a wildcard",
            "List each host on its own (shop.example, www.shop.example).".to_string(),
        );
    }
    if let Some((_, after)) = entry.split_once("://") {
        let host = after.split(['/', '?', '#']).next().unwrap_or("");
        return bad("a URL", format!("Write just \"{host}\"."));
    }
    if entry.contains(['/', '?', '#']) {
        let host = entry.split(['/', '?', '#']).next().unwrap_or("");
        return bad("not just a host", format!("Write just \"{host}\"."));
    }
    if entry.contains(':') && !entry.starts_with('[') {
        let host = entry.split(':').next().unwrap_or("");
        return bad(
            "a host with a port",
            format!("Write just \"{host}\": hosts are matched without the port."),
        );
    }
    match host_of(entry) {
        Some(h) => Ok(h),
        None => bad(
            "not a valid host name",
            "Write the host in ASCII (punycode for international names).".to_string(),
        ),
    }
}

/// The host an invalid `allowed_hosts` entry was meant to be (`https://shop.example/` →
/// `shop.example`), so that one mistake is reported once.
pub(crate) fn intended_host(entry: &str) -> Option<String> {
    let after = entry.split_once("://").map_or(entry, |(_, a)| a);
    let h = after.split(['/', '?', '#']).next()?;
    let h = if h.starts_with('[') {
        h
    } else {
        h.split(':').next()?
    };
    host_of(h.trim_start_matches("*."))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: Rule<'static> = Rule {
        relative_ok: false,
        allowed_hosts: None,
    };

    fn code_of(url: &str, rule: Rule<'_>) -> &'static str {
        check(url, "/x", "The URL", rule)
            .err()
            .map_or("ok", |i| i.code)
    }

    #[test]
    fn schemes() {
        assert_eq!(code_of("https://shop.example/a?b=c", LINK), "ok");
        assert_eq!(code_of("HTTPS://Shop.Example", LINK), "ok");
        assert_eq!(code_of("http://localhost:8080/x", LINK), "ok");
        assert_eq!(code_of("http://127.0.0.1/x", LINK), "ok");
        assert_eq!(code_of("http://shop.example/x", LINK), code::INSECURE_URL);
        assert_eq!(
            code_of("javascript:alert(1)", LINK),
            code::UNSAFE_URL_SCHEME
        );
        assert_eq!(
            code_of(" JaVa\tScript:alert(1)", LINK),
            code::UNSAFE_URL_SCHEME
        );
        assert_eq!(code_of("data:text/html,hi", LINK), code::UNSAFE_URL_SCHEME);
        assert_eq!(code_of("file:///C:/x.glb", LINK), code::UNSAFE_URL_SCHEME);
        assert_eq!(
            code_of("ftp://shop.example/x", LINK),
            code::UNSAFE_URL_SCHEME
        );
        assert_eq!(code_of("C:\\models\\x.glb", LINK), code::INVALID_URL);
        assert_eq!(code_of("https:shop.example", LINK), code::INVALID_URL);
        assert_eq!(code_of("//evil.example/x", LINK), code::INVALID_URL);
        assert_eq!(
            code_of("https://shop.example@evil.example/", LINK),
            code::INVALID_URL
        );
        assert_eq!(code_of("https://shop example/", LINK), code::INVALID_URL);
        assert_eq!(code_of("https://möbel.example/", LINK), code::INVALID_URL);
        assert_eq!(
            code_of("https://shop.example:99999/", LINK),
            code::INVALID_URL
        );
        assert_eq!(code_of("", LINK), code::EMPTY_VALUE);
    }

    #[test]
    fn relative_and_hosts() {
        let hosts = vec!["shop.example".to_string()];
        let rule = Rule {
            relative_ok: false,
            allowed_hosts: Some(&hosts),
        };
        assert_eq!(code_of("/cart", rule), code::RELATIVE_URL);
        assert_eq!(code_of("https://shop.example:8443/cart", rule), "ok");
        assert_eq!(
            code_of("https://shop.example./cart", rule),
            code::INVALID_URL
        );
        assert_eq!(
            code_of("https://shop.example/möbel", rule),
            code::INVALID_URL
        );
        assert_eq!(
            code_of("https://evil.example/cart", rule),
            code::HOST_NOT_ALLOWED
        );
        assert_eq!(
            code_of("https://www.shop.example/cart", rule),
            code::HOST_NOT_ALLOWED
        );
        let asset = Rule {
            relative_ok: true,
            allowed_hosts: None,
        };
        assert_eq!(code_of("models/sofa.glb", asset), "ok");
        assert_eq!(code_of("../models/sofa.glb", asset), "ok");
        assert_eq!(code_of("https://cdn.example/sofa.glb", asset), "ok");
        assert_eq!(code_of("models/oslo sofa.glb", asset), code::INVALID_URL);
        assert_eq!(
            check("https://a.example/x?y", "/x", "u", asset),
            Ok(Url::Absolute {
                host: "a.example".into(),
                rest: "/x?y"
            })
        );
    }

    #[test]
    fn allowed_host_entries() {
        assert_eq!(
            check_allowed_host("Shop.Example", "/h"),
            Ok("shop.example".into())
        );
        assert_eq!(
            check_allowed_host("localhost", "/h"),
            Ok("localhost".into())
        );
        for bad in [
            "https://shop.example",
            "shop.example/",
            "*.shop.example",
            "shop.example:443",
            "",
        ] {
            assert_eq!(
                check_allowed_host(bad, "/h").err().map(|i| i.code),
                Some(code::INVALID_HOST),
                "{bad}"
            );
        }
    }
}
