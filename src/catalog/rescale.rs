//! The model-side unit fix: a GLB exported at the wrong scale (centimetres or millimetres taken
//! for metres, and the like) scaled by a factor, without touching its meshes: each scene's root
//! nodes go under one new root node whose `scale` is the factor. Pure: bytes in, bytes out.
//!
//! The geometry, materials, textures, variants and animations stay byte for byte as they were
//! (the binary chunk is copied; the JSON is re-serialized with the new node added).

use serde_json::{Value, json};

const GLB_MAGIC: &[u8; 4] = b"glTF";
const CHUNK_JSON: u32 = 0x4E4F_534A;
const CHUNK_BIN: u32 = 0x004E_4942;

/// Why a GLB could not be rescaled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RescaleError {
    /// Not a GLB, or its chunks do not fit its length.
    #[error("not a readable GLB file: {0}")]
    NotGlb(&'static str),
    /// The JSON chunk is not a glTF JSON object.
    #[error("the GLB's JSON chunk cannot be read: {0}")]
    Json(String),
    /// Something a root node cannot fix.
    #[error("{0}")]
    Unsupported(&'static str),
    /// A scale of zero, or not finite.
    #[error("the scale {0}/{1} is not a positive number")]
    Scale(u32, u32),
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The JSON chunk and the binary chunk (if any) of a GLB.
fn chunks(glb: &[u8]) -> Result<(&[u8], Option<&[u8]>), RescaleError> {
    if !glb.starts_with(GLB_MAGIC) || u32_at(glb, 4) != Some(2) {
        return Err(RescaleError::NotGlb(
            "it does not start with a glTF 2.0 GLB header",
        ));
    }
    if u32_at(glb, 8).map(|l| l as usize) != Some(glb.len()) {
        return Err(RescaleError::NotGlb("its header's length is not its size"));
    }
    let chunk = |at: usize| -> Result<(u32, &[u8], usize), RescaleError> {
        let (Some(len), Some(kind)) = (u32_at(glb, at), u32_at(glb, at + 4)) else {
            return Err(RescaleError::NotGlb("a chunk header is cut short"));
        };
        let start = at + 8;
        let end = start
            .checked_add(len as usize)
            .filter(|&e| e <= glb.len())
            .ok_or(RescaleError::NotGlb("a chunk runs past the end"))?;
        Ok((kind, &glb[start..end], end.div_ceil(4) * 4))
    };
    let (kind, json, next) = chunk(12)?;
    if kind != CHUNK_JSON {
        return Err(RescaleError::NotGlb("the first chunk is not JSON"));
    }
    if next >= glb.len() {
        return Ok((json, None));
    }
    let (kind, bin, _) = chunk(next)?;
    if kind != CHUNK_BIN {
        return Err(RescaleError::Unsupported(
            "the GLB's second chunk is not its binary chunk",
        ));
    }
    Ok((json, Some(bin)))
}

/// `glb` with every scene scaled by `num / den` (uniformly, about the origin: a model whose
/// origin is on the floor stays on the floor). Each scene's root nodes become the children of
/// one new root node with that `scale`.
pub fn rescale_glb(glb: &[u8], num: u32, den: u32) -> Result<Vec<u8>, RescaleError> {
    if num == 0 || den == 0 {
        return Err(RescaleError::Scale(num, den));
    }
    let factor = f64::from(num) / f64::from(den);
    let (json, bin) = chunks(glb)?;
    let mut doc: Value =
        serde_json::from_slice(json).map_err(|e| RescaleError::Json(e.to_string()))?;
    let root = doc
        .as_object_mut()
        .ok_or_else(|| RescaleError::Json("not a JSON object".into()))?;
    let node_count = match root.get("nodes") {
        None => 0,
        Some(Value::Array(nodes)) => nodes.len(),
        Some(_) => return Err(RescaleError::Json("\"nodes\" is not a list".into())),
    };
    let Some(Value::Array(scenes)) = root.get("scenes") else {
        return Err(RescaleError::Unsupported(
            "the model has no scenes, so there is nothing to scale",
        ));
    };
    // Each scene's roots, checked: a node under two scale nodes would have two parents.
    let mut roots: Vec<Vec<Value>> = Vec::with_capacity(scenes.len());
    let mut taken = vec![false; node_count];
    for scene in scenes {
        let list = match scene.get("nodes") {
            None => Vec::new(),
            Some(Value::Array(list)) => list.clone(),
            Some(_) => {
                return Err(RescaleError::Json(
                    "a scene's \"nodes\" is not a list".into(),
                ));
            }
        };
        for n in &list {
            let i = n
                .as_u64()
                .and_then(|i| usize::try_from(i).ok())
                .filter(|&i| i < node_count)
                .ok_or_else(|| {
                    RescaleError::Json("a scene names a node that does not exist".into())
                })?;
            if std::mem::replace(&mut taken[i], true) {
                return Err(RescaleError::Unsupported(
                    "a node is the root of two scenes: scale the model in a 3D tool instead",
                ));
            }
        }
        roots.push(list);
    }
    // One new root per scene that has roots, appended after the existing nodes.
    let mut new_nodes = Vec::new();
    let mut scene_roots = Vec::with_capacity(roots.len());
    for children in roots {
        if children.is_empty() {
            scene_roots.push(json!([]));
            continue;
        }
        scene_roots.push(json!([node_count + new_nodes.len()]));
        new_nodes.push(json!({
            "name": format!("roomfit unit fix: scale {}", trim(factor)),
            "scale": [factor, factor, factor],
            "children": children,
        }));
    }
    match root
        .entry("nodes")
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        Value::Array(nodes) => nodes.extend(new_nodes),
        _ => return Err(RescaleError::Json("\"nodes\" is not a list".into())),
    }
    if let Some(Value::Array(scenes)) = root.get_mut("scenes") {
        for (scene, nodes) in scenes.iter_mut().zip(scene_roots) {
            if let Some(obj) = scene.as_object_mut() {
                obj.insert("nodes".into(), nodes);
            }
        }
    }
    let mut text = serde_json::to_vec(&doc).map_err(|e| RescaleError::Json(e.to_string()))?;
    while !text.len().is_multiple_of(4) {
        text.push(b' ');
    }
    let bin_padded = bin.map(|b| {
        let mut v = b.to_vec();
        while !v.len().is_multiple_of(4) {
            v.push(0);
        }
        v
    });
    let total = 12 + 8 + text.len() + bin_padded.as_ref().map_or(0, |b| 8 + b.len());
    let total = u32::try_from(total).map_err(|_| RescaleError::NotGlb("it would be over 4 GB"))?;
    let mut out = Vec::with_capacity(total as usize);
    out.extend_from_slice(GLB_MAGIC);
    out.extend_from_slice(&2u32.to_le_bytes());
    out.extend_from_slice(&total.to_le_bytes());
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(&CHUNK_JSON.to_le_bytes());
    out.extend_from_slice(&text);
    if let Some(b) = bin_padded {
        out.extend_from_slice(&(b.len() as u32).to_le_bytes());
        out.extend_from_slice(&CHUNK_BIN.to_le_bytes());
        out.extend_from_slice(&b);
    }
    Ok(out)
}

fn trim(x: f64) -> String {
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asset::{self, Limits};

    fn sample(name: &str) -> Vec<u8> {
        crate::samples::generate()
            .into_iter()
            .find(|f| f.name == name)
            .map(|f| f.bytes)
            .unwrap_or_default()
    }

    #[test]
    fn a_model_100_times_too_large_comes_back_at_its_size() {
        let sofa = sample("oslo-sofa.glb");
        let size = asset::load(&sofa, &Limits::default(), None)
            .expect("sofa")
            .bounds
            .size();
        // Made 100 times too large, then fixed by 1/100: the sizes go and come back.
        let big = rescale_glb(&sofa, 100, 1).expect("scaled up");
        let big_size = asset::load(&big, &Limits::default(), None)
            .expect("big")
            .bounds
            .size();
        assert!(
            (big_size - size * 100.0).abs().max_element() < 1e-3,
            "{big_size} vs {size}"
        );
        let fixed = rescale_glb(&big, 10, 1000).expect("fixed");
        let model = asset::load(&fixed, &Limits::default(), None).expect("fixed loads");
        assert!((model.bounds.size() - size).abs().max_element() < 1e-5);
        // The variants and the binary chunk are untouched.
        let original = asset::load(&sofa, &Limits::default(), None).expect("sofa");
        assert_eq!(model.variants, original.variants);
        assert_eq!(
            chunks(&fixed).expect("GLB").1,
            chunks(&sofa).expect("GLB").1
        );
        assert_eq!(fixed.len() % 4, 0);
    }

    #[test]
    fn what_cannot_be_rescaled_is_an_error() {
        let sofa = sample("oslo-sofa.glb");
        assert_eq!(rescale_glb(&sofa, 0, 1), Err(RescaleError::Scale(0, 1)));
        assert!(matches!(
            rescale_glb(b"glTF", 1, 1),
            Err(RescaleError::NotGlb(_))
        ));
        assert!(matches!(
            rescale_glb(&sofa[..100], 1, 1),
            Err(RescaleError::NotGlb(_))
        ));
        // No scenes; a root shared by two scenes.
        let glb = |json: &str| {
            let mut j = json.as_bytes().to_vec();
            while !j.len().is_multiple_of(4) {
                j.push(b' ');
            }
            let mut out = b"glTF".to_vec();
            out.extend_from_slice(&2u32.to_le_bytes());
            out.extend_from_slice(&((20 + j.len()) as u32).to_le_bytes());
            out.extend_from_slice(&(j.len() as u32).to_le_bytes());
            out.extend_from_slice(&CHUNK_JSON.to_le_bytes());
            out.extend_from_slice(&j);
            out
        };
        let no_scene = glb(r#"{"asset":{"version":"2.0"},"nodes":[{}]}"#);
        assert!(matches!(
            rescale_glb(&no_scene, 1, 100),
            Err(RescaleError::Unsupported(_))
        ));
        let shared = glb(
            r#"{"asset":{"version":"2.0"},"nodes":[{}],"scenes":[{"nodes":[0]},{"nodes":[0]}]}"#,
        );
        assert!(matches!(
            rescale_glb(&shared, 1, 100),
            Err(RescaleError::Unsupported(_))
        ));
        let bad_index = glb(r#"{"asset":{"version":"2.0"},"nodes":[{}],"scenes":[{"nodes":[7]}]}"#);
        assert!(matches!(
            rescale_glb(&bad_index, 1, 100),
            Err(RescaleError::Json(_))
        ));
        // Two scenes, the first empty: the second gets the one new node.
        let two = glb(
            r#"{"asset":{"version":"2.0"},"nodes":[{}],"scenes":[{"nodes":[]},{"nodes":[0]}]}"#,
        );
        let out = rescale_glb(&two, 1, 100).expect("rescaled");
        let (json, _) = chunks(&out).expect("GLB");
        let v: Value = serde_json::from_slice(json).expect("JSON");
        assert_eq!(v["scenes"][0]["nodes"], json!([]));
        assert_eq!(v["scenes"][1]["nodes"], json!([1]));
        assert_eq!(v["nodes"][1]["children"], json!([0]));
        assert_eq!(v["nodes"][1]["scale"], json!([0.01, 0.01, 0.01]));
    }
}
