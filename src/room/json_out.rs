//! Writes the room's JSON export without serde_json, so the browser build (which offers the
//! export) carries no JSON serializer. The output is byte for byte what
//! `serde_json::to_string_pretty` writes for the export's serde types (a test checks this), so
//! `Room::from_json` reads it back.

use super::item::{PlacedItem, Pose};
use super::layout::Layout;
use crate::asset::json::write_string;
use crate::catalog::Placement;

/// A JSON value to print.
enum V {
    Null,
    Int(i64),
    Str(String),
    Arr(Vec<V>),
    Obj(Vec<(&'static str, V)>),
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// serde_json's pretty format: two-space indents, every member and element on its own line,
/// `"key": value`, empty arrays and objects as `[]` and `{}`.
fn write(out: &mut String, v: &V, level: usize) {
    match v {
        V::Null => out.push_str("null"),
        V::Int(n) => out.push_str(&n.to_string()),
        V::Str(s) => write_string(out, s),
        V::Arr(items) if items.is_empty() => out.push_str("[]"),
        V::Obj(members) if members.is_empty() => out.push_str("{}"),
        V::Arr(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                indent(out, level + 1);
                write(out, item, level + 1);
            }
            out.push('\n');
            indent(out, level);
            out.push(']');
        }
        V::Obj(members) => {
            out.push_str("{\n");
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                indent(out, level + 1);
                write_string(out, k);
                out.push_str(": ");
                write(out, item, level + 1);
            }
            out.push('\n');
            indent(out, level);
            out.push('}');
        }
    }
}

fn pair(v: [i32; 2]) -> V {
    V::Arr(vec![V::Int(v[0].into()), V::Int(v[1].into())])
}

fn layout(l: &Layout) -> V {
    let bounds = match l.bounds {
        None => V::Null,
        Some(b) => V::Obj(vec![
            ("min_x_mm", V::Int(b.min_x_mm.into())),
            ("min_z_mm", V::Int(b.min_z_mm.into())),
            ("max_x_mm", V::Int(b.max_x_mm.into())),
            ("max_z_mm", V::Int(b.max_z_mm.into())),
        ]),
    };
    let walls = l
        .walls
        .iter()
        .map(|w| {
            V::Obj(vec![
                ("start_mm", pair(w.start_mm)),
                ("end_mm", pair(w.end_mm)),
                ("height_mm", V::Int(w.height_mm.into())),
            ])
        })
        .collect();
    V::Obj(vec![("bounds", bounds), ("walls", V::Arr(walls))])
}

fn item(i: &PlacedItem) -> V {
    let d = i.dimensions_mm;
    let pose = match i.pose {
        Pose::Floor {
            x_mm,
            z_mm,
            yaw_tenths,
        } => V::Obj(vec![
            ("on", V::Str("floor".into())),
            ("x_mm", V::Int(x_mm.into())),
            ("z_mm", V::Int(z_mm.into())),
            ("yaw_tenths", V::Int(yaw_tenths.into())),
        ]),
        Pose::Wall {
            wall,
            offset_mm,
            elevation_mm,
        } => V::Obj(vec![
            ("on", V::Str("wall".into())),
            ("wall", V::Int(wall.into())),
            ("offset_mm", V::Int(offset_mm.into())),
            ("elevation_mm", V::Int(elevation_mm.into())),
        ]),
    };
    let placement = match i.placement {
        Placement::Floor => "floor",
        Placement::Wall => "wall",
        Placement::Tabletop => "tabletop",
    };
    V::Obj(vec![
        ("retailer", V::Str(i.retailer.clone())),
        ("product", V::Str(i.product.clone())),
        ("variant", i.variant.clone().map_or(V::Null, V::Str)),
        (
            "dimensions_mm",
            V::Obj(vec![
                ("width", V::Int(d.width.into())),
                ("depth", V::Int(d.depth.into())),
                ("height", V::Int(d.height.into())),
            ]),
        ),
        ("placement", V::Str(placement.into())),
        ("pose", pose),
    ])
}

/// The export document `{"version": 1, "layout": …, "items": […]}`, pretty-printed.
pub(crate) fn room_json(l: &Layout, items: &[PlacedItem]) -> String {
    let doc = V::Obj(vec![
        ("version", V::Int(1)),
        ("layout", layout(l)),
        ("items", V::Arr(items.iter().map(item).collect())),
    ]);
    let mut out = String::new();
    write(&mut out, &doc, 0);
    out
}
