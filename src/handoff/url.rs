//! A small, strict URL type for the links roomfit hands to a browser: absolute `http(s)` URLs
//! only (scheme, host, port, path, query, fragment), parsed, checked and built here rather than
//! with a full WHATWG parser.
//!
//! Strict means: where a browser would quietly repair or reinterpret something (backslashes,
//! tabs and newlines, `user@` prefixes, percent-encoded or non-ASCII hosts, numeric host forms
//! like `0x7f.1`), this parser refuses, so the host it reports is the host a browser would go to.

use std::fmt;

/// A URL that could not be parsed or is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// Empty input.
    #[error("the URL is empty")]
    Empty,
    /// A character that never belongs in a URL we hand out.
    #[error("the URL contains {what} at byte {at}; it must be percent-encoded or removed")]
    BadCharacter {
        /// Which character, described (`a backslash`, `a control character`, `a space`, …).
        what: &'static str,
        /// Byte offset.
        at: usize,
    },
    /// A scheme other than http or https (`javascript:`, `data:`, `file:`, …).
    #[error(
        "the scheme \"{0}:\" is not allowed; only https: (and http: to localhost in development) is"
    )]
    Scheme(String),
    /// `//host/...` without a scheme.
    #[error("protocol-relative URLs (starting with //) are not allowed; write https://")]
    ProtocolRelative,
    /// A relative reference and no base to resolve it against.
    #[error("the URL is relative and there is no base URL to resolve it against")]
    Relative,
    /// `http:`/`https:` not followed by `//`.
    #[error("the URL has no //host after the scheme")]
    NoAuthority,
    /// `user:password@host`.
    #[error("the URL contains user information (user@host), which is not allowed")]
    UserInfo,
    /// The host is empty or malformed.
    #[error("the host \"{host}\" is not valid: {reason}")]
    BadHost {
        /// The host as written.
        host: String,
        /// Why.
        reason: &'static str,
    },
    /// A non-ASCII (IDN) host; we compare hosts in their ASCII form only.
    #[error(
        "the host \"{0}\" is not ASCII; internationalized host names must be written in their punycode (xn--) form"
    )]
    NonAsciiHost(String),
    /// A port that is not a number in 1..=65535.
    #[error("the port \"{0}\" is not a number from 1 to 65535")]
    BadPort(String),
    /// `%` not followed by two hex digits.
    #[error("a % at byte {0} is not followed by two hex digits")]
    BadPercent(usize),
    /// Plain http to a host that is not loopback, or loopback when that is not allowed.
    #[error("\"{0}\" is not https; only https URLs are allowed")]
    NotHttps(String),
    /// A host that is not on the retailer's list.
    #[error("the host \"{host}\" is not one of the allowed hosts ({allowed})")]
    HostNotAllowed {
        /// The URL's host.
        host: String,
        /// The allowed hosts, comma-separated.
        allowed: String,
    },
    /// An allowed-hosts entry that is not a plain ASCII host name.
    #[error("the allowed host \"{0}\" is not a plain ASCII host name (write IDNs in punycode)")]
    BadAllowedHost(String),
}

/// The scheme of an accepted URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `http:` (loopback in development only, see [`check_outbound`]).
    Http,
    /// `https:`.
    Https,
}

impl Scheme {
    /// `"http"` or `"https"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// An absolute http(s) URL, normalized: lower-case scheme and host, no default port, a path that
/// starts with `/` and has no dot segments. Every part is ASCII and already percent-encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    scheme: Scheme,
    host: String,
    port: Option<u16>,
    path: String,
    query: Option<String>,
    fragment: Option<String>,
}

impl Url {
    /// Parses an absolute `http://` or `https://` URL.
    pub fn parse(input: &str) -> Result<Url, UrlError> {
        check_characters(input)?;
        match split_scheme(input) {
            Some((scheme, rest)) => parse_after_scheme(scheme, rest),
            None if input.starts_with("//") => Err(UrlError::ProtocolRelative),
            None => Err(UrlError::Relative),
        }
    }

    /// Resolves `reference` against this URL (RFC 3986 section 5.2): an absolute URL, a path
    /// (`/a`, `a/b`, `../c`), a query (`?q`) or a fragment (`#f`). Protocol-relative references
    /// (`//host`) are refused.
    pub fn join(&self, reference: &str) -> Result<Url, UrlError> {
        check_characters(reference)?;
        if let Some((scheme, rest)) = split_scheme(reference) {
            return parse_after_scheme(scheme, rest);
        }
        if reference.starts_with("//") {
            return Err(UrlError::ProtocolRelative);
        }
        let (before_fragment, fragment) = split_once_opt(reference, '#');
        let (path_part, query) = split_once_opt(before_fragment, '?');
        check_ascii(reference, 0)?;
        check_percent(reference)?;
        let mut url = self.clone();
        url.fragment = fragment.map(str::to_owned);
        if path_part.is_empty() {
            if query.is_some() {
                url.query = query.map(str::to_owned);
            }
            return Ok(url);
        }
        url.query = query.map(str::to_owned);
        url.path = if path_part.starts_with('/') {
            remove_dot_segments(path_part)
        } else {
            let dir_end = self.path.rfind('/').map_or(0, |i| i + 1);
            remove_dot_segments(&format!("{}{}", &self.path[..dir_end], path_part))
        };
        Ok(url)
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The host, lower-case ASCII; IPv6 addresses keep their brackets (`[::1]`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, if it is not the scheme's default.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The path, starting with `/`, percent-encoded.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query without `?`, percent-encoded.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }

    /// The fragment without `#`.
    pub fn fragment(&self) -> Option<&str> {
        self.fragment.as_deref()
    }

    /// `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{}", self.scheme.as_str(), self.host, port),
            None => format!("{}://{}", self.scheme.as_str(), self.host),
        }
    }

    /// Whether the host is `localhost`, `127.0.0.1` or `[::1]`.
    pub fn is_loopback(&self) -> bool {
        matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
    }

    /// Replaces the path with `segments`, each percent-encoded (the segments are plain text).
    pub fn with_path_segments<S: AsRef<str>>(mut self, segments: &[S]) -> Url {
        let mut path = String::new();
        for segment in segments {
            path.push('/');
            path.push_str(&encode_component(segment.as_ref()));
        }
        if path.is_empty() {
            path.push('/');
        }
        self.path = path;
        self
    }

    /// Appends `name=value` to the query, both percent-encoded (plain text in).
    pub fn with_query_pair(mut self, name: &str, value: &str) -> Url {
        let pair = format!("{}={}", encode_component(name), encode_component(value));
        self.query = Some(match self.query.take() {
            Some(q) if !q.is_empty() => format!("{q}&{pair}"),
            _ => pair,
        });
        self
    }

    /// Appends `suffix` (already percent-encoded) to the path with exactly one `/` before it:
    /// `https://s.example/shop` + `cart/1:2` is `https://s.example/shop/cart/1:2`.
    pub fn append_path(mut self, suffix: &str) -> Url {
        let mut path = self.path.trim_end_matches('/').to_owned();
        path.push('/');
        path.push_str(suffix);
        self.path = path;
        self
    }

    /// Drops the query.
    pub fn without_query(mut self) -> Url {
        self.query = None;
        self
    }

    /// Drops the fragment.
    pub fn without_fragment(mut self) -> Url {
        self.fragment = None;
        self
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin())?;
        f.write_str(&self.path)?;
        if let Some(q) = &self.query {
            write!(f, "?{q}")?;
        }
        if let Some(frag) = &self.fragment {
            write!(f, "#{frag}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Url {
    type Err = UrlError;

    fn from_str(s: &str) -> Result<Url, UrlError> {
        Url::parse(s)
    }
}

/// Checks a URL that roomfit is about to hand to the browser (a checkout or booking link):
/// resolves it against `base` if it is relative, then requires `https:` and a host that is
/// exactly one of `allowed_hosts` (ASCII, case-insensitive).
///
/// With `allow_localhost_http` (development and the demo only), `localhost`, `127.0.0.1` and
/// `[::1]` are accepted over http or https without being listed.
pub fn check_outbound(
    url: &str,
    base: Option<&Url>,
    allowed_hosts: &[String],
    allow_localhost_http: bool,
) -> Result<Url, UrlError> {
    let parsed = match base {
        Some(base) => base.join(url)?,
        None => Url::parse(url)?,
    };
    check_url(&parsed, allowed_hosts, allow_localhost_http)?;
    Ok(parsed)
}

/// [`check_outbound`] for a URL that is already parsed.
pub fn check_url(
    url: &Url,
    allowed_hosts: &[String],
    allow_localhost_http: bool,
) -> Result<(), UrlError> {
    if allow_localhost_http && url.is_loopback() {
        return Ok(());
    }
    if url.scheme != Scheme::Https {
        return Err(UrlError::NotHttps(url.to_string()));
    }
    let mut listed = false;
    for allowed in allowed_hosts {
        let allowed = normalize_allowed_host(allowed)?;
        if allowed == url.host {
            listed = true;
        }
    }
    if listed {
        Ok(())
    } else {
        Err(UrlError::HostNotAllowed {
            host: url.host.clone(),
            allowed: allowed_hosts.join(", "),
        })
    }
}

fn normalize_allowed_host(host: &str) -> Result<String, UrlError> {
    if !host.is_ascii() {
        return Err(UrlError::BadAllowedHost(host.to_owned()));
    }
    let lower = host.to_ascii_lowercase();
    match parse_host(&lower) {
        Ok(h) if h == lower => Ok(h),
        _ => Err(UrlError::BadAllowedHost(host.to_owned())),
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`), as
/// UTF-8. Safe for a path segment, a query name or a query value.
pub fn encode_component(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// Decodes `%XX` sequences (and nothing else: `+` stays `+`). Fails on a bad escape or on bytes
/// that are not UTF-8.
pub fn decode_component(text: &str) -> Result<String, UrlError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = bytes.get(i + 1).and_then(|b| hex_value(*b));
            let lo = bytes.get(i + 2).and_then(|b| hex_value(*b));
            match (hi, lo) {
                (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                _ => return Err(UrlError::BadPercent(i)),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| UrlError::BadCharacter {
        what: "percent-encoded bytes that are not UTF-8",
        at: 0,
    })
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Rejects what browsers strip or reinterpret. Non-ASCII is checked per part: the host gets
/// [`UrlError::NonAsciiHost`], the rest [`check_ascii`].
fn check_characters(input: &str) -> Result<(), UrlError> {
    if input.is_empty() {
        return Err(UrlError::Empty);
    }
    for (at, c) in input.char_indices() {
        let what = match c {
            '\\' => "a backslash",
            ' ' => "a space",
            '"' => "a double quote",
            '\'' => "a single quote",
            '<' | '>' => "an angle bracket",
            '`' => "a backtick",
            '{' | '}' => "a curly brace",
            '|' | '^' => "a character outside RFC 3986",
            c if c.is_control() => "a control character",
            c if c.is_whitespace() => "a white-space character",
            _ => continue,
        };
        return Err(UrlError::BadCharacter { what, at });
    }
    Ok(())
}

/// Path, query and fragment must be ASCII (percent-encode the rest).
fn check_ascii(part: &str, offset: usize) -> Result<(), UrlError> {
    match part.char_indices().find(|(_, c)| !c.is_ascii()) {
        Some((at, _)) => Err(UrlError::BadCharacter {
            what: "a non-ASCII character",
            at: offset + at,
        }),
        None => Ok(()),
    }
}

fn check_percent(input: &str) -> Result<(), UrlError> {
    let bytes = input.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%' {
            let ok = bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
            if !ok {
                return Err(UrlError::BadPercent(i));
            }
        }
    }
    Ok(())
}

/// `scheme:` at the start (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":").
fn split_scheme(input: &str) -> Option<(&str, &str)> {
    let colon = input.find(':')?;
    let scheme = &input[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    Some((scheme, &input[colon + 1..]))
}

fn parse_after_scheme(scheme_text: &str, rest: &str) -> Result<Url, UrlError> {
    let scheme = match scheme_text.to_ascii_lowercase().as_str() {
        "https" => Scheme::Https,
        "http" => Scheme::Http,
        other => return Err(UrlError::Scheme(other.to_owned())),
    };
    let rest = rest.strip_prefix("//").ok_or(UrlError::NoAuthority)?;
    check_percent(rest)?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if authority.contains('@') {
        return Err(UrlError::UserInfo);
    }
    check_ascii(tail, scheme_text.len() + 3 + authority_end)?;
    let (host, port) = split_port(authority)?;
    let host = parse_host(host)?;
    let port = port.filter(|p| *p != scheme.default_port());
    let (before_fragment, fragment) = split_once_opt(tail, '#');
    let (path, query) = split_once_opt(before_fragment, '?');
    let path = if path.is_empty() {
        "/".to_owned()
    } else {
        remove_dot_segments(path)
    };
    Ok(Url {
        scheme,
        host,
        port,
        path,
        query: query.map(str::to_owned),
        fragment: fragment.map(str::to_owned),
    })
}

fn split_port(authority: &str) -> Result<(&str, Option<u16>), UrlError> {
    let port_colon = if authority.starts_with('[') {
        authority
            .find(']')
            .and_then(|end| authority[end..].find(':').map(|c| end + c))
    } else {
        authority.rfind(':')
    };
    let Some(colon) = port_colon else {
        return Ok((authority, None));
    };
    let digits = &authority[colon + 1..];
    if digits.is_empty() {
        return Ok((&authority[..colon], None));
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 5 {
        return Err(UrlError::BadPort(digits.to_owned()));
    }
    match digits.parse::<u16>() {
        Ok(p) if p > 0 => Ok((&authority[..colon], Some(p))),
        _ => Err(UrlError::BadPort(digits.to_owned())),
    }
}

/// Lower-cases and validates a host: a DNS name, a dotted-quad IPv4 address or `[IPv6]`.
fn parse_host(host: &str) -> Result<String, UrlError> {
    let bad = |reason| UrlError::BadHost {
        host: host.to_owned(),
        reason,
    };
    if host.is_empty() {
        return Err(bad("it is empty"));
    }
    if !host.is_ascii() {
        return Err(UrlError::NonAsciiHost(host.to_owned()));
    }
    if host.contains('%') {
        return Err(bad("percent-encoded hosts are not allowed"));
    }
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner
            .strip_suffix(']')
            .ok_or_else(|| bad("an IPv6 address needs a closing ]"))?;
        if inner.is_empty()
            || !inner.contains(':')
            || !inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err(bad("not an IPv6 address"));
        }
        return Ok(host.to_ascii_lowercase());
    }
    let host = host.to_ascii_lowercase();
    if host.len() > 253 {
        return Err(bad("longer than 253 characters"));
    }
    let labels: Vec<&str> = host.split('.').collect();
    for label in &labels {
        if label.is_empty() {
            return Err(bad(
                "it has an empty label (a leading, trailing or double dot)",
            ));
        }
        if label.len() > 63 {
            return Err(bad("a label is longer than 63 characters"));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(bad("only letters, digits, '-' and '.' are allowed"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(bad("a label starts or ends with '-'"));
        }
    }
    // A last label that starts with a digit makes browsers read the host as an IPv4 address
    // (also in forms like 0x7f.1 or 2130706433): accept only the canonical dotted quad.
    let numeric_tail = labels
        .last()
        .is_some_and(|l| l.as_bytes().first().is_some_and(u8::is_ascii_digit));
    if numeric_tail && !is_dotted_quad(&labels) {
        return Err(bad("numeric hosts must be a dotted-quad IPv4 address"));
    }
    Ok(host)
}

fn is_dotted_quad(labels: &[&str]) -> bool {
    labels.len() == 4
        && labels.iter().all(|l| {
            l.bytes().all(|b| b.is_ascii_digit())
                && (l.len() == 1 || !l.starts_with('0'))
                && l.parse::<u8>().is_ok()
        })
}

fn split_once_opt(s: &str, sep: char) -> (&str, Option<&str>) {
    match s.split_once(sep) {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    }
}

/// RFC 3986 section 5.2.4, also treating `%2e` as `.` as browsers do.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    let mut trailing_slash = false;
    for (i, segment) in segments.iter().enumerate() {
        if i == 0 && segment.is_empty() {
            continue;
        }
        let lower = segment.to_ascii_lowercase();
        match lower.as_str() {
            "." | "%2e" => trailing_slash = i == last,
            ".." | ".%2e" | "%2e." | "%2e%2e" => {
                out.pop();
                trailing_slash = i == last;
            }
            _ => {
                out.push(segment);
                trailing_slash = false;
            }
        }
    }
    let mut result = String::with_capacity(path.len() + 1);
    for segment in &out {
        result.push('/');
        result.push_str(segment);
    }
    if trailing_slash || result.is_empty() {
        result.push('/');
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_and_normalizes() {
        let url = Url::parse("HTTPS://Shop.Example:443/a/./b/../c?x=1&y=%2F#top").unwrap();
        assert_eq!(url.scheme(), Scheme::Https);
        assert_eq!(url.host(), "shop.example");
        assert_eq!(url.port(), None);
        assert_eq!(url.path(), "/a/c");
        assert_eq!(url.query(), Some("x=1&y=%2F"));
        assert_eq!(url.fragment(), Some("top"));
        assert_eq!(url.to_string(), "https://shop.example/a/c?x=1&y=%2F#top");
        assert_eq!(
            Url::parse("https://shop.example").unwrap().to_string(),
            "https://shop.example/"
        );
        assert_eq!(
            Url::parse("http://127.0.0.1:8080/models/catalog.json")
                .unwrap()
                .origin(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(Url::parse("http://[::1]:3000/").unwrap().host(), "[::1]");
    }

    #[test]
    fn refuses_what_browsers_would_reinterpret() {
        let cases = [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "//evil.example/x",
            "https:\\\\evil.example",
            "https://evil.example\\@shop.example/",
            "https://user:pw@shop.example/",
            "https://shop.example@evil.example/",
            "https://sh\top.example/",
            "https://shop.example/\n",
            " https://shop.example/",
            "https://shop.example/a b",
            "https://shop.example/\"onmouseover=",
            "https://shop.example/'x",
            "https://ex%61mple.com/",
            "https://shöp.example/",
            "https://xn--shp-sna.example/\u{202e}",
            "https://0x7f.1/",
            "https://2130706433/",
            "https://127.1/",
            "https://01.2.3.4/",
            "https://shop.example./",
            "https://-shop.example/",
            "https:shop.example",
            "https://shop.example:0/",
            "https://shop.example:99999/",
            "https://shop.example:80a/",
            "https://shop.example/%zz",
            "https:///path",
            "ftp://shop.example/",
            "",
        ];
        for case in cases {
            assert!(Url::parse(case).is_err(), "accepted {case:?}");
        }
        assert_eq!(
            Url::parse("https://shöp.example/"),
            Err(UrlError::NonAsciiHost("shöp.example".into()))
        );
        assert!(matches!(
            Url::parse("https://shop.example/sofa-ü"),
            Err(UrlError::BadCharacter {
                what: "a non-ASCII character",
                ..
            })
        ));
        assert!(matches!(
            Url::parse("javascript:alert(1)"),
            Err(UrlError::Scheme(s)) if s == "javascript"
        ));
    }

    #[test]
    fn punycode_hosts_are_plain_ascii() {
        let url = Url::parse("https://xn--shp-sna.example/").unwrap();
        assert_eq!(url.host(), "xn--shp-sna.example");
        // The look-alike is not the allowed host.
        assert!(
            check_outbound(
                "https://xn--80ak6aa92e.com/",
                None,
                &hosts(&["apple.com"]),
                false
            )
            .is_err()
        );
        // A Unicode entry in the allowed list is a catalog error, not a silent mismatch.
        assert_eq!(
            check_url(&url, &hosts(&["shöp.example"]), false),
            Err(UrlError::BadAllowedHost("shöp.example".into()))
        );
    }

    #[test]
    fn joins_relative_references() {
        let base = Url::parse("https://cdn.example/catalogs/v1/catalog.json?x=1#f").unwrap();
        let join = |r: &str| base.join(r).map(|u| u.to_string());
        assert_eq!(
            join("/api/stores/a/appointments").unwrap(),
            "https://cdn.example/api/stores/a/appointments"
        );
        assert_eq!(
            join("models/sofa.glb").unwrap(),
            "https://cdn.example/catalogs/v1/models/sofa.glb"
        );
        assert_eq!(join("../../up?q=2").unwrap(), "https://cdn.example/up?q=2");
        assert_eq!(
            join("../../../../too-far").unwrap(),
            "https://cdn.example/too-far"
        );
        assert_eq!(
            join("?y=2").unwrap(),
            "https://cdn.example/catalogs/v1/catalog.json?y=2"
        );
        assert_eq!(
            join("#g").unwrap(),
            "https://cdn.example/catalogs/v1/catalog.json?x=1#g"
        );
        assert_eq!(
            join("https://other.example/").unwrap(),
            "https://other.example/"
        );
        assert_eq!(join("//evil.example/"), Err(UrlError::ProtocolRelative));
        assert!(join("javascript:alert(1)").is_err());
        assert!(join("a\\b").is_err());
        assert!(join("%2e%2e/x").is_ok_and(|u| u == "https://cdn.example/catalogs/x"));
    }

    #[test]
    fn outbound_policy() {
        let allowed = hosts(&["shop.example", "Checkout.Shop.Example"]);
        assert!(check_outbound("https://SHOP.example/cart", None, &allowed, false).is_ok());
        assert!(check_outbound("https://checkout.shop.example/", None, &allowed, false).is_ok());
        assert!(matches!(
            check_outbound("https://evil.example/", None, &allowed, false),
            Err(UrlError::HostNotAllowed { .. })
        ));
        assert!(matches!(
            check_outbound("https://shop.example.evil.example/", None, &allowed, false),
            Err(UrlError::HostNotAllowed { .. })
        ));
        assert!(matches!(
            check_outbound("https://evilshop.example/", None, &allowed, false),
            Err(UrlError::HostNotAllowed { .. })
        ));
        assert!(matches!(
            check_outbound("http://shop.example/", None, &allowed, false),
            Err(UrlError::NotHttps(_))
        ));
        // Loopback: only when allowed (development), then over http too.
        assert!(check_outbound("http://127.0.0.1:8080/api", None, &allowed, false).is_err());
        assert!(check_outbound("http://127.0.0.1:8080/api", None, &allowed, true).is_ok());
        assert!(check_outbound("http://localhost/api", None, &allowed, true).is_ok());
        assert!(check_outbound("http://[::1]/api", None, &allowed, true).is_ok());
        assert!(check_outbound("http://localhost.evil.example/", None, &allowed, true).is_err());
        // Relative to the catalog.
        let base = Url::parse("http://127.0.0.1:8080/models/catalog.json").unwrap();
        assert_eq!(
            check_outbound("/api/stores/x/appointments", Some(&base), &allowed, true)
                .unwrap()
                .to_string(),
            "http://127.0.0.1:8080/api/stores/x/appointments"
        );
        assert!(check_outbound("/api", Some(&base), &allowed, false).is_err());
        assert_eq!(
            check_outbound("/api", None, &allowed, false),
            Err(UrlError::Relative)
        );
    }

    #[test]
    fn percent_encoding_round_trips() {
        let nasty = "a b&c=d#e?f/g%h+i\"j'k<l>ü沙发\u{0}~._-";
        let encoded = encode_component(nasty);
        assert!(
            encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b))
        );
        assert_eq!(decode_component(&encoded).unwrap(), nasty);
        assert_eq!(encode_component("ü"), "%C3%BC");
        assert!(decode_component("%4").is_err());
        assert!(decode_component("%FF").is_err());
        let url = Url::parse("https://shop.example/x")
            .unwrap()
            .with_path_segments(&["cart", "a/b?c"])
            .with_query_pair("q", "1&2=3#4");
        assert_eq!(
            url.to_string(),
            "https://shop.example/cart/a%2Fb%3Fc?q=1%262%3D3%234"
        );
    }
}
