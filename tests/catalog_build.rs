//! `roomfit catalog build` end to end: the sample catalog becomes a folder where every file the
//! manifest lists is present with its size and SHA-256 (checked with coreutils' `sha256sum`),
//! every USDZ passes `tests/usdz_check.py` (Pixar's validators plus the glTF comparison),
//! every poster is a non-blank PNG of the requested size, and the rewritten catalog checks
//! clean against the built files; a re-run skips everything and touches nothing; a product with
//! a broken model fails alone (exit 1, named with its pointer); a catalog with an error builds
//! nothing.

#[path = "support/usdz_expect.rs"]
mod usdz_expect;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

use roomfit::asset::{self, Limits};
use roomfit::catalog::{self, report};
use roomfit::usdz::RoomItem;
use serde_json::{Value, json};
use usdz_expect::{expect, in_ci, python};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("catalog_build")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn build(catalog: &Path, out: &Path, extra: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_roomfit"))
        .args(["catalog", "build"])
        .arg(catalog)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    eprintln!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// SHA-256 of a file by coreutils, not by the code under test.
fn sha256sum(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every file the manifest lists (the rewritten catalog, each GLB, USDZ and poster), as
/// (path, bytes, sha256).
fn listed(manifest: &Value) -> Vec<(String, u64, String)> {
    let entry = |v: &Value| {
        (
            v["path"].as_str().unwrap().to_owned(),
            v["bytes"].as_u64().unwrap(),
            v["sha256"].as_str().unwrap().to_owned(),
        )
    };
    let mut files = vec![entry(&manifest["catalog"])];
    for p in manifest["products"].as_array().unwrap() {
        files.push(entry(&p["glb"]));
        for v in p["variants"].as_array().unwrap() {
            files.push(entry(&v["usdz"]));
            files.push(entry(&v["poster"]));
        }
    }
    files
}

fn mtimes(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            } else {
                out.insert(e.path(), meta.modified().unwrap());
            }
        }
    }
    out
}

/// Share of pixels that differ clearly from the top-left (background) pixel.
fn foreground_share(png: &Path, size: u32) -> f64 {
    let img = image::open(png).unwrap().to_rgba8();
    assert_eq!(img.dimensions(), (size, size), "{}", png.display());
    let bg = *img.get_pixel(0, 0);
    let differ = img
        .pixels()
        .filter(|p| (0..3).any(|c| (p[c] as i32 - bg[c] as i32).abs() > 24))
        .count();
    differ as f64 / (size * size) as f64
}

#[test]
fn the_sample_catalog_builds_into_a_checked_folder_and_a_rerun_skips_everything() {
    let out = temp("sample");
    let sample = root().join("models/catalog.json");
    let first = build(&sample, &out, &["--poster-size", "256"]);
    assert!(first.status.success(), "exit status {:?}", first.status);
    assert!(
        stdout(&first).contains("built 10, skipped 0"),
        "{}",
        stdout(&first)
    );

    let manifest = read_json(&out.join("manifest.json"));
    assert_eq!(manifest["poster_size"], json!(256));
    assert_eq!(manifest["failed"], json!([]));
    let source = catalog::parse(&std::fs::read_to_string(&sample).unwrap()).unwrap();
    let products: Vec<&Value> = manifest["products"].as_array().unwrap().iter().collect();
    let sample_products: usize = source.retailers.iter().map(|r| r.products.len()).sum();
    assert_eq!(products.len(), sample_products);

    // Every file present, its size and SHA-256 as listed, its name carrying the hash.
    let files = listed(&manifest);
    assert_eq!(
        files.len(),
        1 + 10 + 2 * 18,
        "one GLB per product, two files per SKU (Lanting's Oslo armchair lists Nordhem's files)"
    );
    for (path, bytes, hash) in &files {
        let file = out.join(path);
        assert_eq!(std::fs::metadata(&file).unwrap().len(), *bytes, "{path}");
        assert_eq!(&sha256sum(&file), hash, "{path}");
        if path != "catalog.json" {
            assert!(
                path.contains(&format!("-{}.", &hash[..16])),
                "{path} is not content-named"
            );
        }
    }
    // Nothing unlisted (no temporary files left behind).
    let on_disk: Vec<String> = mtimes(&out)
        .keys()
        .map(|p| p.strip_prefix(&out).unwrap().to_string_lossy().into_owned())
        .filter(|p| p != "manifest.json")
        .collect();
    for p in &on_disk {
        assert!(
            files.iter().any(|(f, _, _)| f == p),
            "{p} is not in the manifest"
        );
    }

    // The rewritten catalog points at the built files and checks clean against them.
    let text = std::fs::read_to_string(out.join("catalog.json")).unwrap();
    let rewritten = catalog::parse(&text).unwrap();
    let load = |url: &str| roomfit::catalog_build::read_local(&out, url);
    let issues = report::check(&text, &load);
    assert!(issues.is_empty(), "{}", report::to_text(&issues, &text));

    let mut cases = Vec::new();
    let mut k = 0;
    for (r, retailer) in rewritten.retailers.iter().enumerate() {
        for (j, p) in retailer.products.iter().enumerate() {
            let entry = products[k];
            k += 1;
            assert_eq!(entry["product"], json!(format!("{}/{}", retailer.id, p.id)));
            assert_eq!(
                entry["pointer"],
                json!(format!("/retailers/{r}/products/{j}"))
            );
            assert_eq!(p.model.glb, entry["glb"]["path"].as_str().unwrap());
            let variants = entry["variants"].as_array().unwrap();
            assert_eq!(
                p.model.usdz.as_deref(),
                variants[0]["usdz"]["path"].as_str()
            );
            assert_eq!(
                p.model.poster.as_deref(),
                variants[0]["poster"]["path"].as_str()
            );
            // The GLB is the retailer's, byte for byte.
            let original = &source.retailers[r].products[j].model.glb;
            assert_eq!(
                std::fs::read(out.join(&p.model.glb)).unwrap(),
                std::fs::read(root().join("models").join(original)).unwrap()
            );
            let model = asset::load(
                &std::fs::read(out.join(&p.model.glb)).unwrap(),
                &Limits::default(),
                None,
            )
            .unwrap();
            assert_eq!(variants.len(), p.variants.len());
            for (v, ventry) in p.variants.iter().zip(variants) {
                assert_eq!(ventry["sku"], json!(v.sku));
                assert_eq!(ventry["gltf_variant"], json!(v.gltf_variant));
                let poster = out.join(ventry["poster"]["path"].as_str().unwrap());
                let share = foreground_share(&poster, 256);
                assert!(
                    share > 0.02,
                    "{} is nearly blank ({share})",
                    poster.display()
                );
                let usdz = out.join(ventry["usdz"]["path"].as_str().unwrap());
                let item = RoomItem {
                    model: &model,
                    transform: glam::Mat4::IDENTITY,
                    variant: v
                        .gltf_variant
                        .as_ref()
                        .and_then(|n| model.variants.iter().position(|m| m == n)),
                };
                cases.push(expect(&v.sku, &usdz, &[item], v.gltf_variant.as_deref()));
            }
        }
    }
    // Different variants give different posters.
    let oslo: Vec<&str> = products[0]["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["poster"]["sha256"].as_str().unwrap())
        .collect();
    assert!(oslo.len() >= 2 && oslo[0] != oslo[1], "{oslo:?}");

    // A re-run skips every product and writes nothing.
    let before = mtimes(&out);
    let second = build(&sample, &out, &["--poster-size", "256"]);
    assert!(second.status.success());
    let said = stdout(&second);
    assert!(
        said.contains("built 0, skipped 10 (already built), failed 0; 0 files written"),
        "{said}"
    );
    assert_eq!(mtimes(&out), before, "a re-run changed files");
    // A different poster size is a different input: everything is rebuilt.
    let third = build(&sample, &out, &["--poster-size", "128"]);
    assert!(
        stdout(&third).contains("built 10, skipped 0"),
        "{}",
        stdout(&third)
    );

    let spec = out.parent().unwrap().join("sample-expect.json");
    std::fs::write(
        &spec,
        serde_json::to_vec_pretty(&json!({ "cases": cases })).unwrap(),
    )
    .unwrap();
    let Some(python) = python() else {
        let msg =
            "Python with usd-core (pxr) not found: run scripts/setup.sh, or set ROOMFIT_PYTHON";
        assert!(
            !in_ci(),
            "{msg} (CI is set, so this fails instead of skipping)"
        );
        eprintln!("SKIPPED usdz validation: {msg}");
        return;
    };
    let checked = Command::new(&python)
        .arg(root().join("tests/usdz_check.py"))
        .arg(&spec)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&checked.stderr);
    eprintln!("{stderr}");
    let summary: Value = String::from_utf8_lossy(&checked.stdout)
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| panic!("usdz_check.py printed no summary:\n{stderr}"));
    assert_eq!(summary["cases"], json!(18));
    assert_eq!(summary["errors"], json!(0), "UsdValidation errors");
    assert_eq!(
        summary["failures"],
        json!(0),
        "checks failed (see FAIL lines above)"
    );
    assert!(checked.status.success());
}

/// The sample catalog and its GLBs copied into `dir`, with `edit` applied to the catalog.
fn copy_sample(dir: &Path, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let models = root().join("models");
    for e in std::fs::read_dir(&models).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "glb") {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    let mut c = read_json(&models.join("catalog.json"));
    edit(&mut c);
    let path = dir.join("catalog.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&c).unwrap()).unwrap();
    path
}

#[test]
fn a_broken_product_fails_alone_and_is_named_with_its_pointer() {
    let dir = temp("broken");
    let catalog = copy_sample(&dir, |c| {
        c["retailers"][0]["products"][2]["model"]["glb"] = json!("truncated.glb");
    });
    let lamp = std::fs::read(dir.join("lumen-floor-lamp.glb")).unwrap();
    std::fs::write(dir.join("truncated.glb"), &lamp[..lamp.len() / 2]).unwrap();
    let out = dir.join("out");
    let run = build(&catalog, &out, &["--poster-size", "64"]);
    assert_eq!(run.status.code(), Some(1));
    let said = stdout(&run);
    let id = read_json(&catalog)["retailers"][0]["products"][2]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let retailer = read_json(&catalog)["retailers"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        said.contains(&format!(
            "FAILED {retailer}/{id} at /retailers/0/products/2/model/glb"
        )),
        "{said}"
    );
    assert!(
        said.contains("built 9, skipped 0 (already built), failed 1"),
        "{said}"
    );
    let manifest = read_json(&out.join("manifest.json"));
    assert_eq!(manifest["products"].as_array().unwrap().len(), 9);
    assert_eq!(
        manifest["failed"][0]["pointer"],
        json!("/retailers/0/products/2/model/glb")
    );
    for (path, bytes, _) in listed(&manifest) {
        assert_eq!(
            std::fs::metadata(out.join(&path)).unwrap().len(),
            bytes,
            "{path}"
        );
    }

    // Fixed, a re-run builds only the one that failed.
    std::fs::write(dir.join("truncated.glb"), &lamp).unwrap();
    let again = build(&catalog, &out, &["--poster-size", "64"]);
    assert!(again.status.success());
    assert!(
        stdout(&again).contains("built 1, skipped 9"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn a_catalog_with_errors_builds_nothing() {
    let dir = temp("invalid");
    let catalog = copy_sample(&dir, |c| {
        c["retailers"][0]["currency"] = json!("euro");
    });
    let out = dir.join("out");
    let run = build(&catalog, &out, &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stdout(&run).contains("/retailers/0/currency"),
        "{}",
        stdout(&run)
    );
    assert!(
        stdout(&run).contains("nothing was built"),
        "{}",
        stdout(&run)
    );
    assert!(!out.exists(), "the output folder was created");
}

/// The posters of every product in a built folder, by manifest path.
fn posters(out: &Path) -> BTreeMap<String, Vec<u8>> {
    listed(&read_json(&out.join("manifest.json")))
        .into_iter()
        .filter(|(path, _, _)| path.starts_with("posters/"))
        .map(|(path, _, _)| (path.clone(), std::fs::read(out.join(&path)).unwrap()))
        .collect()
}

#[test]
fn posters_from_a_new_process_each_time_equal_posters_drawn_in_process() {
    use roomfit::catalog_build::{Options, Posters};
    let dir = temp("workers");
    let catalog = copy_sample(&dir, |_| {});
    let options = |sub: &str, posters| Options {
        poster_size: 48,
        threads: 2,
        posters,
        ..Options::new(dir.join(sub))
    };
    let inside = roomfit::catalog_build::build(&catalog, &options("in", Posters::InProcess))
        .expect("in-process build");
    let worker = Posters::Worker {
        command: vec![
            env!("CARGO_BIN_EXE_roomfit").into(),
            "catalog".into(),
            "poster-worker".into(),
        ],
        every: 1,
    };
    let outside =
        roomfit::catalog_build::build(&catalog, &options("out", worker)).expect("worker build");
    assert!(inside.failed.is_empty() && outside.failed.is_empty());
    assert_eq!(inside.built, outside.built);
    let (a, b) = (posters(&dir.join("in")), posters(&dir.join("out")));
    assert!(a.len() >= 10, "{} posters", a.len());
    // Same names means the same SHA-256 prefix: the same bytes, whichever process drew them.
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert_eq!(a, b);
    // No scratch files are left behind.
    let left: Vec<_> = std::fs::read_dir(dir.join("out/posters"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_crashing_poster_renderer_fails_its_products_with_the_exit_status() {
    use roomfit::catalog_build::{Options, Posters};
    let dir = temp("crash");
    let catalog = copy_sample(&dir, |_| {});
    // A renderer that reads one request and dies, as a driver crash would end it.
    let options = Options {
        poster_size: 32,
        threads: 1,
        posters: Posters::Worker {
            command: vec!["sh".into(), "-c".into(), "read line; exit 3".into()],
            every: 16,
        },
        ..Options::new(dir.join("out"))
    };
    let report = roomfit::catalog_build::build(&catalog, &options).expect("a report");
    assert!(report.built.is_empty(), "{:?}", report.built);
    assert_eq!(report.failed.len(), 10);
    for f in &report.failed {
        assert!(
            f.message.starts_with("no poster: the poster renderer stopped (it ended without an answer, exit status: 3)"),
            "{}: {}",
            f.product,
            f.message
        );
        assert!(f.pointer.starts_with("/retailers/"), "{}", f.pointer);
    }
}
