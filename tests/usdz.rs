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
use roomfit::asset::{
    self, AlphaMode, Bounds, Clearcoat, Limits, Model, TextureRef, TextureTransform, Wrap,
};
use roomfit::usdz::{self, ROOT_LAYER, RoomItem};
use serde_json::{Value, json};

fn load(path: &Path) -> Model {
    let bytes = std::fs::read(path).unwrap();
    asset::load(&bytes, &Limits::default(), None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("usdz");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn python() -> Option<String> {
    let mut candidates = Vec::new();
    if let Ok(p) = std::env::var("ROOMFIT_PYTHON") {
        candidates.push(p);
    }
    let cache = std::env::var("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|_| std::env::var("HOME").map(|h| PathBuf::from(h).join(".cache")));
    if let Ok(cache) = cache {
        candidates.push(
            cache
                .join("roomfit/usd-venv/bin/python3")
                .display()
                .to_string(),
        );
    }
    candidates.push("python3".into());
    candidates.into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "from pxr import Usd, UsdValidation"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// What the checker expects of one USDZ, from the glTF side.
fn expect(name: &str, file: &Path, items: &[RoomItem], variant: Option<&str>) -> Value {
    let mut bounds = Bounds::EMPTY;
    let mut meshes = Vec::new();
    let mut materials = serde_json::Map::new();
    let mut images: Vec<Vec<u8>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let b = item.model.bounds.transformed(&item.transform);
        bounds.include(b.min);
        bounds.include(b.max);
        let owner = items[..i]
            .iter()
            .position(|o| std::ptr::eq(o.model, item.model) && o.variant == item.variant)
            .unwrap_or(i);
        let material_path = |m: Option<usize>| match m {
            Some(m) => format!("/Root/Materials/Item_{owner}_Material_{m}"),
            None => format!("/Root/Materials/Item_{owner}_Default"),
        };
        for (k, instance) in item.model.instances.iter().enumerate() {
            for (p, prim) in item.model.meshes[instance.mesh]
                .primitives
                .iter()
                .enumerate()
            {
                let m = prim.material_for(item.variant);
                let mat = m
                    .map(|m| item.model.materials[m].clone())
                    .unwrap_or_default();
                meshes.push(json!({
                    "path": format!("/Root/Item_{i}/Instance_{k}/Primitive_{p}"),
                    "points": prim.positions.len(),
                    "triangles": prim.indices.len() / 3,
                    "material": material_path(m),
                    "double_sided": mat.double_sided,
                    "uv0": prim.uv0.first(),
                    "uv1": prim.uv1.first(),
                }));
                if owner == i {
                    let inputs = surface_inputs(item.model, &mat, &mut images);
                    materials.insert(material_path(m), inputs);
                }
            }
        }
    }
    json!({
        "name": name,
        "usdz": file,
        "root_layer": ROOT_LAYER,
        "variant": variant,
        "bounds": [bounds.min.to_array(), bounds.max.to_array()],
        "texture_files": images.len(),
        "meshes": meshes,
        "materials": materials,
    })
}

/// UsdPreviewSurface inputs a glTF material should become (see `roomfit::usdz::material`).
fn surface_inputs(model: &Model, m: &asset::Material, images: &mut Vec<Vec<u8>>) -> Value {
    // `baked`: the normal scale baked into a copy of the image (a different file).
    let mut tex = |t: &TextureRef,
                   output: &str,
                   srgb: bool,
                   scale: [f32; 4],
                   bias: [f32; 4],
                   baked: Option<f32>| {
        let texture = &model.textures[t.texture];
        let image = &model.images[texture.image];
        let mut file = image.bytes.clone();
        if let Some(s) = baked {
            file.extend_from_slice(&s.to_le_bytes());
        }
        if !images.contains(&file) {
            images.push(file);
        }
        let wrap = |w: Wrap| match w {
            Wrap::Repeat => "repeat",
            Wrap::MirroredRepeat => "mirror",
            Wrap::ClampToEdge => "clamp",
        };
        let mut v = json!({
            "output": output,
            "color_space": if srgb { "sRGB" } else { "raw" },
            "scale": scale,
            "bias": bias,
            "wrap": [wrap(texture.sampler.wrap_u), wrap(texture.sampler.wrap_v)],
            "uv_set": if t.tex_coord == 0 { "st" } else { "st1" },
            "transform": t.transform.filter(|x| *x != TextureTransform::default()).map(|x| json!({
                "offset": x.offset, "rotation": x.rotation, "scale": x.scale,
            })),
        });
        if image.mime_type == "image/webp" {
            v["png_size"] = json!([image.width, image.height]);
        } else {
            v["crc32"] = json!(usdz::zip::crc32(&image.bytes));
        }
        json!({ "texture": v })
    };

    let mut out = serde_json::Map::new();
    let f = m.base_color_factor;
    let blended = m.alpha_mode != AlphaMode::Opaque;
    match &m.base_color_texture {
        Some(t) => {
            out.insert(
                "diffuseColor".into(),
                tex(t, "rgb", true, f, [0.0; 4], None),
            );
            if blended {
                out.insert("opacity".into(), tex(t, "a", true, f, [0.0; 4], None));
            }
        }
        None => {
            out.insert(
                "diffuseColor".into(),
                json!({ "value": [f[0], f[1], f[2]] }),
            );
            if blended {
                out.insert("opacity".into(), json!({ "value": f[3] }));
            }
        }
    }
    if m.alpha_mode == AlphaMode::Mask {
        out.insert(
            "opacityThreshold".into(),
            json!({ "value": m.alpha_cutoff }),
        );
    }
    match &m.metallic_roughness_texture {
        Some(t) => {
            let s = [1.0, m.roughness_factor, m.metallic_factor, 1.0];
            out.insert("metallic".into(), tex(t, "b", false, s, [0.0; 4], None));
            out.insert("roughness".into(), tex(t, "g", false, s, [0.0; 4], None));
        }
        None => {
            out.insert("metallic".into(), json!({ "value": m.metallic_factor }));
            out.insert("roughness".into(), json!({ "value": m.roughness_factor }));
        }
    }
    if let Some(t) = &m.normal_texture {
        let s = m.normal_scale;
        let baked = (s != 1.0).then_some(s);
        let standard = ([2.0, 2.0, 2.0, 1.0], [-1.0, -1.0, -1.0, 0.0]);
        let mut normal = tex(t, "rgb", false, standard.0, standard.1, baked);
        if baked.is_some() {
            // Baked into a copy: glTF's normalize((texel * 2 - 1) * (s, s, 1)) at a few texels.
            let image = &model.images[model.textures[t.texture].image];
            let v = &mut normal["texture"];
            v.as_object_mut().unwrap().remove("crc32");
            v["normal_samples"] = normal_samples(&image.bytes, s);
        }
        out.insert("normal".into(), normal);
    }
    if let Some(t) = &m.occlusion_texture {
        let s = m.occlusion_strength;
        out.insert(
            "occlusion".into(),
            tex(
                t,
                "r",
                false,
                [s, s, s, 1.0],
                [1.0 - s, 1.0 - s, 1.0 - s, 0.0],
                None,
            ),
        );
    }
    let e = m.emissive_factor.map(|c| c * m.emissive_strength);
    match &m.emissive_texture {
        Some(t) => {
            out.insert(
                "emissiveColor".into(),
                tex(t, "rgb", true, [e[0], e[1], e[2], 1.0], [0.0; 4], None),
            );
        }
        None if e != [0.0; 3] => {
            out.insert("emissiveColor".into(), json!({ "value": e }));
        }
        None => {}
    }
    if let Some(c) = m.clearcoat.filter(|c| c.factor > 0.0) {
        out.insert("clearcoat".into(), json!({ "value": c.factor }));
        out.insert(
            "clearcoatRoughness".into(),
            json!({ "value": c.roughness_factor }),
        );
    }
    if m.ior != 1.5 {
        out.insert("ior".into(), json!({ "value": m.ior }));
    }
    Value::Object(out)
}

/// Texels of a normal map with glTF's normal scale applied: `[[x, y, [r, g, b]], ...]`.
fn normal_samples(bytes: &[u8], scale: f32) -> Value {
    let img = image::load_from_memory(bytes).unwrap().to_rgb8();
    let (w, h) = img.dimensions();
    let mut out = Vec::new();
    for k in 0..16u32 {
        let (x, y) = ((k * 97 + 13) % w, (k * 61 + 7) % h);
        let p = img
            .get_pixel(x, y)
            .0
            .map(|c| f32::from(c) / 255.0 * 2.0 - 1.0);
        let n = Vec3::new(p[0] * scale, p[1] * scale, p[2]).normalize();
        let rgb = n.to_array().map(|c| ((c + 1.0) * 127.5).round() as u8);
        out.push(json!([x, y, rgb]));
    }
    Value::Array(out)
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
