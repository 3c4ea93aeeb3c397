//! The malformed-asset corpus (tests/corpus/, made by tests/corpus/make.mjs): every file must
//! give exactly the error code and JSON pointer listed in tests/corpus/expected.json, with a
//! message that says what was expected, and nothing may panic. Every sample model must load.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use roomfit::asset::{self, AssetError, Limits, Model};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_dir() -> PathBuf {
    root().join("tests/corpus")
}

/// Loads `bytes` with default limits, turning a panic into a test failure that names the file.
fn load_without_panic(name: &str, bytes: &[u8]) -> Result<Model, AssetError> {
    match catch_unwind(AssertUnwindSafe(|| {
        asset::load(bytes, &Limits::default(), None)
    })) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{name}: asset::load panicked: {what}");
        }
    }
}

fn expected() -> serde_json::Map<String, Value> {
    let text = fs::read_to_string(corpus_dir().join("expected.json"))
        .expect("tests/corpus/expected.json (run node tests/corpus/make.mjs)");
    match serde_json::from_str(&text).expect("expected.json is JSON") {
        Value::Object(map) => map,
        _ => panic!("expected.json must be an object mapping file names to expectations"),
    }
}

fn corpus_files() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(corpus_dir())
        .expect("tests/corpus exists")
        .map(|e| e.expect("readable dir entry").file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".glb") || n.ends_with(".gltf"))
        .collect();
    names.sort();
    names
}

fn code_name(e: &AssetError) -> String {
    match serde_json::to_value(e.code) {
        Ok(Value::String(s)) => s,
        other => panic!("ErrorCode serialises as {other:?}, not a string"),
    }
}

#[test]
fn expected_json_lists_exactly_the_corpus_files() {
    let listed: Vec<String> = expected().keys().cloned().collect();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    assert_eq!(
        corpus_files(),
        listed_sorted,
        "tests/corpus and expected.json disagree; regenerate both with node tests/corpus/make.mjs"
    );
    assert!(listed.len() >= 20, "only {} corpus files", listed.len());
}

#[test]
fn every_corpus_file_gives_its_expected_error() {
    let mut failures = Vec::new();
    for (name, want) in expected() {
        let bytes = fs::read(corpus_dir().join(&name)).expect("corpus file readable");
        let want_code = want["code"].as_str();
        let want_pointer = want["pointer"].as_str().expect("pointer is a string");
        let mentions: Vec<&str> = want["mentions"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        match (load_without_panic(&name, &bytes), want_code) {
            (Ok(_), None) => {}
            (Ok(_), Some(code)) => failures.push(format!("{name}: loaded, expected {code}")),
            (Err(e), None) => failures.push(format!("{name}: expected to load, got {e:?}")),
            (Err(e), Some(code)) => {
                let got = code_name(&e);
                if got != code || e.pointer != want_pointer {
                    failures.push(format!(
                        "{name}: got {got} at {:?}, expected {code} at {want_pointer:?} ({})",
                        e.pointer, e.message
                    ));
                }
                if e.message.trim().is_empty() {
                    failures.push(format!("{name}: empty message"));
                }
                let lower = e.message.to_lowercase();
                for m in &mentions {
                    if !lower.contains(&m.to_lowercase()) {
                        failures.push(format!(
                            "{name}: message {:?} does not mention {m:?}",
                            e.message
                        ));
                    }
                }
                // Display is what users see: the pointer must be in it when there is one.
                let shown = e.to_string();
                if !e.pointer.is_empty() && !shown.contains(&e.pointer) {
                    failures.push(format!("{name}: Display {shown:?} lacks the pointer"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every prefix and every single-byte flip of the small corpus files, and prefixes of a sample
/// model, must give a result, not a panic, and the same one from `load` and `load_owned`.
#[test]
fn prefixes_and_byte_flips_never_panic() {
    let mut inputs: Vec<(String, Vec<u8>)> = corpus_files()
        .into_iter()
        .map(|n| {
            let b = fs::read(corpus_dir().join(&n)).expect("corpus file readable");
            (n, b)
        })
        .filter(|(_, b)| b.len() <= 8192)
        .collect();
    let armchair = fs::read(root().join("models/oslo-armchair.glb")).expect("sample model");
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_triangles: 100_000,
        max_vertices_per_primitive: 100_000,
        ..Limits::default()
    };
    // Both loads: `load_owned` (the browser's) reads the geometry in another order and cuts
    // the file back as it goes; it must refuse each file for the same reason as `load`.
    let run = |name: &str, bytes: &[u8]| {
        let r = catch_unwind(AssertUnwindSafe(|| asset::load(bytes, &limits, None)));
        assert!(r.is_ok(), "{name}: asset::load panicked");
        let owned = catch_unwind(AssertUnwindSafe(|| {
            asset::load_owned(bytes.to_vec(), &limits, None)
        }));
        assert!(owned.is_ok(), "{name}: asset::load_owned panicked");
        let error = |r: &Result<Model, AssetError>| {
            r.as_ref()
                .err()
                .map(|e| (e.code, e.pointer.clone(), e.message.clone()))
        };
        if let (Ok(a), Ok(b)) = (r, owned) {
            assert_eq!(error(&a), error(&b), "{name}: load and load_owned differ");
        }
    };
    // Prefixes of the armchair: the header, the JSON chunk and a stride through the rest.
    let jsonish = 20 + u32::from_le_bytes(armchair[12..16].try_into().unwrap()) as usize + 16;
    for len in (0..jsonish).chain((jsonish..armchair.len()).step_by(4099)) {
        let mut cut = armchair[..len].to_vec();
        if cut.len() >= 12 {
            let l = cut.len() as u32;
            cut[8..12].copy_from_slice(&l.to_le_bytes());
        }
        run(&format!("oslo-armchair.glb[..{len}]"), &cut);
    }
    for (name, bytes) in inputs.drain(..) {
        for len in 0..bytes.len() {
            run(&format!("{name}[..{len}]"), &bytes[..len]);
        }
        for at in 0..bytes.len() {
            for x in [0x01u8, 0x80, 0xFF] {
                let mut flipped = bytes.clone();
                flipped[at] ^= x;
                run(&format!("{name} with byte {at} ^ {x:#x}"), &flipped);
            }
        }
    }
}

/// Many buffers naming one external file are budgeted together: each is a separate copy.
#[test]
fn external_buffers_are_budgeted_together() {
    let buffers: Vec<String> = (0..200)
        .map(|_| r#"{"uri": "shared.bin", "byteLength": 1048576}"#.to_string())
        .collect();
    let gltf = format!(
        r#"{{"asset": {{"version": "2.0"}}, "buffers": [{}]}}"#,
        buffers.join(",")
    );
    let reads = std::cell::Cell::new(0);
    let resolve = |uri: &str| -> Result<Vec<u8>, String> {
        assert_eq!(uri, "shared.bin");
        reads.set(reads.get() + 1);
        Ok(vec![0; 1 << 20])
    };
    let e = asset::load(gltf.as_bytes(), &Limits::default(), Some(&resolve))
        .expect_err("200 × 1 MiB of buffers is over the 128 MiB limit");
    assert_eq!(code_name(&e), "limit-exceeded", "{e}");
    assert_eq!(e.pointer, "/buffers/128/byteLength", "{e}");
    assert!(e.message.contains("together"), "{e}");
    assert_eq!(
        reads.get(),
        128,
        "buffers past the budget must not be fetched"
    );
}

#[test]
fn all_sample_models_load() {
    let dir = root().join("models");
    let mut models: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("models/ exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "glb"))
        .collect();
    models.sort();
    assert!(models.len() >= 9, "only {} sample models", models.len());
    for path in models {
        let name = file_name(&path);
        let bytes = fs::read(&path).expect("model readable");
        let model = load_without_panic(&name, &bytes)
            .unwrap_or_else(|e| panic!("{name} does not load: {e}"));
        assert!(model.stats.triangles > 0, "{name} has no triangles");
        assert!(!model.bounds.is_empty(), "{name} has empty bounds");
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}
