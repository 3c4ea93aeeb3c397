//! CPU cost of the room operations the 3D view runs per frame or per pointer event, with 1, 10
//! and 30 items. Ignored by default; run with
//! `cargo test --release --test room_speed -- --ignored --nocapture`.

use std::time::{Duration, Instant};

use glam::{Vec2, Vec3};
use roomfit::catalog::{Dimensions, Placement};
use roomfit::room::{Layout, NewItem, Ray, Room};

fn item(i: usize) -> NewItem {
    let sizes = [
        (2100, 920, 830),
        (860, 880, 800),
        (450, 520, 820),
        (900, 900, 420),
    ];
    let (width, depth, height) = sizes[i % sizes.len()];
    NewItem {
        retailer: "r".into(),
        product: format!("p{i}"),
        variant: None,
        dimensions_mm: Dimensions {
            width,
            depth,
            height,
        },
        placement: Placement::Floor,
    }
}

fn stats(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    (at(0.5), at(0.95))
}

#[test]
#[ignore = "timing report, not a check"]
fn room_operation_costs() {
    for n in [1usize, 10, 30] {
        let mut room = Room::with_layout(Layout::rectangle(12.0, 10.0, 2.6)).expect("room");
        let mut ids = Vec::new();
        for i in 0..n {
            let near = Vec2::new((i % 6) as f32 * 1.6 - 4.0, (i / 6) as f32 * 1.6 - 3.2);
            ids.push(room.add(item(i), near, 0.0).expect("add"));
        }
        let (mut moves, mut picks, mut frames) = (Vec::new(), Vec::new(), Vec::new());
        room.begin_gesture();
        for k in 0..2000 {
            let id = ids[k % ids.len()];
            let a = k as f32 * 0.37;
            let target = Vec2::new(a.cos() * 3.0, a.sin() * 2.5);
            let t = Instant::now();
            let _ = room.move_to(id, target);
            moves.push(t.elapsed());
            let ray = Ray::new(
                Vec3::new(0.0, 4.0, 6.0),
                Vec3::new(a.cos(), -1.0, a.sin() - 1.0),
            );
            let t = Instant::now();
            let _ = room.pick(ray);
            picks.push(t.elapsed());
            let t = Instant::now();
            let _ = room.scene_transforms();
            frames.push(t.elapsed());
        }
        room.end_gesture();
        // The slowest add: a big item with no free spot anywhere searches the whole room.
        let mut big = item(0);
        big.dimensions_mm.width = 11_500;
        big.dimensions_mm.depth = 9_500;
        let t = Instant::now();
        let refused = room.add(big, Vec2::ZERO, 0.0).is_err();
        let full_search = t.elapsed();
        assert!(refused || n == 1);
        let (m50, m95) = stats(moves);
        let (p50, p95) = stats(picks);
        let (f50, f95) = stats(frames);
        println!(
            "{n:>2} items: move_to {m50:?} / {m95:?}, pick {p50:?} / {p95:?}, \
             scene_transforms {f50:?} / {f95:?} (median / p95); add with no free spot \
             {full_search:?}"
        );
    }
}
