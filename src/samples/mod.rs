//! Deterministic sample content: furniture models (GLB) from three fictional retailers and
//! the `catalog.json` that describes them (and the same retailers one file each,
//! `catalog-{retailer}.json`).
//!
//! Everything is generated procedurally (geometry, textures, PNG and GLB encoding) using only
//! integer hashing and `+ - * / sqrt` arithmetic, so [`generate`] returns byte-identical files
//! on every run and machine.

mod catalog;
mod glb;
mod json;
mod math;
mod mesh;
mod products;
mod texture;

/// One generated file: its name inside `models/` and its bytes.
pub struct GeneratedFile {
    /// File name, e.g. `oslo-sofa.glb` or `catalog.json`.
    pub name: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

/// Generates every sample model and `catalog.json`, byte-identical on every run and machine.
pub fn generate() -> Vec<GeneratedFile> {
    let textures = products::Textures::new();
    let models = products::all(&textures);
    let catalog = catalog::catalog_json(&models);
    let per_retailer = catalog::retailer_catalogs(&models);
    let mut files: Vec<GeneratedFile> = models
        .into_iter()
        .map(|m| GeneratedFile {
            name: format!("{}.glb", m.id),
            bytes: m.glb,
        })
        .collect();
    files.push(GeneratedFile {
        name: "catalog.json".to_owned(),
        bytes: catalog.into_bytes(),
    });
    files.extend(per_retailer.into_iter().map(|(id, json)| GeneratedFile {
        name: format!("catalog-{id}.json"),
        bytes: json.into_bytes(),
    }));
    files
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use serde_json::Value;

    use super::{GeneratedFile, generate};

    fn files() -> &'static [GeneratedFile] {
        static FILES: OnceLock<Vec<GeneratedFile>> = OnceLock::new();
        FILES.get_or_init(generate)
    }

    fn file(name: &str) -> &'static [u8] {
        files()
            .iter()
            .find(|f| f.name == name)
            .map_or(&[], |f| f.bytes.as_slice())
    }

    fn catalog() -> Value {
        serde_json::from_slice(file("catalog.json")).unwrap_or(Value::Null)
    }

    /// The JSON chunk of a GLB file.
    fn gltf_json(glb: &[u8]) -> Value {
        let len = glb
            .get(12..16)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
        glb.get(20..20 + len)
            .and_then(|json| serde_json::from_slice(json).ok())
            .unwrap_or(Value::Null)
    }

    /// Every POSITION accessor's min/max, combined.
    fn gltf_bounds(doc: &Value) -> ([f64; 3], [f64; 3]) {
        let (mut lo, mut hi) = ([f64::MAX; 3], [f64::MIN; 3]);
        for mesh in doc["meshes"].as_array().into_iter().flatten() {
            for prim in mesh["primitives"].as_array().into_iter().flatten() {
                let accessor = &doc["accessors"]
                    [prim["attributes"]["POSITION"].as_u64().unwrap_or(u64::MAX) as usize];
                for axis in 0..3 {
                    lo[axis] = lo[axis].min(accessor["min"][axis].as_f64().unwrap_or(f64::MAX));
                    hi[axis] = hi[axis].max(accessor["max"][axis].as_f64().unwrap_or(f64::MIN));
                }
            }
        }
        (lo, hi)
    }

    fn products() -> Vec<Value> {
        let catalog = catalog();
        catalog["retailers"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|r| r["products"].as_array().cloned().unwrap_or_default())
            .collect()
    }

    #[test]
    fn generation_is_deterministic() {
        let again = generate();
        assert_eq!(again.len(), files().len());
        for (a, b) in again.iter().zip(files()) {
            assert_eq!(a.name, b.name);
            assert!(a.bytes == b.bytes, "{} differs between runs", a.name);
        }
    }

    #[test]
    fn every_model_is_a_small_glb() {
        let glbs: Vec<_> = files()
            .iter()
            .filter(|f| f.name.ends_with(".glb"))
            .collect();
        assert!(glbs.len() >= 9);
        for f in glbs {
            assert_eq!(f.bytes.get(0..4), Some(&b"glTF"[..]), "{}", f.name);
            assert!(
                f.bytes.len() < 1_500_000,
                "{} is {} bytes",
                f.name,
                f.bytes.len()
            );
            let doc = gltf_json(&f.bytes);
            assert_eq!(doc["asset"]["generator"], "roomfit samples", "{}", f.name);
            let triangles: u64 = doc["meshes"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|m| m["primitives"].as_array().cloned().unwrap_or_default())
                .map(|p| {
                    let i = p["indices"].as_u64().unwrap_or(0) as usize;
                    doc["accessors"][i]["count"].as_u64().unwrap_or(0) / 3
                })
                .sum();
            assert!(
                (12..20_000).contains(&triangles),
                "{}: {triangles} triangles",
                f.name
            );
        }
    }

    #[test]
    fn catalog_matches_the_models() {
        let text = std::str::from_utf8(file("catalog.json")).unwrap_or("");
        assert!(text.ends_with("}\n") && text.starts_with("{\n  \"version\": 1,"));
        let products = products();
        assert!(products.len() >= 9);
        for p in &products {
            let id = p["id"].as_str().unwrap_or("?");
            let doc = gltf_json(file(p["model"]["glb"].as_str().unwrap_or("")));
            let (lo, hi) = gltf_bounds(&doc);
            let dims = &p["dimensions_mm"];
            for (key, axis) in [("width", 0), ("height", 1), ("depth", 2)] {
                let size_mm = (hi[axis] - lo[axis]) * 1000.0;
                let listed = dims[key].as_f64().unwrap_or(0.0);
                assert!(
                    (size_mm - listed).abs() <= 10.0,
                    "{id} {key}: {size_mm} vs {listed}"
                );
            }
            // Floor items stand on y = 0 centred on the origin; wall items hang with their
            // back on z = 0, bottom on y = 0, centred in x.
            assert!(lo[1].abs() < 1e-4, "{id} min y {}", lo[1]);
            assert!((lo[0] + hi[0]).abs() < 1e-3, "{id} not centred in x");
            match p["placement"].as_str() {
                Some("floor") => assert!((lo[2] + hi[2]).abs() < 1e-3, "{id} not centred in z"),
                Some("wall") => assert!(lo[2].abs() < 1e-4, "{id} back not at z = 0"),
                other => panic!("{id}: placement {other:?}"),
            }
            let declared: Vec<&str> = doc["extensions"]["KHR_materials_variants"]["variants"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v["name"].as_str())
                .collect();
            let variants = p["variants"].as_array().cloned().unwrap_or_default();
            assert!(!variants.is_empty(), "{id} has no variants");
            for v in &variants {
                if let Some(name) = v["gltf_variant"].as_str() {
                    assert!(declared.contains(&name), "{id}: no glTF variant {name}");
                }
                assert!(v["name"]["en"].is_string() && v["name"]["zh-CN"].is_string());
            }
            if declared.is_empty() {
                assert_eq!(variants.len(), 1, "{id}");
                assert!(variants[0]["gltf_variant"].is_null(), "{id}");
            } else {
                assert_eq!(variants.len(), declared.len(), "{id}");
            }
        }
    }

    #[test]
    fn catalog_lists_the_expected_products() {
        // Nominal sizes in mm (width, depth, height), checked to within 1 cm.
        let expected = [
            ("oslo-sofa", 2100.0, 920.0, 830.0),
            ("oslo-armchair", 860.0, 880.0, 800.0),
            ("lumen-floor-lamp", 400.0, 400.0, 1600.0),
            ("harvest-dining-table", 1800.0, 900.0, 750.0),
            ("harvest-dining-chair", 450.0, 520.0, 820.0),
            ("round-coffee-table", 900.0, 900.0, 420.0),
            ("ladder-bookshelf", 800.0, 350.0, 1800.0),
            ("cloud-rug", 2000.0, 1400.0, 10.0),
            ("ink-framed-print", 600.0, 30.0, 800.0),
        ];
        let products = products();
        for (id, w, d, h) in expected {
            let p = products.iter().find(|p| p["id"] == id);
            let dims = p.map(|p| p["dimensions_mm"].clone()).unwrap_or(Value::Null);
            for (key, nominal) in [("width", w), ("depth", d), ("height", h)] {
                let got = dims[key].as_f64().unwrap_or(-1.0);
                assert!((got - nominal).abs() <= 10.0, "{id} {key}: {got}");
            }
        }
        let catalog = catalog();
        let retailers = catalog["retailers"].as_array().cloned().unwrap_or_default();
        let ids: Vec<_> = retailers.iter().filter_map(|r| r["id"].as_str()).collect();
        assert_eq!(ids, ["nordhem", "maple-grain", "lanting"]);
        let mut links = 0;
        for r in &retailers {
            let skus: Vec<&str> = r["products"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|p| p["variants"].as_array().into_iter().flatten())
                .filter_map(|v| v["sku"].as_str())
                .collect();
            let stores = r["stores"].as_array().cloned().unwrap_or_default();
            assert!((2..=3).contains(&stores.len()));
            for s in &stores {
                for sku in s["on_display"].as_array().into_iter().flatten() {
                    assert!(skus.contains(&sku.as_str().unwrap_or("")), "{sku} unknown");
                }
                if s["booking"]["link"].is_string() {
                    links += 1;
                } else {
                    let endpoint = format!(
                        "/api/stores/{}/appointments",
                        s["id"].as_str().unwrap_or("")
                    );
                    assert_eq!(s["booking"]["endpoint"], endpoint.as_str());
                }
            }
        }
        assert!(links >= 1);
    }
}
