//! Procedural geometry: boxes (sharp and rounded), surfaces of revolution and extruded outlines,
//! with normals, texture coordinates and tangents.

use glam::{Mat3, Vec2, Vec3};

use super::math::sin_cos;

/// How a part's texture coordinates are laid out: planar projections in metres divided by
/// `tile` (the size one texture repeat covers), with `u` following `grain` where it can.
#[derive(Clone, Copy, Debug)]
pub(crate) struct UvMap {
    pub(crate) tile: f32,
    pub(crate) grain: Vec3,
}

impl UvMap {
    /// A mapping with one texture repeat per `tile` metres and `u` along `grain`.
    pub(crate) const fn new(tile: f32, grain: Vec3) -> UvMap {
        UvMap { tile, grain }
    }

    /// Directions of increasing `u` and `v` on a surface facing `n` (a non-mirrored layout: seen
    /// from the front, `v` points 90 degrees clockwise from `u`).
    fn axes(&self, n: Vec3) -> (Vec3, Vec3) {
        let mut u = self.grain - n * n.dot(self.grain);
        if u.length_squared() < 1e-6 {
            let alt = if n.x.abs() < 0.9 { Vec3::X } else { Vec3::Z };
            u = alt - n * n.dot(alt);
        }
        let u = u.normalize();
        (u, u.cross(n))
    }

    fn planar(&self, p: Vec3, n: Vec3) -> Vec2 {
        let (u, v) = self.axes(n);
        Vec2::new(p.dot(u), p.dot(v)) / self.tile
    }
}

/// An indexed triangle list.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Mesh {
    pub(crate) positions: Vec<Vec3>,
    pub(crate) normals: Vec<Vec3>,
    pub(crate) uvs: Vec<Vec2>,
    pub(crate) indices: Vec<u32>,
}

/// A rotation by `degrees` about the X axis (deterministic, see `math`).
pub(crate) fn rotation_x(degrees: f32) -> Mat3 {
    let (s, c) = sin_cos(f64::from(degrees).to_radians());
    let (s, c) = (s as f32, c as f32);
    Mat3::from_cols(Vec3::X, Vec3::new(0.0, c, s), Vec3::new(0.0, -s, c))
}

/// A rotation by `degrees` about the Y axis (deterministic, see `math`).
pub(crate) fn rotation_y(degrees: f32) -> Mat3 {
    let (s, c) = sin_cos(f64::from(degrees).to_radians());
    let (s, c) = (s as f32, c as f32);
    Mat3::from_cols(Vec3::new(c, 0.0, -s), Vec3::Y, Vec3::new(s, 0.0, c))
}

impl Mesh {
    /// Number of triangles.
    #[cfg(test)]
    pub(crate) fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// Component-wise minimum and maximum of the positions, if there are any.
    pub(crate) fn bounds(&self) -> Option<(Vec3, Vec3)> {
        let first = *self.positions.first()?;
        Some(
            self.positions
                .iter()
                .fold((first, first), |(lo, hi), p| (lo.min(*p), hi.max(*p))),
        )
    }

    /// Adds a vertex and returns its index.
    pub(crate) fn vertex(&mut self, p: Vec3, n: Vec3, uv: Vec2) -> u32 {
        let index = self.positions.len() as u32;
        self.positions.push(p);
        self.normals.push(n);
        self.uvs.push(uv);
        index
    }

    /// Adds a triangle wound counter-clockwise when seen from the side its normals face;
    /// degenerate triangles are dropped.
    pub(crate) fn tri(&mut self, a: u32, b: u32, c: u32) {
        let (pa, pb, pc) = (
            self.positions[a as usize],
            self.positions[b as usize],
            self.positions[c as usize],
        );
        let face = (pb - pa).cross(pc - pa);
        if face.length_squared() < 1e-16 {
            return;
        }
        let normal = self.normals[a as usize] + self.normals[b as usize] + self.normals[c as usize];
        if face.dot(normal) < 0.0 {
            self.indices.extend_from_slice(&[a, c, b]);
        } else {
            self.indices.extend_from_slice(&[a, b, c]);
        }
    }

    /// Adds all of `other`'s triangles.
    pub(crate) fn append(&mut self, other: &Mesh) {
        let base = self.positions.len() as u32;
        self.positions.extend_from_slice(&other.positions);
        self.normals.extend_from_slice(&other.normals);
        self.uvs.extend_from_slice(&other.uvs);
        self.indices.extend(other.indices.iter().map(|i| i + base));
    }

    /// The mesh with every position mapped through `m` then moved by `t` (texture coordinates
    /// stay, so textures move with the part).
    pub(crate) fn transformed(mut self, m: Mat3, t: Vec3) -> Mesh {
        let normal_matrix = m.inverse().transpose();
        for p in &mut self.positions {
            *p = m * *p + t;
        }
        for n in &mut self.normals {
            *n = (normal_matrix * *n).normalize();
        }
        if m.determinant() < 0.0 {
            for tri in self.indices.chunks_exact_mut(3) {
                tri.swap(1, 2);
            }
        }
        self
    }

    /// The mesh moved by `t`.
    pub(crate) fn translated(self, t: Vec3) -> Mesh {
        self.transformed(Mat3::IDENTITY, t)
    }

    /// Adds a flat quad (corners in order around its edge).
    pub(crate) fn quad(&mut self, p: [Vec3; 4], uv: &UvMap) {
        let n = (p[2] - p[0]).cross(p[3] - p[1]).normalize_or_zero();
        if n == Vec3::ZERO {
            return;
        }
        let ids = p.map(|q| self.vertex(q, n, uv.planar(q, n)));
        self.tri(ids[0], ids[1], ids[2]);
        self.tri(ids[0], ids[2], ids[3]);
    }

    /// Adds a six-sided solid with flat faces. Corner `i` has x from bit 0, y from bit 1 and z
    /// from bit 2 of `i` (0 = low side, 1 = high side).
    pub(crate) fn hexahedron(&mut self, c: [Vec3; 8], uv: &UvMap) {
        const FACES: [[usize; 4]; 6] = [
            [0, 4, 6, 2],
            [1, 3, 7, 5],
            [0, 1, 5, 4],
            [2, 6, 7, 3],
            [0, 2, 3, 1],
            [4, 5, 7, 6],
        ];
        let centre = c.iter().copied().sum::<Vec3>() / 8.0;
        for face in FACES {
            let p = face.map(|i| c[i]);
            let n = (p[2] - p[0]).cross(p[3] - p[1]);
            // Keep every face's normal pointing away from the solid's centre.
            let mid = (p[0] + p[1] + p[2] + p[3]) / 4.0;
            if n.dot(mid - centre) < 0.0 {
                self.quad([p[3], p[2], p[1], p[0]], uv);
            } else {
                self.quad(p, uv);
            }
        }
    }
}

/// An axis-aligned box with sharp edges.
pub(crate) fn cuboid(min: Vec3, max: Vec3, uv: &UvMap) -> Mesh {
    let mut mesh = Mesh::default();
    mesh.hexahedron(box_corners(min, max), uv);
    mesh
}

/// The eight corners of an axis-aligned box, in [`Mesh::hexahedron`] order.
pub(crate) fn box_corners(min: Vec3, max: Vec3) -> [Vec3; 8] {
    std::array::from_fn(|i| {
        Vec3::new(
            if i & 1 == 0 { min.x } else { max.x },
            if i & 2 == 0 { min.y } else { max.y },
            if i & 4 == 0 { min.z } else { max.z },
        )
    })
}

fn tan_quarter(i: u32, steps: u32) -> f32 {
    if i >= steps {
        return 1.0;
    }
    let angle = std::f64::consts::FRAC_PI_4 * f64::from(i) / f64::from(steps);
    let (s, c) = sin_cos(angle);
    (s / c) as f32
}

/// An axis-aligned box whose edges and corners are rounded with `radius`, each quarter round
/// made of `2 * steps` facets with smooth normals. Its bounds are exactly `min..max`.
pub(crate) fn rounded_box(min: Vec3, max: Vec3, radius: f32, steps: u32, uv: &UvMap) -> Mesh {
    let half = (max - min) * 0.5;
    let centre = (max + min) * 0.5;
    let r = radius.min(half.min_element() * 0.99);
    if r <= 0.0 || steps == 0 {
        return cuboid(min, max, uv);
    }
    let inner = half - Vec3::splat(r);
    let samples: [Vec<f32>; 3] = std::array::from_fn(|axis| {
        let (h, i) = (half[axis], inner[axis]);
        let mut s: Vec<f32> = (0..=steps)
            .rev()
            .map(|k| {
                if k == steps {
                    -h
                } else {
                    -(i + r * tan_quarter(k, steps))
                }
            })
            .collect();
        s.extend((0..=steps).map(|k| {
            if k == steps {
                h
            } else {
                i + r * tan_quarter(k, steps)
            }
        }));
        s
    });
    let mut mesh = Mesh::default();
    for axis in 0..3 {
        let (b, c) = ((axis + 1) % 3, (axis + 2) % 3);
        for sign in [-1.0_f32, 1.0] {
            let mut face_normal = Vec3::ZERO;
            face_normal[axis] = sign;
            let base = mesh.positions.len() as u32;
            let cols = samples[c].len() as u32;
            for &sb in &samples[b] {
                for &sc in &samples[c] {
                    let mut p = Vec3::ZERO;
                    p[axis] = sign * half[axis];
                    p[b] = sb;
                    p[c] = sc;
                    let q = p.clamp(-inner, inner);
                    let n = (p - q).normalize();
                    let mut pos = (centre + q + n * r).clamp(min, max);
                    // Keep flat faces exactly on the box's planes despite rounding.
                    if n[axis].abs() == 1.0 {
                        pos[axis] = if sign > 0.0 { max[axis] } else { min[axis] };
                    }
                    mesh.vertex(pos, n, uv.planar(pos, face_normal));
                }
            }
            for i in 0..samples[b].len() as u32 - 1 {
                for j in 0..cols - 1 {
                    let v00 = base + i * cols + j;
                    let v10 = v00 + cols;
                    mesh.tri(v00, v10, v10 + 1);
                    mesh.tri(v00, v10 + 1, v00 + 1);
                }
            }
        }
    }
    mesh
}

/// A profile for [`lathe`]: strips of `(radius, height)` points with their outward normals.
/// Normals are smooth along a strip; strips meet with a crease.
#[derive(Clone, Debug, Default)]
pub(crate) struct Profile {
    strips: Vec<Vec<(Vec2, Vec2)>>,
}

impl Profile {
    /// An empty profile.
    pub(crate) fn new() -> Profile {
        Profile::default()
    }

    /// A straight strip from `a` to `b`. Profiles run counter-clockwise in the (radius, height)
    /// plane (out along the bottom, up the side, in along the top), so the normal is `b - a`
    /// turned clockwise.
    pub(crate) fn line(mut self, a: Vec2, b: Vec2) -> Profile {
        let d = b - a;
        let n = Vec2::new(d.y, -d.x).normalize_or_zero();
        self.strips.push(vec![(a, n), (b, n)]);
        self
    }

    /// A convex arc around `centre` from `from_deg` to `to_deg` (counter-clockwise, 0 degrees
    /// pointing outwards) in `steps` facets.
    pub(crate) fn arc(
        mut self,
        centre: Vec2,
        radius: f32,
        from_deg: f32,
        to_deg: f32,
        steps: u32,
    ) -> Profile {
        let strip = (0..=steps)
            .map(|i| {
                let t = f64::from(i) / f64::from(steps.max(1));
                let deg = f64::from(from_deg) + (f64::from(to_deg) - f64::from(from_deg)) * t;
                let (s, c) = sin_cos(deg.to_radians());
                let n = Vec2::new(c as f32, s as f32);
                let mut p = centre + n * radius;
                p.x = p.x.max(0.0);
                (p, n)
            })
            .collect();
        self.strips.push(strip);
        self
    }
}

/// A surface of revolution about the Y axis with `segments` facets around.
pub(crate) fn lathe(profile: &Profile, segments: u32, uv: &UvMap) -> Mesh {
    let mut mesh = Mesh::default();
    let vertical_grain = uv.grain.y.abs() > 0.5;
    let ring: Vec<(f32, f32, f64)> = (0..=segments)
        .map(|j| {
            let theta = std::f64::consts::TAU * f64::from(j % segments) / f64::from(segments);
            let (s, c) = sin_cos(theta);
            let around = std::f64::consts::TAU * f64::from(j) / f64::from(segments);
            (s as f32, c as f32, around)
        })
        .collect();
    for strip in &profile.strips {
        let flat = strip.iter().all(|(_, n)| n.y.abs() > 0.999);
        let r_ref = strip.iter().fold(0.01_f32, |m, (p, _)| m.max(p.x));
        let base = mesh.positions.len() as u32;
        let mut along = 0.0_f32;
        for (k, &(p, n)) in strip.iter().enumerate() {
            if k > 0 {
                along += (p - strip[k - 1].0).length();
            }
            for &(s, c, around) in &ring {
                let pos = Vec3::new(p.x * s, p.y, p.x * c);
                let normal = Vec3::new(n.x * s, n.y, n.x * c).normalize();
                let tex = if flat {
                    uv.planar(pos, Vec3::new(0.0, n.y.signum(), 0.0))
                } else {
                    let around = (around * f64::from(r_ref)) as f32;
                    if vertical_grain {
                        Vec2::new(along, around) / uv.tile
                    } else {
                        Vec2::new(around, along) / uv.tile
                    }
                };
                mesh.vertex(pos, normal, tex);
            }
        }
        let cols = segments + 1;
        for k in 0..strip.len() as u32 - 1 {
            for j in 0..segments {
                let v00 = base + k * cols + j;
                let v10 = v00 + cols;
                mesh.tri(v00, v10, v10 + 1);
                mesh.tri(v00, v10 + 1, v00 + 1);
            }
        }
    }
    mesh
}

/// A frustum (or cylinder) from radius `r0` at `y0` to `r1` at `y1`, with flat caps if `caps`.
pub(crate) fn cylinder(
    r0: f32,
    r1: f32,
    y0: f32,
    y1: f32,
    segments: u32,
    caps: bool,
    uv: &UvMap,
) -> Mesh {
    let (a, b) = (Vec2::new(r0, y0), Vec2::new(r1, y1));
    let mut profile = Profile::new();
    if caps {
        profile = profile.line(Vec2::new(0.0, y0), a);
    }
    profile = profile.line(a, b);
    if caps {
        profile = profile.line(b, Vec2::new(0.0, y1));
    }
    lathe(&profile, segments, uv)
}

/// A closed outline in the XZ plane, star-shaped around the origin.
pub(crate) struct Outline {
    points: Vec<Vec2>,
}

impl Outline {
    /// An outline through `points` (x, z), not repeating the first point at the end.
    pub(crate) fn new(points: Vec<Vec2>) -> Outline {
        Outline { points }
    }

    /// The flat ring between the outline scaled by `t0` and by `t1` (`t0 = 0` gives a filled
    /// fan) at height `y`, facing up or down.
    pub(crate) fn ring(&self, t0: f32, t1: f32, y: f32, up: bool, uv: &UvMap) -> Mesh {
        let mut mesh = Mesh::default();
        let n = if up { Vec3::Y } else { Vec3::NEG_Y };
        let count = self.points.len() as u32;
        let add = |t: f32, mesh: &mut Mesh| -> u32 {
            let base = mesh.positions.len() as u32;
            for p in &self.points {
                let pos = Vec3::new(p.x * t, y, p.y * t);
                mesh.vertex(pos, n, uv.planar(pos, n));
            }
            base
        };
        let outer = add(t1, &mut mesh);
        if t0 <= 0.0 {
            let centre = Vec3::new(0.0, y, 0.0);
            let c = mesh.vertex(centre, n, uv.planar(centre, n));
            for i in 0..count {
                mesh.tri(c, outer + i, outer + (i + 1) % count);
            }
        } else {
            let inner = add(t0, &mut mesh);
            for i in 0..count {
                let j = (i + 1) % count;
                mesh.tri(inner + i, outer + i, outer + j);
                mesh.tri(inner + i, outer + j, inner + j);
            }
        }
        mesh
    }

    /// The vertical wall around the outline from `y0` to `y1`, with smooth normals.
    pub(crate) fn wall(&self, y0: f32, y1: f32, uv: &UvMap) -> Mesh {
        let pts = &self.points;
        let count = pts.len();
        let edge_normal = |i: usize| {
            let (a, b) = (pts[i], pts[(i + 1) % count]);
            let d = b - a;
            let n = Vec2::new(d.y, -d.x).normalize_or_zero();
            if n.dot((a + b) * 0.5) < 0.0 { -n } else { n }
        };
        let mut mesh = Mesh::default();
        let mut along = 0.0_f32;
        for i in 0..=count {
            let k = i % count;
            if i > 0 {
                along += (pts[k] - pts[i - 1]).length();
            }
            let n2 = (edge_normal((k + count - 1) % count) + edge_normal(k)).normalize_or_zero();
            let n = Vec3::new(n2.x, 0.0, n2.y);
            for y in [y0, y1] {
                let pos = Vec3::new(pts[k].x, y, pts[k].y);
                mesh.vertex(pos, n, Vec2::new(along, -y) / uv.tile);
            }
        }
        for i in 0..count as u32 {
            let a = i * 2;
            mesh.tri(a, a + 2, a + 3);
            mesh.tri(a, a + 3, a + 1);
        }
        mesh
    }
}

/// Per-vertex tangents (xyz unit, w = ±1) following the direction of increasing `u`, with `w`
/// chosen so that `cross(normal, tangent) * w` points towards decreasing `v`, the "up" of a
/// glTF normal map.
pub(crate) fn tangents(mesh: &Mesh) -> Vec<[f32; 4]> {
    let count = mesh.positions.len();
    let mut tan = vec![Vec3::ZERO; count];
    let mut bitan = vec![Vec3::ZERO; count];
    for tri in mesh.indices.chunks_exact(3) {
        let [a, b, c] = [tri[0] as usize, tri[1] as usize, tri[2] as usize];
        let e1 = mesh.positions[b] - mesh.positions[a];
        let e2 = mesh.positions[c] - mesh.positions[a];
        let d1 = mesh.uvs[b] - mesh.uvs[a];
        let d2 = mesh.uvs[c] - mesh.uvs[a];
        let det = d1.x * d2.y - d2.x * d1.y;
        if det.abs() < 1e-12 {
            continue;
        }
        let t = (e1 * d2.y - e2 * d1.y) / det;
        let bt = (e2 * d1.x - e1 * d2.x) / det;
        for v in [a, b, c] {
            tan[v] += t;
            bitan[v] += bt;
        }
    }
    (0..count)
        .map(|i| {
            let n = mesh.normals[i];
            let mut t = tan[i] - n * n.dot(tan[i]);
            if t.length_squared() < 1e-20 {
                let alt = if n.x.abs() < 0.9 { Vec3::X } else { Vec3::Z };
                t = alt - n * n.dot(alt);
            }
            let t = t.normalize();
            let w = if n.cross(t).dot(bitan[i]) > 0.0 {
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

    const UV: UvMap = UvMap::new(1.0, Vec3::X);

    fn assert_closed_and_outward(mesh: &Mesh) {
        for tri in mesh.indices.chunks_exact(3) {
            let [a, b, c] = [tri[0], tri[1], tri[2]].map(|i| i as usize);
            let face = (mesh.positions[b] - mesh.positions[a])
                .cross(mesh.positions[c] - mesh.positions[a]);
            assert!(face.dot(mesh.normals[a] + mesh.normals[b] + mesh.normals[c]) > 0.0);
        }
        for n in &mesh.normals {
            assert!((n.length() - 1.0).abs() < 1e-5);
        }
    }

    #[test]
    fn rounded_box_keeps_its_bounds() {
        let (min, max) = (Vec3::new(-1.0, 0.0, -0.5), Vec3::new(1.0, 0.4, 0.5));
        let mesh = rounded_box(min, max, 0.05, 3, &UV);
        assert_eq!(mesh.bounds(), Some((min, max)));
        assert_closed_and_outward(&mesh);
        assert_eq!(mesh.triangle_count(), 6 * 7 * 7 * 2);
    }

    #[test]
    fn cylinder_and_cuboid_face_outwards() {
        let mesh = cylinder(0.2, 0.1, 0.0, 1.0, 16, true, &UV);
        assert_closed_and_outward(&mesh);
        let (lo, hi) = mesh.bounds().unwrap_or_default();
        assert!((lo.x + 0.2).abs() < 1e-6 && (hi.y - 1.0).abs() < 1e-6);
        assert_closed_and_outward(&cuboid(Vec3::ZERO, Vec3::ONE, &UV));
    }

    #[test]
    fn front_face_tangent_is_right_handed() {
        // The +Z face of a box with grain along X: u runs along +X and v down, so a normal
        // map's "up" (decreasing v) is +Y and w is +1.
        let mesh = cuboid(Vec3::ZERO, Vec3::ONE, &UV);
        let tangents = tangents(&mesh);
        let front = (0..mesh.normals.len())
            .find(|&i| mesh.normals[i] == Vec3::Z)
            .unwrap_or(0);
        assert_eq!(tangents[front], [1.0, 0.0, 0.0, 1.0]);
    }
}
