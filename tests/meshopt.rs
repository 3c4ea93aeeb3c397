//! EXT_meshopt_compression end to end.
//!
//! - `tests/meshopt/vectors.json`: streams encoded *and decoded* by meshoptimizer's JavaScript
//!   build; our decoders must give the same bytes (filters within one unit, as the
//!   specification allows), and refuse every stream cut short or lengthened.
//! - `tests/meshopt/NAME.meshopt.glb` and `NAME.quantized.glb` (gltf-transform optimize with
//!   meshopt or quantization only): they must load to the same geometry as `models/NAME.glb`
//!   within the quantization step: triangle counts, world bounds within 1 mm, and per primitive
//!   every vertex (position, normal, tangent, UV) and every triangle (corners in winding order).
//!
//! Regenerate the fixtures with `node tests/meshopt/make-fixtures.mjs`.
//!
//! The ignored test `decode_throughput` measures decoding speed; run it with
//! `cargo test --release --test meshopt -- --ignored --nocapture`
//! (and compare with `node www/bench/meshopt-bench.mjs`, which decodes the same views).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use glam::{Mat3, Mat4, Vec2, Vec3};
use roomfit::asset::meshopt::{self, Filter, Mode};
use roomfit::asset::{self, Limits, Model};

fn dir(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(sub)
}

fn base64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = s.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | (d as u32) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

struct Vector {
    name: String,
    mode: Mode,
    filter: Filter,
    count: usize,
    stride: usize,
    decoded: Vec<u8>,
    streams: Vec<(String, Vec<u8>)>,
}

fn vectors() -> Vec<Vector> {
    let text = std::fs::read_to_string(dir("tests/meshopt/vectors.json"))
        .expect("tests/meshopt/vectors.json (node tests/meshopt/make-fixtures.mjs)");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| Vector {
            name: v["name"].as_str().unwrap().to_string(),
            mode: Mode::from_name(v["mode"].as_str().unwrap()).unwrap(),
            filter: Filter::from_name(v["filter"].as_str().unwrap()).unwrap(),
            count: v["count"].as_u64().unwrap() as usize,
            stride: v["stride"].as_u64().unwrap() as usize,
            decoded: base64(v["decoded"].as_str().unwrap()),
            streams: v["streams"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["label"].as_str().unwrap().to_string(),
                        base64(s["encoded"].as_str().unwrap()),
                    )
                })
                .collect(),
        })
        .collect()
}

/// Whether `got` equals `want`, allowing filtered components to differ by one unit.
fn same_output(v: &Vector, got: &[u8], want: &[u8]) -> Result<(), String> {
    if got.len() != want.len() {
        return Err(format!("{} bytes, want {}", got.len(), want.len()));
    }
    let size = v.stride / 4;
    let component = |b: &[u8], i: usize, signed: bool| -> i32 {
        let at = i * size;
        match (size, signed) {
            (1, true) => b[at] as i8 as i32,
            (1, false) => b[at] as i32,
            (_, true) => i16::from_le_bytes([b[at], b[at + 1]]) as i32,
            (_, false) => u16::from_le_bytes([b[at], b[at + 1]]) as i32,
        }
    };
    let tolerant = matches!(
        v.filter,
        Filter::Octahedral | Filter::Quaternion | Filter::Color
    );
    if !tolerant {
        return match got.iter().zip(want).position(|(a, b)| a != b) {
            None => Ok(()),
            Some(i) => Err(format!(
                "byte {i} (element {}) is {}, want {}",
                i / v.stride,
                got[i],
                want[i]
            )),
        };
    }
    let signed = v.filter != Filter::Color;
    for i in 0..got.len() / size {
        let (a, b) = (component(got, i, signed), component(want, i, signed));
        // The octahedral filter passes its 4th component through unchanged.
        let exact = v.filter == Filter::Octahedral && i % 4 == 3;
        if (a - b).abs() > if exact { 0 } else { 1 } {
            return Err(format!(
                "component {i} (element {}) is {a}, want {b}",
                i / 4
            ));
        }
    }
    Ok(())
}

#[test]
fn decodes_what_meshoptimizer_decodes() {
    let vectors = vectors();
    assert!(vectors.len() >= 40, "{} vectors", vectors.len());
    let (mut v1, mut delta16, mut xor_rotated) = (0, 0, 0);
    for v in &vectors {
        for (label, enc) in &v.streams {
            let what = format!("{} ({label})", v.name);
            let got = meshopt::decode(enc, v.mode, v.filter, v.count, v.stride)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            if let Err(e) = same_output(v, &got, &v.decoded) {
                panic!("{what}: {e}");
            }
            // Any stream cut short or with a byte too many is refused, without a panic.
            for cut in [1, 2, 5, 17] {
                if cut <= enc.len() {
                    let short = &enc[..enc.len() - cut];
                    assert!(
                        meshopt::decode(short, v.mode, v.filter, v.count, v.stride).is_err(),
                        "{what}: accepted with {cut} bytes cut"
                    );
                }
            }
            let mut long = enc.clone();
            long.push(0);
            assert!(
                meshopt::decode(&long, v.mode, v.filter, v.count, v.stride).is_err(),
                "{what}: accepted with a byte appended"
            );
            if meshopt::vertex_version(enc) == Some(1) && v.mode == Mode::Attributes {
                v1 += 1;
                let channels = &enc[enc.len() - v.stride / 4..];
                delta16 += channels.iter().filter(|&&c| c == 1).count();
                xor_rotated += channels
                    .iter()
                    .filter(|&&c| c & 15 == 2 && c >> 4 != 0)
                    .count();
            }
        }
    }
    assert!(
        v1 > 10 && delta16 > 0 && xor_rotated > 0,
        "the vectors cover version 1 ({v1} streams), 16-bit deltas ({delta16}) and rotated XOR channels ({xor_rotated})"
    );
}

#[test]
fn garbage_after_a_valid_header_never_panics() {
    let mut state = 0x1357_9bdfu32;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    for v in vectors() {
        for (_, enc) in &v.streams {
            for _ in 0..20 {
                let mut bad = enc.clone();
                for _ in 0..1 + next() % 4 {
                    let n = bad.len().max(1);
                    let at = next() as usize % n;
                    if let Some(b) = bad.get_mut(at) {
                        *b = next() as u8;
                    }
                }
                let _ = meshopt::decode(&bad, v.mode, v.filter, v.count, v.stride);
            }
        }
    }
}

const MODELS: [&str; 9] = [
    "cloud-rug",
    "harvest-dining-chair",
    "harvest-dining-table",
    "ink-framed-print",
    "ladder-bookshelf",
    "lumen-floor-lamp",
    "oslo-armchair",
    "oslo-sofa",
    "round-coffee-table",
];

fn load(path: PathBuf) -> Model {
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run `node tests/meshopt/make-fixtures.mjs`)",
            path.display()
        )
    });
    asset::load(&bytes, &Limits::default(), None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One drawn primitive in world space.
#[derive(Clone)]
struct Drawn {
    positions: Vec<Vec3>,
    normals: Vec<Vec3>,
    tangents: Vec<(Vec3, f32)>,
    uvs: Vec<Vec2>,
    triangles: Vec<[usize; 3]>,
    /// Diagonal of the world bounds of the whole mesh (what quantization is relative to).
    mesh_diagonal: f32,
}

/// Every drawn primitive by (mesh name, material name, ordinal).
fn drawn(m: &Model) -> HashMap<(String, String, usize), Drawn> {
    let mut out = HashMap::new();
    for inst in &m.instances {
        let mesh = &m.meshes[inst.mesh];
        let t: Mat4 = inst.transform;
        let normal_matrix = Mat3::from_mat4(t).inverse().transpose();
        let mut bounds = asset::Bounds::EMPTY;
        for p in &mesh.primitives {
            let b = p.bounds.transformed(&t);
            bounds.include(b.min);
            bounds.include(b.max);
        }
        for p in &mesh.primitives {
            let material = p
                .material
                .and_then(|i| m.materials[i].name.clone())
                .unwrap_or_default();
            let mut key = (mesh.name.clone().unwrap_or_default(), material, 0);
            while out.contains_key(&key) {
                key.2 += 1;
            }
            let triangles = (0..p.indices.len() / 3)
                .map(|i| [0, 1, 2].map(|k| p.indices.get(i * 3 + k) as usize))
                .collect();
            let d = Drawn {
                positions: p
                    .positions
                    .iter()
                    .map(|&v| t.transform_point3(Vec3::from(v)))
                    .collect(),
                normals: p
                    .normals
                    .iter()
                    .map(|&n| (normal_matrix * Vec3::from(n)).normalize())
                    .collect(),
                tangents: p
                    .tangents
                    .iter()
                    .map(|&v| {
                        let xyz = t.transform_vector3(Vec3::new(v[0], v[1], v[2])).normalize();
                        (xyz, v[3])
                    })
                    .collect(),
                // As the base colour texture samples them (gltfpack folds the dequantization
                // of UVs into KHR_texture_transform).
                uvs: p
                    .uv0
                    .iter()
                    .map(|&v| {
                        let m = p
                            .material
                            .and_then(|i| m.materials[i].base_color_texture)
                            .and_then(|t| t.transform)
                            .unwrap_or_default()
                            .matrix();
                        Mat3::from_cols_array_2d(&m).transform_point2(Vec2::from(v))
                    })
                    .collect(),
                triangles,
                mesh_diagonal: bounds.size().length(),
            };
            out.insert(key, d);
        }
    }
    out
}

const NORMAL_TOLERANCE: f32 = 0.02;
const UV_TOLERANCE: f32 = 1.0 / 4096.0;
/// gltfpack quantizes UVs over the whole (tiled) UV range: with `-vt 16` and a range of up to
/// 16 units, a step of 1/4096.
const GLTFPACK_UV_TOLERANCE: f32 = 1.0 / 2048.0;

/// Buckets points on a grid of `cell` so that neighbours within `cell` are found quickly.
struct Grid {
    cell: f32,
    cells: HashMap<[i32; 3], Vec<usize>>,
}

impl Grid {
    fn new(points: impl Iterator<Item = Vec3>, cell: f32) -> Self {
        let mut cells: HashMap<[i32; 3], Vec<usize>> = HashMap::new();
        for (i, p) in points.enumerate() {
            cells.entry(Self::key(p, cell)).or_default().push(i);
        }
        Self { cell, cells }
    }

    fn key(p: Vec3, cell: f32) -> [i32; 3] {
        (p / cell).floor().as_ivec3().to_array()
    }

    fn near(&self, p: Vec3) -> impl Iterator<Item = usize> + '_ {
        let [x, y, z] = Self::key(p, self.cell);
        (-1..=1).flat_map(move |dx| {
            (-1..=1).flat_map(move |dy| {
                (-1..=1).flat_map(move |dz| {
                    self.cells
                        .get(&[x + dx, y + dy, z + dz])
                        .into_iter()
                        .flatten()
                        .copied()
                })
            })
        })
    }
}

/// Checks that every vertex used by `a`'s triangles has a counterpart in `b` (position within
/// `tol`, normal, tangent and UV within their tolerances), and every triangle of `a` a triangle
/// of `b` with the same corners in the same winding order.
fn covered(a: &Drawn, b: &Drawn, tol: f32, uv_tol: f32) -> Result<(), String> {
    let grid = Grid::new(b.positions.iter().copied(), tol);
    let same_vertex = |i: usize, j: usize| {
        a.positions[i].abs_diff_eq(b.positions[j], tol)
            && (a.normals.is_empty() || a.normals[i].distance(b.normals[j]) <= NORMAL_TOLERANCE)
            && (a.tangents.is_empty()
                || (a.tangents[i].0.distance(b.tangents[j].0) <= NORMAL_TOLERANCE
                    && a.tangents[i].1 == b.tangents[j].1))
            && (a.uvs.is_empty() || a.uvs[i].abs_diff_eq(b.uvs[j], uv_tol))
    };
    for t in &a.triangles {
        for &i in t {
            if !grid.near(a.positions[i]).any(|j| same_vertex(i, j)) {
                let nearest = grid
                    .near(a.positions[i])
                    .min_by(|&x, &y| {
                        let d = |j: usize| a.positions[i].distance(b.positions[j]);
                        d(x).total_cmp(&d(y))
                    })
                    .map(|j| {
                        format!(
                            "nearest: position {:?} normal {:?} tangent {:?} uv {:?}",
                            b.positions[j],
                            b.normals.get(j),
                            b.tangents.get(j),
                            b.uvs.get(j)
                        )
                    });
                return Err(format!(
                    "vertex {i} (position {:?} normal {:?} tangent {:?} uv {:?}) has no counterpart; {}",
                    a.positions[i],
                    a.normals.get(i),
                    a.tangents.get(i),
                    a.uvs.get(i),
                    nearest.unwrap_or_else(|| "nothing within the tolerance".into())
                ));
            }
        }
    }
    let centroid =
        |d: &Drawn, t: &[usize; 3]| t.iter().map(|&i| d.positions[i]).sum::<Vec3>() / 3.0;
    let tri_grid = Grid::new(b.triangles.iter().map(|t| centroid(b, t)), tol);
    for t in &a.triangles {
        let corners = t.map(|i| a.positions[i]);
        let found = tri_grid.near(centroid(a, t)).any(|k| {
            let other = b.triangles[k].map(|j| b.positions[j]);
            (0..3).any(|r| (0..3).all(|c| corners[c].abs_diff_eq(other[(c + r) % 3], tol)))
        });
        if !found {
            return Err(format!("triangle {corners:?} has no counterpart"));
        }
    }
    Ok(())
}

fn compare(name: &str, variant: &str, required: &str) {
    let original = load(dir("models").join(format!("{name}.glb")));
    let fixture = load(dir("tests/meshopt").join(format!("{name}.{variant}.glb")));
    let what = format!("{name}.{variant}.glb");
    assert!(
        fixture.extensions_required.iter().any(|e| e == required),
        "{what} requires {required}: {:?}",
        fixture.extensions_required
    );
    assert_eq!(
        fixture.stats.triangles, original.stats.triangles,
        "{what}: triangles"
    );
    assert_eq!(fixture.variants, original.variants, "{what}: variants");
    let (a, b) = (original.bounds, fixture.bounds);
    assert!(
        a.min.abs_diff_eq(b.min, 0.001) && a.max.abs_diff_eq(b.max, 0.001),
        "{what}: bounds {b:?}, original {a:?}"
    );
    // gltfpack does not keep mesh names, and merges primitives that share a material: its
    // fixtures are matched by material alone, each material's primitives merged into one.
    let by_material = |d: HashMap<(String, String, usize), Drawn>| {
        if variant != "khr" {
            return d;
        }
        let mut keys: Vec<_> = d.keys().cloned().collect();
        keys.sort();
        let mut out: HashMap<(String, String, usize), Drawn> = HashMap::new();
        for k in keys {
            let v = &d[&k];
            let key = (String::new(), k.1.clone(), 0);
            let Some(m) = out.get_mut(&key) else {
                out.insert(key, v.clone());
                continue;
            };
            let base = m.positions.len();
            m.positions.extend(&v.positions);
            m.normals.extend(&v.normals);
            m.tangents.extend(&v.tangents);
            m.uvs.extend(&v.uvs);
            m.triangles
                .extend(v.triangles.iter().map(|t| t.map(|i| i + base)));
            m.mesh_diagonal = m.mesh_diagonal.max(v.mesh_diagonal);
        }
        out
    };
    let originals = by_material(drawn(&original));
    let fixtures = by_material(drawn(&fixture));
    let mut keys: Vec<_> = originals.keys().cloned().collect();
    keys.sort();
    let mut fixture_keys: Vec<_> = fixtures.keys().cloned().collect();
    fixture_keys.sort();
    assert_eq!(
        fixture_keys, keys,
        "{what}: primitives by mesh and material"
    );
    // gltfpack 1.2 folds UV dequantization into an existing KHR_texture_transform without
    // scaling its offset by the original scale (harvest-dining-table: off by 0.4 × the
    // dequantization offset in u). Those UVs are not compared.
    let transformed: Vec<String> = original
        .materials
        .iter()
        .filter(|m| m.base_color_texture.is_some_and(|t| t.transform.is_some()))
        .filter_map(|m| m.name.clone())
        .collect();
    let (mut originals, mut fixtures) = (originals, fixtures);
    if variant == "khr" {
        for (k, d) in originals.iter_mut().chain(fixtures.iter_mut()) {
            if transformed.contains(&k.1) {
                d.uvs.clear();
            }
        }
    }
    for key in keys {
        let (o, f) = (&originals[&key], &fixtures[&key]);
        assert_eq!(
            f.triangles.len(),
            o.triangles.len(),
            "{what} {key:?}: triangles"
        );
        // 14-bit positions over the mesh's bounds: an error of at most a quarter of this.
        // gltfpack quantizes over the whole scene's bounds instead.
        let tol = if variant == "khr" {
            original.bounds.size().length() / 8192.0
        } else {
            o.mesh_diagonal / 8192.0
        };
        let uv_tol = if variant == "khr" {
            GLTFPACK_UV_TOLERANCE
        } else {
            UV_TOLERANCE
        };
        if let Err(e) = covered(o, f, tol, uv_tol) {
            panic!("{what} {key:?}, original against fixture (tolerance {tol} m): {e}");
        }
        if let Err(e) = covered(f, o, tol, uv_tol) {
            panic!("{what} {key:?}, fixture against original (tolerance {tol} m): {e}");
        }
    }
}

#[test]
fn meshopt_fixtures_match_their_originals() {
    for name in MODELS {
        compare(name, "meshopt", "EXT_meshopt_compression");
    }
}

/// gltfpack's `KHR_meshopt_compression` output: version 1 of the attribute codec, octahedral
/// normals, quantized positions.
#[test]
fn khr_fixtures_match_their_originals() {
    for name in MODELS {
        compare(name, "khr", "KHR_meshopt_compression");
        // They exercise what only the Khronos extension allows: version 1 attribute streams.
        let glb = std::fs::read(dir("tests/meshopt").join(format!("{name}.khr.glb"))).unwrap();
        let (json, bin) = split_glb(&glb);
        let versions: Vec<Option<u8>> = json["bufferViews"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["extensions"].get("KHR_meshopt_compression"))
            .filter(|e| e["mode"] == "ATTRIBUTES")
            .map(|e| {
                meshopt::vertex_version(&bin[e["byteOffset"].as_u64().unwrap_or(0) as usize..])
            })
            .collect();
        assert!(
            !versions.is_empty() && versions.iter().all(|v| *v == Some(1)),
            "{name}.khr.glb attribute codec versions: {versions:?}"
        );
    }
}

#[test]
fn khr_and_ext_rules_differ() {
    use roomfit::asset::ErrorCode as E;
    let glb = std::fs::read(dir("tests/meshopt/oslo-sofa.khr.glb")).unwrap();
    let (json, bin) = split_glb(&glb);
    // The same file under the EXT name: version 1 streams are refused with a reason.
    let text = serde_json::to_string(&json)
        .unwrap()
        .replace("KHR_meshopt_compression", "EXT_meshopt_compression");
    let ext: serde_json::Value = serde_json::from_str(&text).unwrap();
    let e = asset::load(&join_glb(&ext, &bin), &Limits::default(), None).unwrap_err();
    assert_eq!(e.code, E::BadCompression, "{e}");
    assert!(e.message.contains("version 1"), "{e}");
    // The COLOR filter is accepted under KHR (refused under EXT: malformed_extension_objects_are_refused).
    let views = json["bufferViews"].as_array().unwrap();
    let octa = views
        .iter()
        .position(|v| v["extensions"]["KHR_meshopt_compression"]["filter"] == "OCTAHEDRAL")
        .unwrap();
    let mut colour = json.clone();
    colour["bufferViews"][octa]["extensions"]["KHR_meshopt_compression"]["filter"] =
        serde_json::json!("COLOR");
    assert!(
        asset::load(&join_glb(&colour, &bin), &Limits::default(), None).is_ok(),
        "COLOR on a stride-4 view under KHR"
    );
}

#[test]
fn quantized_fixtures_match_their_originals() {
    for name in MODELS {
        compare(name, "quantized", "KHR_mesh_quantization");
    }
}

#[test]
fn every_model_fixture_is_tested() {
    let mut found: Vec<String> = std::fs::read_dir(dir("models"))
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".glb")
                .map(String::from)
        })
        .collect();
    found.sort();
    assert_eq!(found, MODELS, "update MODELS and rerun make-fixtures.mjs");
}

/// The JSON and binary chunks of a GLB.
fn split_glb(glb: &[u8]) -> (serde_json::Value, Vec<u8>) {
    let u32_at = |at: usize| u32::from_le_bytes(glb[at..at + 4].try_into().unwrap()) as usize;
    let json_len = u32_at(12);
    let json = serde_json::from_slice(&glb[20..20 + json_len]).unwrap();
    let bin_at = 20 + json_len + 8;
    (json, glb[bin_at..bin_at + u32_at(20 + json_len)].to_vec())
}

fn join_glb(json: &serde_json::Value, bin: &[u8]) -> Vec<u8> {
    let mut j = serde_json::to_vec(json).unwrap();
    while !j.len().is_multiple_of(4) {
        j.push(b' ');
    }
    let total = 12 + 8 + j.len() + 8 + bin.len();
    let mut out = Vec::with_capacity(total);
    for v in [0x4654_6c67, 2, total as u32, j.len() as u32, 0x4e4f_534a] {
        out.extend_from_slice(&u32::to_le_bytes(v));
    }
    out.extend_from_slice(&j);
    out.extend_from_slice(&(bin.len() as u32).to_le_bytes());
    out.extend_from_slice(b"BIN\0");
    out.extend_from_slice(bin);
    out
}

#[test]
fn malformed_extension_objects_are_refused() {
    use roomfit::asset::ErrorCode as E;
    use serde_json::{Value, json};
    let glb = std::fs::read(dir("tests/meshopt/oslo-sofa.meshopt.glb")).unwrap();
    let (json, bin) = split_glb(&glb);
    assert!(asset::load(&join_glb(&json, &bin), &Limits::default(), None).is_ok());
    let views = json["bufferViews"].as_array().unwrap();
    let find = |mode: &str| {
        views
            .iter()
            .position(|v| v["extensions"]["EXT_meshopt_compression"]["mode"] == mode)
            .unwrap()
    };
    let (attr, tri) = (find("ATTRIBUTES"), find("TRIANGLES"));
    let ext = |v: usize| format!("/bufferViews/{v}/extensions/EXT_meshopt_compression");
    type Edit = Box<dyn Fn(&mut Value, &mut Vec<u8>)>;
    let set = |v: usize, key: &'static str, value: Value| -> Edit {
        Box::new(move |j: &mut Value, _: &mut Vec<u8>| {
            j["bufferViews"][v]["extensions"]["EXT_meshopt_compression"][key] = value.clone();
        })
    };
    let cases: Vec<(&str, Edit, E, String)> = vec![
        (
            "count off by one",
            set(tri, "count", json!(17545)),
            E::BadCompression,
            ext(tri),
        ),
        (
            "unknown mode",
            set(attr, "mode", json!("POINTS")),
            E::Json,
            format!("{}/mode", ext(attr)),
        ),
        (
            "COLOR filter (KHR only)",
            set(attr, "filter", json!("COLOR")),
            E::Json,
            format!("{}/filter", ext(attr)),
        ),
        (
            "QUATERNION on stride 4",
            set(attr, "filter", json!("QUATERNION")),
            E::BadCompression,
            ext(attr),
        ),
        (
            "count missing",
            Box::new(move |j: &mut Value, _: &mut Vec<u8>| {
                j["bufferViews"][tri]["extensions"]["EXT_meshopt_compression"]
                    .as_object_mut()
                    .unwrap()
                    .remove("count");
            }),
            E::Json,
            ext(tri),
        ),
        (
            "negative offset",
            set(attr, "byteOffset", json!(-4)),
            E::Json,
            ext(attr),
        ),
        (
            "source past the end",
            set(attr, "byteOffset", json!(1u64 << 40)),
            E::OutOfBounds,
            ext(attr),
        ),
        (
            "source is the fallback",
            set(attr, "buffer", json!(1)),
            E::BadCompression,
            format!("{}/buffer", ext(attr)),
        ),
        (
            "source missing",
            set(attr, "buffer", json!(9)),
            E::MissingReference,
            format!("{}/buffer", ext(attr)),
        ),
        (
            "stride differs from the view's",
            set(attr, "byteStride", json!(8)),
            E::BadStride,
            format!("/bufferViews/{attr}/byteStride"),
        ),
        (
            "stream one byte short",
            Box::new(move |j: &mut Value, _: &mut Vec<u8>| {
                let e = &mut j["bufferViews"][tri]["extensions"]["EXT_meshopt_compression"];
                e["byteLength"] = json!(e["byteLength"].as_u64().unwrap() - 1);
            }),
            E::BadCompression,
            ext(tri),
        ),
        (
            "version 1 attribute stream",
            Box::new(move |j: &mut Value, bin: &mut Vec<u8>| {
                let at =
                    j["bufferViews"][attr]["extensions"]["EXT_meshopt_compression"]["byteOffset"]
                        .as_u64()
                        .unwrap();
                bin[at as usize] = 0xa1;
            }),
            E::BadCompression,
            ext(attr),
        ),
        (
            "view past its fallback buffer",
            Box::new(|j: &mut Value, _: &mut Vec<u8>| {
                j["buffers"][1]["byteLength"] = json!(16);
            }),
            E::OutOfBounds,
            String::new(),
        ),
        (
            "decodes to more than the limit",
            Box::new(move |j: &mut Value, _: &mut Vec<u8>| {
                let huge = 200_000_000u64;
                j["bufferViews"][attr]["extensions"]["EXT_meshopt_compression"]["count"] =
                    json!(huge);
                j["bufferViews"][attr]["byteLength"] = json!(huge * 4);
                j["buffers"][1]["byteLength"] = json!(huge * 8);
            }),
            E::LimitExceeded,
            ext(attr),
        ),
    ];
    for (what, edit, code, pointer) in cases {
        let (mut j, mut b) = (json.clone(), bin.clone());
        edit(&mut j, &mut b);
        match asset::load(&join_glb(&j, &b), &Limits::default(), None) {
            Ok(_) => panic!("{what}: loaded"),
            Err(e) => {
                assert_eq!(e.code, code, "{what}: {e}");
                if !pointer.is_empty() {
                    assert_eq!(e.pointer, pointer, "{what}: {e}");
                }
            }
        }
    }
    // A placeholder buffer without the fallback flag is fine in a file that uses the extension.
    let mut j = json.clone();
    j["buffers"][1]
        .as_object_mut()
        .unwrap()
        .remove("extensions");
    assert!(asset::load(&join_glb(&j, &bin), &Limits::default(), None).is_ok());
    // Without EXT_meshopt_compression, a buffer with no data is refused as before.
    let mut j = json.clone();
    j["buffers"][1]
        .as_object_mut()
        .unwrap()
        .remove("extensions");
    j["extensionsUsed"] = json!([
        "KHR_mesh_quantization",
        "EXT_texture_webp",
        "KHR_materials_variants"
    ]);
    j["extensionsRequired"] = json!(["KHR_mesh_quantization", "EXT_texture_webp"]);
    let e = asset::load(&join_glb(&j, &bin), &Limits::default(), None).unwrap_err();
    assert_eq!(
        (e.code, e.pointer.as_str()),
        (E::OutOfBounds, "/buffers/1/byteLength")
    );
}

#[test]
fn corrupt_compressed_bytes_never_panic() {
    let glb = std::fs::read(dir("tests/meshopt/harvest-dining-chair.meshopt.glb")).unwrap();
    let (json, bin) = split_glb(&glb);
    let mut state = 0x2468_ace1u32;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state as usize
    };
    let ranges: Vec<(usize, usize)> = json["bufferViews"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| {
            let e = v["extensions"].get("EXT_meshopt_compression")?;
            let start = e["byteOffset"].as_u64().unwrap_or(0) as usize;
            Some((start, start + e["byteLength"].as_u64().unwrap() as usize))
        })
        .collect();
    let mut refused = 0;
    for i in 0..300 {
        let mut b = bin.clone();
        let (start, end) = ranges[i % ranges.len()];
        for _ in 0..1 + next() % 3 {
            b[start + next() % (end - start)] = next() as u8;
        }
        refused += asset::load(&join_glb(&json, &b), &Limits::default(), None).is_err() as usize;
    }
    assert!(refused > 0, "some corruptions are noticed");
}

/// The compressed views of a GLB: (mode, filter, count, stride, compressed bytes).
fn compressed_views(glb: &[u8]) -> Vec<(Mode, Filter, usize, usize, Vec<u8>)> {
    let (json, bin) = split_glb(glb);
    let mut out = Vec::new();
    for view in json["bufferViews"].as_array().unwrap() {
        let Some(e) = view["extensions"].get("EXT_meshopt_compression") else {
            continue;
        };
        assert_eq!(e["buffer"], 0, "compressed data in the GLB chunk");
        let start = e["byteOffset"].as_u64().unwrap_or(0) as usize;
        let len = e["byteLength"].as_u64().unwrap() as usize;
        out.push((
            Mode::from_name(e["mode"].as_str().unwrap()).unwrap(),
            Filter::from_name(e["filter"].as_str().unwrap_or("NONE")).unwrap(),
            e["count"].as_u64().unwrap() as usize,
            e["byteStride"].as_u64().unwrap() as usize,
            bin[start..start + len].to_vec(),
        ));
    }
    out
}

/// Decoding speed over every compressed view of every `*.meshopt.glb` fixture, in MB/s of
/// decoded output. Not a pass/fail test: run it in release mode (see the module docs).
#[test]
#[ignore]
fn decode_throughput() {
    let mut views = Vec::new();
    for name in MODELS {
        let glb = std::fs::read(dir("tests/meshopt").join(format!("{name}.meshopt.glb"))).unwrap();
        views.extend(compressed_views(&glb));
    }
    let decoded: usize = views.iter().map(|v| v.2 * v.3).sum();
    let compressed: usize = views.iter().map(|v| v.4.len()).sum();
    let by_mode = |m: Mode| -> (usize, usize) {
        let sel: Vec<_> = views.iter().filter(|v| v.0 == m).collect();
        (sel.iter().map(|v| v.2 * v.3).sum(), sel.len())
    };
    println!(
        "{} views ({} compressed bytes -> {} decoded bytes; ATTRIBUTES {:?}, TRIANGLES {:?} [bytes, views])",
        views.len(),
        compressed,
        decoded,
        by_mode(Mode::Attributes),
        by_mode(Mode::Triangles)
    );
    for (label, only) in [
        ("all views", None),
        ("ATTRIBUTES views", Some(Mode::Attributes)),
        ("TRIANGLES views", Some(Mode::Triangles)),
    ] {
        let selected: Vec<_> = views
            .iter()
            .filter(|v| only.is_none_or(|m| v.0 == m))
            .collect();
        let bytes: usize = selected.iter().map(|v| v.2 * v.3).sum();
        let (wall, cpu) = time_passes(|| {
            let mut sum = 0usize;
            for (mode, filter, count, stride, data) in &selected {
                let out = meshopt::decode(data, *mode, *filter, *count, *stride).unwrap();
                sum += out[out.len() / 2] as usize;
            }
            std::hint::black_box(sum);
        });
        let mbs = |t: f64| bytes as f64 / t / 1e6;
        println!(
            "roomfit (native, release), {label}: {:.1} MB/s by CPU time, {:.1} MB/s by wall time (medians; {:.3} ms CPU per pass)",
            mbs(cpu),
            mbs(wall),
            cpu * 1e3
        );
    }
}

/// On-CPU time of this thread in seconds (Linux `schedstat`), so that a busy machine slows the
/// measurement less than wall time does; wall time where it is unavailable.
fn cpu_seconds(start: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(start.elapsed().as_secs_f64(), |ns| ns as f64 / 1e9)
}

/// Runs `pass` 20 times to warm up, then 15 samples of 50 passes: the median seconds per pass
/// by wall time and by CPU time.
fn time_passes(mut pass: impl FnMut()) -> (f64, f64) {
    for _ in 0..20 {
        pass();
    }
    let epoch = Instant::now();
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        let rounds = 50;
        let (start, cpu_start) = (Instant::now(), cpu_seconds(epoch));
        for _ in 0..rounds {
            pass();
        }
        wall.push(start.elapsed().as_secs_f64() / rounds as f64);
        cpu.push((cpu_seconds(epoch) - cpu_start) / rounds as f64);
    }
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    (wall[wall.len() / 2], cpu[cpu.len() / 2])
}
