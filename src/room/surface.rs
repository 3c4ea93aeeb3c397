//! Real surfaces found by AR hit tests: which kind a hit is (floor, wall or neither), the wall a
//! wall item hangs on, and which way a newly placed item faces.

use glam::{Vec2, Vec3};

use super::item::mm;
use super::layout::Wall;

/// A hit counts as floor when its normal's up component is above this (about 25° of tilt).
pub const FLOOR_MIN_UP: f32 = 0.9;
/// A hit counts as wall when its normal's up component is within ± this (about 17° of tilt).
pub const WALL_MAX_UP: f32 = 0.3;
/// Length of the wall a wall hit stands for (metres), centred on the hit.
pub const AR_WALL_LENGTH: f32 = 4.0;
/// Height of that wall (metres).
pub const AR_WALL_HEIGHT: f32 = 2.5;

/// What a hit test found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// Horizontal, facing up.
    Floor,
    /// Vertical.
    Wall,
    /// A slope, a ceiling, or a normal that is not finite.
    Other,
}

impl Surface {
    /// The kind of surface whose unit normal is `normal`.
    pub fn of_normal(normal: Vec3) -> Surface {
        let Some(n) = normal.try_normalize() else {
            return Surface::Other;
        };
        if n.y > FLOOR_MIN_UP {
            Surface::Floor
        } else if n.y.abs() < WALL_MAX_UP {
            Surface::Wall
        } else {
            Surface::Other
        }
    }

    /// The name JavaScript sees: `floor`, `wall` or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Surface::Floor => "floor",
            Surface::Wall => "wall",
            Surface::Other => "other",
        }
    }
}

/// The wall through `point` whose face looks along the horizontal part of `normal` (into the
/// room), [`AR_WALL_LENGTH`] long and [`AR_WALL_HEIGHT`] high; `None` for a normal with no
/// horizontal part.
pub fn wall_through(point: Vec3, normal: Vec3) -> Option<Wall> {
    let n = Vec2::new(normal.x, normal.z).try_normalize()?;
    let p = Vec2::new(point.x, point.z);
    if !p.is_finite() {
        return None;
    }
    // `Wall::inward` is the start-to-end direction turned left (`perp`): start to end = (n.y, -n.x).
    let along = Vec2::new(n.y, -n.x) * (AR_WALL_LENGTH * 0.5);
    let (a, b) = (p - along, p + along);
    Some(Wall {
        start_mm: [mm(a.x), mm(a.y)],
        end_mm: [mm(b.x), mm(b.y)],
        height_mm: (AR_WALL_HEIGHT * 1000.0) as u32,
    })
}

/// The yaw that turns an item at floor point `at` to face `eye` (its front, +Z, toward it).
pub fn facing_yaw(at: Vec2, eye: Vec2) -> f32 {
    let d = eye - at;
    if d.length_squared() < 1e-8 || !d.is_finite() {
        return 0.0;
    }
    d.x.atan2(d.y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_normals() {
        assert_eq!(Surface::of_normal(Vec3::Y), Surface::Floor);
        assert_eq!(
            Surface::of_normal(Vec3::new(0.0, 0.95, 0.31)),
            Surface::Floor
        );
        // 0.85 up: a slope, neither floor nor wall.
        assert_eq!(
            Surface::of_normal(Vec3::new(0.0, 0.85, 0.53)),
            Surface::Other
        );
        assert_eq!(Surface::of_normal(Vec3::Z), Surface::Wall);
        assert_eq!(Surface::of_normal(-Vec3::Y), Surface::Other);
        assert_eq!(Surface::of_normal(Vec3::NAN), Surface::Other);
        assert_eq!(Surface::of_normal(Vec3::ZERO), Surface::Other);
    }

    #[test]
    fn wall_faces_along_the_hit_normal() {
        let w = wall_through(Vec3::new(1.0, 1.2, -2.45), Vec3::Z).expect("a wall");
        assert!((w.inward() - Vec2::Y).length() < 1e-3, "{:?}", w.inward());
        assert!(w.distance_to(Vec2::new(1.0, -2.45)) < 1e-3);
        assert!((w.length() - AR_WALL_LENGTH).abs() < 1e-3);
        assert!(wall_through(Vec3::ZERO, Vec3::Y).is_none());
    }

    #[test]
    fn facing_yaw_turns_the_front_to_the_eye() {
        // Eye straight ahead on +Z: no turn. Eye on +X: a quarter turn counter-clockwise.
        assert!(facing_yaw(Vec2::ZERO, Vec2::new(0.0, 2.0)).abs() < 1e-6);
        let y = facing_yaw(Vec2::ZERO, Vec2::new(2.0, 0.0));
        assert!((y - std::f32::consts::FRAC_PI_2).abs() < 1e-6);
        assert_eq!(facing_yaw(Vec2::ONE, Vec2::ONE), 0.0);
    }
}
