//! glTF metallic-roughness materials as `UsdPreviewSurface` networks.
//!
//! Mapping (glTF → UsdPreviewSurface):
//! - base colour factor / texture → `diffuseColor` (the texture's `scale` carries the factor);
//!   alpha → `opacity` for BLEND and MASK, plus `opacityThreshold` (the cutoff) for MASK;
//! - metallic / roughness factors, or the metallic-roughness texture's blue / green channels
//!   scaled by the factors → `metallic` / `roughness`;
//! - normal texture → `normal` (raw, scale 2 and bias −1); a glTF normal scale other than 1 is
//!   baked into a PNG copy of the map (USD's validators require the standard scale and bias
//!   for 8-bit normal maps), and kept as scale 2·s, bias −s on x and y where the map cannot be
//!   decoded (a JPEG normal map in the browser build);
//! - occlusion texture → `occlusion` (red; strength s as scale s, bias 1 − s);
//! - emissive factor × `KHR_materials_emissive_strength`, or the texture scaled by it →
//!   `emissiveColor`;
//! - `KHR_materials_clearcoat` factors → `clearcoat`, `clearcoatRoughness`;
//!   `KHR_materials_ior` → `ior`;
//! - `KHR_texture_transform` → a `UsdTransform2d` between the primvar reader and the texture.
//!
//! Not carried over (UsdPreviewSurface has no equivalent): sheen, specular, transmission,
//! clearcoat textures, vertex colours, sampler filters.

use super::error::UsdzError;
use super::text::{Usda, num, quote, tuple};
use super::texture::TextureFiles;
use crate::asset::{AlphaMode, Material, Model, TextureRef, TextureTransform, Wrap};

/// What a texture input needs: which texture, its colour space and its scale / bias.
struct TextureUse<'a> {
    role: &'static str,
    field: &'static str,
    texture: &'a TextureRef,
    srgb: bool,
    scale: [f32; 4],
    bias: [f32; 4],
    /// A normal map whose glTF scale (not 1) should be baked into a copy of the image.
    bake_normal: Option<f32>,
}

/// Writes the material prim `name` (under the current scope at `path`) for material `index` of
/// `model` (None: glTF's default material). Images go into `textures`.
pub fn write(
    doc: &mut Usda,
    path: &str,
    item: usize,
    model: &Model,
    index: Option<usize>,
    textures: &mut TextureFiles,
) -> Result<(), UsdzError> {
    let default = Material::default();
    let m = match index {
        Some(i) => model.materials.get(i).ok_or(UsdzError::MissingReference {
            pointer: format!("/items/{item}/primitives"),
            what: "material",
            index: i,
        })?,
        None => &default,
    };
    let pointer = match index {
        Some(i) => format!("/items/{item}/materials/{i}"),
        None => format!("/items/{item}/defaultMaterial"),
    };
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut surface: Vec<String> = Vec::new();
    let mut uses: Vec<TextureUse> = Vec::new();

    let [r, g, b, a] = m.base_color_factor;
    let blended = m.alpha_mode != AlphaMode::Opaque;
    match &m.base_color_texture {
        Some(t) => {
            uses.push(TextureUse {
                role: "BaseColor",
                field: "baseColorTexture",
                texture: t,
                srgb: true,
                scale: [r, g, b, a],
                bias: [0.0; 4],
                bake_normal: None,
            });
            surface.push(format!(
                "color3f inputs:diffuseColor.connect = <{path}/BaseColor.outputs:rgb>"
            ));
            if blended {
                surface.push(format!(
                    "float inputs:opacity.connect = <{path}/BaseColor.outputs:a>"
                ));
            }
        }
        None => {
            surface.push(format!(
                "color3f inputs:diffuseColor = {}",
                tuple(&[r, g, b])
            ));
            if blended {
                surface.push(format!("float inputs:opacity = {}", num(a)));
            }
        }
    }
    if m.alpha_mode == AlphaMode::Mask {
        surface.push(format!(
            "float inputs:opacityThreshold = {}",
            num(m.alpha_cutoff)
        ));
    }

    match &m.metallic_roughness_texture {
        Some(t) => {
            uses.push(TextureUse {
                role: "MetallicRoughness",
                field: "metallicRoughnessTexture",
                texture: t,
                srgb: false,
                scale: [1.0, m.roughness_factor, m.metallic_factor, 1.0],
                bias: [0.0; 4],
                bake_normal: None,
            });
            surface.push(format!(
                "float inputs:metallic.connect = <{path}/MetallicRoughness.outputs:b>"
            ));
            surface.push(format!(
                "float inputs:roughness.connect = <{path}/MetallicRoughness.outputs:g>"
            ));
        }
        None => {
            surface.push(format!(
                "float inputs:metallic = {}",
                num(m.metallic_factor)
            ));
            surface.push(format!(
                "float inputs:roughness = {}",
                num(m.roughness_factor)
            ));
        }
    }

    if let Some(t) = &m.normal_texture {
        let s = m.normal_scale;
        uses.push(TextureUse {
            role: "Normal",
            field: "normalTexture",
            texture: t,
            srgb: false,
            scale: [2.0 * s, 2.0 * s, 2.0, 1.0],
            bias: [-s, -s, -1.0, 0.0],
            bake_normal: (s != 1.0 && s.is_finite()).then_some(s),
        });
        surface.push(format!(
            "normal3f inputs:normal.connect = <{path}/Normal.outputs:rgb>"
        ));
    }

    if let Some(t) = &m.occlusion_texture {
        let s = m.occlusion_strength;
        uses.push(TextureUse {
            role: "Occlusion",
            field: "occlusionTexture",
            texture: t,
            srgb: false,
            scale: [s, s, s, 1.0],
            bias: [1.0 - s, 1.0 - s, 1.0 - s, 0.0],
            bake_normal: None,
        });
        surface.push(format!(
            "float inputs:occlusion.connect = <{path}/Occlusion.outputs:r>"
        ));
    }

    let e = m.emissive_factor.map(|c| c * m.emissive_strength);
    match &m.emissive_texture {
        Some(t) => {
            uses.push(TextureUse {
                role: "Emissive",
                field: "emissiveTexture",
                texture: t,
                srgb: true,
                scale: [e[0], e[1], e[2], 1.0],
                bias: [0.0; 4],
                bake_normal: None,
            });
            surface.push(format!(
                "color3f inputs:emissiveColor.connect = <{path}/Emissive.outputs:rgb>"
            ));
        }
        None if e.iter().any(|c| *c != 0.0) => {
            surface.push(format!("color3f inputs:emissiveColor = {}", tuple(&e)));
        }
        None => {}
    }

    if let Some(c) = &m.clearcoat
        && c.factor > 0.0
    {
        surface.push(format!("float inputs:clearcoat = {}", num(c.factor)));
        surface.push(format!(
            "float inputs:clearcoatRoughness = {}",
            num(c.roughness_factor)
        ));
    }
    if m.ior != 1.5 {
        surface.push(format!("float inputs:ior = {}", num(m.ior)));
    }

    for v in m
        .base_color_factor
        .iter()
        .chain(&[m.metallic_factor, m.roughness_factor, m.normal_scale])
        .chain(&[m.occlusion_strength, m.alpha_cutoff, m.ior])
        .chain(e.iter())
    {
        if !v.is_finite() {
            return Err(UsdzError::NonFinite { pointer });
        }
    }

    doc.open(&format!("def Material {}", quote(name)));
    doc.line(&format!(
        "token outputs:surface.connect = <{path}/Surface.outputs:surface>"
    ));
    doc.blank();
    doc.open("def Shader \"Surface\"");
    doc.line("uniform token info:id = \"UsdPreviewSurface\"");
    for s in &surface {
        doc.line(s);
    }
    doc.line("token outputs:surface");
    doc.close();

    let mut readers = [false; 2];
    for u in &uses {
        let set = usize::from(u.texture.tex_coord != 0);
        readers[set] = true;
        write_texture(doc, path, item, model, &pointer, u, textures)?;
    }
    for (set, used) in readers.iter().enumerate() {
        if *used {
            doc.blank();
            doc.open(&format!("def Shader \"Uv{set}\""));
            doc.line("uniform token info:id = \"UsdPrimvarReader_float2\"");
            doc.line(&format!(
                "string inputs:varname = \"{}\"",
                super::scene::uv_primvar(set)
            ));
            doc.line("float2 outputs:result");
            doc.close();
        }
    }
    doc.close();
    Ok(())
}

fn write_texture(
    doc: &mut Usda,
    path: &str,
    item: usize,
    model: &Model,
    pointer: &str,
    u: &TextureUse,
    textures: &mut TextureFiles,
) -> Result<(), UsdzError> {
    let texture = model
        .textures
        .get(u.texture.texture)
        .ok_or(UsdzError::MissingReference {
            pointer: format!("{pointer}/{}", u.field),
            what: "texture",
            index: u.texture.texture,
        })?;
    let image = model
        .images
        .get(texture.image)
        .ok_or(UsdzError::MissingReference {
            pointer: format!("/items/{item}/textures/{}", u.texture.texture),
            what: "image",
            index: texture.image,
        })?;
    let baked = match u.bake_normal {
        Some(s) => textures.baked_normal_path(item, texture.image, image, s)?,
        None => None,
    };
    let (file, scale, bias) = match baked {
        Some(file) => (file, [2.0, 2.0, 2.0, 1.0], [-1.0, -1.0, -1.0, 0.0]),
        None => (
            textures.path_for(item, texture.image, image)?,
            u.scale,
            u.bias,
        ),
    };
    let set = usize::from(u.texture.tex_coord != 0);
    let mut st = format!("{path}/Uv{set}.outputs:result");
    let transform = u
        .texture
        .transform
        .filter(|t| *t != TextureTransform::default());
    if let Some(t) = transform {
        let (rotation, scale, translation) = usd_transform(&t);
        if !(rotation.is_finite() && scale.iter().chain(&translation).all(|v| v.is_finite())) {
            return Err(UsdzError::NonFinite {
                pointer: format!("{pointer}/{}/extensions/KHR_texture_transform", u.field),
            });
        }
        doc.blank();
        doc.open(&format!("def Shader \"{}Transform\"", u.role));
        doc.line("uniform token info:id = \"UsdTransform2d\"");
        doc.line(&format!("float2 inputs:in.connect = <{st}>"));
        doc.line(&format!("float inputs:rotation = {}", num(rotation)));
        doc.line(&format!("float2 inputs:scale = {}", tuple(&scale)));
        doc.line(&format!(
            "float2 inputs:translation = {}",
            tuple(&translation)
        ));
        doc.line("float2 outputs:result");
        doc.close();
        st = format!("{path}/{}Transform.outputs:result", u.role);
    }
    doc.blank();
    doc.open(&format!("def Shader \"{}\"", u.role));
    doc.line("uniform token info:id = \"UsdUVTexture\"");
    doc.line(&format!("asset inputs:file = @{file}@"));
    doc.line(&format!(
        "token inputs:sourceColorSpace = \"{}\"",
        if u.srgb { "sRGB" } else { "raw" }
    ));
    doc.line(&format!("float2 inputs:st.connect = <{st}>"));
    doc.line(&format!(
        "token inputs:wrapS = \"{}\"",
        wrap(texture.sampler.wrap_u)
    ));
    doc.line(&format!(
        "token inputs:wrapT = \"{}\"",
        wrap(texture.sampler.wrap_v)
    ));
    if scale != [1.0; 4] {
        doc.line(&format!("float4 inputs:scale = {}", tuple(&scale)));
    }
    if bias != [0.0; 4] {
        doc.line(&format!("float4 inputs:bias = {}", tuple(&bias)));
    }
    doc.line("float outputs:r");
    doc.line("float outputs:g");
    doc.line("float outputs:b");
    doc.line("float outputs:a");
    doc.line("float3 outputs:rgb");
    doc.close();
    Ok(())
}

fn wrap(w: Wrap) -> &'static str {
    match w {
        Wrap::Repeat => "repeat",
        Wrap::MirroredRepeat => "mirror",
        Wrap::ClampToEdge => "clamp",
    }
}

/// `KHR_texture_transform` (applied to glTF UVs, origin top-left, V down) as `UsdTransform2d`
/// inputs (applied to USD st = (u, 1 − v), origin bottom-left): rotation in degrees, scale,
/// translation.
///
/// glTF: uv' = T + R(−θ)·S·uv (the extension's counter-clockwise rotation, seen with V down).
/// With the flip F(u, v) = (u, 1 − v) on both sides, st' = F(uv') = R(θ)·S·st + t' where
/// t' = (tx + sy·sin θ, 1 − ty − sy·cos θ), which is UsdTransform2d's scale, then rotate, then
/// translate.
pub fn usd_transform(t: &TextureTransform) -> (f32, [f32; 2], [f32; 2]) {
    let (s, c) = t.rotation.sin_cos();
    let [_, sy] = t.scale;
    let [tx, ty] = t.offset;
    (
        t.rotation.to_degrees(),
        t.scale,
        [tx + sy * s, 1.0 - ty - sy * c],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// glTF's transform applied to a glTF uv, per the extension's matrix.
    fn gltf_apply(t: &TextureTransform, uv: [f32; 2]) -> [f32; 2] {
        let m = t.matrix();
        [
            m[0][0] * uv[0] + m[1][0] * uv[1] + m[2][0],
            m[0][1] * uv[0] + m[1][1] * uv[1] + m[2][1],
        ]
    }

    /// UsdTransform2d as its spec defines it: scale, rotate (counter-clockwise, degrees),
    /// translate.
    fn usd_apply(
        rotation_deg: f32,
        scale: [f32; 2],
        translation: [f32; 2],
        st: [f32; 2],
    ) -> [f32; 2] {
        let (s, c) = rotation_deg.to_radians().sin_cos();
        let x = st[0] * scale[0];
        let y = st[1] * scale[1];
        [
            c * x - s * y + translation[0],
            s * x + c * y + translation[1],
        ]
    }

    #[test]
    fn texture_transform_agrees_after_the_v_flip() {
        let cases = [
            TextureTransform::default(),
            TextureTransform {
                offset: [0.13, 0.29],
                rotation: 0.0,
                scale: [0.6, 1.0],
            },
            TextureTransform {
                offset: [0.0, 0.0],
                rotation: 0.7,
                scale: [1.0, 1.0],
            },
            TextureTransform {
                offset: [-0.4, 2.5],
                rotation: -2.1,
                scale: [3.0, 0.25],
            },
        ];
        for t in &cases {
            let (rot, scale, tr) = usd_transform(t);
            for uv in [[0.0, 0.0], [1.0, 0.0], [0.3, 0.8], [-1.5, 2.0]] {
                let want = gltf_apply(t, uv);
                let want_st = [want[0], 1.0 - want[1]];
                let got = usd_apply(rot, scale, tr, [uv[0], 1.0 - uv[1]]);
                for k in 0..2 {
                    assert!(
                        (got[k] - want_st[k]).abs() < 1e-5,
                        "{t:?} at {uv:?}: {got:?} vs {want_st:?}"
                    );
                }
            }
        }
    }
}
