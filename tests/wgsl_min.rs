//! The build script's WGSL minifier (build/wgsl_min.rs): what it removes, and that the shaders
//! it writes keep every token of the sources. The renders themselves are checked by the golden
//! tests, which draw with the minified shaders.

#[path = "../build/wgsl_min.rs"]
mod wgsl_min;

use wgsl_min::minify;

#[test]
fn removes_comments_indentation_and_blank_lines() {
    let src = "// header\n\nstruct A {\n    x: f32, // trailing\n\n    y: f32,\n};\n";
    assert_eq!(minify(src), "struct A {\nx: f32,\ny: f32,\n};\n");
}

#[test]
fn block_comments_nest_and_separate_tokens() {
    let src =
        "let a/* one /* two */ still */=1;\nlet/**/b = 2; /* open\n across lines */ let c = 3;";
    assert_eq!(minify(src), "let a =1;\nlet b = 2;\nlet c = 3;\n");
}

#[test]
fn collapses_runs_of_spaces_and_handles_crlf() {
    assert_eq!(
        minify("let\t  x  =\t1;\r\n\r\n  return x;\r\n"),
        "let x = 1;\nreturn x;\n"
    );
}

#[test]
fn division_is_not_a_comment() {
    assert_eq!(minify("let q = a / b;// c\n"), "let q = a / b;\n");
}

/// Every shader under src/: the minified text has exactly the source's tokens (split at
/// whitespace once comments are gone), so only layout changed.
#[test]
fn shaders_keep_their_tokens() {
    fn tokens(text: &str) -> Vec<String> {
        // A small, independent comment stripper (line comments; the shaders use no block
        // comments, which this asserts).
        assert!(
            !text.contains("/*"),
            "a block comment in a shader: extend this test"
        );
        text.lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .flat_map(str::split_whitespace)
            .map(str::to_owned)
            .collect()
    }
    let mut seen = 0;
    let mut dirs = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "wgsl") {
                let src = std::fs::read_to_string(&path).unwrap();
                let min = minify(&src);
                assert_eq!(tokens(&min), tokens(&src), "{}", path.display());
                assert!(min.len() < src.len(), "{}", path.display());
                seen += 1;
            }
        }
    }
    assert!(seen >= 3, "found only {seen} shaders under src/");
}
