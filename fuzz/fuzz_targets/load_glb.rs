//! Feeds arbitrary bytes to `asset::load`: any panic (or abort, or out-of-memory) is a bug.
//! Small limits keep each run fast and make the limit checks themselves reachable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roomfit::asset::{self, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_triangles: 100_000,
        max_texture_dimension: 4096,
        max_nodes: 1_000,
        max_depth: 32,
        max_vertices_per_primitive: 100_000,
        ..Limits::default()
    };
    let _ = asset::load(data, &limits, None);
});
