//! The loader: container, JSON, buffers, images, materials, meshes and the node tree.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use glam::{Mat4, Quat, Vec3};

use super::accessor::{self, Buffers};
use super::container;
use super::doc::{self, Root};
use super::error::{AssetError, ErrorCode, Result};
use super::geometry;
use super::image_info;
use super::json;
use super::limits::Limits;
use super::material;
use super::meshopt;
use super::model::{Bounds, Image, Indices, Instance, Mesh, Model, Primitive, Stats, Texture};
use super::reads::{
    self, Attribute, COLOR_0, NORMAL, POSITION, Reads, TANGENT, TEXCOORD_0, TEXCOORD_1,
};

/// Extensions roomfit reads. A file that *requires* anything else is refused with its name.
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    "KHR_materials_variants",
    "KHR_texture_transform",
    "KHR_mesh_quantization",
    "KHR_materials_emissive_strength",
    "KHR_materials_ior",
    "KHR_materials_transmission",
    "KHR_materials_specular",
    "KHR_materials_sheen",
    "KHR_materials_clearcoat",
    "EXT_texture_webp",
    "EXT_meshopt_compression",
    "KHR_meshopt_compression",
];

/// Refuses a file larger than the limit.
fn check_size(len: usize, limits: &Limits) -> Result<()> {
    if len > limits.max_file_bytes {
        return Err(AssetError::new(
            ErrorCode::LimitExceeded,
            "",
            format!(
                "the file is {len} bytes, more than the limit of {} bytes",
                limits.max_file_bytes
            ),
        ));
    }
    Ok(())
}

/// Parses the JSON of a glTF file (GLB or .gltf) without reading any data.
fn parse<'b>(bytes: &'b [u8], limits: &Limits) -> Result<(json::Value<'b>, Option<&'b [u8]>)> {
    check_size(bytes.len(), limits)?;
    let c = container::split(bytes)?;
    Ok((parse_json(c.json)?, c.bin))
}

/// Parses a glTF file's JSON text.
fn parse_json(text: &[u8]) -> Result<json::Value<'_>> {
    json::parse(text).map_err(|e| {
        let (line, column) = e.line_column(text);
        AssetError::new(
            ErrorCode::Json,
            "",
            format!(
                "the glTF JSON is malformed at line {line}, column {column} (byte {}): {}",
                e.offset, e.message
            ),
        )
    })
}

/// Reads the glTF document from its parsed JSON and checks that it is glTF 2.
fn read<'v>(value: &'v json::Value<'v>) -> Result<Root<'v>> {
    let root = Root::read(value)?;
    if !root.version.starts_with("2.") {
        return Err(AssetError::new(
            ErrorCode::UnsupportedVersion,
            "/asset/version",
            format!(
                "asset.version is \"{}\": only glTF 2.x is supported",
                root.version
            ),
        ));
    }
    Ok(root)
}

/// The external URIs (buffers and images, not `data:` URIs) a .gltf file needs, for callers that
/// must fetch them before calling [`load`]. `EXT_meshopt_compression` (and
/// `KHR_meshopt_compression`) fallback buffers are left out: [`load`] never reads them.
pub fn external_uris(bytes: &[u8], limits: &Limits) -> Result<Vec<String>> {
    let (value, _) = parse(bytes, limits)?;
    let root = read(&value)?;
    let buffers = root
        .buffers
        .iter()
        .filter(|b| !meshopt::is_fallback(b))
        .filter_map(|b| b.uri);
    let images = root.images.iter().filter_map(|i| i.uri);
    Ok(buffers
        .chain(images)
        .filter(|u| !u.starts_with("data:"))
        .map(str::to_string)
        .collect())
}

/// Returns the bytes of an external file named by a URI relative to the glTF file, or why not.
pub type Resolver<'a> = &'a dyn Fn(&str) -> std::result::Result<Vec<u8>, String>;
type Resolve<'a> = Option<Resolver<'a>>;

/// Loads a glTF 2.0 file (GLB or JSON). `resolve` returns the bytes of an external URI
/// (relative to the file); without it, files that reference external resources are refused.
pub fn load(bytes: &[u8], limits: &Limits, resolve: Option<Resolver<'_>>) -> Result<Model> {
    check_size(bytes.len(), limits)?;
    let c = container::split(bytes)?;
    load_parts(c.json, c.bin.map(Cow::Borrowed), limits, resolve)
}

/// Like [`load`] (the same model, or the same error), for a file the caller hands over: the
/// file's memory is reused for the model's as the model is read, so that loading a GLB needs
/// much less than the file and the model at once (in the browser, WebAssembly memory never
/// shrinks: what a load needs at its peak stays allocated).
///
/// The GLB's JSON is copied out, and its binary chunk is moved to the front of the file's
/// allocation. The geometry is then read in descending order of where it lies in the binary
/// chunk (see [`Reads::prefetch`]), and after each read the chunk is cut back to the end of
/// the data still to be read, so that the allocator can hand the freed tail to the next
/// arrays it reads. Files using meshopt compression (whose views are decoded on first read)
/// and .gltf files are loaded as [`load`] does.
pub fn load_owned(
    mut bytes: Vec<u8>,
    limits: &Limits,
    resolve: Option<Resolver<'_>>,
) -> Result<Model> {
    let chunks = container::glb_chunks(&bytes).filter(|_| bytes.len() <= limits.max_file_bytes);
    let Some(container::Chunks {
        json,
        bin: Some(bin),
    }) = chunks
    else {
        return load(&bytes, limits, resolve);
    };
    let json = bytes[json].to_vec();
    bytes.truncate(bin.end);
    bytes.drain(..bin.start);
    load_parts(&json, Some(Cow::Owned(bytes)), limits, resolve)
}

/// Loads a glTF file from its JSON text and (for GLB) its binary chunk. An owned binary chunk
/// is cut back as the geometry is read (see [`load_owned`]).
fn load_parts(
    json: &[u8],
    bin: Option<Cow<'_, [u8]>>,
    limits: &Limits,
    resolve: Option<Resolver<'_>>,
) -> Result<Model> {
    let consume = matches!(bin, Some(Cow::Owned(_)));
    let value = parse_json(json)?;
    let root = read(&value)?;
    for (i, &ext) in root.extensions_required.iter().enumerate() {
        if !SUPPORTED_EXTENSIONS.contains(&ext) {
            return Err(AssetError::new(
                ErrorCode::UnsupportedExtension,
                format!("/extensionsRequired/{i}"),
                format!(
                    "the file requires the extension {ext}, which roomfit does not support yet; export without it{}",
                    match ext {
                        "KHR_draco_mesh_compression" =>
                            " (use EXT_meshopt_compression or no mesh compression instead of Draco)",
                        "KHR_texture_basisu" => " (use PNG, JPEG or WebP textures instead of KTX2)",
                        _ => "",
                    }
                ),
            ));
        }
    }
    if root.nodes.len() > limits.max_nodes {
        return Err(AssetError::new(
            ErrorCode::LimitExceeded,
            "/nodes",
            format!(
                "the file has {} nodes, more than the limit of {}",
                root.nodes.len(),
                limits.max_nodes
            ),
        ));
    }
    let buffers = load_buffers(&root, bin, limits, resolve)?;
    let textures = (0..root.textures.len())
        .map(|i| {
            Ok(Texture {
                image: material::texture_source(&root, i)?,
                sampler: material::texture_sampler(&root, i)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let materials = (0..root.materials.len())
        .map(|i| material::convert(&root, i))
        .collect::<Result<Vec<_>>>()?;
    let variants: Vec<String> = root.variants.iter().map(|v| v.to_string()).collect();

    let placed = traverse(&root, limits)?;
    let quantized = root.extensions_used.contains(&"KHR_mesh_quantization");

    // Check the triangle budget before reading any geometry.
    let mut triangles = 0u64;
    for &(_, mesh, _) in &placed {
        triangles = triangles.saturating_add(mesh_triangles(&root, mesh));
    }
    if triangles > limits.max_triangles {
        return Err(AssetError::new(
            ErrorCode::LimitExceeded,
            "/meshes",
            format!(
                "the model has {triangles} triangles, more than the limit of {}",
                limits.max_triangles
            ),
        ));
    }
    // And the vertex budget, each mesh once: primitives sharing one large accessor each read
    // it, so a file of a few hundred bytes could otherwise ask for gigabytes.
    let mut vertices = 0u64;
    let mut counted = std::collections::BTreeSet::new();
    for &(_, mesh, _) in &placed {
        if counted.insert(mesh) {
            vertices = vertices.saturating_add(mesh_vertices(&root, mesh));
        }
    }
    if vertices > limits.max_vertices {
        return Err(AssetError::new(
            ErrorCode::LimitExceeded,
            "/meshes",
            format!(
                "the model's meshes read {vertices} vertices, more than the limit of {}",
                limits.max_vertices
            ),
        ));
    }

    // Only now, with the budgets checked, the compressed views that will be read are checked
    // and their decoded size budgeted; each is decoded when first read.
    let used = read_views(&root, placed.iter().map(|&(_, mesh, _)| mesh));
    // Without the `full-geometry` feature (the WebGPU first-frame build), a model that needs
    // meshopt decoding or MikkTSpace tangents is refused here, before any compressed view,
    // image or geometry is read: the element then shows it with the room build.
    #[cfg(not(feature = "full-geometry"))]
    refuse_full_geometry(
        &root,
        &used,
        placed.iter().map(|&(_, mesh, _)| mesh),
        &materials,
    )?;
    #[cfg(feature = "full-geometry")]
    let buffers = Buffers {
        compressed: meshopt::plan(&root, &buffers.data, &used, limits)?,
        ..buffers
    };
    let mut buffers = buffers;
    let images = load_images(&root, &buffers, limits, resolve)?;
    // Meshopt-compressed views are decoded from the binary chunk when first read: a file
    // using them keeps its chunk whole (a view with the extension object counts even where
    // extensionsUsed does not list it: it is decoded all the same).
    let mut reads = if consume
        && !meshopt::is_used(&root)
        && root.buffer_views.iter().all(|v| v.meshopt.is_none())
    {
        let meshes = placed.iter().map(|&(_, mesh, _)| mesh);
        Reads::prefetch(&root, &mut buffers, meshes, quantized, limits)
    } else {
        Reads::default()
    };

    let mut mesh_slots: BTreeMap<usize, usize> = BTreeMap::new();
    let mut meshes = Vec::new();
    let mut instances = Vec::new();
    let mut bounds = Bounds::EMPTY;
    let mut stats = Stats {
        nodes: root.nodes.len(),
        triangles,
        ..Stats::default()
    };
    for (node, mesh_index, transform) in placed {
        let slot = match mesh_slots.get(&mesh_index) {
            Some(&s) => s,
            None => {
                let mesh = load_mesh(
                    &root,
                    &buffers,
                    &mut reads,
                    mesh_index,
                    &materials,
                    variants.len(),
                    quantized,
                    limits,
                )?;
                stats.primitives += mesh.primitives.len();
                stats.vertices += mesh
                    .primitives
                    .iter()
                    .map(|p| p.positions.len() as u64)
                    .sum::<u64>();
                meshes.push(mesh);
                mesh_slots.insert(mesh_index, meshes.len() - 1);
                meshes.len() - 1
            }
        };
        for p in &meshes[slot].primitives {
            let b = p.bounds.transformed(&transform);
            if !b.is_empty() {
                bounds.include(b.min);
                bounds.include(b.max);
            }
        }
        instances.push(Instance {
            mesh: slot,
            transform,
            node,
        });
    }
    if bounds.is_empty() || triangles == 0 {
        return Err(AssetError::new(
            ErrorCode::Empty,
            "/scenes",
            "the file's scene has no triangles to draw",
        ));
    }
    Ok(Model {
        meshes,
        instances,
        materials,
        textures,
        images,
        variants,
        bounds,
        stats,
        extensions_used: root.extensions_used.iter().map(|e| e.to_string()).collect(),
        extensions_required: root
            .extensions_required
            .iter()
            .map(|e| e.to_string())
            .collect(),
    })
}

fn fetch_uri(uri: &str, ptr: &str, resolve: Resolve<'_>) -> Result<Vec<u8>> {
    if let Some(decoded) = container::decode_data_uri(uri, ptr) {
        return decoded.map(|(_, b)| b);
    }
    let resolve = resolve.ok_or_else(|| {
        AssetError::new(
            ErrorCode::Resource,
            ptr,
            format!("the file refers to the external file \"{uri}\"; pack it into a .glb instead"),
        )
    })?;
    resolve(uri).map_err(|e| {
        AssetError::new(
            ErrorCode::Resource,
            ptr,
            format!("the external file \"{uri}\" could not be read: {e}"),
        )
    })
}

/// Without the `full-geometry` feature: refuses (code `needs-full-build`) a model whose
/// `meshes` read a meshopt-compressed view among `used` (see [`read_views`]) or have a
/// normal-mapped triangle primitive with texture coordinates but no TANGENT, which needs
/// MikkTSpace tangents. Looks at the JSON only.
#[cfg(not(feature = "full-geometry"))]
fn refuse_full_geometry(
    root: &Root<'_>,
    used: &BTreeSet<usize>,
    meshes: impl Iterator<Item = usize>,
    materials: &[super::model::Material],
) -> Result<()> {
    let compressed = used
        .iter()
        .find(|&&v| root.buffer_views.get(v).is_some_and(meshopt::is_compressed));
    if let Some(v) = compressed {
        return Err(AssetError::new(
            ErrorCode::NeedsFullBuild,
            format!("/bufferViews/{v}/extensions"),
            format!(
                "bufferView {v} is meshopt-compressed, and this build has no meshopt decoder (the full build has)"
            ),
        ));
    }
    for m in meshes {
        for (pi, p) in root.meshes[m].primitives.iter().enumerate() {
            let normal_mapped = p
                .material
                .into_iter()
                .chain(p.variants.iter().map(|v| v.material))
                .any(|i| materials.get(i).is_some_and(|m| m.normal_texture.is_some()));
            if p.is_triangles()
                && normal_mapped
                && p.attribute("TANGENT").is_none()
                && p.attribute("TEXCOORD_0").is_some()
            {
                return Err(no_tangents(&format!("/meshes/{m}/primitives/{pi}")));
            }
        }
    }
    Ok(())
}

/// The `needs-full-build` error of a normal-mapped primitive (`ptr`) without tangents.
#[cfg(not(feature = "full-geometry"))]
fn no_tangents(ptr: &str) -> AssetError {
    AssetError::new(
        ErrorCode::NeedsFullBuild,
        format!("{ptr}/attributes"),
        "this primitive has a normal map but no TANGENT, and this build does not generate MikkTSpace tangents (the full build does)",
    )
}

/// The attributes the loader reads from a primitive (and converts into the model).
const READ_ATTRIBUTES: [&str; 6] = [
    "POSITION",
    "NORMAL",
    "TANGENT",
    "TEXCOORD_0",
    "TEXCOORD_1",
    "COLOR_0",
];

/// Primitive modes (GL enum values) roomfit draws; 0 to 3 (points and lines) are skipped.
const TRIANGLES: u64 = 4;
const TRIANGLE_STRIP: u64 = 5;
const TRIANGLE_FAN: u64 = 6;

/// The buffer views the loader reads for `meshes` (their triangle primitives' attributes in
/// [`READ_ATTRIBUTES`], indices, and sparse storage) and for the images: exactly the views whose
/// compressed data may need decoding.
fn read_views(root: &Root<'_>, meshes: impl Iterator<Item = usize>) -> BTreeSet<usize> {
    let mut accessors = BTreeSet::new();
    let primitives = meshes
        .filter_map(|m| root.meshes.get(m))
        .flat_map(|m| &m.primitives)
        .filter(|p| p.is_triangles());
    for p in primitives {
        for name in READ_ATTRIBUTES {
            accessors.extend(p.attribute(name));
        }
        accessors.extend(p.indices);
    }
    let mut views = BTreeSet::new();
    for a in accessors.iter().filter_map(|&a| root.accessors.get(a)) {
        views.extend(a.buffer_view);
        if let Some(s) = &a.sparse {
            views.insert(s.indices_view);
            views.insert(s.values_view);
        }
    }
    views.extend(root.images.iter().filter_map(|i| i.buffer_view));
    views
}

/// Reads the file's buffers (the GLB binary chunk is taken as it is: borrowed, or owned by
/// [`load_owned`]; never copied). Compressed views are not looked at here: see
/// [`meshopt::plan`].
fn load_buffers<'b>(
    root: &Root<'_>,
    mut bin: Option<Cow<'b, [u8]>>,
    limits: &Limits,
    resolve: Resolve<'_>,
) -> Result<Buffers<'b>> {
    let meshopt_used = meshopt::is_used(root);
    let has_bin = bin.is_some();
    let mut data = Vec::with_capacity(root.buffers.len());
    let mut total = 0u64;
    for (i, b) in root.buffers.iter().enumerate() {
        let ptr = format!("/buffers/{i}");
        let len = b.byte_length;
        // EXT_meshopt_compression: a buffer marked as fallback, or (in a file using the
        // extension) one with neither a URI nor the GLB binary chunk, only backs compressed
        // views, whose bytes are decoded instead. It is not read, and holds no data here.
        let placeholder = b.uri.is_none() && !(i == 0 && has_bin);
        if meshopt::is_fallback(b) || (meshopt_used && placeholder) {
            data.push(Cow::Borrowed(&[][..]));
            continue;
        }
        if len > limits.max_file_bytes as u64 {
            return Err(AssetError::new(
                ErrorCode::LimitExceeded,
                format!("{ptr}/byteLength"),
                format!(
                    "buffer {i} is {len} bytes, more than the limit of {}",
                    limits.max_file_bytes
                ),
            ));
        }
        // Many buffers can name the same external file: budget them together.
        total = total.saturating_add(len);
        if total > limits.max_file_bytes as u64 {
            return Err(AssetError::new(
                ErrorCode::LimitExceeded,
                format!("{ptr}/byteLength"),
                format!(
                    "buffers 0 to {i} are {total} bytes together, more than the limit of {}",
                    limits.max_file_bytes
                ),
            ));
        }
        let bytes: Cow<'b, [u8]> = match (&b.uri, i) {
            (Some(uri), _) => Cow::Owned(fetch_uri(uri, &format!("{ptr}/uri"), resolve)?),
            (None, 0) => bin.take().unwrap_or(Cow::Borrowed(&[][..])),
            (None, _) => Cow::Borrowed(&[][..]), // no data: refused below unless byteLength is 0
        };
        let len = len as usize;
        if bytes.len() < len {
            let source = if b.uri.is_none() {
                "the GLB binary chunk"
            } else {
                "its data"
            };
            return Err(AssetError::new(
                ErrorCode::OutOfBounds,
                format!("{ptr}/byteLength"),
                format!(
                    "buffer {i} declares byteLength {len} but {source} holds only {} bytes",
                    bytes.len()
                ),
            ));
        }
        data.push(match bytes {
            Cow::Borrowed(b) => Cow::Borrowed(&b[..len]),
            Cow::Owned(mut b) => {
                b.truncate(len);
                Cow::Owned(b)
            }
        });
    }
    Ok(Buffers {
        data,
        compressed: meshopt::Compressed::default(),
    })
}

fn load_images(
    root: &Root<'_>,
    buffers: &Buffers<'_>,
    limits: &Limits,
    resolve: Resolve<'_>,
) -> Result<Vec<Image>> {
    let mut out = Vec::with_capacity(root.images.len());
    // Each image gets its own copy of its bytes, and any number of images may share one view or
    // URI: budget the copies so that a small file cannot make the loader hold many times its
    // own size.
    let mut total = 0usize;
    let mut charge = |i: usize, ptr: &str, n: usize| {
        total = total.saturating_add(n);
        if total > limits.max_file_bytes {
            Err(AssetError::new(
                ErrorCode::LimitExceeded,
                ptr,
                format!(
                    "images 0 to {i} hold {total} bytes together, more than the limit of {} bytes",
                    limits.max_file_bytes
                ),
            ))
        } else {
            Ok(())
        }
    };
    for (i, img) in root.images.iter().enumerate() {
        let ptr = format!("/images/{i}");
        let bytes = match (img.buffer_view, img.uri) {
            (Some(v), _) => {
                let view = accessor::view_bytes(root, buffers, v).map_err(|e| AssetError {
                    pointer: if e.pointer.is_empty() {
                        format!("{ptr}/bufferView")
                    } else {
                        e.pointer
                    },
                    ..e
                })?;
                charge(i, &ptr, view.len())?;
                view.to_vec()
            }
            (None, Some(uri)) => {
                let bytes = fetch_uri(uri, &format!("{ptr}/uri"), resolve)?;
                charge(i, &ptr, bytes.len())?;
                bytes
            }
            (None, None) => {
                return Err(AssetError::new(
                    ErrorCode::BadImage,
                    ptr,
                    format!("image {i} has neither a uri nor a bufferView"),
                ));
            }
        };
        let Some((mime_type, width, height)) = image_info::sniff(&bytes) else {
            return Err(AssetError::new(
                ErrorCode::BadImage,
                ptr,
                format!("image {i} is not a readable PNG, JPEG or WebP image"),
            ));
        };
        let max = limits.max_texture_dimension;
        if width > max || height > max || width == 0 || height == 0 {
            return Err(AssetError::new(
                ErrorCode::LimitExceeded,
                ptr,
                format!(
                    "image {i} is {width}×{height} pixels; textures must be between 1 and {max} pixels on each side (2048 is plenty for furniture on a phone)"
                ),
            ));
        }
        out.push(Image {
            name: img.name.map(str::to_string),
            mime_type,
            bytes,
            width,
            height,
        });
    }
    Ok(out)
}

fn node_transform(root: &Root<'_>, index: usize) -> Result<Mat4> {
    let n = &root.nodes[index];
    let ptr = format!("/nodes/{index}");
    let bad = |field: &str| {
        AssetError::new(
            ErrorCode::NonFinite,
            format!("{ptr}/{field}"),
            format!("node {index}'s {field} holds a value that is not a finite number"),
        )
    };
    if let Some(m) = n.matrix {
        if m.iter().any(|v| !v.is_finite()) {
            return Err(bad("matrix"));
        }
        return Ok(Mat4::from_cols_array(&m));
    }
    let t = n.translation.unwrap_or([0.0; 3]);
    let s = n.scale.unwrap_or([1.0; 3]);
    let r = n.rotation.unwrap_or([0.0, 0.0, 0.0, 1.0]);
    if t.iter().any(|v| !v.is_finite()) {
        return Err(bad("translation"));
    }
    if s.iter().any(|v| !v.is_finite()) {
        return Err(bad("scale"));
    }
    if r.iter().any(|v| !v.is_finite()) {
        return Err(bad("rotation"));
    }
    let q = Quat::from_array(r);
    let q = if q.length_squared() > 1e-12 {
        q.normalize()
    } else {
        Quat::IDENTITY
    };
    Ok(Mat4::from_scale_rotation_translation(
        Vec3::from(s),
        q,
        Vec3::from(t),
    ))
}

/// Walks the default scene: (node, mesh, world transform) for every node with a mesh.
fn traverse(root: &Root<'_>, limits: &Limits) -> Result<Vec<(usize, usize, Mat4)>> {
    let n = root.nodes.len();
    for (i, node) in root.nodes.iter().enumerate() {
        for (k, &c) in node.children.iter().enumerate() {
            if c >= n {
                return Err(AssetError::new(
                    ErrorCode::MissingReference,
                    format!("/nodes/{i}/children/{k}"),
                    format!("refers to node {c}, but the file has only {n} nodes"),
                ));
            }
        }
        if let Some(m) = node.mesh {
            if m >= root.meshes.len() {
                return Err(AssetError::new(
                    ErrorCode::MissingReference,
                    format!("/nodes/{i}/mesh"),
                    format!(
                        "refers to mesh {m}, but the file has only {} meshes",
                        root.meshes.len()
                    ),
                ));
            }
        }
    }
    let roots: Vec<usize> = if root.scenes.is_empty() {
        let mut is_child = vec![false; n];
        for node in &root.nodes {
            for &c in &node.children {
                is_child[c] = true;
            }
        }
        (0..n).filter(|&i| !is_child[i]).collect()
    } else {
        let s = root.scene.unwrap_or(0);
        let scene = root.scenes.get(s).ok_or_else(|| {
            AssetError::new(
                ErrorCode::MissingReference,
                "/scene",
                format!(
                    "refers to scene {s}, but the file has only {} scenes",
                    root.scenes.len()
                ),
            )
        })?;
        for (k, &r) in scene.iter().enumerate() {
            if r >= n {
                return Err(AssetError::new(
                    ErrorCode::MissingReference,
                    format!("/scenes/{s}/nodes/{k}"),
                    format!("refers to node {r}, but the file has only {n} nodes"),
                ));
            }
        }
        scene.clone()
    };
    let mut visited = vec![false; n];
    let mut out = Vec::new();
    let mut stack: Vec<(usize, Mat4, usize)> = roots
        .iter()
        .rev()
        .map(|&r| (r, Mat4::IDENTITY, 1))
        .collect();
    while let Some((i, parent, depth)) = stack.pop() {
        if visited[i] {
            return Err(AssetError::new(
                ErrorCode::NodeCycle,
                format!("/nodes/{i}"),
                format!(
                    "node {i} is reached twice: it is its own ancestor or has more than one parent"
                ),
            ));
        }
        visited[i] = true;
        if depth > limits.max_depth {
            return Err(AssetError::new(
                ErrorCode::LimitExceeded,
                format!("/nodes/{i}"),
                format!(
                    "node {i} is nested {depth} levels deep, more than the limit of {}",
                    limits.max_depth
                ),
            ));
        }
        let world = parent * node_transform(root, i)?;
        if let Some(m) = root.nodes[i].mesh {
            out.push((i, m, world));
        }
        for &c in root.nodes[i].children.iter().rev() {
            stack.push((c, world, depth + 1));
        }
    }
    Ok(out)
}

/// The vertices (POSITION elements) mesh `mesh`'s triangle primitives read, as declared.
fn mesh_vertices(root: &Root<'_>, mesh: usize) -> u64 {
    root.meshes[mesh]
        .primitives
        .iter()
        .filter(|p| p.is_triangles())
        .filter_map(|p| p.attribute("POSITION"))
        .filter_map(|a| root.accessors.get(a))
        .map(|a| a.count)
        .fold(0u64, u64::saturating_add)
}

fn mesh_triangles(root: &Root<'_>, mesh: usize) -> u64 {
    root.meshes[mesh]
        .primitives
        .iter()
        .map(|p| {
            let count = p
                .indices
                .or_else(|| p.attribute("POSITION"))
                .and_then(|a| root.accessors.get(a))
                .map_or(0, |a| a.count);
            match p.mode {
                TRIANGLES => count / 3,
                TRIANGLE_STRIP | TRIANGLE_FAN => count.saturating_sub(2),
                _ => 0,
            }
        })
        .sum()
}

/// Reads a primitive's attributes after its POSITION, straight into the model's vectors.
struct AttributeReader<'r, 'b> {
    root: &'r Root<'r>,
    buffers: &'r Buffers<'b>,
    primitive: &'r doc::Primitive<'r>,
    ptr: &'r str,
    quantized: bool,
    limits: &'r Limits,
    vcount: usize,
}

impl AttributeReader<'_, '_> {
    /// Attribute `a` (empty if the primitive lacks it), missing components taken from its
    /// fill value. Its declared count is checked against POSITION's first, so that a
    /// mismatched accessor is not read (nor its compressed view decoded) at all.
    fn read<const N: usize>(&self, reads: &mut Reads, a: &Attribute<N>) -> Result<Vec<[f32; N]>>
    where
        [f32; N]: reads::Element,
    {
        let name = a.name;
        let Some(i) = self.primitive.attribute(name) else {
            return Ok(Vec::new());
        };
        let vcount = self.vcount;
        let declared = self.root.accessors.get(i).map(|a| a.count);
        let max = self.limits.max_vertices_per_primitive;
        if let Some(got) = declared.filter(|&n| n <= max && n != vcount as u64) {
            return Err(AssetError::new(
                ErrorCode::BadAccessor,
                format!("{}/attributes/{name}", self.ptr),
                format!(
                    "{name} has {got} elements but POSITION has {vcount}; every attribute needs one element per vertex"
                ),
            ));
        }
        reads.attribute(
            self.root,
            self.buffers,
            a,
            i,
            self.ptr,
            self.quantized,
            self.limits,
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn load_mesh(
    root: &Root<'_>,
    buffers: &Buffers<'_>,
    reads: &mut Reads,
    mesh_index: usize,
    materials: &[super::model::Material],
    variant_count: usize,
    quantized: bool,
    limits: &Limits,
) -> Result<Mesh> {
    let mesh = &root.meshes[mesh_index];
    let mut primitives = Vec::with_capacity(mesh.primitives.len());
    for (pi, p) in mesh.primitives.iter().enumerate() {
        let ptr = format!("/meshes/{mesh_index}/primitives/{pi}");
        if p.mode > TRIANGLE_FAN {
            return Err(AssetError::new(
                ErrorCode::Json,
                format!("{ptr}/mode"),
                "mode must be 0 to 6",
            ));
        }
        if !p.is_triangles() {
            continue; // Points and lines are not furniture surfaces: skipped, not an error.
        }
        if let Some(prim) = load_primitive(
            root,
            buffers,
            reads,
            p,
            &ptr,
            materials,
            variant_count,
            quantized,
            limits,
        )? {
            primitives.push(prim);
        }
    }
    Ok(Mesh {
        name: mesh.name.map(str::to_string),
        primitives,
    })
}

#[allow(clippy::too_many_arguments)]
// Without `full-geometry` no tangent generation re-indexes the vertices.
#[cfg_attr(not(feature = "full-geometry"), allow(unused_mut))]
fn load_primitive(
    root: &Root<'_>,
    buffers: &Buffers<'_>,
    reads: &mut Reads,
    p: &doc::Primitive<'_>,
    ptr: &str,
    materials: &[super::model::Material],
    variant_count: usize,
    quantized: bool,
    limits: &Limits,
) -> Result<Option<Primitive>> {
    let Some(pos_index) = p.attribute("POSITION") else {
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            format!("{ptr}/attributes"),
            "this primitive has no POSITION attribute",
        ));
    };
    let mut positions =
        reads.attribute(root, buffers, &POSITION, pos_index, ptr, quantized, limits)?;
    let vcount = positions.len();
    let cx = AttributeReader {
        root,
        buffers,
        primitive: p,
        ptr,
        quantized,
        limits,
        vcount,
    };
    let mut normals = cx.read(reads, &NORMAL)?;
    for n in &mut normals {
        *n = Vec3::from(*n).try_normalize().unwrap_or(Vec3::Y).to_array();
    }
    let mut tangents = cx.read(reads, &TANGENT)?;
    for t in &mut tangents {
        let v = Vec3::new(t[0], t[1], t[2])
            .try_normalize()
            .unwrap_or(Vec3::X);
        *t = [v.x, v.y, v.z, if t[3] < 0.0 { -1.0 } else { 1.0 }];
    }
    let mut uv0 = cx.read(reads, &TEXCOORD_0)?;
    let mut uv1 = cx.read(reads, &TEXCOORD_1)?;
    let mut colors = cx.read(reads, &COLOR_0)?;
    let raw_indices: Vec<u32> = match p.indices {
        Some(i) => reads.indices(root, buffers, i, ptr, vcount, limits)?,
        None => (0..vcount as u32).collect(),
    };
    let mut indices = match p.mode {
        TRIANGLES => {
            let mut v = raw_indices;
            v.truncate(v.len() / 3 * 3);
            v
        }
        TRIANGLE_STRIP => (2..raw_indices.len())
            .flat_map(|i| {
                if i % 2 == 0 {
                    [raw_indices[i - 2], raw_indices[i - 1], raw_indices[i]]
                } else {
                    [raw_indices[i - 1], raw_indices[i - 2], raw_indices[i]]
                }
            })
            .collect(),
        _ => (2..raw_indices.len())
            .flat_map(|i| [raw_indices[0], raw_indices[i - 1], raw_indices[i]])
            .collect(),
    };
    if indices.is_empty() {
        return Ok(None);
    }
    let material = match p.material {
        Some(m) if m < materials.len() => Some(m),
        Some(m) => {
            return Err(AssetError::new(
                ErrorCode::MissingReference,
                format!("{ptr}/material"),
                format!(
                    "refers to material {m}, but the file has only {} materials",
                    materials.len()
                ),
            ));
        }
        None => None,
    };
    let mut variant_materials = Vec::new();
    for (mi, mapping) in p.variants.iter().enumerate() {
        let mptr = format!("{ptr}/extensions/KHR_materials_variants/mappings/{mi}");
        let m = mapping.material;
        if m >= materials.len() {
            return Err(AssetError::new(
                ErrorCode::MissingReference,
                format!("{mptr}/material"),
                format!(
                    "refers to material {m}, but the file has only {} materials",
                    materials.len()
                ),
            ));
        }
        for (k, &variant) in mapping.variants.iter().enumerate() {
            if variant >= variant_count {
                return Err(AssetError::new(
                    ErrorCode::MissingReference,
                    format!("{mptr}/variants/{k}"),
                    format!(
                        "refers to variant {variant}, but the file declares only {variant_count} variants"
                    ),
                ));
            }
            variant_materials.push((variant, m));
        }
    }
    if normals.is_empty() {
        normals = geometry::normals(&positions, &indices);
    }
    let needs_tangents = [material]
        .into_iter()
        .chain(variant_materials.iter().map(|(_, m)| Some(*m)))
        .flatten()
        .any(|m| materials[m].normal_texture.is_some());
    // Refused before any geometry was read (refuse_full_geometry); checked again here.
    #[cfg(not(feature = "full-geometry"))]
    if tangents.is_empty() && needs_tangents && !uv0.is_empty() {
        return Err(no_tangents(ptr));
    }
    #[cfg(feature = "full-geometry")]
    if tangents.is_empty() && needs_tangents && !uv0.is_empty() {
        match geometry::mikktspace(&positions, &normals, &uv0, &indices) {
            Some(geometry::Welded {
                source,
                tangents: generated,
                indices: new_indices,
            }) => {
                fn remap<T: Copy>(v: &mut Vec<T>, source: &[u32]) {
                    if !v.is_empty() {
                        *v = source.iter().map(|&i| v[i as usize]).collect();
                    }
                }
                remap(&mut positions, &source);
                remap(&mut normals, &source);
                remap(&mut uv0, &source);
                remap(&mut uv1, &source);
                remap(&mut colors, &source);
                tangents = generated;
                indices = new_indices;
            }
            // MikkTSpace gives up only on degenerate input; UV-derivative tangents still work.
            None => tangents = geometry::tangents(&positions, &normals, &uv0, &indices),
        }
    }
    let mut bounds = Bounds::EMPTY;
    for p in &positions {
        bounds.include(Vec3::from(*p));
    }
    let indices = if positions.len() <= u16::MAX as usize + 1 {
        Indices::U16(indices.into_iter().map(|i| i as u16).collect())
    } else {
        Indices::U32(indices)
    };
    Ok(Some(Primitive {
        positions,
        normals,
        tangents,
        uv0,
        uv1,
        colors,
        indices,
        material,
        variant_materials,
        bounds,
    }))
}
