//! A minimal glTF 2.0 binary (GLB) writer: one buffer, one buffer view per accessor or image,
//! PBR metallic-roughness materials, `KHR_materials_variants`, `KHR_texture_transform` and
//! `KHR_materials_emissive_strength`.

use std::collections::BTreeSet;

use glam::{Vec2, Vec3};

use super::json::Json;
use super::mesh::{Mesh, tangents};

const ARRAY_BUFFER: u32 = 34962;
const ELEMENT_ARRAY_BUFFER: u32 = 34963;
const FLOAT: u32 = 5126;
const UNSIGNED_SHORT: u32 = 5123;
const UNSIGNED_INT: u32 = 5125;

const VARIANTS: &str = "KHR_materials_variants";
const TEXTURE_TRANSFORM: &str = "KHR_texture_transform";
const EMISSIVE_STRENGTH: &str = "KHR_materials_emissive_strength";

/// `KHR_texture_transform` parameters (no rotation, so tangents stay valid).
#[derive(Clone, Copy, Debug)]
pub(crate) struct TexTransform {
    pub(crate) offset: [f32; 2],
    pub(crate) scale: [f32; 2],
}

/// A texture binding in a material.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TexRef {
    pub(crate) texture: usize,
    pub(crate) transform: Option<TexTransform>,
}

/// A PBR metallic-roughness material.
#[derive(Clone, Debug)]
pub(crate) struct Material {
    pub(crate) name: String,
    pub(crate) base_color: [f32; 4],
    pub(crate) base_color_texture: Option<TexRef>,
    pub(crate) metallic: f32,
    pub(crate) roughness: f32,
    pub(crate) normal_texture: Option<TexRef>,
    pub(crate) normal_scale: f32,
    pub(crate) emissive: [f32; 3],
    pub(crate) emissive_strength: Option<f32>,
    pub(crate) double_sided: bool,
}

impl Material {
    /// An untextured, single-sided, non-emissive material.
    pub(crate) fn plain(name: &str, rgb: [f32; 3], metallic: f32, roughness: f32) -> Material {
        Material {
            name: name.to_owned(),
            base_color: [rgb[0], rgb[1], rgb[2], 1.0],
            base_color_texture: None,
            metallic,
            roughness,
            normal_texture: None,
            normal_scale: 1.0,
            emissive: [0.0; 3],
            emissive_strength: None,
            double_sided: false,
        }
    }
}

/// One mesh primitive: triangles, their default material and `(material, variant)` pairs for
/// `KHR_materials_variants`.
pub(crate) struct Primitive<'a> {
    pub(crate) mesh: &'a Mesh,
    pub(crate) material: usize,
    pub(crate) variants: Vec<(usize, usize)>,
}

/// A glTF document under construction.
#[derive(Default)]
pub(crate) struct Gltf {
    bin: Vec<u8>,
    buffer_views: Vec<Json>,
    accessors: Vec<Json>,
    images: Vec<Json>,
    samplers: Vec<Json>,
    textures: Vec<Json>,
    materials: Vec<Json>,
    material_has_normal_map: Vec<bool>,
    material_has_texture: Vec<bool>,
    meshes: Vec<Json>,
    nodes: Vec<Json>,
    variants: Vec<Json>,
    extensions_used: BTreeSet<&'static str>,
}

fn tex_info(tex: &TexRef, used: &mut BTreeSet<&'static str>) -> Json {
    let mut info = Json::obj([("index", tex.texture.into())]);
    if let Some(t) = tex.transform {
        used.insert(TEXTURE_TRANSFORM);
        info.push(
            "extensions",
            Json::obj([(
                TEXTURE_TRANSFORM,
                Json::obj([
                    ("offset", Json::f32s(&t.offset)),
                    ("scale", Json::f32s(&t.scale)),
                ]),
            )]),
        );
    }
    info
}

impl Gltf {
    /// An empty document.
    pub(crate) fn new() -> Gltf {
        Gltf::default()
    }

    fn push_view(&mut self, bytes: &[u8], target: Option<u32>) -> usize {
        while !self.bin.len().is_multiple_of(4) {
            self.bin.push(0);
        }
        let mut view = Json::obj([
            ("buffer", 0_usize.into()),
            ("byteOffset", self.bin.len().into()),
            ("byteLength", bytes.len().into()),
        ]);
        if let Some(target) = target {
            view.push("target", target.into());
        }
        self.bin.extend_from_slice(bytes);
        self.buffer_views.push(view);
        self.buffer_views.len() - 1
    }

    fn push_accessor(&mut self, view: usize, component: u32, count: usize, ty: &str) -> usize {
        self.accessors.push(Json::obj([
            ("bufferView", view.into()),
            ("componentType", component.into()),
            ("count", count.into()),
            ("type", ty.into()),
        ]));
        self.accessors.len() - 1
    }

    fn floats(&mut self, data: &[f32], count: usize, ty: &str) -> usize {
        let bytes: Vec<u8> = data.iter().flat_map(|f| f.to_le_bytes()).collect();
        let view = self.push_view(&bytes, Some(ARRAY_BUFFER));
        self.push_accessor(view, FLOAT, count, ty)
    }

    fn positions(&mut self, data: &[Vec3]) -> usize {
        let flat: Vec<f32> = data.iter().flat_map(|v| v.to_array()).collect();
        let accessor = self.floats(&flat, data.len(), "VEC3");
        let first = data.first().copied().unwrap_or_default();
        let (lo, hi) = data
            .iter()
            .fold((first, first), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
        let entry = &mut self.accessors[accessor];
        entry.push("min", Json::f32s(&lo.to_array()));
        entry.push("max", Json::f32s(&hi.to_array()));
        accessor
    }

    fn indices(&mut self, indices: &[u32], vertex_count: usize) -> usize {
        // 65535 is the primitive restart value, so u16 indices can address 65535 vertices.
        let (bytes, component): (Vec<u8>, u32) = if vertex_count <= 65535 {
            let bytes = indices
                .iter()
                .flat_map(|&i| u16::try_from(i).unwrap_or(u16::MAX).to_le_bytes())
                .collect();
            (bytes, UNSIGNED_SHORT)
        } else {
            (
                indices.iter().flat_map(|i| i.to_le_bytes()).collect(),
                UNSIGNED_INT,
            )
        };
        let view = self.push_view(&bytes, Some(ELEMENT_ARRAY_BUFFER));
        self.push_accessor(view, component, indices.len(), "SCALAR")
    }

    /// Embeds a PNG image and returns a texture sampling it with trilinear filtering and
    /// repeat wrapping.
    pub(crate) fn add_png_texture(&mut self, name: &str, png: &[u8]) -> usize {
        if self.samplers.is_empty() {
            self.samplers.push(Json::obj([
                ("magFilter", 9729_u32.into()),
                ("minFilter", 9987_u32.into()),
                ("wrapS", 10497_u32.into()),
                ("wrapT", 10497_u32.into()),
            ]));
        }
        let view = self.push_view(png, None);
        self.images.push(Json::obj([
            ("name", name.into()),
            ("bufferView", view.into()),
            ("mimeType", "image/png".into()),
        ]));
        self.textures.push(Json::obj([
            ("name", name.into()),
            ("sampler", 0_usize.into()),
            ("source", (self.images.len() - 1).into()),
        ]));
        self.textures.len() - 1
    }

    /// Adds a material and returns its index.
    pub(crate) fn add_material(&mut self, m: &Material) -> usize {
        let mut pbr = Json::obj([("baseColorFactor", Json::f32s(&m.base_color))]);
        if let Some(tex) = &m.base_color_texture {
            pbr.push("baseColorTexture", tex_info(tex, &mut self.extensions_used));
        }
        pbr.push("metallicFactor", m.metallic.into());
        pbr.push("roughnessFactor", m.roughness.into());
        let mut json = Json::obj([
            ("name", m.name.as_str().into()),
            ("pbrMetallicRoughness", pbr),
        ]);
        if let Some(tex) = &m.normal_texture {
            let mut info = tex_info(tex, &mut self.extensions_used);
            info.push("scale", m.normal_scale.into());
            json.push("normalTexture", info);
        }
        if m.emissive != [0.0; 3] {
            json.push("emissiveFactor", Json::f32s(&m.emissive));
            if let Some(strength) = m.emissive_strength {
                self.extensions_used.insert(EMISSIVE_STRENGTH);
                json.push(
                    "extensions",
                    Json::obj([(
                        EMISSIVE_STRENGTH,
                        Json::obj([("emissiveStrength", strength.into())]),
                    )]),
                );
            }
        }
        if m.double_sided {
            json.push("doubleSided", true.into());
        }
        self.materials.push(json);
        self.material_has_normal_map
            .push(m.normal_texture.is_some());
        self.material_has_texture
            .push(m.normal_texture.is_some() || m.base_color_texture.is_some());
        self.materials.len() - 1
    }

    /// Declares a `KHR_materials_variants` variant and returns its index.
    pub(crate) fn add_variant(&mut self, name: &str) -> usize {
        self.extensions_used.insert(VARIANTS);
        self.variants.push(Json::obj([("name", name.into())]));
        self.variants.len() - 1
    }

    /// Adds a mesh made of `primitives` and returns its index. Primitives whose materials have
    /// a normal map get tangents; those whose materials have no texture get no texture
    /// coordinates.
    pub(crate) fn add_mesh(&mut self, name: &str, primitives: &[Primitive<'_>]) -> usize {
        let mut prims = Vec::new();
        for prim in primitives {
            let mesh = prim.mesh;
            let materials =
                || std::iter::once(prim.material).chain(prim.variants.iter().map(|v| v.0));
            let any = |flags: &[bool]| materials().any(|m| flags.get(m).copied().unwrap_or(false));
            let needs_tangents = any(&self.material_has_normal_map);
            let needs_uvs = any(&self.material_has_texture);
            let position = self.positions(&mesh.positions);
            let normals: Vec<f32> = mesh.normals.iter().flat_map(|v| v.to_array()).collect();
            let normal = self.floats(&normals, mesh.normals.len(), "VEC3");
            let mut attributes =
                Json::obj([("POSITION", position.into()), ("NORMAL", normal.into())]);
            if needs_tangents {
                let data: Vec<f32> = tangents(mesh).into_iter().flatten().collect();
                let tangent = self.floats(&data, mesh.positions.len(), "VEC4");
                attributes.push("TANGENT", tangent.into());
            }
            if needs_uvs {
                let uvs: Vec<f32> = mesh.uvs.iter().flat_map(|v: &Vec2| v.to_array()).collect();
                let uv = self.floats(&uvs, mesh.uvs.len(), "VEC2");
                attributes.push("TEXCOORD_0", uv.into());
            }
            let indices = self.indices(&mesh.indices, mesh.positions.len());
            let mut json = Json::obj([
                ("attributes", attributes),
                ("indices", indices.into()),
                ("material", prim.material.into()),
            ]);
            if !prim.variants.is_empty() {
                // One mapping per material, listing every variant that selects it.
                let mut mappings: Vec<(usize, Vec<Json>)> = Vec::new();
                for &(material, variant) in &prim.variants {
                    match mappings.iter_mut().find(|(m, _)| *m == material) {
                        Some((_, list)) => list.push(variant.into()),
                        None => mappings.push((material, vec![variant.into()])),
                    }
                }
                let mappings = mappings
                    .into_iter()
                    .map(|(material, variants)| {
                        Json::obj([("material", material.into()), ("variants", variants.into())])
                    })
                    .collect::<Vec<_>>();
                json.push(
                    "extensions",
                    Json::obj([(VARIANTS, Json::obj([("mappings", mappings.into())]))]),
                );
            }
            prims.push(json);
        }
        self.meshes.push(Json::obj([
            ("name", name.into()),
            ("primitives", prims.into()),
        ]));
        self.meshes.len() - 1
    }

    /// Adds a node with an optional mesh and children and returns its index.
    pub(crate) fn add_node(
        &mut self,
        name: &str,
        mesh: Option<usize>,
        children: &[usize],
    ) -> usize {
        let mut node = Json::obj([("name", name.into())]);
        if let Some(mesh) = mesh {
            node.push("mesh", mesh.into());
        }
        if !children.is_empty() {
            node.push(
                "children",
                children
                    .iter()
                    .map(|&c| c.into())
                    .collect::<Vec<Json>>()
                    .into(),
            );
        }
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// The glTF JSON document for a scene named `scene_name` with root `roots`.
    fn document(&self, scene_name: &str, roots: &[usize]) -> Json {
        let mut doc = Json::obj([(
            "asset",
            Json::obj([
                ("generator", "roomfit samples".into()),
                ("version", "2.0".into()),
            ]),
        )]);
        if !self.extensions_used.is_empty() {
            let used = self
                .extensions_used
                .iter()
                .map(|&e| e.into())
                .collect::<Vec<Json>>();
            doc.push("extensionsUsed", used.into());
        }
        if !self.variants.is_empty() {
            doc.push(
                "extensions",
                Json::obj([(
                    VARIANTS,
                    Json::obj([("variants", self.variants.clone().into())]),
                )]),
            );
        }
        doc.push("scene", 0_usize.into());
        let roots = roots.iter().map(|&r| r.into()).collect::<Vec<Json>>();
        doc.push(
            "scenes",
            vec![Json::obj([
                ("name", scene_name.into()),
                ("nodes", roots.into()),
            ])]
            .into(),
        );
        for (key, list) in [
            ("nodes", &self.nodes),
            ("meshes", &self.meshes),
            ("materials", &self.materials),
            ("textures", &self.textures),
            ("images", &self.images),
            ("samplers", &self.samplers),
            ("accessors", &self.accessors),
            ("bufferViews", &self.buffer_views),
        ] {
            if !list.is_empty() {
                doc.push(key, list.clone().into());
            }
        }
        if !self.bin.is_empty() {
            doc.push(
                "buffers",
                vec![Json::obj([("byteLength", self.bin.len().into())])].into(),
            );
        }
        doc
    }

    /// The finished GLB file for a scene named `scene_name` whose root nodes are `roots`.
    pub(crate) fn to_glb(&self, scene_name: &str, roots: &[usize]) -> Vec<u8> {
        let mut json = self.document(scene_name, roots).compact().into_bytes();
        while !json.len().is_multiple_of(4) {
            json.push(b' ');
        }
        let mut bin = self.bin.clone();
        while !bin.len().is_multiple_of(4) {
            bin.push(0);
        }
        let has_bin = !bin.is_empty();
        let total = 12 + 8 + json.len() + if has_bin { 8 + bin.len() } else { 0 };
        let mut out = Vec::with_capacity(total);
        let u32_le = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes();
        out.extend_from_slice(b"glTF");
        out.extend_from_slice(&2_u32.to_le_bytes());
        out.extend_from_slice(&u32_le(total));
        out.extend_from_slice(&u32_le(json.len()));
        out.extend_from_slice(b"JSON");
        out.extend_from_slice(&json);
        if has_bin {
            out.extend_from_slice(&u32_le(bin.len()));
            out.extend_from_slice(b"BIN\0");
            out.extend_from_slice(&bin);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::mesh::{UvMap, cuboid};

    #[test]
    fn glb_layout_is_aligned_and_parses() {
        let mut gltf = Gltf::new();
        let material = gltf.add_material(&Material::plain("Grey", [0.5; 3], 0.0, 0.8));
        let mesh = cuboid(Vec3::ZERO, Vec3::ONE, &UvMap::new(1.0, Vec3::X));
        let mesh = gltf.add_mesh(
            "Box",
            &[Primitive {
                mesh: &mesh,
                material,
                variants: vec![],
            }],
        );
        let node = gltf.add_node("Box", Some(mesh), &[]);
        let glb = gltf.to_glb("Scene", &[node]);
        assert_eq!(&glb[0..4], b"glTF");
        assert_eq!(glb.len() % 4, 0);
        let total = u32::from_le_bytes([glb[8], glb[9], glb[10], glb[11]]) as usize;
        assert_eq!(total, glb.len());
        let json_len = u32::from_le_bytes([glb[12], glb[13], glb[14], glb[15]]) as usize;
        let doc: serde_json::Value =
            serde_json::from_slice(&glb[20..20 + json_len]).unwrap_or_default();
        assert_eq!(doc["asset"]["generator"], "roomfit samples");
        let max = doc["accessors"][0]["max"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(max.len() == 3 && max.iter().all(|v| v.as_f64() == Some(1.0)));
        assert_eq!(doc["accessors"][2]["count"], 36);
        assert!(doc["meshes"][0]["primitives"][0]["attributes"]["TEXCOORD_0"].is_null());
    }
}
