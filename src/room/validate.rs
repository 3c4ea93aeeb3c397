//! Limits and checks for everything that enters a room from outside: new items, layouts, and
//! rooms read from share codes or JSON.

use super::error::RoomError;
use super::item::{NewItem, Pose, YAW_STEPS};
use super::layout::Layout;
use super::room::State;
use crate::catalog::{Dimensions, Placement};

/// Most items in one room.
pub const MAX_ITEMS: usize = 500;
/// Most walls in one room.
pub const MAX_WALLS: usize = 64;
/// Longest retailer, product or variant id, in bytes.
pub const MAX_ID_LEN: usize = 200;
/// Largest coordinate magnitude, mm (100 m).
pub const MAX_COORD_MM: i32 = 100_000;
/// Largest item dimension or wall height, mm (50 m).
pub const MAX_SIZE_MM: u32 = 50_000;

fn invalid(what: &'static str, detail: impl Into<String>) -> RoomError {
    RoomError::Invalid {
        what,
        detail: detail.into(),
    }
}

fn check_id(what: &'static str, s: &str) -> Result<(), RoomError> {
    if s.is_empty() {
        return Err(invalid(what, "is empty"));
    }
    if s.len() > MAX_ID_LEN {
        return Err(invalid(what, format!("is longer than {MAX_ID_LEN} bytes")));
    }
    if s.chars().any(char::is_control) {
        return Err(invalid(what, "contains control characters"));
    }
    Ok(())
}

fn check_coord(what: &'static str, v: i32) -> Result<(), RoomError> {
    if v.abs() > MAX_COORD_MM {
        return Err(invalid(
            what,
            format!("{v} mm is beyond ±{MAX_COORD_MM} mm"),
        ));
    }
    Ok(())
}

/// Checks an item's identity and true size.
pub(crate) fn check_new_item(item: &NewItem) -> Result<(), RoomError> {
    check_id("retailer", &item.retailer)?;
    check_id("product", &item.product)?;
    if let Some(v) = &item.variant {
        check_id("variant", v)?;
    }
    check_dimensions(item.dimensions_mm)
}

fn check_dimensions(d: Dimensions) -> Result<(), RoomError> {
    for (name, v) in [("width", d.width), ("depth", d.depth), ("height", d.height)] {
        if v == 0 || v > MAX_SIZE_MM {
            return Err(invalid(
                "dimensions",
                format!("{name} {v} mm is outside 1..={MAX_SIZE_MM} mm"),
            ));
        }
    }
    Ok(())
}

/// Checks walls and bounds.
pub(crate) fn check_layout(layout: &Layout) -> Result<(), RoomError> {
    if layout.walls.len() > MAX_WALLS {
        return Err(invalid("walls", format!("more than {MAX_WALLS}")));
    }
    if let Some(b) = layout.bounds {
        for v in [b.min_x_mm, b.min_z_mm, b.max_x_mm, b.max_z_mm] {
            check_coord("floor bounds", v)?;
        }
        if b.min_x_mm >= b.max_x_mm || b.min_z_mm >= b.max_z_mm {
            return Err(invalid("floor bounds", "minimum is not below maximum"));
        }
    }
    for (i, w) in layout.walls.iter().enumerate() {
        for v in w.start_mm.into_iter().chain(w.end_mm) {
            check_coord("wall", v)?;
        }
        if w.start_mm == w.end_mm {
            return Err(invalid("wall", format!("wall {i} has no length")));
        }
        if w.height_mm == 0 || w.height_mm > MAX_SIZE_MM {
            return Err(invalid(
                "wall",
                format!("wall {i} height {} mm is out of range", w.height_mm),
            ));
        }
    }
    Ok(())
}

/// Checks a whole room read from outside. Overlapping items are allowed (they can be pulled
/// apart); impossible values are not.
pub(crate) fn check_state(state: &State) -> Result<(), RoomError> {
    check_layout(&state.layout)?;
    if state.items.len() > MAX_ITEMS {
        return Err(invalid("items", format!("more than {MAX_ITEMS}")));
    }
    for item in &state.items {
        check_new_item(&item.product_ref())?;
        match (item.placement, item.pose) {
            (
                Placement::Floor | Placement::Tabletop,
                Pose::Floor {
                    x_mm,
                    z_mm,
                    yaw_tenths,
                },
            ) => {
                check_coord("position", x_mm)?;
                check_coord("position", z_mm)?;
                if i32::from(yaw_tenths) >= YAW_STEPS {
                    return Err(invalid("yaw", format!("{yaw_tenths} tenths of a degree")));
                }
            }
            (
                Placement::Wall,
                Pose::Wall {
                    wall,
                    offset_mm,
                    elevation_mm,
                },
            ) => {
                if wall as usize >= state.layout.walls.len() {
                    return Err(invalid("wall item", format!("wall {wall} does not exist")));
                }
                check_coord("wall offset", offset_mm)?;
                if !(0..=MAX_SIZE_MM as i32).contains(&elevation_mm) {
                    return Err(invalid("wall item", format!("elevation {elevation_mm} mm")));
                }
            }
            (p, _) => {
                return Err(invalid(
                    "pose",
                    format!(
                        "a {} item has the wrong kind of pose",
                        match p {
                            Placement::Floor => "Floor",
                            Placement::Wall => "Wall",
                            Placement::Tabletop => "Tabletop",
                        }
                    ),
                ));
            }
        }
    }
    Ok(())
}
