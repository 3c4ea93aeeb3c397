//! Releasing a model frees its GPU memory: upload/release cycles do not grow the process.
//! (Its own test binary, so no other test allocates in the process while it measures.)

use roomfit::asset::{self, Limits};
use roomfit::render::{Renderer, offscreen};

fn sample(name: &str) -> asset::Model {
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("models/{name}.glb"));
    asset::load(&std::fs::read(path).unwrap(), &Limits::default(), None).unwrap()
}

/// Resident memory of this process in bytes (Linux).
fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

#[test]
fn releasing_a_model_frees_its_memory() {
    let Ok(gpu) = offscreen::headless() else {
        assert!(
            std::env::var("ROOMFIT_REQUIRE_GPU").as_deref() != Ok("1"),
            "no GPU adapter"
        );
        return;
    };
    let model = sample("oslo-sofa");
    let images = offscreen::decode_images(&model);
    let mut renderer = Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
    let cycle = |renderer: &mut Renderer| {
        let id = renderer.upload(&model, &images);
        renderer.release(id);
        gpu.device
            .poll(wgpu::PollType::wait_indefinitely())
            .unwrap();
    };
    for _ in 0..5 {
        cycle(&mut renderer);
    }
    let before = rss();
    for _ in 0..50 {
        cycle(&mut renderer);
    }
    let grown = rss().saturating_sub(before);
    eprintln!(
        "50 upload/release cycles of the sofa: resident memory grew by {} KiB",
        grown / 1024
    );
    // One upload holds about 6 MB (textures with mipmaps, buffers, shadow map): a leak of one
    // model per cycle would grow by hundreds of MB.
    assert!(
        grown < 8 * 1024 * 1024,
        "memory grew by {} KiB",
        grown / 1024
    );
    assert_eq!(renderer.model_count(), 0);
}
