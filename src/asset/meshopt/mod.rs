//! Meshoptimizer's compressed buffer views (`EXT_meshopt_compression` and
//! `KHR_meshopt_compression`) in a glTF file. The decoder itself is the workspace crate
//! `roomfit-meshopt` (crates/roomfit-meshopt/, compiled for speed in release builds while the
//! rest is optimised for size), re-exported here whole: [`decode`] is the pipeline for one
//! view (a codec, then a filter), `views` applies it to the buffer views of a file.
//!
//! The decoding only with the `full-geometry` feature (see Cargo.toml): without it the loader
//! refuses compressed views before reading them, and only the JSON helpers here are used.
#![cfg_attr(not(feature = "full-geometry"), allow(dead_code, unused_imports))]

mod views;

pub(crate) use views::{Compressed, is_compressed, is_fallback, is_used, plan};

pub use roomfit_meshopt::*;
