//! Placed items: what was placed (retailer, product, variant, true size) and where (its pose).

use std::f32::consts::PI;

use glam::Vec2;
use serde::{Deserialize, Serialize};

use crate::catalog::{Dimensions, Placement, Product};

/// Identifies a placed item within one [`Room`](super::Room) session. Ids are never reused in a
/// session; share codes and JSON do not carry them (a restored room numbers its items afresh).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemId(pub u32);

/// Tenths of a degree in a full turn.
pub const YAW_STEPS: i32 = 3600;

/// Where an item is, quantized exactly as the share code stores it: millimetres and tenths of a
/// degree. Floor and tabletop items use [`Pose::Floor`], wall items [`Pose::Wall`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "on", rename_all = "lowercase", deny_unknown_fields)]
pub enum Pose {
    /// Standing on the floor (or on a table): the footprint centre and the yaw.
    Floor {
        /// Footprint centre x, mm.
        x_mm: i32,
        /// Footprint centre z, mm.
        z_mm: i32,
        /// Yaw about +Y in tenths of a degree, `0..3600` (0 = front facing +Z).
        yaw_tenths: u16,
    },
    /// Hanging on a wall, facing into the room: the back-bottom-centre of the item.
    Wall {
        /// Index into the room's walls.
        wall: u32,
        /// Distance along the wall from its start to the item's centre line, mm.
        offset_mm: i32,
        /// Height of the item's bottom above the floor, mm.
        elevation_mm: i32,
    },
}

/// A product to place: what the catalog says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewItem {
    /// Retailer id.
    pub retailer: String,
    /// Product id within the retailer.
    pub product: String,
    /// Variant SKU (the catalog's `Variant::sku`), if one is chosen.
    pub variant: Option<String>,
    /// True size (the catalog's `dimensions_mm`).
    pub dimensions_mm: Dimensions,
    /// Floor, wall or tabletop.
    pub placement: Placement,
}

impl NewItem {
    /// Checks the ids and the size as [`Room::add`](super::Room::add) would.
    pub fn check(&self) -> Result<(), super::RoomError> {
        super::validate::check_new_item(self)
    }

    /// The catalog product `product` of retailer `retailer_id`, in the variant with SKU
    /// `variant_sku` (`None`: no variant chosen).
    pub fn from_product(retailer_id: &str, product: &Product, variant_sku: Option<&str>) -> Self {
        Self {
            retailer: retailer_id.to_string(),
            product: product.id.clone(),
            variant: variant_sku.map(str::to_string),
            dimensions_mm: product.dimensions_mm,
            placement: product.placement,
        }
    }
}

/// An item in the room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlacedItem {
    /// Session id.
    pub id: ItemId,
    /// Retailer id.
    pub retailer: String,
    /// Product id within the retailer.
    pub product: String,
    /// Variant SKU, if one is chosen.
    pub variant: Option<String>,
    /// True size in millimetres: width (x), depth (z), height (y). Never changed by the room.
    pub dimensions_mm: Dimensions,
    /// Floor, wall or tabletop.
    pub placement: Placement,
    /// Where it is.
    pub pose: Pose,
}

/// Width, depth and height in metres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Size {
    /// Along the item's x (left to right seen from the front).
    pub width: f32,
    /// Along the item's z (back to front).
    pub depth: f32,
    /// Along y.
    pub height: f32,
}

impl Size {
    /// The size of catalog dimensions, in metres.
    pub fn from_mm(d: Dimensions) -> Self {
        Self {
            width: d.width as f32 / 1000.0,
            depth: d.depth as f32 / 1000.0,
            height: d.height as f32 / 1000.0,
        }
    }
}

impl PlacedItem {
    /// True size in metres.
    pub fn size(&self) -> Size {
        Size::from_mm(self.dimensions_mm)
    }

    /// What was placed, without the pose.
    pub fn product_ref(&self) -> NewItem {
        NewItem {
            retailer: self.retailer.clone(),
            product: self.product.clone(),
            variant: self.variant.clone(),
            dimensions_mm: self.dimensions_mm,
            placement: self.placement,
        }
    }
}

/// Millimetres to metres.
pub(crate) fn m(mm: i32) -> f32 {
    mm as f32 / 1000.0
}

/// Metres to the nearest millimetre (saturating; NaN gives 0).
pub(crate) fn mm(m: f32) -> i32 {
    (m * 1000.0).round() as i32
}

/// Floor position in metres of a floor pose.
pub(crate) fn floor_pos(x_mm: i32, z_mm: i32) -> Vec2 {
    Vec2::new(m(x_mm), m(z_mm))
}

/// Tenths of a degree to radians.
pub fn yaw_radians(tenths: u16) -> f32 {
    tenths as f32 * (PI / 1800.0)
}

/// Radians to tenths of a degree in `0..3600`, rounded (NaN gives 0).
pub fn yaw_tenths(radians: f32) -> u16 {
    let t = (radians * (1800.0 / PI)).round();
    let t = if t.is_finite() {
        (t as i64).rem_euclid(YAW_STEPS as i64)
    } else {
        0
    };
    t as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaw_quantization_round_trips() {
        for t in 0..3600u16 {
            assert_eq!(yaw_tenths(yaw_radians(t)), t);
        }
        assert_eq!(yaw_tenths(-PI / 2.0), 2700);
        assert_eq!(yaw_tenths(2.0 * PI), 0);
        assert_eq!(yaw_tenths(f32::NAN), 0);
    }

    #[test]
    fn millimetres_round_trip() {
        for v in [-100_000, -1, 0, 1, 925, 99_999] {
            assert_eq!(mm(m(v)), v);
        }
    }
}
