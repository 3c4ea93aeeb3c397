//! USDZ for AR Quick Look, checked with Pixar's own library: every sample model (each variant
//! too), a WebP-textured model, a model exercising every material mapping, and a room of several
//! models are written with `roomfit::usdz`, then `tests/usdz_check.py` (Python `usd-core`) runs
//! all of its `UsdValidation` validators (0 errors), reads the zip with Python's zipfile, and
//! compares bounds in metres, meshes, material values and texture references with expectations
//! computed here from the glTF side.
//!
//! Python with `pxr`: `$ROOMFIT_PYTHON`, else the venv `scripts/setup.sh` makes
//! (`~/.cache/roomfit/usd-venv`), else `python3`. Without it the test is skipped with a message,
//! except under `CI` (set and not `false`), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use glam::{Mat4, Quat, Vec3};
use roomfit::asset::{AlphaMode, Clearcoat, Model, TextureRef, TextureTransform, Wrap};
use roomfit::usdz::{self, RoomItem};
use serde_json::{Value, json};

#[path = "support/usdz_expect.rs"]
mod usdz_expect;

use usdz_expect::{expect, in_ci, load, python};

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("usdz");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = out_dir().join(format!("{name}.usdz"));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A model that uses every mapping the samples do not: BLEND and MASK, a metallic-roughness
/// texture on the second UV set with a rotating texture transform, occlusion and emissive
/// textures, mirrored and clamped wrapping, clearcoat, IOR, glTF's default material, and a
/// variant whose name needs escaping.
fn every_mapping() -> Model {
    let mut m = load(Path::new("models/lumen-floor-lamp.glb"));
    assert!(m.materials.len() >= 3 && m.textures.len() >= 2);
    for mesh in &mut m.meshes {
        for prim in &mut mesh.primitives {
            if !prim.uv0.is_empty() {
                prim.uv1 = prim
                    .uv0
                    .iter()
                    .map(|[u, v]| [u * 0.5 + 0.25, v * 2.0])
                    .collect();
            }
        }
    }
    m.textures[1].sampler.wrap_u = Wrap::MirroredRepeat;
    m.textures[1].sampler.wrap_v = Wrap::ClampToEdge;
    let textured = |texture, tex_coord, transform| {
        Some(TextureRef {
            texture,
            tex_coord,
            transform,
        })
    };
    let steel = &mut m.materials[0];
    steel.alpha_mode = AlphaMode::Blend;
    steel.base_color_factor[3] = 0.5;
    steel.metallic_roughness_texture = textured(
        1,
        1,
        Some(TextureTransform {
            offset: [0.1, -0.2],
            rotation: 0.6,
            scale: [2.0, 0.5],
        }),
    );
    steel.clearcoat = Some(Clearcoat {
        factor: 0.8,
        roughness_factor: 0.1,
        ..Default::default()
    });
    steel.ior = 1.45;
    let shade = &mut m.materials[1];
    shade.alpha_mode = AlphaMode::Mask;
    shade.alpha_cutoff = 0.3;
    shade.occlusion_texture = textured(1, 0, None);
    shade.occlusion_strength = 0.5;
    shade.emissive_texture = textured(0, 0, None);
    // The bulb uses glTF's default material, except in the variant.
    let bulb = m
        .meshes
        .iter_mut()
        .flat_map(|mesh| mesh.primitives.iter_mut())
        .find(|p| p.material == Some(2))
        .expect("the lamp has a bulb");
    bulb.material = None;
    bulb.variant_materials = vec![(0, 2)];
    m.variants = vec!["Walnut \"dark\" \\ 💺\nline2".into()];
    m
}

#[test]
fn usdz_files_pass_usd_validation_and_match_the_gltf() {
    let mut cases = Vec::new();
    let mut sizes = Vec::new();
    let mut models: Vec<PathBuf> = std::fs::read_dir("models")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "glb"))
        .collect();
    models.sort();
    assert!(models.len() >= 9, "the sample catalog has nine models");
    for path in &models {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let model = load(path);
        let glb = std::fs::metadata(path).unwrap().len();
        let mut variants: Vec<Option<&str>> = vec![None];
        variants.extend(model.variants.iter().map(|v| Some(v.as_str())));
        for variant in variants {
            let name = match variant {
                Some(v) => format!("{stem}-{v}"),
                None => stem.clone(),
            };
            let bytes = usdz::write_model(&model, variant).unwrap();
            sizes.push((name.clone(), bytes.len(), glb));
            let file = write(&name, &bytes);
            let index = variant.map(|v| model.variants.iter().position(|x| x == v).unwrap());
            let item = RoomItem {
                model: &model,
                transform: Mat4::IDENTITY,
                variant: index,
            };
            cases.push(expect(&name, &file, &[item], variant));
        }
    }

    // WebP textures (EXT_texture_webp, from gltf-transform optimize) become PNG.
    let webp_path = Path::new("tests/meshopt/harvest-dining-table.meshopt.glb");
    let webp = load(webp_path);
    assert!(
        webp.images.iter().any(|i| i.mime_type == "image/webp"),
        "the fixture has WebP textures"
    );
    let file = write("webp-table", &usdz::write_model(&webp, None).unwrap());
    let item = RoomItem {
        model: &webp,
        transform: Mat4::IDENTITY,
        variant: None,
    };
    cases.push(expect("webp-table", &file, &[item], None));

    // Every material mapping, default and variant.
    let every = every_mapping();
    let label = every.variants[0].clone();
    for variant in [None, Some(label.as_str())] {
        let name = if variant.is_some() {
            "every-mapping-variant"
        } else {
            "every-mapping"
        };
        let file = write(name, &usdz::write_model(&every, variant).unwrap());
        let item = RoomItem {
            model: &every,
            transform: Mat4::IDENTITY,
            variant: variant.map(|_| 0),
        };
        cases.push(expect(name, &file, &[item], variant));
    }

    // A room: a table with four chairs around it (shared materials and textures), a sofa in a
    // variant, and a rug.
    let chair = load(Path::new("models/harvest-dining-chair.glb"));
    let table = load(Path::new("models/harvest-dining-table.glb"));
    let sofa = load(Path::new("models/oslo-sofa.glb"));
    let rug = load(Path::new("models/cloud-rug.glb"));
    let pose = |x: f32, z: f32, turn: f32| {
        Mat4::from_rotation_translation(Quat::from_rotation_y(turn), Vec3::new(x, 0.0, z))
    };
    let mut room = vec![RoomItem {
        model: &table,
        transform: pose(0.0, 0.0, 0.0),
        variant: None,
    }];
    for (k, (x, z)) in [(-0.4, -0.6), (0.4, -0.6), (-0.4, 0.6), (0.4, 0.6)]
        .iter()
        .enumerate()
    {
        let turn = if k < 2 { 0.0 } else { std::f32::consts::PI };
        room.push(RoomItem {
            model: &chair,
            transform: pose(*x, *z, turn),
            variant: None,
        });
    }
    room.push(RoomItem {
        model: &sofa,
        transform: pose(3.0, -1.5, 0.5),
        variant: Some(1),
    });
    room.push(RoomItem {
        model: &rug,
        transform: pose(3.0, 0.2, 0.0),
        variant: None,
    });
    let file = write("room", &usdz::write_room(&room).unwrap());
    cases.push(expect("room", &file, &room, None));

    eprintln!("USDZ vs GLB bytes:");
    for (name, usdz, glb) in &sizes {
        eprintln!(
            "  {name:32} {usdz:>8} {glb:>8}  ×{:.2}",
            *usdz as f64 / *glb as f64
        );
    }

    let spec = out_dir().join("expect.json");
    std::fs::write(
        &spec,
        serde_json::to_vec_pretty(&json!({ "cases": cases })).unwrap(),
    )
    .unwrap();
    let Some(python) = python() else {
        let msg =
            "Python with usd-core (pxr) not found: run scripts/setup.sh, or set ROOMFIT_PYTHON";
        if in_ci() {
            panic!("{msg} (CI is set, so this fails instead of skipping)");
        }
        eprintln!("SKIPPED usdz validation: {msg}");
        return;
    };
    let out = Command::new(&python)
        .arg("tests/usdz_check.py")
        .arg(&spec)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary: Value = stdout
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| panic!("usdz_check.py printed no summary:\n{stdout}\n{stderr}"));
    eprintln!("usdz_check summary: {summary}");
    assert_eq!(summary["cases"], json!(cases.len()));
    assert_eq!(summary["errors"], json!(0), "UsdValidation errors");
    assert_eq!(summary["warnings"], json!(0), "UsdValidation warnings");
    assert_eq!(
        summary["failures"],
        json!(0),
        "checks failed (see FAIL lines above)"
    );
    assert!(out.status.success());
}

#[test]
fn bad_input_is_an_error_with_a_pointer_not_a_panic() {
    let model = load(Path::new("models/oslo-armchair.glb"));
    assert_eq!(
        usdz::write_model(&model, Some("Purple"))
            .unwrap_err()
            .to_string(),
        "the model has no variant \"Purple\"; it has: Oat, Forest, Terracotta, Slate"
    );
    let nan = RoomItem {
        model: &model,
        transform: Mat4::from_translation(Vec3::NAN),
        variant: None,
    };
    assert_eq!(
        usdz::write_room(&[nan]).unwrap_err().to_string(),
        "/items/0/transform is not a finite number (NaN or infinity)"
    );
    let bad_variant = RoomItem {
        model: &model,
        transform: Mat4::IDENTITY,
        variant: Some(9),
    };
    assert_eq!(
        usdz::write_room(&[bad_variant]).unwrap_err().to_string(),
        "/items/0/variant refers to variant 9, which does not exist"
    );
    let mut broken = model.clone();
    broken.materials[0].base_color_texture = Some(TextureRef {
        texture: 99,
        tex_coord: 0,
        transform: None,
    });
    assert_eq!(
        usdz::write_model(&broken, None).unwrap_err().to_string(),
        "/items/0/materials/0/baseColorTexture refers to texture 99, which does not exist"
    );
    let mut broken = model.clone();
    broken.meshes[0].primitives[0].positions.truncate(2);
    let err = usdz::write_model(&broken, None).unwrap_err().to_string();
    assert!(
        err.starts_with("/items/0/meshes/0/primitives/0/indices/"),
        "{err}"
    );
    let mut broken = model.clone();
    broken.images[0].mime_type = "image/ktx2";
    assert!(
        usdz::write_model(&broken, None)
            .unwrap_err()
            .to_string()
            .starts_with("/items/0/images/0:")
    );
    let mut broken = model;
    broken.images[0].mime_type = "image/webp";
    let err = usdz::write_model(&broken, None).unwrap_err().to_string();
    assert!(err.contains("WebP image does not decode"), "{err}");
}
