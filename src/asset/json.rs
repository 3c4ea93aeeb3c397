//! A small, strict JSON parser (RFC 8259) for untrusted glTF JSON.
//!
//! Strict: exactly one value, surrounded by optional whitespace (space, tab, CR, LF); no
//! comments, trailing commas, `NaN`, leading zeros, control characters in strings, lone UTF-16
//! surrogates or duplicate object keys (RFC 8259 leaves the meaning of a repeated key to the
//! reader; we refuse to guess). Numbers become `f64` (correctly rounded by `str::parse`) and must
//! be finite; [`Value::as_u64`] accepts only numbers that are exact integers. Nesting is limited
//! to [`MAX_DEPTH`] levels. Every error carries the byte offset where parsing stopped. Never
//! panics.
//!
//! Strings without escapes borrow from the input, so a document costs little more than its
//! tree of values.

use std::borrow::Cow;
use std::fmt;

/// The deepest nesting of arrays and objects accepted (as serde_json's default).
pub const MAX_DEPTH: usize = 128;

/// The largest integer a `f64` represents exactly together with all smaller ones (2^53).
pub const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// A JSON value. Objects keep their members in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number, as the nearest `f64` (always finite).
    Number(f64),
    /// A string, unescaped.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object's members in document order (keys are unique).
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// The member `key` of an object (`None` for other values or a missing key).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The number, if this is a number that is an exact non-negative integer of at most 2^53.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Value::Number(n) if (0.0..=MAX_EXACT_INTEGER).contains(&n) && n.fract() == 0.0 => {
                Some(n as u64)
            }
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Value<'a>)]> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// What kind of value this is, in words ("a string", "an array", ...), for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Byte offset into the text where the problem was found.
    pub offset: usize,
    /// What is wrong.
    pub message: Cow<'static, str>,
}

impl Error {
    /// The 1-based line and column (in bytes) of [`Error::offset`] within `text`.
    pub fn line_column(&self, text: &[u8]) -> (usize, usize) {
        let before = &text[..self.offset.min(text.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
        (line, column)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for Error {}

/// Parses `text` as exactly one JSON value.
pub fn parse(text: &[u8]) -> Result<Value<'_>, Error> {
    let text = std::str::from_utf8(text).map_err(|e| Error {
        offset: e.valid_up_to(),
        message: "the text is not valid UTF-8".into(),
    })?;
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = p.value(0)?;
    p.skip_whitespace();
    if p.at < p.bytes.len() {
        return Err(p.error("unexpected characters after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, message: &'static str) -> Error {
        Error {
            offset: self.at,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Consumes `word` (after its first byte has been seen) or fails.
    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, Error> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a JSON value")),
            None => Err(self.error("the text ends where a JSON value was expected")),
        }
    }

    fn enter(&mut self, depth: usize) -> Result<(), Error> {
        if depth > MAX_DEPTH {
            return Err(self.error("arrays and objects are nested more than 128 levels deep"));
        }
        self.at += 1; // the opening bracket
        self.skip_whitespace();
        Ok(())
    }

    /// After an element: `,` (true: another follows) or the closing bracket (false).
    fn next_or_close(&mut self, close: u8, message: &'static str) -> Result<bool, Error> {
        self.skip_whitespace();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(self.error(message)),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        self.enter(depth)?;
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            if !self.next_or_close(b']', "expected ',' or ']' after an array element")? {
                return Ok(Value::Array(items));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, Error> {
        let start = self.at;
        self.enter(depth)?;
        let mut members = Vec::new();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key in an object"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':' after an object key"));
            }
            self.at += 1;
            let value = self.value(depth)?;
            members.push((key, value));
            if !self.next_or_close(b'}', "expected ',' or '}' after an object member")? {
                break;
            }
        }
        if let Some(key) = duplicate_key(&members) {
            return Err(Error {
                offset: start,
                message: format!("the object starting here has the key \"{key}\" more than once")
                    .into(),
            });
        }
        Ok(Value::Object(members))
    }

    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        self.at += 1; // the opening quote
        let start = self.at;
        // Fast path: no escapes, so the string is a slice of the input.
        loop {
            match self.peek() {
                Some(b'"') => {
                    let s = &self.text[start..self.at];
                    self.at += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(0..=0x1f) => return Err(self.error("control character in a string")),
                Some(_) => self.at += 1,
                None => return Err(self.error("the text ends inside a string")),
            }
        }
        let mut out = String::from(&self.text[start..self.at]);
        loop {
            let run = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(&self.text[run..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            out.push(self.unicode_escape()?);
                            continue;
                        }
                        _ => return Err(self.error("invalid escape in a string")),
                    };
                    self.at += 1;
                    out.push(c);
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("the text ends inside a string")),
            }
        }
    }

    /// Four hex digits after `\u`.
    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error("\\u must be followed by four hex digits"))?;
        let mut v = 0;
        for &d in digits {
            let h = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.error("\\u must be followed by four hex digits"))?;
            v = v * 16 + h;
        }
        self.at += 4;
        Ok(v)
    }

    /// The character of a `\uXXXX` escape (after the `u`), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.bytes[self.at..].starts_with(b"\\u") {
                    return Err(self.error(
                        "a UTF-16 high surrogate escape must be followed by a low surrogate escape",
                    ));
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error(
                        "a UTF-16 high surrogate escape must be followed by a low surrogate escape",
                    ));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return Err(self.error("a UTF-16 low surrogate escape without a high surrogate"));
            }
            c => c,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Value<'a>, Error> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("numbers must not have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        match self.text[start..self.at].parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::Number(n)),
            _ => Err(Error {
                offset: start,
                message: "number out of range".into(),
            }),
        }
    }
}

/// Appends `s` to `out` as a JSON string literal (quoted, with `"`, `\\` and control
/// characters escaped).
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `v` to `out` as a JSON number rounded to `places` decimal places (at most 9),
/// without trailing zeros: `0.85`, `2`, `-0.001`. `null` if `v` is not finite, as JSON has no
/// NaN; beyond ±9·10^15 / 10^places the fraction is dropped, and beyond ±9.2·10^18 the value
/// saturates. Integer arithmetic only, so the browser build carries no float formatting code.
pub fn write_decimal(out: &mut String, v: f64, places: u32) {
    use std::fmt::Write as _;
    if !v.is_finite() {
        out.push_str("null");
        return;
    }
    let scale = 10u64.pow(places.min(9));
    let scaled = (v * scale as f64).round();
    if scaled.abs() >= 9e15 {
        let _ = write!(out, "{}", v.round() as i64);
        return;
    }
    let scaled = scaled as i64;
    if scaled < 0 {
        out.push('-');
    }
    let n = scaled.unsigned_abs();
    let _ = write!(out, "{}", n / scale);
    let mut frac = n % scale;
    if frac != 0 {
        let mut width = places.min(9) as usize;
        while frac.is_multiple_of(10) {
            frac /= 10;
            width -= 1;
        }
        let _ = write!(out, ".{frac:0width$}");
    }
}

/// A key that occurs more than once among `members`, if any.
fn duplicate_key<'m>(members: &'m [(Cow<'_, str>, Value<'_>)]) -> Option<&'m str> {
    if members.len() <= 8 {
        for (i, (k, _)) in members.iter().enumerate() {
            if members[..i].iter().any(|(other, _)| other == k) {
                return Some(k);
            }
        }
        return None;
    }
    let key = |i: usize| members[i].0.as_ref();
    let order = crate::sort::sorted_indices(members.len(), &|a, b| key(a).cmp(key(b)));
    order
        .windows(2)
        .find(|w| key(w[0]) == key(w[1]))
        .map(|w| key(w[0]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Value<'_> {
        parse(text.as_bytes()).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn err(text: &str) -> Error {
        match parse(text.as_bytes()) {
            Ok(v) => panic!("{text:?} parsed as {v:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn values() {
        assert_eq!(ok(" null "), Value::Null);
        assert_eq!(ok("true"), Value::Bool(true));
        assert_eq!(ok("false"), Value::Bool(false));
        assert_eq!(ok("-0"), Value::Number(-0.0));
        assert_eq!(ok("12.5e-1"), Value::Number(1.25));
        assert_eq!(ok("1E2"), Value::Number(100.0));
        assert_eq!(ok("[]"), Value::Array(vec![]));
        assert_eq!(ok("{}"), Value::Object(vec![]));
        let v = ok(r#"{"a": [1, {"b": "c"}], "d": null}"#);
        assert_eq!(
            v.get("a").and_then(|a| a.as_array()).map(|a| a.len()),
            Some(2)
        );
        assert_eq!(v.get("d"), Some(&Value::Null));
        assert_eq!(v.get("e"), None);
    }

    #[test]
    fn strings_unescape_and_borrow_when_they_can() {
        assert!(matches!(
            ok(r#""plain""#),
            Value::String(Cow::Borrowed("plain"))
        ));
        assert_eq!(
            ok(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#).as_str(),
            Some("a\"b\\c/d\u{8}\u{c}\n\r\té😀")
        );
        assert_eq!(ok("\"兰亭\"").as_str(), Some("兰亭"));
    }

    #[test]
    fn numbers_are_exact_integers_only_when_they_are() {
        assert_eq!(ok("4294967295").as_u64(), Some(4_294_967_295));
        assert_eq!(ok("9007199254740992").as_u64(), Some(1 << 53));
        assert_eq!(ok("9007199254740994").as_u64(), None);
        assert_eq!(ok("1.0").as_u64(), Some(1));
        assert_eq!(ok("1.5").as_u64(), None);
        assert_eq!(ok("-1").as_u64(), None);
        assert_eq!(ok("1e3").as_u64(), Some(1000));
        assert_eq!(ok("\"1\"").as_u64(), None);
        // Correct rounding, as Rust's float parsing does it.
        assert_eq!(ok("0.1").as_f64(), Some(0.1));
        assert_eq!(
            ok("2.2250738585072014e-308").as_f64(),
            Some(f64::MIN_POSITIVE)
        );
    }

    #[test]
    fn malformed_texts_are_refused_with_their_offset() {
        for (text, offset) in [
            ("", 0),
            ("   ", 3),
            ("{", 1),
            ("[1,]", 3),
            ("[1 2]", 3),
            ("{\"a\" 1}", 5),
            ("{\"a\":1,}", 7),
            ("{a:1}", 1),
            ("01", 1),
            ("-", 1),
            ("1.", 2),
            ("1e", 2),
            (".5", 0),
            ("+1", 0),
            ("NaN", 0),
            ("Infinity", 0),
            ("1e400", 0),
            ("tru", 0),
            ("nul", 0),
            ("\"abc", 4),
            ("\"a\u{1}b\"", 2),
            ("\"\\x\"", 2),
            ("\"\\u12\"", 3),
            ("\"\\ud800\"", 7),
            ("\"\\udc00\"", 7),
            ("\"\\ud800\\u0041\"", 13),
            ("{} {}", 3),
            ("[1] x", 4),
            ("// comment\n{}", 0),
            ("{\"a\":1,\"a\":2}", 0),
        ] {
            let e = err(text);
            assert_eq!(e.offset, offset, "{text:?}: {e}");
            assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn invalid_utf8_is_refused_where_it_starts() {
        let e = parse(b"[\"ab\xff\"]").unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(
            parse(b"\xEF\xBB\xBF{}").is_err(),
            "a byte order mark is not JSON"
        );
    }

    #[test]
    fn duplicate_keys_are_refused_in_small_and_large_objects() {
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
        let fine = format!("{{{}}}", many.join(","));
        assert!(parse(fine.as_bytes()).is_ok());
        let twice = format!("{{{},\"k7\":0}}", many.join(","));
        let e = parse(twice.as_bytes()).unwrap_err();
        assert!(e.message.contains("\"k7\""), "{e}");
        // An escaped key equals its unescaped spelling.
        assert!(parse(br#"{"a":1,"\u0061":2}"#).is_err());
    }

    #[test]
    fn nesting_is_limited() {
        let deep_ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(deep_ok.as_bytes()).is_ok());
        let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(parse(too_deep.as_bytes()).unwrap_err().offset, MAX_DEPTH);
        // Far deeper input fails the same way, without exhausting the stack.
        let very_deep = "[{\"a\":".repeat(100_000);
        assert!(parse(very_deep.as_bytes()).is_err());
    }

    #[test]
    fn written_strings_and_numbers_parse_back() {
        let texts = ["", "plain", "q\"b\\n\n\r\t\u{1}\u{1f}兰亭 😀", "/"];
        for t in texts {
            let mut out = String::new();
            write_string(&mut out, t);
            assert_eq!(ok(&out).as_str(), Some(t), "{out}");
        }
        for (n, text) in [
            (0.0, "0"),
            (-0.0, "0"),
            (2.0, "2"),
            (1.5, "1.5"),
            (0.85f32 as f64, "0.85"),
            (-0.001, "-0.001"),
            (0.0000004, "0"),
            (0.0000006, "0.000001"),
            (123456.789, "123456.789"),
            (1e12, "1000000000000"),
            (-3.4e38, "-9223372036854775808"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
        ] {
            let mut out = String::new();
            write_decimal(&mut out, n, 6);
            assert_eq!(out, text, "{n}");
            if text != "null" {
                assert!(ok(&out).as_f64().is_some());
            }
        }
    }

    #[test]
    fn line_and_column() {
        let text = b"{\n  \"a\": tru\n}";
        let e = parse(text).unwrap_err();
        assert_eq!(e.line_column(text), (2, 8));
    }

    #[test]
    fn every_prefix_of_a_document_parses_or_fails_without_panicking() {
        let doc =
            r#"{"asset":{"version":"2.0"},"n":[1,-2.5e3,true,null,"\u00e9\"x"],"o":{"k":{}}}"#;
        assert!(parse(doc.as_bytes()).is_ok());
        for i in 0..doc.len() {
            assert!(parse(&doc.as_bytes()[..i]).is_err(), "prefix {i}");
        }
    }
}
