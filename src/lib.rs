//! roomfit: see retailers' real 3D furniture in your own room, then buy it online or book a
//! visit to a nearby store.
//!
//! Data flows one way: catalog → asset → room → render → web, with `handoff` (checkout and
//! stores) and `usdz` (iOS AR Quick Look) beside it.

pub mod asset;
pub mod catalog;
#[cfg(not(target_arch = "wasm32"))]
pub mod catalog_build;
pub mod handoff;
pub mod render;
pub mod room;
#[cfg(not(target_arch = "wasm32"))]
pub mod samples;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
mod sort;
pub mod track;
pub mod usdz;
#[cfg(target_arch = "wasm32")]
pub mod web;
