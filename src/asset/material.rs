//! glTF materials, textures and samplers to the renderer-neutral types, with every reference
//! checked.

use super::doc::{Obj, Path, Root, extension, float, floats, index, string, uint};
use super::error::{AssetError, ErrorCode, Result};
use super::json::Value;
use super::model::{
    AlphaMode, Clearcoat, Material, Sampler, Sheen, Specular, TextureRef, TextureTransform, Wrap,
};

fn finite_or(v: f32, default: f32) -> f32 {
    if v.is_finite() { v } else { default }
}

/// Reads number `key` of `o` (`default` when absent; a non-finite `f32` becomes `default`).
fn number(o: &Obj<'_, '_>, key: &str, default: f32) -> Result<f32> {
    Ok(finite_or(o.opt(key, float)?.unwrap_or(default), default))
}

/// Reads `key` of `o`, an array of `N` numbers (`default` when absent).
fn numbers<const N: usize>(o: &Obj<'_, '_>, key: &str, default: f32) -> Result<[f32; N]> {
    Ok(o.opt(key, floats::<N>)?
        .map_or([default; N], |a| a.map(|v| finite_or(v, default))))
}

/// A texture info object (`index`, `texCoord`, `KHR_texture_transform`), every reference
/// checked.
fn texture_info(root: &Root<'_>, o: &Obj<'_, '_>) -> Result<TextureRef> {
    let texture = o.req("index", index)?;
    if texture >= root.textures.len() {
        return Err(AssetError::new(
            ErrorCode::MissingReference,
            o.path.key("index").pointer(),
            format!(
                "refers to texture {texture}, but the file has only {} textures",
                root.textures.len()
            ),
        ));
    }
    let mut tex_coord = o.opt("texCoord", uint)?.unwrap_or(0);
    let ext_path = o.path.key("extensions");
    let ext_path = ext_path.key("KHR_texture_transform");
    let transform = match extension(o, "KHR_texture_transform")? {
        Some(t) => {
            let t = Obj::new(t, &ext_path)?;
            if let Some(tc) = t.opt("texCoord", uint)? {
                tex_coord = tc;
            }
            Some(TextureTransform {
                offset: numbers(&t, "offset", 0.0)?,
                rotation: number(&t, "rotation", 0.0)?,
                scale: numbers(&t, "scale", 1.0)?,
            })
        }
        None => None,
    };
    Ok(TextureRef {
        texture,
        tex_coord: tex_coord.min(1) as u32,
        transform,
    })
}

/// Reads the texture info `key` of `o`, if present, and hands it (as an object) to `more` for
/// the fields some texture infos add (`scale`, `strength`).
fn texture_with<T>(
    root: &Root<'_>,
    o: &Obj<'_, '_>,
    key: &str,
    more: impl FnOnce(TextureRef, &Obj<'_, '_>) -> Result<T>,
) -> Result<Option<T>> {
    let Some(v) = o.get(key) else {
        return Ok(None);
    };
    let path = o.path.key(key);
    let info = Obj::new(v, &path)?;
    let r = texture_info(root, &info)?;
    more(r, &info).map(Some)
}

/// Reads the texture info `key` of `o`, if present.
fn texture(root: &Root<'_>, o: &Obj<'_, '_>, key: &str) -> Result<Option<TextureRef>> {
    texture_with(root, o, key, |r, _| Ok(r))
}

/// Reads the extension object `name` of `o` with `read`, if present.
fn with_extension<T>(
    o: &Obj<'_, '_>,
    name: &str,
    read: impl FnOnce(&Obj<'_, '_>) -> Result<T>,
) -> Result<Option<T>> {
    let Some(v) = extension(o, name)? else {
        return Ok(None);
    };
    let ext = o.path.key("extensions");
    let path = ext.key(name);
    read(&Obj::new(v, &path)?).map(Some)
}

/// Converts material `index`.
pub fn convert(root: &Root<'_>, index: usize) -> Result<Material> {
    let materials = Path::Root;
    let materials = materials.key("materials");
    let path = materials.at(index);
    let m = Obj::new(root.materials[index], &path)?;
    let pbr_path = path.key("pbrMetallicRoughness");
    let empty = Value::Object(Vec::new());
    let pbr = Obj::new(m.get("pbrMetallicRoughness").unwrap_or(&empty), &pbr_path)?;
    let mut out = Material {
        name: m.opt("name", string)?.map(str::to_string),
        base_color_factor: numbers(&pbr, "baseColorFactor", 1.0)?,
        base_color_texture: texture(root, &pbr, "baseColorTexture")?,
        metallic_factor: number(&pbr, "metallicFactor", 1.0)?.clamp(0.0, 1.0),
        roughness_factor: number(&pbr, "roughnessFactor", 1.0)?.clamp(0.0, 1.0),
        metallic_roughness_texture: texture(root, &pbr, "metallicRoughnessTexture")?,
        emissive_factor: numbers(&m, "emissiveFactor", 0.0)?,
        emissive_texture: texture(root, &m, "emissiveTexture")?,
        alpha_mode: match m.opt("alphaMode", string)? {
            Some("MASK") => AlphaMode::Mask,
            Some("BLEND") => AlphaMode::Blend,
            _ => AlphaMode::Opaque,
        },
        alpha_cutoff: number(&m, "alphaCutoff", 0.5)?,
        double_sided: m.opt("doubleSided", super::doc::boolean)?.unwrap_or(false),
        ..Material::default()
    };
    if let Some((r, scale)) = texture_with(root, &m, "normalTexture", |r, o| {
        Ok((r, number(o, "scale", 1.0)?))
    })? {
        out.normal_texture = Some(r);
        out.normal_scale = scale;
    }
    if let Some((r, strength)) = texture_with(root, &m, "occlusionTexture", |r, o| {
        Ok((r, number(o, "strength", 1.0)?))
    })? {
        out.occlusion_texture = Some(r);
        out.occlusion_strength = strength.clamp(0.0, 1.0);
    }
    if let Some(s) = with_extension(&m, "KHR_materials_emissive_strength", |e| {
        number(e, "emissiveStrength", 1.0)
    })? {
        out.emissive_strength = s.max(0.0);
    }
    if let Some(ior) = with_extension(&m, "KHR_materials_ior", |e| number(e, "ior", 1.5))? {
        out.ior = ior;
    }
    out.transmission = with_extension(&m, "KHR_materials_transmission", |e| {
        Ok((
            number(e, "transmissionFactor", 0.0)?.clamp(0.0, 1.0),
            texture(root, e, "transmissionTexture")?,
        ))
    })?;
    out.specular = with_extension(&m, "KHR_materials_specular", |e| {
        Ok(Specular {
            factor: number(e, "specularFactor", 1.0)?,
            texture: texture(root, e, "specularTexture")?,
            color_factor: numbers(e, "specularColorFactor", 1.0)?,
            color_texture: texture(root, e, "specularColorTexture")?,
        })
    })?;
    out.sheen = with_extension(&m, "KHR_materials_sheen", |e| {
        Ok(Sheen {
            color_factor: numbers(e, "sheenColorFactor", 0.0)?,
            color_texture: texture(root, e, "sheenColorTexture")?,
            roughness_factor: number(e, "sheenRoughnessFactor", 0.0)?,
            roughness_texture: texture(root, e, "sheenRoughnessTexture")?,
        })
    })?;
    out.clearcoat = with_extension(&m, "KHR_materials_clearcoat", |e| {
        Ok(Clearcoat {
            factor: number(e, "clearcoatFactor", 0.0)?,
            texture: texture(root, e, "clearcoatTexture")?,
            roughness_factor: number(e, "clearcoatRoughnessFactor", 0.0)?,
            roughness_texture: texture(root, e, "clearcoatRoughnessTexture")?,
            normal_texture: texture(root, e, "clearcoatNormalTexture")?,
        })
    })?;
    Ok(out)
}

/// The image a texture shows: its own `source`, or the `EXT_texture_webp` source.
pub fn texture_source(root: &Root<'_>, index: usize) -> Result<usize> {
    let t = &root.textures[index];
    let ptr = format!("/textures/{index}");
    let (source, field) = match (t.webp_source, t.source) {
        (Some(s), _) => (s, "extensions/EXT_texture_webp/source"),
        (None, Some(s)) => (s, "source"),
        (None, None) => {
            return Err(AssetError::new(
                ErrorCode::Json,
                ptr,
                format!("texture {index} has no source image"),
            ));
        }
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
pub fn texture_sampler(root: &Root<'_>, index: usize) -> Result<Sampler> {
    let t = &root.textures[index];
    let Some(s) = t.sampler else {
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
    // GL enum values: NEAREST 9728, LINEAR 9729, NEAREST_MIPMAP_NEAREST 9984,
    // NEAREST_MIPMAP_LINEAR 9986, CLAMP_TO_EDGE 33071, MIRRORED_REPEAT 33648; anything else
    // (including invalid values) samples linearly with mipmaps and repeats.
    let wrap = |w: u64| match w {
        33071 => Wrap::ClampToEdge,
        33648 => Wrap::MirroredRepeat,
        _ => Wrap::Repeat,
    };
    let (min_linear, mipmaps) = match sampler.min_filter {
        Some(9728) => (false, false),
        Some(9729) => (true, false),
        Some(9984 | 9986) => (false, true),
        _ => (true, true),
    };
    Ok(Sampler {
        mag_linear: sampler.mag_filter != Some(9728),
        min_linear,
        mipmaps,
        wrap_u: wrap(sampler.wrap_s),
        wrap_v: wrap(sampler.wrap_t),
    })
}
