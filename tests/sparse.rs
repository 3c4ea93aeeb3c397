//! Sparse accessors (glTF 2.0 §3.6.2.3): the loader substitutes the sparse values into the base
//! values for 2-, 3- and 4-component attributes alike, with or without a base bufferView, and
//! refuses a sparse index that is not below the accessor's count, with its JSON pointer.

use roomfit::asset::{self, ErrorCode, Limits, Model};

/// A GLB of one triangle: POSITION is accessor 0 (a base of three VEC3s with one sparse
/// substitution at `sparse_index`), TEXCOORD_0 is accessor 1 (VEC2, no bufferView: all zeros,
/// with one sparse substitution at 1), COLOR_0 is accessor 2 (VEC4 floats with one
/// substitution at 0).
fn glb(sparse_index: u16) -> Vec<u8> {
    let mut bin = Vec::new();
    let f = |bin: &mut Vec<u8>, v: &[f32]| v.iter().for_each(|x| bin.extend(x.to_le_bytes()));
    // view 0: base positions (36 bytes)
    f(&mut bin, &[0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
    // view 1: sparse indices, one u16 each for the three accessors (padded to 8 bytes)
    for i in [sparse_index, 1, 0, 0] {
        bin.extend(i.to_le_bytes());
    }
    // view 2: sparse values: a VEC3, a VEC2, a VEC4
    f(&mut bin, &[0.0, 2.0, 3.0, 0.25, 0.75, 0.1, 0.2, 0.3, 0.4]);
    // view 3: base colours (3 × VEC4)
    f(&mut bin, &[1.0; 12]);
    let sparse = |indices_offset: usize, values_offset: usize| {
        format!(
            r#"{{"count":1,"indices":{{"bufferView":1,"byteOffset":{indices_offset},"componentType":5123}},"values":{{"bufferView":2,"byteOffset":{values_offset}}}}}"#
        )
    };
    let json = format!(
        r#"{{"asset":{{"version":"2.0"}},"scene":0,"scenes":[{{"nodes":[0]}}],"nodes":[{{"mesh":0}}],
"meshes":[{{"primitives":[{{"attributes":{{"POSITION":0,"TEXCOORD_0":1,"COLOR_0":2}}}}]}}],
"accessors":[
{{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,2,3],"sparse":{}}},
{{"componentType":5126,"count":3,"type":"VEC2","sparse":{}}},
{{"bufferView":3,"componentType":5126,"count":3,"type":"VEC4","sparse":{}}}],
"bufferViews":[{{"buffer":0,"byteOffset":0,"byteLength":36}},{{"buffer":0,"byteOffset":36,"byteLength":8}},
{{"buffer":0,"byteOffset":44,"byteLength":36}},{{"buffer":0,"byteOffset":80,"byteLength":48}}],
"buffers":[{{"byteLength":{}}}]}}"#,
        sparse(0, 0),
        sparse(2, 12),
        sparse(4, 20),
        bin.len()
    );
    let mut json = json.into_bytes();
    while json.len() % 4 != 0 {
        json.push(b' ');
    }
    let total = 12 + 8 + json.len() + 8 + bin.len();
    let mut out = Vec::new();
    for word in [0x4654_6c67, 2, total as u32, json.len() as u32, 0x4e4f_534a] {
        out.extend(u32::to_le_bytes(word));
    }
    out.extend(&json);
    out.extend(u32::to_le_bytes(bin.len() as u32));
    out.extend(u32::to_le_bytes(0x004e_4942));
    out.extend(&bin);
    out
}

fn load(bytes: &[u8]) -> Result<Model, asset::AssetError> {
    asset::load(bytes, &Limits::default(), None)
}

#[test]
fn sparse_values_replace_the_base_values_for_every_width() {
    let model = load(&glb(2)).expect("the sparse triangle loads");
    let p = &model.meshes[0].primitives[0];
    assert_eq!(
        p.positions,
        vec![[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 2.0, 3.0]]
    );
    assert_eq!(p.uv0, vec![[0.0, 0.0], [0.25, 0.75], [0.0, 0.0]]);
    assert_eq!(p.colors, vec![[0.1, 0.2, 0.3, 0.4], [1.0; 4], [1.0; 4]]);
}

#[test]
fn a_sparse_index_past_the_count_is_refused_with_its_pointer() {
    let err = load(&glb(3)).expect_err("sparse index 3 of a 3-element accessor");
    assert_eq!(err.code, ErrorCode::IndexOutOfRange);
    assert_eq!(err.pointer, "/accessors/0/sparse/indices");
    assert!(
        err.message
            .contains("sparse index 3 is not below the accessor's count 3"),
        "{}",
        err.message
    );
}
