//! Build script: writes a minified copy of every WGSL shader under `src/` to
//! `$OUT_DIR/wgsl/<path below src>`, which `render::wgsl!` includes. The shaders stay beside
//! their Rust modules with their comments; the binaries (the wasm build above all) carry only
//! the minified text.

#[path = "build/wgsl_min.rs"]
mod wgsl_min;

use std::path::Path;

fn main() {
    web_build_cfgs();
    println!("cargo:rerun-if-changed=build/wgsl_min.rs");
    // A directory: cargo reruns this script when anything below it changes, so new shaders
    // are picked up too.
    println!("cargo:rerun-if-changed=src");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let out = Path::new(&out_dir).join("wgsl");
    minify_dir(Path::new("src"), Path::new("src"), &out);
}

/// Two names for the feature sets src/web/ chooses its modules by (see Cargo.toml's features):
/// `viewer_build`, a build with the `Viewer` (none of the separate handoff, usdz and catalog
/// builds), and `room_viewer`, a `viewer_build` with the room view (`room`).
fn web_build_cfgs() {
    println!("cargo::rustc-check-cfg=cfg(viewer_build)");
    println!("cargo::rustc-check-cfg=cfg(room_viewer)");
    let on = |f: &str| std::env::var_os(format!("CARGO_FEATURE_{f}")).is_some();
    let viewer = !(on("HANDOFF_WEB") || on("USDZ_WEB") || on("CATALOG_WEB"));
    if viewer {
        println!("cargo::rustc-cfg=viewer_build");
        if on("ROOM") {
            println!("cargo::rustc-cfg=room_viewer");
        }
    }
}

fn minify_dir(root: &Path, dir: &Path, out: &Path) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            minify_dir(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "wgsl") {
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            let rel = path.strip_prefix(root).expect("below src");
            let target = out.join(rel);
            std::fs::create_dir_all(target.parent().expect("a file has a parent"))
                .unwrap_or_else(|e| panic!("creating {}: {e}", out.display()));
            std::fs::write(&target, wgsl_min::minify(&source))
                .unwrap_or_else(|e| panic!("writing {}: {e}", target.display()));
        }
    }
}
