//! Footprint geometry on the floor plane: oriented rectangles, overlap (separating axes), the
//! first contact of a moving rectangle, and distances.
//!
//! Floor coordinates are `Vec2(x, z)` in metres. An item with yaw `θ` (radians, about +Y, as
//! `Mat4::from_rotation_y`) has its width axis along `(cos θ, −sin θ)` and its front along
//! `(sin θ, cos θ)`.

use glam::Vec2;

/// Penetration below this (metres) counts as touching, not overlapping: it absorbs f32 noise.
pub(crate) const OVERLAP_TOLERANCE: f32 = 1e-5;

/// How far short of contact a swept move stops (metres), measured along the motion.
pub(crate) const CONTACT_GAP: f32 = 5e-4;

/// An oriented rectangle on the floor: an item's footprint, a wall, or an out-of-bounds slab.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Footprint {
    /// Centre, `Vec2(x, z)` in metres.
    pub center: Vec2,
    /// Half the width (along `axis`) and half the depth (along `axis.perp()`), in metres.
    pub half_extents: Vec2,
    /// Unit direction of the width axis.
    pub axis: Vec2,
}

/// Where a swept rectangle first touches an obstacle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Contact {
    /// Fraction of the motion at first contact, in `[0, 1)`.
    pub t: f32,
    /// Unit separating axis of the contact, pointing from the obstacle toward the mover.
    pub normal: Vec2,
}

impl Footprint {
    /// The footprint of a `width` × `depth` rectangle centred at `center` and turned by `yaw`.
    pub fn new(center: Vec2, width: f32, depth: f32, yaw: f32) -> Self {
        let (s, c) = yaw.sin_cos();
        Self {
            center,
            half_extents: Vec2::new(width * 0.5, depth * 0.5),
            axis: Vec2::new(c, -s),
        }
    }

    /// An axis-aligned rectangle from its corners.
    pub fn aligned(min: Vec2, max: Vec2) -> Self {
        Self {
            center: (min + max) * 0.5,
            half_extents: (max - min).abs() * 0.5,
            axis: Vec2::X,
        }
    }

    /// The same rectangle moved so its centre is at `center`.
    pub fn at(&self, center: Vec2) -> Self {
        Self { center, ..*self }
    }

    /// Unit direction of the depth axis (the item's front for item footprints).
    pub fn depth_axis(&self) -> Vec2 {
        self.axis.perp()
    }

    /// The four corners, counter-clockwise in (x, z).
    pub fn corners(&self) -> [Vec2; 4] {
        let ex = self.axis * self.half_extents.x;
        let ez = self.depth_axis() * self.half_extents.y;
        let c = self.center;
        [c - ex - ez, c + ex - ez, c + ex + ez, c - ex + ez]
    }

    /// Half the size of the axis-aligned box around the rectangle.
    pub fn aabb_half_extents(&self) -> Vec2 {
        let ex = self.axis * self.half_extents.x;
        let ez = self.depth_axis() * self.half_extents.y;
        ex.abs() + ez.abs()
    }

    /// The interval the rectangle covers when projected on unit `dir`.
    fn project(&self, dir: Vec2) -> (f32, f32) {
        let c = self.center.dot(dir);
        let r = self.half_extents.x * self.axis.dot(dir).abs()
            + self.half_extents.y * self.depth_axis().dot(dir).abs();
        (c - r, c + r)
    }

    fn axes_with(&self, other: &Footprint) -> [Vec2; 4] {
        [self.axis, self.depth_axis(), other.axis, other.depth_axis()]
    }

    /// Whether the point lies inside or on the rectangle.
    pub fn contains(&self, p: Vec2) -> bool {
        let d = p - self.center;
        d.dot(self.axis).abs() <= self.half_extents.x + OVERLAP_TOLERANCE
            && d.dot(self.depth_axis()).abs() <= self.half_extents.y + OVERLAP_TOLERANCE
    }

    /// The smallest push that separates `self` from `other`: its depth and the unit direction to
    /// move `self` in, or `None` when they only touch or are apart.
    pub(crate) fn penetration(&self, other: &Footprint) -> Option<(f32, Vec2)> {
        let mut best: Option<(f32, Vec2)> = None;
        for axis in self.axes_with(other) {
            let (a0, a1) = self.project(axis);
            let (b0, b1) = other.project(axis);
            if a1.min(b1) - a0.max(b0) <= OVERLAP_TOLERANCE {
                return None;
            }
            // Push toward whichever side needs less travel.
            let (push, dir) = if b1 - a0 < a1 - b0 {
                (b1 - a0, axis)
            } else {
                (a1 - b0, -axis)
            };
            if best.is_none_or(|(d, _)| push < d) {
                best = Some((push, dir));
            }
        }
        best
    }

    /// Whether the two rectangles overlap by more than [`OVERLAP_TOLERANCE`].
    pub fn overlaps(&self, other: &Footprint) -> bool {
        self.penetration(other).is_some()
    }

    /// The first contact when `self` moves by `motion` and `other` stands still; `None` if they
    /// never overlap during the move (touching does not count).
    pub(crate) fn sweep(&self, motion: Vec2, other: &Footprint) -> Option<Contact> {
        let mut enter = f32::NEG_INFINITY;
        let mut exit = f32::INFINITY;
        let mut normal = Vec2::ZERO;
        for axis in self.axes_with(other) {
            let (a0, a1) = self.project(axis);
            let (b0, b1) = other.project(axis);
            let s = motion.dot(axis);
            // Overlap on this axis at time t: a1 + s t - b0 > TOL and b1 - a0 - s t > TOL.
            let lo = b0 - a1 + OVERLAP_TOLERANCE;
            let hi = b1 - a0 - OVERLAP_TOLERANCE;
            let (t0, t1, n) = if s.abs() < 1e-12 {
                if 0.0 > lo && 0.0 < hi {
                    (f32::NEG_INFINITY, f32::INFINITY, axis)
                } else {
                    return None;
                }
            } else if s > 0.0 {
                (lo / s, hi / s, -axis)
            } else {
                (hi / s, lo / s, axis)
            };
            if t0 > enter {
                enter = t0;
                normal = n;
            }
            exit = exit.min(t1);
            if enter >= exit {
                return None;
            }
        }
        if enter >= 1.0 || exit <= 0.0 || enter == f32::NEG_INFINITY {
            return None;
        }
        Some(Contact {
            t: enter.max(0.0),
            normal,
        })
    }

    /// The shortest distance between the two rectangles; 0 when they touch or overlap.
    pub fn distance(&self, other: &Footprint) -> f32 {
        if self.overlaps(other) || self.contains(other.center) || other.contains(self.center) {
            return 0.0;
        }
        let a = self.corners();
        let b = other.corners();
        let mut best = f32::INFINITY;
        for i in 0..4 {
            let (a0, a1) = (a[i], a[(i + 1) % 4]);
            let (b0, b1) = (b[i], b[(i + 1) % 4]);
            for j in 0..4 {
                best = best.min(point_segment_distance(b[j], a0, a1));
                best = best.min(point_segment_distance(a[j], b0, b1));
            }
        }
        // Edges that cross without a corner inside: the rectangles meet.
        if best.is_finite() && segments_cross(&a, &b) {
            return 0.0;
        }
        best
    }
}

/// Distance from `p` to the segment `a`–`b`.
pub(crate) fn point_segment_distance(p: Vec2, a: Vec2, b: Vec2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_squared();
    let t = if len2 > 0.0 {
        ((p - a).dot(ab) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(a + ab * t)
}

fn segments_cross(a: &[Vec2; 4], b: &[Vec2; 4]) -> bool {
    let cross = |o: Vec2, p: Vec2, q: Vec2| (p - o).perp_dot(q - o);
    for i in 0..4 {
        let (p0, p1) = (a[i], a[(i + 1) % 4]);
        for j in 0..4 {
            let (q0, q1) = (b[j], b[(j + 1) % 4]);
            let d1 = cross(p0, p1, q0);
            let d2 = cross(p0, p1, q1);
            let d3 = cross(q0, q1, p0);
            let d4 = cross(q0, q1, p1);
            if d1 * d2 < 0.0 && d3 * d4 < 0.0 {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f32, z: f32, yaw_deg: f32) -> Footprint {
        Footprint::new(Vec2::new(x, z), 1.0, 1.0, yaw_deg.to_radians())
    }

    #[test]
    fn touching_is_not_overlapping() {
        assert!(!square(0.0, 0.0, 0.0).overlaps(&square(1.0, 0.0, 0.0)));
        assert!(square(0.0, 0.0, 0.0).overlaps(&square(0.99, 0.0, 0.0)));
    }

    #[test]
    fn rotated_boxes_use_all_axes() {
        // A diamond (45°) whose corner reaches x = 0.707 from its centre.
        let a = square(0.0, 0.0, 0.0);
        assert!(!a.overlaps(&square(1.25, 0.0, 45.0)));
        assert!(a.overlaps(&square(1.15, 0.0, 45.0)));
        // Near the corner of `a`: the AABBs overlap, the diamond does not.
        assert!(!a.overlaps(&square(1.2, 1.2, 45.0)));
    }

    #[test]
    fn sweep_finds_first_contact() {
        let a = square(0.0, 0.0, 0.0);
        let b = square(3.0, 0.0, 0.0);
        let c = a.sweep(Vec2::new(4.0, 0.0), &b).expect("hits");
        assert!((c.t - 0.5).abs() < 1e-4, "{c:?}");
        assert_eq!(c.normal, Vec2::new(-1.0, 0.0));
        assert!(a.sweep(Vec2::new(1.9, 0.0), &b).is_none());
        assert!(a.sweep(Vec2::new(0.0, 4.0), &b).is_none());
        // Moving away from a touching neighbour is free; moving into it is blocked at once.
        let t = square(1.0, 0.0, 0.0);
        assert!(a.sweep(Vec2::new(-1.0, 0.0), &t).is_none());
        assert!(a.sweep(Vec2::new(0.0, 1.0), &t).is_none());
        assert!(a.sweep(Vec2::new(1.0, 0.0), &t).is_some_and(|c| c.t < 1e-4));
    }

    #[test]
    fn sweep_against_rotated_box() {
        let a = square(0.0, 0.0, 0.0);
        let b = square(3.0, 0.0, 45.0);
        let c = a.sweep(Vec2::new(3.0, 0.0), &b).expect("hits");
        // Contact when a's right face (x + 0.5) meets the diamond's corner (3 - 0.7071).
        let expected = (3.0 - std::f32::consts::FRAC_1_SQRT_2 - 0.5) / 3.0;
        assert!((c.t - expected).abs() < 1e-4, "{} vs {expected}", c.t);
    }

    #[test]
    fn distances() {
        let a = square(0.0, 0.0, 0.0);
        assert!((a.distance(&square(3.0, 0.0, 0.0)) - 2.0).abs() < 1e-5);
        assert!((a.distance(&square(3.0, 4.0, 0.0)) - 2.0f32.hypot(3.0)).abs() < 1e-5);
        assert_eq!(a.distance(&square(0.5, 0.5, 0.0)), 0.0);
        assert_eq!(a.distance(&square(1.0, 0.0, 0.0)), 0.0);
        // A long thin bar crossing the square without any corner inside.
        let bar = Footprint::new(Vec2::ZERO, 0.2, 5.0, 0.0);
        assert_eq!(a.distance(&bar), 0.0);
    }
}
