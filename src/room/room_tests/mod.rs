//! Behaviour of [`Room`] as a whole, by concern, with the helpers they share.

mod history;
mod motion;
mod placement;
mod share;
mod shift;
mod view;

use glam::{Vec2, Vec3};

use super::*;
use crate::catalog::{Dimensions, Placement};

fn product(retailer: &str, id: &str, w: u32, d: u32, h: u32, placement: Placement) -> NewItem {
    NewItem {
        retailer: retailer.into(),
        product: id.into(),
        variant: None,
        dimensions_mm: Dimensions {
            width: w,
            depth: d,
            height: h,
        },
        placement,
    }
}

fn sofa() -> NewItem {
    NewItem {
        variant: Some("grey".into()),
        ..product("nordhem", "sofa-bergen", 2100, 920, 830, Placement::Floor)
    }
}

fn armchair() -> NewItem {
    product("oakline", "armchair", 820, 800, 900, Placement::Floor)
}

fn picture() -> NewItem {
    product("nordhem", "print", 700, 30, 500, Placement::Wall)
}

fn pos(room: &Room, id: ItemId) -> Vec2 {
    match room.item(id).map(|i| i.pose) {
        Some(Pose::Floor { x_mm, z_mm, .. }) => Vec2::new(x_mm as f32, z_mm as f32) / 1000.0,
        other => panic!("not on the floor: {other:?}"),
    }
}

fn assert_no_overlaps(room: &Room) {
    let items = room.items();
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            let flat = |i: &PlacedItem| {
                i.placement == Placement::Floor && i.dimensions_mm.height <= FLAT_ITEM_MAX_HEIGHT_MM
            };
            if a.placement != b.placement || flat(a) || flat(b) {
                continue;
            }
            let (fa, fb) = (room.footprint(a.id), room.footprint(b.id));
            let (Some(fa), Some(fb)) = (fa, fb) else {
                panic!("missing footprint")
            };
            if a.placement == Placement::Wall {
                let (ra, rb) = (room.height_range(a.id), room.height_range(b.id));
                let (Some(ra), Some(rb)) = (ra, rb) else {
                    panic!("missing range")
                };
                if ra.1 <= rb.0 || rb.1 <= ra.0 {
                    continue;
                }
            }
            assert!(!fa.overlaps(&fb), "{:?} overlaps {:?}", a, b);
        }
    }
    if let Some(b) = room.layout().bounds {
        for item in items.iter().filter(|i| i.placement != Placement::Wall) {
            let Some(f) = room.footprint(item.id) else {
                panic!("missing footprint")
            };
            for c in f.corners() {
                assert!(
                    c.cmpge(b.min() - 1e-4).all() && c.cmple(b.max() + 1e-4).all(),
                    "{item:?} outside at {c}"
                );
            }
        }
    }
}

/// A tiny seeded PRNG (SplitMix64) for property-style loops.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }
}
