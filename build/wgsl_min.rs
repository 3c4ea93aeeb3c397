//! WGSL minification for the build script: comments out, indentation and blank lines out.
//! Conservative on purpose: tokens and line breaks stay as written (WGSL has no string
//! literals, so `//` and `/*` always start a comment), runs of spaces inside a line become one.

/// `source` without comments, leading/trailing whitespace on each line, blank lines, or runs of
/// spaces and tabs. Block comments nest, as in WGSL.
pub fn minify(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut line = String::new();
    let mut depth = 0usize;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if depth > 0 {
            match (c, next) {
                ('*', Some('/')) => {
                    chars.next();
                    depth -= 1;
                    if depth == 0 {
                        // A comment separates tokens like a space does.
                        line.push(' ');
                    }
                }
                ('/', Some('*')) => {
                    chars.next();
                    depth += 1;
                }
                ('\n', _) => end_line(&mut out, &mut line),
                _ => {}
            }
            continue;
        }
        match (c, next) {
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                end_line(&mut out, &mut line);
            }
            ('/', Some('*')) => {
                chars.next();
                depth = 1;
            }
            ('\n', _) => end_line(&mut out, &mut line),
            (' ' | '\t' | '\r', _) => line.push(' '),
            _ => line.push(c),
        }
    }
    end_line(&mut out, &mut line);
    out
}

fn end_line(out: &mut String, line: &mut String) {
    let mut last_space = true;
    let start = out.len();
    for c in line.trim().chars() {
        let space = c == ' ';
        if !(space && last_space) {
            out.push(c);
        }
        last_space = space;
    }
    if out.len() > start {
        out.push('\n');
    }
    line.clear();
}
