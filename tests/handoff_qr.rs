//! Try-on ticket QR codes decoded back by an independent decoder: jsQR (npm `jsqr`), run with
//! node on the rendered pixels. Skipped, with a note, when node or jsqr is not installed; set
//! `ROOMFIT_JSQR` to the package's directory, or install it where node finds it.

use std::io::Write as _;
use std::process::{Command, Stdio};

use roomfit::handoff::qr::QrCode;

const SCALE: usize = 4;
const QUIET: usize = 4;

/// Grey pixels (0 dark, 255 light) with a quiet zone.
fn render(code: &QrCode) -> (usize, Vec<u8>) {
    let side = (code.size() + 2 * QUIET) * SCALE;
    let mut pixels = vec![255u8; side * side];
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = (x / SCALE, y / SCALE);
            if mx >= QUIET && my >= QUIET && code.dark(mx - QUIET, my - QUIET) {
                pixels[y * side + x] = 0;
            }
        }
    }
    (side, pixels)
}

fn jsqr_module() -> Option<String> {
    let candidates = [
        std::env::var("ROOMFIT_JSQR").ok(),
        Some(concat!(env!("CARGO_MANIFEST_DIR"), "/node_modules/jsqr").to_owned()),
        Some("jsqr".to_owned()),
    ];
    candidates.into_iter().flatten().find(|m| {
        Command::new("node")
            .args(["-e", &format!("require({m:?})")])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Decodes with jsQR; the pixels go in on stdin as grey bytes.
fn decode(module: &str, side: usize, grey: &[u8]) -> String {
    let script = format!(
        "const jsQR = require({module:?}); const side = {side};
         const chunks = []; process.stdin.on('data', c => chunks.push(c)).on('end', () => {{
           const grey = Buffer.concat(chunks); const rgba = new Uint8ClampedArray(side * side * 4);
           for (let i = 0; i < side * side; i++) {{ rgba.fill(grey[i], 4 * i, 4 * i + 3); rgba[4 * i + 3] = 255; }}
           const r = jsQR(rgba, side, side, {{ inversionAttempts: 'dontInvert' }});
           process.stdout.write(r ? JSON.stringify({{ data: r.data, version: r.version }}) : 'null');
         }});"
    );
    let mut child = Command::new("node")
        .args(["-e", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node");
    child.stdin.take().unwrap().write_all(grey).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn ticket_codes_decode_back() {
    let urls: Vec<String> = vec![
        "https://r.example/t".into(),
        "https://nordhem.example/roomfit/ticket?room=v1.AbCdEf".into(),
        format!("https://shop.example/ticket#r={}", "Ab-_".repeat(15)),
        format!("https://shop.example/ticket#r={}", "x9".repeat(60)),
        format!("https://shop.example/t?r={}", "Zz0".repeat(60)),
        "https://lanting.example/票?房间=上海".into(),
    ];
    let Some(module) = jsqr_module() else {
        eprintln!("skipped: node with the jsqr package not found (set ROOMFIT_JSQR)");
        return;
    };
    let mut versions = Vec::new();
    for url in &urls {
        let code = QrCode::encode(url.as_bytes()).unwrap();
        versions.push(code.version());
        let (side, grey) = render(&code);
        let decoded = decode(&module, side, &grey);
        let value: serde_json::Value = serde_json::from_str(&decoded).unwrap_or_default();
        assert_eq!(
            value["data"],
            url.as_str(),
            "version {} mask {}",
            code.version(),
            code.mask()
        );
        assert_eq!(value["version"], code.version());
    }
    eprintln!("jsQR decoded {} codes, versions {versions:?}", urls.len());
    // Small and large versions, including 7+ (version information blocks) and 10.
    assert!(
        versions.contains(&2) && versions.iter().any(|&v| v >= 7) && versions.contains(&10),
        "{versions:?}"
    );
}
