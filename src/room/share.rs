//! Share codes and JSON export: a room (walls, items with retailer, product, variant and pose)
//! as a compact URL-safe text that restores it exactly.
//!
//! # Share code format, version 1
//!
//! base64url without padding of these bytes (varint = LEB128, signed = zigzag varint):
//!
//! ```text
//! version         u8 = 1
//! layout          u8 kind: 0 open floor | 1 rectangle | 2 general
//!   rectangle:    varint width_mm, depth_mm, height_mm  (Layout::rectangle_mm)
//!   general:      u8 has_bounds, [signed min_x, min_z, max_x, max_z],
//!                 varint wall count, per wall: signed x0, z0, x1, z1, varint height
//! strings         varint count, per string: varint byte length, UTF-8 bytes
//! products        varint count, per product: varint retailer string, varint product string,
//!                 varint width_mm, depth_mm, height_mm, u8 placement (0 floor, 1 wall, 2 tabletop)
//! items           varint count, per item: varint product, varint variant (0 none, else string+1),
//!   floor/tabletop: signed x_mm, z_mm, varint yaw in tenths of a degree
//!   wall:           varint wall, signed offset_mm, signed elevation_mm
//! checksum        u16 big-endian CRC-16/CCITT-FALSE of everything before it
//! ```
//!
//! Later versions get a new version byte; `decode` keeps reading every older one.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::codec::{Reader, Writer, base64url_decode, base64url_encode, crc16};
use super::error::{RoomError, ShareCodeError};
use super::item::{ItemId, PlacedItem, Pose, YAW_STEPS};
use super::layout::{FloorBounds, Layout, Wall};
use super::room::{Room, State};
use super::validate::{MAX_COORD_MM, MAX_ID_LEN, MAX_ITEMS, MAX_SIZE_MM, MAX_WALLS};
use crate::catalog::{Dimensions, Placement};

/// The share code version this roomfit writes.
pub const SHARE_CODE_VERSION: u8 = 1;
/// The longest share code accepted (characters).
pub const MAX_SHARE_CODE_LEN: usize = 65_536;
/// The largest JSON room accepted (bytes).
pub const MAX_JSON_LEN: usize = 4 << 20;

const LAYOUT_OPEN: u8 = 0;
const LAYOUT_RECT: u8 = 1;
const LAYOUT_GENERAL: u8 = 2;

fn placement_code(p: Placement) -> u8 {
    match p {
        Placement::Floor => 0,
        Placement::Wall => 1,
        Placement::Tabletop => 2,
    }
}

fn malformed(msg: impl Into<String>) -> ShareCodeError {
    ShareCodeError::Malformed(msg.into())
}

impl Room {
    /// The room as a share code (version [`SHARE_CODE_VERSION`]).
    pub fn share_code(&self) -> String {
        base64url_encode(&encode_v1(&self.state))
    }

    /// Restores a room from a share code of any version this roomfit knows. Leading and
    /// trailing whitespace is ignored. Items get fresh ids, the history is empty.
    pub fn from_share_code(code: &str) -> Result<Room, RoomError> {
        let code = code.trim();
        if code.is_empty() {
            return Err(ShareCodeError::Empty.into());
        }
        if code.len() > MAX_SHARE_CODE_LEN {
            return Err(ShareCodeError::TooLong(code.len()).into());
        }
        let bytes = base64url_decode(code)?;
        let (&version, _) = bytes.split_first().ok_or(ShareCodeError::Truncated)?;
        let state = match version {
            1 => decode_v1(&bytes)?,
            v => return Err(ShareCodeError::UnsupportedVersion(v).into()),
        };
        Room::from_state(state)
    }
}

fn encode_v1(state: &State) -> Vec<u8> {
    let mut w = Writer::default();
    w.u8(1);
    match state.layout.as_rectangle() {
        _ if state.layout == Layout::open() => w.u8(LAYOUT_OPEN),
        Some((width, depth, height)) => {
            w.u8(LAYOUT_RECT);
            for v in [width, depth, height] {
                w.varint(v.into());
            }
        }
        None => {
            w.u8(LAYOUT_GENERAL);
            match state.layout.bounds {
                Some(b) => {
                    w.u8(1);
                    for v in [b.min_x_mm, b.min_z_mm, b.max_x_mm, b.max_z_mm] {
                        w.signed(v.into());
                    }
                }
                None => w.u8(0),
            }
            w.varint(state.layout.walls.len() as u64);
            for wall in &state.layout.walls {
                for v in wall.start_mm.into_iter().chain(wall.end_mm) {
                    w.signed(v.into());
                }
                w.varint(wall.height_mm.into());
            }
        }
    }
    // String and product tables, in order of first use.
    let tables = Tables::build(&state.items);
    w.varint(tables.strings.len() as u64);
    for s in &tables.strings {
        w.str(s);
    }
    w.varint(tables.products.len() as u64);
    for p in &tables.products {
        w.varint(p.retailer);
        w.varint(p.product);
        for v in [p.dims.width, p.dims.depth, p.dims.height] {
            w.varint(v.into());
        }
        w.u8(placement_code(p.placement));
    }
    w.varint(state.items.len() as u64);
    for (item, &product) in state.items.iter().zip(&tables.item_products) {
        w.varint(product);
        w.varint(item.variant.as_deref().map_or(0, |v| tables.string(v) + 1));
        match item.pose {
            Pose::Floor {
                x_mm,
                z_mm,
                yaw_tenths,
            } => {
                w.signed(x_mm.into());
                w.signed(z_mm.into());
                w.varint(yaw_tenths.into());
            }
            Pose::Wall {
                wall,
                offset_mm,
                elevation_mm,
            } => {
                w.varint(wall.into());
                w.signed(offset_mm.into());
                w.signed(elevation_mm.into());
            }
        }
    }
    let crc = crc16(&w.bytes);
    w.bytes.extend_from_slice(&crc.to_be_bytes());
    w.bytes
}

struct ProductEntry {
    retailer: u64,
    product: u64,
    dims: Dimensions,
    placement: Placement,
}

/// The string and product tables of a room, and each item's product index.
struct Tables<'a> {
    strings: Vec<&'a str>,
    index: HashMap<&'a str, u64>,
    products: Vec<ProductEntry>,
    item_products: Vec<u64>,
}

impl<'a> Tables<'a> {
    fn build(items: &'a [PlacedItem]) -> Self {
        let mut t = Tables {
            strings: Vec::new(),
            index: HashMap::new(),
            products: Vec::new(),
            item_products: Vec::with_capacity(items.len()),
        };
        let mut product_index: HashMap<(u64, u64, [u32; 3], u8), u64> = HashMap::new();
        for item in items {
            let retailer = t.intern(&item.retailer);
            let product = t.intern(&item.product);
            if let Some(v) = &item.variant {
                t.intern(v);
            }
            let d = item.dimensions_mm;
            let key = (
                retailer,
                product,
                [d.width, d.depth, d.height],
                placement_code(item.placement),
            );
            let next = t.products.len() as u64;
            let p = *product_index.entry(key).or_insert_with(|| {
                t.products.push(ProductEntry {
                    retailer,
                    product,
                    dims: item.dimensions_mm,
                    placement: item.placement,
                });
                next
            });
            t.item_products.push(p);
        }
        t
    }

    fn intern(&mut self, s: &'a str) -> u64 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.strings.len() as u64;
        self.strings.push(s);
        self.index.insert(s, i);
        i
    }

    fn string(&self, s: &str) -> u64 {
        self.index.get(s).copied().unwrap_or(0)
    }
}

fn decode_v1(bytes: &[u8]) -> Result<State, ShareCodeError> {
    if bytes.len() < 3 {
        return Err(ShareCodeError::Truncated);
    }
    let (body, crc) = bytes.split_at(bytes.len() - 2);
    if crc16(body).to_be_bytes() != crc {
        return Err(ShareCodeError::Checksum);
    }
    let mut r = Reader::new(body);
    r.u8()?; // the version
    let size = |r: &mut Reader, what: &str| -> Result<u32, ShareCodeError> {
        let v = r.bounded(what, MAX_SIZE_MM.into())? as u32;
        if v == 0 {
            return Err(malformed(format!("{what} is zero")));
        }
        Ok(v)
    };
    let layout = match r.u8()? {
        LAYOUT_OPEN => Layout::open(),
        LAYOUT_RECT => {
            let width = size(&mut r, "room width")?;
            let depth = size(&mut r, "room depth")?;
            let height = size(&mut r, "wall height")?;
            Layout::rectangle_mm(width, depth, height)
        }
        LAYOUT_GENERAL => {
            let bounds = match r.u8()? {
                0 => None,
                1 => {
                    let mut c = [0i32; 4];
                    for v in &mut c {
                        *v = r.signed_i32("floor bounds", MAX_COORD_MM)?;
                    }
                    Some(FloorBounds {
                        min_x_mm: c[0],
                        min_z_mm: c[1],
                        max_x_mm: c[2],
                        max_z_mm: c[3],
                    })
                }
                k => return Err(malformed(format!("floor bounds flag {k}"))),
            };
            let count = r.bounded("wall count", MAX_WALLS as u64)? as usize;
            let mut walls = Vec::with_capacity(count);
            for _ in 0..count {
                let mut c = [0i32; 4];
                for v in &mut c {
                    *v = r.signed_i32("wall corner", MAX_COORD_MM)?;
                }
                walls.push(Wall {
                    start_mm: [c[0], c[1]],
                    end_mm: [c[2], c[3]],
                    height_mm: size(&mut r, "wall height")?,
                });
            }
            Layout { bounds, walls }
        }
        k => return Err(malformed(format!("unknown room shape {k}"))),
    };
    let count = r.bounded("string count", (3 * MAX_ITEMS) as u64)? as usize;
    let mut strings = Vec::with_capacity(count.min(r.remaining()));
    for _ in 0..count {
        strings.push(r.str(MAX_ID_LEN)?);
    }
    let string = |i: u64| -> Result<String, ShareCodeError> {
        strings
            .get(i as usize)
            .cloned()
            .ok_or_else(|| malformed(format!("text {i} does not exist")))
    };
    let count = r.bounded("product count", MAX_ITEMS as u64)? as usize;
    let mut products = Vec::with_capacity(count.min(r.remaining()));
    for _ in 0..count {
        let retailer = string(r.varint()?)?;
        let product = string(r.varint()?)?;
        let dims = Dimensions {
            width: size(&mut r, "product width")?,
            depth: size(&mut r, "product depth")?,
            height: size(&mut r, "product height")?,
        };
        let placement = match r.u8()? {
            0 => Placement::Floor,
            1 => Placement::Wall,
            2 => Placement::Tabletop,
            k => return Err(malformed(format!("unknown placement {k}"))),
        };
        products.push((retailer, product, dims, placement));
    }
    let count = r.bounded("item count", MAX_ITEMS as u64)? as usize;
    let mut items = Vec::with_capacity(count.min(r.remaining()));
    for n in 0..count {
        let p = r.varint()?;
        let (retailer, product, dims, placement) = products
            .get(p as usize)
            .cloned()
            .ok_or_else(|| malformed(format!("product {p} does not exist")))?;
        let variant = match r.varint()? {
            0 => None,
            k => Some(string(k - 1)?),
        };
        let pose = match placement {
            Placement::Wall => Pose::Wall {
                wall: r.bounded("wall index", MAX_WALLS as u64)? as u32,
                offset_mm: r.signed_i32("wall offset", MAX_COORD_MM)?,
                elevation_mm: r.signed_i32("elevation", MAX_SIZE_MM as i32)?,
            },
            Placement::Floor | Placement::Tabletop => Pose::Floor {
                x_mm: r.signed_i32("x", MAX_COORD_MM)?,
                z_mm: r.signed_i32("z", MAX_COORD_MM)?,
                yaw_tenths: r.bounded("yaw", (YAW_STEPS - 1) as u64)? as u16,
            },
        };
        items.push(PlacedItem {
            id: ItemId(n as u32 + 1),
            retailer,
            product,
            variant,
            dimensions_mm: dims,
            placement,
            pose,
        });
    }
    if r.remaining() > 0 {
        return Err(ShareCodeError::TrailingBytes(r.remaining()));
    }
    Ok(State { layout, items })
}

/// The JSON export: the same content as a share code, readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoomJson {
    /// Format version; 1.
    version: u32,
    layout: Layout,
    items: Vec<ItemJson>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemJson {
    retailer: String,
    product: String,
    #[serde(default)]
    variant: Option<String>,
    dimensions_mm: Dimensions,
    placement: Placement,
    pose: Pose,
}

impl Room {
    /// The room as JSON (`{"version": 1, "layout": …, "items": […]}`), pretty-printed.
    pub fn to_json(&self) -> String {
        super::json_out::room_json(&self.state.layout, &self.state.items)
    }

    /// What serde_json writes for the export's types; `to_json` must write exactly this.
    #[cfg(test)]
    pub(crate) fn to_json_serde(&self) -> String {
        let doc = RoomJson {
            version: 1,
            layout: self.state.layout.clone(),
            items: self
                .state
                .items
                .iter()
                .map(|i| ItemJson {
                    retailer: i.retailer.clone(),
                    product: i.product.clone(),
                    variant: i.variant.clone(),
                    dimensions_mm: i.dimensions_mm,
                    placement: i.placement,
                    pose: i.pose,
                })
                .collect(),
        };
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    }

    /// Restores a room from [`Room::to_json`] output. Items get fresh ids.
    pub fn from_json(json: &str) -> Result<Room, RoomError> {
        if json.len() > MAX_JSON_LEN {
            return Err(RoomError::Json(format!("larger than {MAX_JSON_LEN} bytes")));
        }
        let doc: RoomJson =
            serde_json::from_str(json).map_err(|e| RoomError::Json(e.to_string()))?;
        if doc.version != 1 {
            return Err(RoomError::Json(format!(
                "version {} is not supported",
                doc.version
            )));
        }
        if doc.items.len() > MAX_ITEMS {
            return Err(RoomError::Json(format!("more than {MAX_ITEMS} items")));
        }
        let items = doc
            .items
            .into_iter()
            .enumerate()
            .map(|(n, i)| PlacedItem {
                id: ItemId(n as u32 + 1),
                retailer: i.retailer,
                product: i.product,
                variant: i.variant,
                dimensions_mm: i.dimensions_mm,
                placement: i.placement,
                pose: i.pose,
            })
            .collect();
        Room::from_state(State {
            layout: doc.layout,
            items,
        })
    }
}
