//! The stage: a root Xform, one Xform per room item (its pose), one per mesh instance (its node
//! transform), one `Mesh` per glTF primitive, and the materials they are bound to.

use std::collections::BTreeSet;

use glam::Mat4;

use super::error::UsdzError;
use super::material;
use super::text::{Usda, int_array, quote, tuple, tuple_array};
use super::texture::TextureFiles;
use super::zip::ZipWriter;
use crate::asset::{Model, Primitive};

/// Name of the root layer inside the package (the first file, as USDZ requires).
pub const ROOT_LAYER: &str = "scene.usda";

/// One piece of furniture in the package: a loaded model, where it stands (metres, Y up) and
/// which `KHR_materials_variants` variant it shows (None: the default materials).
#[derive(Debug, Clone, Copy)]
pub struct RoomItem<'a> {
    /// The model.
    pub model: &'a Model,
    /// Its pose in the room.
    pub transform: Mat4,
    /// Index into `model.variants`.
    pub variant: Option<usize>,
}

/// The primvar name of UV set `set`: `st` for the first, `st1` for the second.
pub fn uv_primvar(set: usize) -> &'static str {
    if set == 0 { "st" } else { "st1" }
}

/// Writes `items` as a USDZ package. `label` (a variant name, when there is one model) is
/// recorded in the layer's custom data.
pub fn build(items: &[RoomItem], label: Option<&str>) -> Result<Vec<u8>, UsdzError> {
    let mut doc = Usda::new();
    doc.line("#usda 1.0");
    doc.line("(");
    doc.line("    customLayerData = {");
    doc.line(&format!(
        "        string creator = \"roomfit {}\"",
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(label) = label {
        doc.line(&format!("        string roomfitVariant = {}", quote(label)));
    }
    doc.line("    }");
    doc.line("    defaultPrim = \"Root\"");
    doc.line("    metersPerUnit = 1");
    doc.line("    upAxis = \"Y\"");
    doc.line(")");
    doc.blank();
    doc.line("def Xform \"Root\" (");
    doc.line("    kind = \"component\"");
    doc.line(")");
    doc.open_body();
    let mut textures = TextureFiles::default();

    // Materials: one set per distinct (model, variant); repeated items share them.
    doc.open("def Scope \"Materials\"");
    let mut owner: Vec<usize> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        check_item(i, item)?;
        let first = items[..i]
            .iter()
            .position(|o| std::ptr::eq(o.model, item.model) && o.variant == item.variant)
            .unwrap_or(i);
        owner.push(first);
        if first != i {
            continue;
        }
        for m in used_materials(i, item)? {
            let path = material_path(i, m);
            material::write(&mut doc, &path, i, item.model, m, &mut textures)?;
            doc.blank();
        }
    }
    doc.close();

    for (i, item) in items.iter().enumerate() {
        doc.blank();
        doc.open(&format!("def Xform \"Item_{i}\""));
        write_transform(&mut doc, &item.transform);
        for (k, instance) in item.model.instances.iter().enumerate() {
            let mesh = item
                .model
                .meshes
                .get(instance.mesh)
                .ok_or(UsdzError::MissingReference {
                    pointer: format!("/items/{i}/instances/{k}/mesh"),
                    what: "mesh",
                    index: instance.mesh,
                })?;
            doc.blank();
            doc.open(&format!("def Xform \"Instance_{k}\""));
            write_transform(&mut doc, &instance.transform);
            for (p, prim) in mesh.primitives.iter().enumerate() {
                let m = prim.material_for(item.variant);
                let double_sided = match m {
                    Some(m) => item.model.materials.get(m).is_some_and(|m| m.double_sided),
                    None => false,
                };
                let pointer = format!("/items/{i}/meshes/{}/primitives/{p}", instance.mesh);
                write_mesh(
                    &mut doc,
                    &format!("Primitive_{p}"),
                    prim,
                    &material_path(owner[i], m),
                    double_sided,
                    &pointer,
                )?;
            }
            doc.close();
        }
        doc.close();
    }
    doc.close();

    let mut zip = ZipWriter::new();
    zip.add(ROOT_LAYER, doc.finish().as_bytes())?;
    for (name, bytes) in &textures.files {
        zip.add(name, bytes)?;
    }
    zip.finish()
}

/// The material prim path for material `m` of item `item`'s model.
fn material_path(item: usize, m: Option<usize>) -> String {
    match m {
        Some(m) => format!("/Root/Materials/Item_{item}_Material_{m}"),
        None => format!("/Root/Materials/Item_{item}_Default"),
    }
}

fn check_item(i: usize, item: &RoomItem) -> Result<(), UsdzError> {
    if !item.transform.is_finite() {
        return Err(UsdzError::NonFinite {
            pointer: format!("/items/{i}/transform"),
        });
    }
    if let Some(v) = item.variant
        && v >= item.model.variants.len()
    {
        return Err(UsdzError::MissingReference {
            pointer: format!("/items/{i}/variant"),
            what: "variant",
            index: v,
        });
    }
    for (k, instance) in item.model.instances.iter().enumerate() {
        if !instance.transform.is_finite() {
            return Err(UsdzError::NonFinite {
                pointer: format!("/items/{i}/instances/{k}/transform"),
            });
        }
    }
    Ok(())
}

/// The materials item `i` draws with (None: glTF's default material).
fn used_materials(i: usize, item: &RoomItem) -> Result<BTreeSet<Option<usize>>, UsdzError> {
    let mut used = BTreeSet::new();
    for instance in &item.model.instances {
        let Some(mesh) = item.model.meshes.get(instance.mesh) else {
            continue; // reported with its pointer when the instance is written
        };
        for prim in &mesh.primitives {
            let m = prim.material_for(item.variant);
            if let Some(index) = m
                && index >= item.model.materials.len()
            {
                return Err(UsdzError::MissingReference {
                    pointer: format!("/items/{i}/meshes/{}/primitives", instance.mesh),
                    what: "material",
                    index,
                });
            }
            used.insert(m);
        }
    }
    Ok(used)
}

fn write_transform(doc: &mut Usda, m: &Mat4) {
    // USD matrices act on row vectors, so its rows are glam's columns (translation last).
    let rows: Vec<String> = m.to_cols_array_2d().iter().map(|c| tuple(c)).collect();
    doc.line(&format!(
        "matrix4d xformOp:transform = ( {} )",
        rows.join(", ")
    ));
    doc.line("uniform token[] xformOpOrder = [\"xformOp:transform\"]");
}

fn write_mesh(
    doc: &mut Usda,
    name: &str,
    prim: &Primitive,
    material: &str,
    double_sided: bool,
    pointer: &str,
) -> Result<(), UsdzError> {
    let n = prim.positions.len();
    let count = prim.indices.len();
    if !count.is_multiple_of(3) {
        return Err(UsdzError::MissingReference {
            pointer: format!("{pointer}/indices"),
            what: "third vertex of triangle",
            index: count / 3,
        });
    }
    for k in 0..count {
        let v = prim.indices.get(k);
        if v as usize >= n {
            return Err(UsdzError::MissingReference {
                pointer: format!("{pointer}/indices/{k}"),
                what: "vertex",
                index: v as usize,
            });
        }
    }
    let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
    for (field, ok) in [
        ("positions", prim.positions.iter().all(|v| finite(v))),
        ("normals", prim.normals.iter().all(|v| finite(v))),
        ("uv0", prim.uv0.iter().all(|v| finite(v))),
        ("uv1", prim.uv1.iter().all(|v| finite(v))),
    ] {
        if !ok {
            return Err(UsdzError::NonFinite {
                pointer: format!("{pointer}/{field}"),
            });
        }
    }
    let mut min = [f32::INFINITY; 3];
    let mut max = [f32::NEG_INFINITY; 3];
    for p in &prim.positions {
        for k in 0..3 {
            min[k] = min[k].min(p[k]);
            max[k] = max[k].max(p[k]);
        }
    }
    if n == 0 {
        min = [0.0; 3];
        max = [0.0; 3];
    }

    doc.blank();
    doc.line(&format!("def Mesh \"{name}\" ("));
    doc.line("    prepend apiSchemas = [\"MaterialBindingAPI\"]");
    doc.line(")");
    doc.line("{");
    doc.line(&format!(
        "    uniform bool doubleSided = {}",
        u8::from(double_sided)
    ));
    doc.line(&format!(
        "    float3[] extent = [{}, {}]",
        tuple(&min),
        tuple(&max)
    ));
    doc.line(&format!(
        "    int[] faceVertexCounts = {}",
        int_array(std::iter::repeat_n(3, count / 3))
    ));
    doc.line(&format!(
        "    int[] faceVertexIndices = {}",
        int_array((0..count).map(|k| prim.indices.get(k)))
    ));
    doc.line(&format!("    rel material:binding = <{material}>"));
    if prim.normals.len() == n && n > 0 {
        doc.line(&format!(
            "    normal3f[] normals = {} (",
            tuple_array(&prim.normals, |v| v)
        ));
        doc.line("        interpolation = \"vertex\"");
        doc.line("    )");
    }
    doc.line(&format!(
        "    point3f[] points = {}",
        tuple_array(&prim.positions, |v| v)
    ));
    for (set, uv) in [&prim.uv0, &prim.uv1].into_iter().enumerate() {
        if uv.len() == n && n > 0 {
            // glTF's UV origin is top-left, USD's st origin bottom-left.
            doc.line(&format!(
                "    texCoord2f[] primvars:{} = {} (",
                uv_primvar(set),
                tuple_array(uv, |[u, v]| [u, 1.0 - v])
            ));
            doc.line("        interpolation = \"vertex\"");
            doc.line("    )");
        }
    }
    doc.line("    uniform token subdivisionScheme = \"none\"");
    doc.line("}");
    Ok(())
}
