//! The room's shell: optional rectangular floor bounds and walls, in integer millimetres.
//!
//! Walls are segments on the floor with a height. The room's inside is on the left of each wall
//! seen from above with +X right and +Z down the screen: the inward normal of a wall running
//! along `u` is `u.perp() = (−u.z, u.x)`. [`Layout::rectangle`] builds the usual four walls.

use glam::Vec2;
use serde::{Deserialize, Serialize};

use super::item::m;

/// An axis-aligned rectangle of floor, in mm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FloorBounds {
    /// Smallest x, mm.
    pub min_x_mm: i32,
    /// Smallest z, mm.
    pub min_z_mm: i32,
    /// Largest x, mm.
    pub max_x_mm: i32,
    /// Largest z, mm.
    pub max_z_mm: i32,
}

impl FloorBounds {
    /// Smallest corner in metres.
    pub fn min(&self) -> Vec2 {
        Vec2::new(m(self.min_x_mm), m(self.min_z_mm))
    }

    /// Largest corner in metres.
    pub fn max(&self) -> Vec2 {
        Vec2::new(m(self.max_x_mm), m(self.max_z_mm))
    }

    /// The nearest point inside the bounds.
    pub fn clamp(&self, p: Vec2) -> Vec2 {
        p.clamp(self.min(), self.max())
    }
}

/// A wall: a vertical rectangle standing on the floor along a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wall {
    /// Start `[x, z]`, mm.
    pub start_mm: [i32; 2],
    /// End `[x, z]`, mm.
    pub end_mm: [i32; 2],
    /// Height, mm.
    pub height_mm: u32,
}

impl Wall {
    /// Start point in metres.
    pub fn start(&self) -> Vec2 {
        Vec2::new(m(self.start_mm[0]), m(self.start_mm[1]))
    }

    /// End point in metres.
    pub fn end(&self) -> Vec2 {
        Vec2::new(m(self.end_mm[0]), m(self.end_mm[1]))
    }

    /// Length in metres.
    pub fn length(&self) -> f32 {
        self.start().distance(self.end())
    }

    /// Height in metres.
    pub fn height(&self) -> f32 {
        self.height_mm as f32 / 1000.0
    }

    /// Unit direction from start to end.
    pub fn direction(&self) -> Vec2 {
        (self.end() - self.start()).normalize_or_zero()
    }

    /// Unit normal pointing into the room.
    pub fn inward(&self) -> Vec2 {
        self.direction().perp()
    }

    /// Yaw (radians) of an item whose front faces into the room from this wall.
    pub fn facing_yaw(&self) -> f32 {
        let n = self.inward();
        n.x.atan2(n.y)
    }

    /// The point `offset` metres along the wall from its start.
    pub fn point_at(&self, offset: f32) -> Vec2 {
        self.start() + self.direction() * offset
    }

    /// The offset along the wall of `p` projected on its line (not clamped).
    pub fn offset_of(&self, p: Vec2) -> f32 {
        (p - self.start()).dot(self.direction())
    }

    /// Distance from `p` to the wall segment.
    pub fn distance_to(&self, p: Vec2) -> f32 {
        super::geometry::point_segment_distance(p, self.start(), self.end())
    }
}

/// The floor bounds and walls of a room.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Items stay inside these bounds when set.
    pub bounds: Option<FloorBounds>,
    /// The walls, in order; wall items refer to them by index.
    pub walls: Vec<Wall>,
}

impl Layout {
    /// An open floor: no bounds, no walls.
    pub fn open() -> Self {
        Self::default()
    }

    /// A rectangular room centred on the origin, `width` along x and `depth` along z (mm), with
    /// four walls of `height`: back (−z), right (+x), front (+z), left (−x), in that order.
    pub fn rectangle_mm(width: u32, depth: u32, height: u32) -> Self {
        let w = width.min(i32::MAX as u32) as i32;
        let d = depth.min(i32::MAX as u32) as i32;
        let (x0, z0) = (-(w / 2), -(d / 2));
        let (x1, z1) = (x0.saturating_add(w), z0.saturating_add(d));
        let wall = |a: [i32; 2], b: [i32; 2]| Wall {
            start_mm: a,
            end_mm: b,
            height_mm: height,
        };
        Self {
            bounds: Some(FloorBounds {
                min_x_mm: x0,
                min_z_mm: z0,
                max_x_mm: x1,
                max_z_mm: z1,
            }),
            walls: vec![
                wall([x0, z0], [x1, z0]),
                wall([x1, z0], [x1, z1]),
                wall([x1, z1], [x0, z1]),
                wall([x0, z1], [x0, z0]),
            ],
        }
    }

    /// [`Layout::rectangle_mm`] from metres (rounded to mm).
    pub fn rectangle(width: f32, depth: f32, height: f32) -> Self {
        let mm = |v: f32| (v * 1000.0).round().clamp(0.0, u32::MAX as f32) as u32;
        Self::rectangle_mm(mm(width), mm(depth), mm(height))
    }

    /// `(width, depth, height)` in mm when this is exactly a [`Layout::rectangle_mm`].
    pub fn as_rectangle(&self) -> Option<(u32, u32, u32)> {
        let b = self.bounds?;
        let w = u32::try_from(b.max_x_mm.checked_sub(b.min_x_mm)?).ok()?;
        let d = u32::try_from(b.max_z_mm.checked_sub(b.min_z_mm)?).ok()?;
        let h = self.walls.first()?.height_mm;
        (*self == Self::rectangle_mm(w, d, h)).then_some((w, d, h))
    }

    /// The index of the wall nearest to `p`.
    pub fn nearest_wall(&self, p: Vec2) -> Option<usize> {
        self.walls
            .iter()
            .enumerate()
            .map(|(i, w)| (i, w.distance_to(p)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rectangle_walls_face_inward() {
        let l = Layout::rectangle(4.0, 3.0, 2.5);
        assert_eq!(l.as_rectangle(), Some((4000, 3000, 2500)));
        let inward: Vec<Vec2> = l.walls.iter().map(Wall::inward).collect();
        assert_eq!(
            inward,
            vec![
                Vec2::new(0.0, 1.0),
                Vec2::new(-1.0, 0.0),
                Vec2::new(0.0, -1.0),
                Vec2::new(1.0, 0.0)
            ]
        );
        // Every wall's midpoint plus its normal is inside the bounds.
        let b = l.bounds.expect("bounds");
        for w in &l.walls {
            let p = w.point_at(w.length() / 2.0) + w.inward() * 0.1;
            assert_eq!(b.clamp(p), p);
        }
        assert!((l.walls[0].facing_yaw()).abs() < 1e-6);
        assert!((l.walls[3].facing_yaw() - std::f32::consts::FRAC_PI_2).abs() < 1e-6);
    }

    #[test]
    fn odd_sizes_keep_exact_extent() {
        let l = Layout::rectangle_mm(4001, 2999, 2400);
        let b = l.bounds.expect("bounds");
        assert_eq!(b.max_x_mm - b.min_x_mm, 4001);
        assert_eq!(l.as_rectangle(), Some((4001, 2999, 2400)));
        let mut moved = l.clone();
        moved.walls[1].height_mm = 2000;
        assert_eq!(moved.as_rectangle(), None);
        assert_eq!(Layout::open().as_rectangle(), None);
    }
}
