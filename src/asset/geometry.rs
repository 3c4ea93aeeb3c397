//! Generated vertex data: normals when a file has none, tangents when a normal map needs them.

use glam::{Vec2, Vec3};

/// Area-weighted smooth vertex normals for a triangle list.
pub fn normals(positions: &[[f32; 3]], indices: &[u32]) -> Vec<[f32; 3]> {
    let mut acc = vec![Vec3::ZERO; positions.len()];
    for t in indices.chunks_exact(3) {
        let [a, b, c] = [t[0] as usize, t[1] as usize, t[2] as usize];
        let (pa, pb, pc) = (
            Vec3::from(positions[a]),
            Vec3::from(positions[b]),
            Vec3::from(positions[c]),
        );
        let n = (pb - pa).cross(pc - pa);
        acc[a] += n;
        acc[b] += n;
        acc[c] += n;
    }
    acc.into_iter()
        .map(|n| n.try_normalize().unwrap_or(Vec3::Y).to_array())
        .collect()
}

/// Per-vertex tangents from UV derivatives, accumulated over triangles and orthogonalised
/// against the normal, with handedness in w.
pub fn tangents(
    positions: &[[f32; 3]],
    normals: &[[f32; 3]],
    uvs: &[[f32; 2]],
    indices: &[u32],
) -> Vec<[f32; 4]> {
    let n = positions.len();
    let mut tan = vec![Vec3::ZERO; n];
    let mut bit = vec![Vec3::ZERO; n];
    for tri in indices.chunks_exact(3) {
        let [a, b, c] = [tri[0] as usize, tri[1] as usize, tri[2] as usize];
        let (pa, pb, pc) = (
            Vec3::from(positions[a]),
            Vec3::from(positions[b]),
            Vec3::from(positions[c]),
        );
        let (ua, ub, uc) = (Vec2::from(uvs[a]), Vec2::from(uvs[b]), Vec2::from(uvs[c]));
        let (e1, e2) = (pb - pa, pc - pa);
        let (d1, d2) = (ub - ua, uc - ua);
        let det = d1.x * d2.y - d2.x * d1.y;
        if det.abs() < 1e-12 {
            continue;
        }
        let r = 1.0 / det;
        let t = (e1 * d2.y - e2 * d1.y) * r;
        let bt = (e2 * d1.x - e1 * d2.x) * r;
        for i in [a, b, c] {
            tan[i] += t;
            bit[i] += bt;
        }
    }
    (0..n)
        .map(|i| {
            let nn = Vec3::from(normals[i]);
            let t = (tan[i] - nn * nn.dot(tan[i]))
                .try_normalize()
                .unwrap_or_else(|| nn.any_orthonormal_vector());
            let w = if nn.cross(t).dot(bit[i]) < 0.0 {
                -1.0
            } else {
                1.0
            };
            [t.x, t.y, t.z, w]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quad_normals_and_tangents() {
        let p = [
            [0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [1.0, 1.0, 0.0],
            [0.0, 1.0, 0.0],
        ];
        let uv = [[0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]];
        let idx = [0, 1, 2, 0, 2, 3];
        let n = normals(&p, &idx);
        assert!(n.iter().all(|n| (Vec3::from(*n) - Vec3::Z).length() < 1e-6));
        let t = tangents(&p, &n, &uv, &idx);
        for t in t {
            assert!(
                (Vec3::new(t[0], t[1], t[2]) - Vec3::X).length() < 1e-5,
                "{t:?}"
            );
            // glTF UVs run downwards, so the bitangent is -Y and handedness is -1... or +1
            // depending on convention; it must be a unit sign.
            assert!(t[3].abs() == 1.0);
        }
    }
}
