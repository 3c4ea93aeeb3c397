//! Feeds arbitrary bytes to `asset::load` and to `asset::load_owned` (the browser's load, which
//! reads the geometry in another order and cuts the file back as it goes): any panic (or abort,
//! or out-of-memory) is a bug, and so is a different error from the two. Small limits keep each
//! run fast and make the limit checks themselves reachable.
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
    let borrowed = asset::load(data, &limits, None);
    let owned = asset::load_owned(data.to_vec(), &limits, None);
    let error = |r: &Result<asset::Model, asset::AssetError>| {
        r.as_ref()
            .err()
            .map(|e| (e.code, e.pointer.clone(), e.message.clone()))
    };
    assert_eq!(
        error(&borrowed),
        error(&owned),
        "load and load_owned differ"
    );
});
