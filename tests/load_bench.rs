//! Load time and peak memory for a large GLB (a benchmark, not a timed test: it is ignored by
//! default). Run:
//!
//!     cargo test --release --test load_bench -- --ignored --nocapture
//!
//! The GLB (about 50 MB) is built in memory: a finely tessellated floor panel with positions,
//! normals, UVs and u32 indices, so the loader meets a file of the size retailers export
//! straight from CAD. A counting allocator measures the peak heap, of `asset::load` (the file
//! borrowed: file and model at once) and of `asset::load_owned` (the browser's load: the file's
//! memory is reused for the model as it is read). One test that is not ignored checks the
//! owned load's peak on a smaller file.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    // The system's own realloc, so that a shrink (`Vec::shrink_to_fit`) counts as freeing the
    // tail, as the browser's allocator (talc) does in place, and not as a new allocation and a
    // copy (GlobalAlloc's default realloc).
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grown = new_size - layout.size();
                let now = CURRENT.fetch_add(grown, Ordering::Relaxed) + grown;
                // A realloc that moves holds both blocks for a moment.
                let during = if p == ptr { now } else { now + layout.size() };
                PEAK.fetch_max(during, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

/// Measurements of the allocator's peak must not overlap.
static MEASURING: Mutex<()> = Mutex::new(());

/// Runs `f`, returning its result, the peak heap above what was allocated before it, and what
/// it left allocated.
fn measure<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    let kept = CURRENT.load(Ordering::Relaxed).saturating_sub(base);
    (out, peak, kept)
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// A GLB of about `target_bytes`: one grid mesh (POSITION, NORMAL, TEXCOORD_0, u32 indices).
pub fn big_glb(target_bytes: usize) -> Vec<u8> {
    // Per vertex 32 bytes, per quad 24 bytes of indices: about 56 bytes per grid cell.
    let n = ((target_bytes / 56) as f64).sqrt() as u32;
    let verts = (n + 1) * (n + 1);
    let mut bin = Vec::with_capacity(target_bytes + 1024);
    for y in 0..=n {
        for x in 0..=n {
            let (u, v) = (x as f32 / n as f32, y as f32 / n as f32);
            let h = 0.01 * ((u * 40.0).sin() * (v * 40.0).cos());
            for f in [u * 2.0 - 1.0, h, v * 2.0 - 1.0] {
                bin.extend(f.to_le_bytes());
            }
        }
    }
    let pos_len = bin.len();
    for _ in 0..verts {
        for f in [0.0f32, 1.0, 0.0] {
            bin.extend(f.to_le_bytes());
        }
    }
    let nrm_len = bin.len() - pos_len;
    for y in 0..=n {
        for x in 0..=n {
            for f in [x as f32 / n as f32, y as f32 / n as f32] {
                bin.extend(f.to_le_bytes());
            }
        }
    }
    let uv_off = pos_len + nrm_len;
    let uv_len = bin.len() - uv_off;
    let idx_off = bin.len();
    for y in 0..n {
        for x in 0..n {
            let i = y * (n + 1) + x;
            for k in [i, i + n + 1, i + 1, i + 1, i + n + 1, i + n + 2] {
                bin.extend(k.to_le_bytes());
            }
        }
    }
    let idx_len = bin.len() - idx_off;
    let json = serde_json::json!({
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0, "NORMAL": 1, "TEXCOORD_0": 2}, "indices": 3}]}],
        "buffers": [{"byteLength": bin.len()}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": pos_len},
            {"buffer": 0, "byteOffset": pos_len, "byteLength": nrm_len},
            {"buffer": 0, "byteOffset": uv_off, "byteLength": uv_len},
            {"buffer": 0, "byteOffset": idx_off, "byteLength": idx_len}
        ],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": verts, "type": "VEC3", "min": [-1.0, -0.01, -1.0], "max": [1.0, 0.01, 1.0]},
            {"bufferView": 1, "componentType": 5126, "count": verts, "type": "VEC3"},
            {"bufferView": 2, "componentType": 5126, "count": verts, "type": "VEC2"},
            {"bufferView": 3, "componentType": 5125, "count": n * n * 6, "type": "SCALAR"}
        ]
    });
    let mut text = serde_json::to_vec(&json).unwrap();
    while !text.len().is_multiple_of(4) {
        text.push(b' ');
    }
    let mut out = b"glTF".to_vec();
    out.extend(2u32.to_le_bytes());
    out.extend(((28 + text.len() + bin.len()) as u32).to_le_bytes());
    out.extend((text.len() as u32).to_le_bytes());
    out.extend(b"JSON");
    out.extend(&text);
    out.extend((bin.len() as u32).to_le_bytes());
    out.extend(b"BIN\0");
    out.extend(&bin);
    out
}

#[test]
#[ignore = "benchmark: run with --release -- --ignored --nocapture"]
fn load_a_50_mb_glb() {
    let _one = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let glb = big_glb(50 * 1000 * 1000);
    let limits = roomfit::asset::Limits::default();
    let size = glb.len() as f64;
    let mb = size / 1e6;
    for owned in [false, true] {
        let mut times = Vec::new();
        let mut peaks = Vec::new();
        let mut kept = Vec::new();
        for _ in 0..5 {
            // The owned load is handed its own copy of the file, made before measuring: like
            // the borrowed load's file, it is counted in the base, not in the peak above it.
            let file = owned.then(|| glb.clone());
            let start = Instant::now();
            let (model, peak, left) = measure(|| match file {
                Some(file) => roomfit::asset::load_owned(file, &limits, None),
                None => roomfit::asset::load(&glb, &limits, None),
            });
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            let model = model.expect("the big GLB loads");
            assert!(model.stats.triangles > 1_000_000);
            peaks.push(peak);
            // The owned load frees the file: what it leaves is the model minus the file.
            kept.push(if owned { left + glb.len() } else { left });
            drop(model);
        }
        times.sort_by(f64::total_cmp);
        peaks.sort();
        kept.sort();
        let (how, what) = if owned {
            ("load_owned", "the file handed over")
        } else {
            ("load", "the file itself")
        };
        println!(
            "{how} {mb:.1} MB GLB: median {:.0} ms ({:.0} MB/s); peak heap during load {:.1} MB above {what} = {:.3}× the file size (file + load = {:.3}×); the Model it returns holds {:.1} MB ({:.3}× the file)",
            times[2],
            mb / (times[2] / 1000.0),
            peaks[2] as f64 / 1e6,
            peaks[2] as f64 / size,
            1.0 + peaks[2] as f64 / size,
            kept[2] as f64 / 1e6,
            kept[2] as f64 / size,
        );
    }
}

/// The owned load of a GLB whose largest accessor (the u32 indices, 43% of the file) lies at
/// its end needs the file plus that accessor at its peak, not the file plus the whole model:
/// the rest of the model reuses the memory the file frees behind each read.
#[test]
fn owned_load_reuses_the_files_memory() {
    let _one = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let glb = big_glb(4 * 1000 * 1000);
    let size = glb.len() as f64;
    let limits = roomfit::asset::Limits::default();
    let (model, borrowed, _) = measure(|| roomfit::asset::load(&glb, &limits, None));
    assert!(model.is_ok());
    drop(model);
    let file = glb.clone();
    let (model, owned, _) = measure(|| roomfit::asset::load_owned(file, &limits, None));
    assert!(model.is_ok());
    let (borrowed, owned) = (1.0 + borrowed as f64 / size, 1.0 + owned as f64 / size);
    eprintln!("file + load: borrowed {borrowed:.3}×, owned {owned:.3}× the file");
    assert!(
        borrowed > 1.95,
        "the borrowed load holds file and model: {borrowed:.3}×"
    );
    assert!(owned < 1.5, "the owned load peaked at {owned:.3}× the file");
}
