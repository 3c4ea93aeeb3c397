//! Generated vertex data: normals when a file has none, tangents when a normal map needs them
//! (the tangents only with the `full-geometry` feature: see Cargo.toml).

#[cfg(feature = "full-geometry")]
use glam::Vec2;
use glam::Vec3;

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

/// Vertices after tangent generation: corners that disagree got their own vertex.
#[cfg(feature = "full-geometry")]
pub struct Welded {
    /// For each output vertex, the input vertex it copies.
    pub source: Vec<u32>,
    /// The tangent of each output vertex (xyz, handedness in w).
    pub tangents: Vec<[f32; 4]>,
    /// The triangle indices into the output vertices.
    pub indices: Vec<u32>,
}

/// MikkTSpace tangents, as the glTF specification asks for when a file has none.
///
/// MikkTSpace gives a tangent per triangle corner; corners that share a vertex but not a tangent
/// get their own copy of the vertex. `None` if the algorithm gives up (degenerate input).
#[cfg(feature = "full-geometry")]
pub fn mikktspace(
    positions: &[[f32; 3]],
    normals: &[[f32; 3]],
    uvs: &[[f32; 2]],
    indices: &[u32],
) -> Option<Welded> {
    struct Mesh<'a> {
        positions: &'a [[f32; 3]],
        normals: &'a [[f32; 3]],
        uvs: &'a [[f32; 2]],
        indices: &'a [u32],
        corners: Vec<[f32; 4]>,
    }
    impl Mesh<'_> {
        fn vertex(&self, face: usize, vert: usize) -> usize {
            self.indices[face * 3 + vert] as usize
        }
    }
    impl bevy_mikktspace::Geometry for Mesh<'_> {
        fn num_faces(&self) -> usize {
            self.indices.len() / 3
        }
        fn num_vertices_of_face(&self, _face: usize) -> usize {
            3
        }
        fn position(&self, face: usize, vert: usize) -> [f32; 3] {
            self.positions[self.vertex(face, vert)]
        }
        fn normal(&self, face: usize, vert: usize) -> [f32; 3] {
            self.normals[self.vertex(face, vert)]
        }
        fn tex_coord(&self, face: usize, vert: usize) -> [f32; 2] {
            self.uvs[self.vertex(face, vert)]
        }
        fn set_tangent(
            &mut self,
            ts: Option<bevy_mikktspace::TangentSpace>,
            face: usize,
            vert: usize,
        ) {
            if let Some(ts) = ts {
                self.corners[face * 3 + vert] = ts.tangent_encoded();
            }
        }
    }
    let mut mesh = Mesh {
        positions,
        normals,
        uvs,
        indices,
        corners: vec![[1.0, 0.0, 0.0, 1.0]; indices.len()],
    };
    bevy_mikktspace::generate_tangents(&mut mesh).ok()?;
    // Re-weld: one output vertex per (source vertex, tangent) pair.
    let mut seen: std::collections::HashMap<(u32, [u32; 4]), u32> =
        std::collections::HashMap::new();
    let mut source = Vec::with_capacity(positions.len());
    let mut tangents = Vec::with_capacity(positions.len());
    let mut new_indices = Vec::with_capacity(indices.len());
    for (corner, &v) in indices.iter().enumerate() {
        let t = mesh.corners[corner];
        let t = if t.iter().all(|x| x.is_finite()) {
            t
        } else {
            [1.0, 0.0, 0.0, 1.0]
        };
        let key = (v, t.map(f32::to_bits));
        let next = source.len() as u32;
        let index = *seen.entry(key).or_insert_with(|| {
            source.push(v);
            tangents.push(t);
            next
        });
        new_indices.push(index);
    }
    Some(Welded {
        source,
        tangents,
        indices: new_indices,
    })
}

/// Per-vertex tangents from UV derivatives, accumulated over triangles and orthogonalised
/// against the normal, with handedness in w.
#[cfg(feature = "full-geometry")]
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

#[cfg(all(test, feature = "full-geometry"))]
mod tests {
    use super::*;

    #[test]
    fn mikktspace_on_a_quad_shares_vertices_and_matches_the_uv_direction() {
        let p = [
            [0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [1.0, 1.0, 0.0],
            [0.0, 1.0, 0.0],
        ];
        let uv = [[0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]];
        let idx = [0, 1, 2, 0, 2, 3];
        let n = normals(&p, &idx);
        let Welded {
            source,
            tangents: t,
            indices: new_idx,
        } = mikktspace(&p, &n, &uv, &idx).unwrap();
        assert_eq!(source, [0, 1, 2, 3], "a flat quad needs no split vertices");
        assert_eq!(new_idx, idx);
        for t in t {
            assert!(
                (Vec3::new(t[0], t[1], t[2]) - Vec3::X).length() < 1e-5,
                "{t:?}"
            );
        }
    }

    #[test]
    fn mikktspace_splits_a_uv_seam() {
        // Two triangles sharing an edge, with mirrored UVs: tangents differ in handedness.
        let p = [
            [0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [-1.0, 0.0, 0.0],
        ];
        let uv = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]];
        let idx = [0, 1, 2, 0, 2, 3];
        let n = normals(&p, &idx);
        let Welded {
            source,
            tangents: t,
            indices: new_idx,
        } = mikktspace(&p, &n, &uv, &idx).unwrap();
        assert!(source.len() > 4, "the shared edge is split: {source:?}");
        assert_eq!(new_idx.len(), 6);
        assert!(t.iter().any(|t| t[3] < 0.0) && t.iter().any(|t| t[3] > 0.0));
    }

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
