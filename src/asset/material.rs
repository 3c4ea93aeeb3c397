//! glTF materials, textures and samplers to the renderer-neutral types, with every reference
//! checked.

use gltf::json::validation::Checked;
use gltf::json::{self, Root};
use serde_json::Value;

use super::error::{AssetError, ErrorCode, Result};
use super::model::{
    AlphaMode, Clearcoat, Material, Sampler, Sheen, Specular, TextureRef, TextureTransform, Wrap,
};

fn finite_or(v: f32, default: f32) -> f32 {
    if v.is_finite() { v } else { default }
}

fn check_texture(root: &Root, index: usize, ptr: &str) -> Result<usize> {
    if index < root.textures.len() {
        Ok(index)
    } else {
        Err(AssetError::new(
            ErrorCode::MissingReference,
            format!("{ptr}/index"),
            format!(
                "refers to texture {index}, but the file has only {} textures",
                root.textures.len()
            ),
        ))
    }
}

fn texture_ref(root: &Root, info: &json::texture::Info, ptr: &str) -> Result<TextureRef> {
    let texture = check_texture(root, info.index.value(), ptr)?;
    let mut tex_coord = info.tex_coord;
    let transform = info
        .extensions
        .as_ref()
        .and_then(|e| e.texture_transform.as_ref())
        .map(|t| {
            if let Some(tc) = t.tex_coord {
                tex_coord = tc;
            }
            TextureTransform {
                offset: t.offset.0.map(|v| finite_or(v, 0.0)),
                rotation: finite_or(t.rotation.0, 0.0),
                scale: t.scale.0.map(|v| finite_or(v, 1.0)),
            }
        });
    Ok(TextureRef {
        texture,
        tex_coord: tex_coord.min(1),
        transform,
    })
}

/// Reads a texture info object from an extension's untyped JSON.
fn value_texture_ref(root: &Root, v: Option<&Value>, ptr: &str) -> Result<Option<TextureRef>> {
    let Some(v) = v else { return Ok(None) };
    let info: json::texture::Info = serde_json::from_value(v.clone()).map_err(|e| {
        AssetError::new(
            ErrorCode::Json,
            ptr,
            format!("this textureInfo is malformed: {e}"),
        )
    })?;
    texture_ref(root, &info, ptr).map(Some)
}

fn num(v: &Value, key: &str, default: f32) -> f32 {
    v.get(key)
        .and_then(Value::as_f64)
        .map(|x| x as f32)
        .filter(|x| x.is_finite())
        .unwrap_or(default)
}

fn color3(v: &Value, key: &str, default: [f32; 3]) -> [f32; 3] {
    match v.get(key).and_then(Value::as_array) {
        Some(a) if a.len() == 3 => {
            let mut out = default;
            for (o, x) in out.iter_mut().zip(a) {
                *o = x
                    .as_f64()
                    .map(|x| x as f32)
                    .filter(|x| x.is_finite())
                    .unwrap_or(0.0);
            }
            out
        }
        _ => default,
    }
}

/// Converts material `index`.
pub fn convert(root: &Root, index: usize) -> Result<Material> {
    let m = &root.materials[index];
    let ptr = format!("/materials/{index}");
    let pbr = &m.pbr_metallic_roughness;
    let opt = |info: &Option<json::texture::Info>, sub: &str| -> Result<Option<TextureRef>> {
        info.as_ref()
            .map(|i| texture_ref(root, i, &format!("{ptr}/{sub}")))
            .transpose()
    };
    let mut out = Material {
        name: m.name.clone(),
        base_color_factor: pbr.base_color_factor.0.map(|v| finite_or(v, 1.0)),
        base_color_texture: opt(
            &pbr.base_color_texture,
            "pbrMetallicRoughness/baseColorTexture",
        )?,
        metallic_factor: finite_or(pbr.metallic_factor.0, 1.0).clamp(0.0, 1.0),
        roughness_factor: finite_or(pbr.roughness_factor.0, 1.0).clamp(0.0, 1.0),
        metallic_roughness_texture: opt(
            &pbr.metallic_roughness_texture,
            "pbrMetallicRoughness/metallicRoughnessTexture",
        )?,
        emissive_factor: m.emissive_factor.0.map(|v| finite_or(v, 0.0)),
        emissive_texture: opt(&m.emissive_texture, "emissiveTexture")?,
        alpha_mode: match m.alpha_mode {
            Checked::Valid(json::material::AlphaMode::Mask) => AlphaMode::Mask,
            Checked::Valid(json::material::AlphaMode::Blend) => AlphaMode::Blend,
            _ => AlphaMode::Opaque,
        },
        alpha_cutoff: m.alpha_cutoff.map_or(0.5, |c| finite_or(c.0, 0.5)),
        double_sided: m.double_sided,
        ..Material::default()
    };
    if let Some(n) = &m.normal_texture {
        let info = json::texture::Info {
            index: n.index,
            tex_coord: n.tex_coord,
            extensions: None,
            extras: Default::default(),
        };
        let mut r = texture_ref(root, &info, &format!("{ptr}/normalTexture"))?;
        // KHR_texture_transform on normalTexture lives in its own extensions object.
        if let Some(t) = n
            .extensions
            .as_ref()
            .and_then(|e| e.others.get("KHR_texture_transform"))
        {
            r.transform = Some(transform_from_value(t));
            if let Some(tc) = t.get("texCoord").and_then(Value::as_u64) {
                r.tex_coord = tc.min(1) as u32;
            }
        }
        out.normal_texture = Some(r);
        out.normal_scale = finite_or(n.scale, 1.0);
    }
    if let Some(o) = &m.occlusion_texture {
        let info = json::texture::Info {
            index: o.index,
            tex_coord: o.tex_coord,
            extensions: None,
            extras: Default::default(),
        };
        let mut r = texture_ref(root, &info, &format!("{ptr}/occlusionTexture"))?;
        if let Some(t) = o
            .extensions
            .as_ref()
            .and_then(|e| e.others.get("KHR_texture_transform"))
        {
            r.transform = Some(transform_from_value(t));
        }
        out.occlusion_texture = Some(r);
        out.occlusion_strength = finite_or(o.strength.0, 1.0).clamp(0.0, 1.0);
    }
    if let Some(ext) = &m.extensions {
        if let Some(s) = &ext.emissive_strength {
            out.emissive_strength = finite_or(s.emissive_strength.0, 1.0).max(0.0);
        }
        if let Some(i) = &ext.ior {
            out.ior = finite_or(i.ior.0, 1.5);
        }
        if let Some(t) = &ext.transmission {
            let tex = t
                .transmission_texture
                .as_ref()
                .map(|i| {
                    texture_ref(
                        root,
                        i,
                        &format!("{ptr}/extensions/KHR_materials_transmission/transmissionTexture"),
                    )
                })
                .transpose()?;
            out.transmission = Some((finite_or(t.transmission_factor.0, 0.0).clamp(0.0, 1.0), tex));
        }
        if let Some(s) = &ext.specular {
            let base = format!("{ptr}/extensions/KHR_materials_specular");
            out.specular = Some(Specular {
                factor: finite_or(s.specular_factor.0, 1.0),
                texture: s
                    .specular_texture
                    .as_ref()
                    .map(|i| texture_ref(root, i, &format!("{base}/specularTexture")))
                    .transpose()?,
                color_factor: s.specular_color_factor.0.map(|v| finite_or(v, 1.0)),
                color_texture: s
                    .specular_color_texture
                    .as_ref()
                    .map(|i| texture_ref(root, i, &format!("{base}/specularColorTexture")))
                    .transpose()?,
            });
        }
        if let Some(v) = ext.others.get("KHR_materials_sheen") {
            let base = format!("{ptr}/extensions/KHR_materials_sheen");
            out.sheen = Some(Sheen {
                color_factor: color3(v, "sheenColorFactor", [0.0; 3]),
                color_texture: value_texture_ref(
                    root,
                    v.get("sheenColorTexture"),
                    &format!("{base}/sheenColorTexture"),
                )?,
                roughness_factor: num(v, "sheenRoughnessFactor", 0.0),
                roughness_texture: value_texture_ref(
                    root,
                    v.get("sheenRoughnessTexture"),
                    &format!("{base}/sheenRoughnessTexture"),
                )?,
            });
        }
        if let Some(v) = ext.others.get("KHR_materials_clearcoat") {
            let base = format!("{ptr}/extensions/KHR_materials_clearcoat");
            out.clearcoat = Some(Clearcoat {
                factor: num(v, "clearcoatFactor", 0.0),
                texture: value_texture_ref(
                    root,
                    v.get("clearcoatTexture"),
                    &format!("{base}/clearcoatTexture"),
                )?,
                roughness_factor: num(v, "clearcoatRoughnessFactor", 0.0),
                roughness_texture: value_texture_ref(
                    root,
                    v.get("clearcoatRoughnessTexture"),
                    &format!("{base}/clearcoatRoughnessTexture"),
                )?,
                normal_texture: value_texture_ref(
                    root,
                    v.get("clearcoatNormalTexture"),
                    &format!("{base}/clearcoatNormalTexture"),
                )?,
            });
        }
    }
    Ok(out)
}

fn transform_from_value(v: &Value) -> TextureTransform {
    let pair = |key: &str, d: [f32; 2]| match v.get(key).and_then(Value::as_array) {
        Some(a) if a.len() == 2 => [
            a[0].as_f64().map_or(d[0], |x| x as f32),
            a[1].as_f64().map_or(d[1], |x| x as f32),
        ]
        .map(|x| if x.is_finite() { x } else { 0.0 }),
        _ => d,
    };
    TextureTransform {
        offset: pair("offset", [0.0, 0.0]),
        rotation: num(v, "rotation", 0.0),
        scale: pair("scale", [1.0, 1.0]),
    }
}

/// The image a texture shows: its own `source`, or the `EXT_texture_webp` source.
pub fn texture_source(root: &Root, index: usize) -> Result<usize> {
    let t = &root.textures[index];
    let ptr = format!("/textures/{index}");
    let webp = t
        .extensions
        .as_ref()
        .and_then(|e| e.others.get("EXT_texture_webp"))
        .and_then(|v| v.get("source"))
        .and_then(Value::as_u64);
    let (source, field) = match webp {
        Some(s) => (s as usize, "extensions/EXT_texture_webp/source"),
        None => (t.source.value(), "source"),
    };
    if source < root.images.len() {
        Ok(source)
    } else {
        Err(AssetError::new(
            ErrorCode::MissingReference,
            format!("{ptr}/{field}"),
            format!(
                "refers to image {source}, but the file has only {} images",
                root.images.len()
            ),
        ))
    }
}

/// The sampler a texture uses, or the glTF default.
pub fn texture_sampler(root: &Root, index: usize) -> Result<Sampler> {
    let t = &root.textures[index];
    let Some(s) = t.sampler.as_ref().map(|s| s.value()) else {
        return Ok(Sampler::default());
    };
    let sampler = root.samplers.get(s).ok_or_else(|| {
        AssetError::new(
            ErrorCode::MissingReference,
            format!("/textures/{index}/sampler"),
            format!(
                "refers to sampler {s}, but the file has only {} samplers",
                root.samplers.len()
            ),
        )
    })?;
    use json::texture::{MagFilter, MinFilter, WrappingMode};
    let wrap = |w: &Checked<WrappingMode>| match w {
        Checked::Valid(WrappingMode::ClampToEdge) => Wrap::ClampToEdge,
        Checked::Valid(WrappingMode::MirroredRepeat) => Wrap::MirroredRepeat,
        _ => Wrap::Repeat,
    };
    let (min_linear, mipmaps) = match sampler.min_filter {
        Some(Checked::Valid(MinFilter::Nearest)) => (false, false),
        Some(Checked::Valid(MinFilter::Linear)) => (true, false),
        Some(Checked::Valid(MinFilter::NearestMipmapNearest | MinFilter::NearestMipmapLinear)) => {
            (false, true)
        }
        _ => (true, true),
    };
    Ok(Sampler {
        mag_linear: !matches!(sampler.mag_filter, Some(Checked::Valid(MagFilter::Nearest))),
        min_linear,
        mipmaps,
        wrap_u: wrap(&sampler.wrap_s),
        wrap_v: wrap(&sampler.wrap_t),
    })
}
