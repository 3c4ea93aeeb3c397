//! `asset::load_owned` (the browser's load: the file's memory is reused for the model as it is
//! read) gives exactly what `asset::load` gives: the same model for every sample model and
//! every optimised variant of them, and the same error (code, JSON pointer and message) for
//! every file of the malformed corpus and for prefixes and byte flips of some of them. Its
//! memory is measured in tests/load_bench.rs.

#[path = "support/glb_edit.rs"]
mod glb_edit;
use glb_edit::edit_glb;
use std::fs;
use std::path::{Path, PathBuf};

use roomfit::asset::{self, Limits};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "glb" || x == "gltf"))
        .collect();
    out.sort();
    out
}

/// Both loads of `bytes`, as text: the model's Debug form, or the error's code, pointer and
/// message.
fn both(bytes: &[u8], limits: &Limits) -> (String, String) {
    let show = |r: Result<asset::Model, asset::AssetError>| match r {
        Ok(m) => format!("{m:?}"),
        Err(e) => format!("error {:?} at {:?}: {}", e.code, e.pointer, e.message),
    };
    (
        show(asset::load(bytes, limits, None)),
        show(asset::load_owned(bytes.to_vec(), limits, None)),
    )
}

fn name(p: &Path) -> String {
    p.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

#[test]
fn owned_loads_give_the_same_models_and_errors() {
    let limits = Limits::default();
    let mut paths = files("models");
    let samples = paths.len();
    paths.extend(files("tests/meshopt"));
    paths.extend(files("tests/corpus"));
    assert!(samples >= 9 && paths.len() > samples + 40, "{paths:?}");
    let (mut models, mut errors) = (0, 0);
    for path in &paths {
        let bytes = fs::read(path).expect("readable");
        let (borrowed, owned) = both(&bytes, &limits);
        assert!(
            borrowed == owned,
            "{}: load and load_owned differ",
            name(path)
        );
        if borrowed.starts_with("error") {
            errors += 1;
        } else {
            models += 1;
        }
    }
    eprintln!("{models} models and {errors} errors alike");
    assert!(
        models >= samples && errors >= 30,
        "{models} models, {errors} errors"
    );
}

/// Cuts and byte flips of a sample model's binary chunk (bounds, indices, floats), where the
/// owned load reads the geometry in another order and cuts its buffer back as it goes.
#[test]
fn owned_loads_of_damaged_files_give_the_same_errors() {
    let limits = Limits::default();
    let bytes = fs::read(root().join("models/oslo-armchair.glb")).expect("sample model");
    let json_len = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let bin = 20 + json_len + 8;
    let mut checked = 0;
    // Byte flips through the binary chunk (one in 1201 bytes: floats, indices, images).
    for at in (bin..bytes.len()).step_by(1201) {
        for x in [0x80u8, 0xFF] {
            let mut flipped = bytes.clone();
            flipped[at] ^= x;
            let (borrowed, owned) = both(&flipped, &limits);
            assert!(
                borrowed == owned,
                "byte {at} ^ {x:#x}: load and load_owned differ"
            );
            checked += 1;
        }
    }
    // The JSON's byteLength and byteOffset fields shifted, so that views reach past the chunk.
    let text = String::from_utf8_lossy(&bytes[20..20 + json_len]).into_owned();
    for (i, _) in text.match_indices("\"byteOffset\":").take(40) {
        let mut damaged = bytes.clone();
        // Turn the first digit of the value into a 9: a larger offset, same length.
        let digit = 20 + i + "\"byteOffset\":".len();
        if damaged[digit].is_ascii_digit() {
            damaged[digit] = b'9';
            let (borrowed, owned) = both(&damaged, &limits);
            assert!(
                borrowed == owned,
                "byteOffset at {digit}: load and load_owned differ"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

/// Found by the fuzzer: bufferViews carrying a meshopt extension object in a file whose
/// extensionsUsed does not list the extension are still decoded from the binary chunk, so the
/// owned load must keep that chunk whole for them too (it cut it back, and a compressed view's
/// data was then "missing" instead of the error or model `load` gives).
#[test]
fn meshopt_views_not_listed_in_extensions_used_load_the_same() {
    let mut checked = 0;
    for p in files("tests/meshopt") {
        if !name(&p).contains(".meshopt.") && !name(&p).contains(".khr.") {
            continue;
        }
        let bytes = fs::read(&p).unwrap();
        let unlisted = edit_glb(&bytes, |j| {
            let o = j.as_object_mut().unwrap();
            o.remove("extensionsUsed");
            o.remove("extensionsRequired");
        });
        let (borrowed, owned) = both(&unlisted, &Limits::default());
        assert_eq!(borrowed, owned, "{}", name(&p));
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} meshopt files");
    // The fuzzer's file: a meshopt sample whose extensionsUsed entry is damaged (the views and
    // extensionsRequired still name the extension).
    let found =
        fs::read(root().join("tests/fuzz-regressions/load-owned-meshopt-view.bin")).unwrap();
    let (borrowed, owned) = both(&found, &Limits::default());
    assert_eq!(borrowed, owned, "the fuzzer's file");
}
