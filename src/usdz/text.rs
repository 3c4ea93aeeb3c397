//! Writing USDA text: numbers, strings, arrays and indentation.

use std::fmt::Write;

/// A USDA document being written, with the current indentation.
#[derive(Debug, Default)]
pub struct Usda {
    out: String,
    depth: usize,
}

impl Usda {
    /// An empty document.
    pub fn new() -> Usda {
        Usda::default()
    }

    /// Writes one indented line.
    pub fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Writes `head` and `{`, then indents.
    pub fn open(&mut self, head: &str) {
        self.line(head);
        self.open_body();
    }

    /// Writes `{` and indents (after a head with metadata written line by line).
    pub fn open_body(&mut self) {
        self.line("{");
        self.depth += 1;
    }

    /// Unindents and writes `}`.
    pub fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.line("}");
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }
}

/// A float as USDA reads it: the shortest text that reads back as the same `f32`.
pub fn num(v: f32) -> String {
    // Rust's Display for floats never uses exponents and prints the shortest round-trip form;
    // -0 is written as 0.
    if v == 0.0 {
        "0".to_owned()
    } else {
        format!("{v}")
    }
}

/// A geometry value rounded to 6 decimals (a micrometre for positions), trailing zeros dropped:
/// about a third smaller than full precision for typical models.
pub fn push_fixed6(out: &mut String, v: f32) {
    let start = out.len();
    let _ = write!(out, "{:.6}", v);
    while out.ends_with('0') {
        out.pop();
    }
    if out.ends_with('.') {
        out.pop();
    }
    if &out[start..] == "-0" {
        out.truncate(start);
        out.push('0');
    }
}

/// `(a, b, c)` from full-precision floats.
pub fn tuple(values: &[f32]) -> String {
    let parts: Vec<String> = values.iter().map(|v| num(*v)).collect();
    format!("({})", parts.join(", "))
}

/// `[(x, y, z), …]` with 6-decimal values, for large geometry arrays.
pub fn tuple_array<const N: usize>(
    values: &[[f32; N]],
    map: impl Fn([f32; N]) -> [f32; N],
) -> String {
    let mut out = String::with_capacity(values.len() * N * 10 + 2);
    out.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for (k, x) in map(*v).iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            push_fixed6(&mut out, *x);
        }
        out.push(')');
    }
    out.push(']');
    out
}

/// `[1, 2, 3]`.
pub fn int_array(values: impl Iterator<Item = u32>) -> String {
    let mut out = String::from("[");
    for (i, v) in values.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{v}");
    }
    out.push(']');
    out
}

/// A quoted USDA string: backslash, quote and control characters escaped, everything else kept
/// as UTF-8.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(1e-7), "0.0000001");
        let mut s = String::new();
        for v in [0.1f32 + 0.2, -0.000_000_1, 2.5, 1.0, -1.25] {
            push_fixed6(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "0.3 0 2.5 1 -1.25 ");
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(quote("a\"b\\c\nd\u{1}é"), "\"a\\\"b\\\\c\\nd\\x01é\"");
    }
}
