//! Ray picking, shared by the 3D view (a ray through the pointer) and AR (a ray from the
//! camera or a hit-test pose): the nearest item box, wall or floor point along a ray.

use glam::{Vec2, Vec3};
use serde::Serialize;

use super::item::{ItemId, Pose};
use super::layout::Wall;
use super::room::Room;

/// A ray in world space (metres). `dir` need not be unit length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ray {
    /// Where it starts.
    pub origin: Vec3,
    /// Which way it goes.
    pub dir: Vec3,
}

/// What a ray hit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum Target {
    /// A placed item's box.
    Item(ItemId),
    /// A wall (from inside the room), by index.
    Wall(usize),
    /// The floor plane.
    Floor,
}

/// The nearest hit along a ray.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// What was hit.
    pub target: Target,
    /// Where, in world space.
    pub point: Vec3,
    /// Distance from the ray origin, metres.
    pub distance: f32,
}

impl Ray {
    /// A ray from `origin` toward `dir`.
    pub fn new(origin: Vec3, dir: Vec3) -> Self {
        Self { origin, dir }
    }

    fn unit(&self) -> Option<(Vec3, Vec3)> {
        let d = self.dir.try_normalize()?;
        self.origin.is_finite().then_some((self.origin, d))
    }

    /// Where the ray meets the floor plane (y = 0) going down onto it, if it does.
    pub fn floor_point(&self) -> Option<Vec3> {
        let (o, d) = self.unit()?;
        if d.y >= -1e-6 || o.y < 0.0 {
            return None;
        }
        let t = -o.y / d.y;
        let p = o + d * t;
        Some(Vec3::new(p.x, 0.0, p.z))
    }
}

impl Ray {
    /// Where the ray meets the vertical plane of `wall` (from either side, anywhere along the
    /// plane): the point to drag a wall item toward.
    pub fn wall_point(&self, wall: &Wall) -> Option<Vec3> {
        let (o, d) = self.unit()?;
        let n = wall.inward();
        let n3 = Vec3::new(n.x, 0.0, n.y);
        let denom = d.dot(n3);
        if denom.abs() < 1e-6 {
            return None;
        }
        let a = wall.start();
        let t = (Vec3::new(a.x, 0.0, a.y) - o).dot(n3) / denom;
        (t >= 0.0 && t.is_finite()).then(|| o + d * t)
    }
}

/// Entry distance of a unit ray into the box `[lo, hi]`, 0 if it starts inside.
fn ray_box(o: Vec3, d: Vec3, lo: Vec3, hi: Vec3) -> Option<f32> {
    let mut t0 = 0.0f32;
    let mut t1 = f32::INFINITY;
    for k in 0..3 {
        if d[k].abs() < 1e-12 {
            if o[k] < lo[k] || o[k] > hi[k] {
                return None;
            }
            continue;
        }
        let (a, b) = ((lo[k] - o[k]) / d[k], (hi[k] - o[k]) / d[k]);
        t0 = t0.max(a.min(b));
        t1 = t1.min(a.max(b));
        if t0 > t1 {
            return None;
        }
    }
    Some(t0)
}

impl Room {
    /// The nearest thing along the ray: an item's box (its footprint extruded over its height,
    /// turned by its yaw), a wall seen from inside the room (walls seen from outside are not
    /// hit, as the 3D view cuts them away), or the floor plane seen from above.
    pub fn pick(&self, ray: Ray) -> Option<Hit> {
        let (o, d) = ray.unit()?;
        let floor = ray.floor_point().map(|p| (p.distance(o), Target::Floor));
        [self.ray_item(o, d), self.ray_wall(o, d), floor]
            .into_iter()
            .flatten()
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(t, target)| Hit {
                target,
                point: o + d * t,
                distance: t,
            })
    }

    /// The nearest item along the ray, looking through walls.
    pub fn pick_item(&self, ray: Ray) -> Option<ItemId> {
        let (o, d) = ray.unit()?;
        match self.ray_item(o, d)? {
            (_, Target::Item(id)) => Some(id),
            _ => None,
        }
    }

    fn ray_item(&self, o: Vec3, d: Vec3) -> Option<(f32, Target)> {
        let mut best: Option<(f32, Target)> = None;
        for item in self.items() {
            let world_to_model = self.state.transform(item).inverse();
            let lo_o = world_to_model.transform_point3(o);
            let lo_d = world_to_model.transform_vector3(d);
            let s = item.size();
            let (z0, z1) = match item.pose {
                Pose::Floor { .. } => (-s.depth * 0.5, s.depth * 0.5),
                Pose::Wall { .. } => (0.0, s.depth),
            };
            let lo = Vec3::new(-s.width * 0.5, 0.0, z0);
            let hi = Vec3::new(s.width * 0.5, s.height, z1);
            if let Some(t) = ray_box(lo_o, lo_d, lo, hi) {
                if t.is_finite() && best.is_none_or(|(b, _)| t < b) {
                    best = Some((t, Target::Item(item.id)));
                }
            }
        }
        best
    }

    fn ray_wall(&self, o: Vec3, d: Vec3) -> Option<(f32, Target)> {
        let mut best: Option<(f32, Target)> = None;
        for (i, w) in self.walls().iter().enumerate() {
            let n = w.inward();
            let n3 = Vec3::new(n.x, 0.0, n.y);
            let denom = d.dot(n3);
            if denom >= -1e-6 {
                continue;
            }
            let a = w.start();
            let t = (Vec3::new(a.x, 0.0, a.y) - o).dot(n3) / denom;
            if !t.is_finite() || t < 0.0 {
                continue;
            }
            let p = o + d * t;
            let along = w.offset_of(Vec2::new(p.x, p.z));
            let on_wall = (0.0..=w.length()).contains(&along) && (0.0..=w.height()).contains(&p.y);
            if on_wall && best.is_none_or(|(b, _)| t < b) {
                best = Some((t, Target::Wall(i)));
            }
        }
        best
    }
}
