//! Shared by tests/usdz.rs and tests/catalog_build.rs: the Python with `pxr` that runs
//! `tests/usdz_check.py`, and the checker's expectations of one USDZ computed from the glTF side.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use glam::Vec3;
use roomfit::asset::{self, AlphaMode, Bounds, Limits, Model, TextureRef, TextureTransform, Wrap};
use roomfit::usdz::{self, ROOT_LAYER, RoomItem};
use serde_json::{Value, json};

pub fn load(path: &Path) -> Model {
    let bytes = std::fs::read(path).unwrap();
    asset::load(&bytes, &Limits::default(), None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn python() -> Option<String> {
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

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// What the checker expects of one USDZ, from the glTF side.
pub fn expect(name: &str, file: &Path, items: &[RoomItem], variant: Option<&str>) -> Value {
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
pub fn surface_inputs(model: &Model, m: &asset::Material, images: &mut Vec<Vec<u8>>) -> Value {
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
pub fn normal_samples(bytes: &[u8], scale: f32) -> Value {
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
