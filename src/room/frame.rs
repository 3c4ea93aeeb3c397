//! Where an item is in the world: its footprint on the floor, its height range and its
//! model-to-world transform.

use glam::{Mat4, Quat, Vec2, Vec3};

use super::geometry::Footprint;
use super::item::{PlacedItem, Pose, Size, floor_pos, m, yaw_radians};
use super::layout::Layout;
use super::room::State;
use crate::catalog::{Dimensions, Placement};

/// The footprint of an item of `dims` at `pose` in `layout`.
pub(crate) fn footprint_of(layout: &Layout, dims: Dimensions, pose: &Pose) -> Footprint {
    let size = Size::from_mm(dims);
    match *pose {
        Pose::Floor {
            x_mm,
            z_mm,
            yaw_tenths,
        } => Footprint::new(
            floor_pos(x_mm, z_mm),
            size.width,
            size.depth,
            yaw_radians(yaw_tenths),
        ),
        Pose::Wall {
            wall, offset_mm, ..
        } => match layout.walls.get(wall as usize) {
            Some(w) => {
                let back = w.point_at(m(offset_mm));
                Footprint {
                    center: back + w.inward() * (size.depth * 0.5),
                    half_extents: Vec2::new(size.width * 0.5, size.depth * 0.5),
                    axis: w.direction(),
                }
            }
            None => Footprint::new(Vec2::ZERO, size.width, size.depth, 0.0),
        },
    }
}

impl State {
    /// The item's footprint on the floor.
    pub(crate) fn footprint(&self, item: &PlacedItem) -> Footprint {
        footprint_of(&self.layout, item.dimensions_mm, &item.pose)
    }

    /// Height of the item's bottom: 0 on the floor, the top of the floor item under a tabletop
    /// item's centre, the stored elevation for wall items.
    pub(crate) fn elevation(&self, item: &PlacedItem) -> f32 {
        match item.pose {
            Pose::Wall { elevation_mm, .. } => m(elevation_mm),
            Pose::Floor { x_mm, z_mm, .. } if item.placement == Placement::Tabletop => {
                self.surface_under(floor_pos(x_mm, z_mm))
            }
            Pose::Floor { .. } => 0.0,
        }
    }

    /// The top of the highest floor item whose footprint holds `p`, or 0 (the floor).
    pub(crate) fn surface_under(&self, p: Vec2) -> f32 {
        self.items
            .iter()
            .filter(|i| i.placement == Placement::Floor && self.footprint(i).contains(p))
            .map(|i| i.size().height)
            .fold(0.0, f32::max)
    }

    /// Bottom and top heights of the item.
    pub(crate) fn vertical_range(&self, item: &PlacedItem) -> (f32, f32) {
        let y0 = self.elevation(item);
        (y0, y0 + item.size().height)
    }

    /// Yaw of the item in radians (wall items face into the room).
    pub(crate) fn yaw(&self, item: &PlacedItem) -> f32 {
        match item.pose {
            Pose::Floor { yaw_tenths, .. } => yaw_radians(yaw_tenths),
            Pose::Wall { wall, .. } => self
                .layout
                .walls
                .get(wall as usize)
                .map_or(0.0, |w| w.facing_yaw()),
        }
    }

    /// Model to world: floor and tabletop models have their origin at the footprint centre on
    /// their base, wall models at their back-bottom-centre; the front is +Z in both.
    pub(crate) fn transform(&self, item: &PlacedItem) -> Mat4 {
        let y = self.elevation(item);
        let origin = match item.pose {
            Pose::Floor { x_mm, z_mm, .. } => floor_pos(x_mm, z_mm),
            Pose::Wall {
                wall, offset_mm, ..
            } => self
                .layout
                .walls
                .get(wall as usize)
                .map_or(Vec2::ZERO, |w| w.point_at(m(offset_mm))),
        };
        Mat4::from_rotation_translation(
            Quat::from_rotation_y(self.yaw(item)),
            Vec3::new(origin.x, y, origin.y),
        )
    }
}
