//! Retailers' catalogs: retailers, stores, products, variants and prices, as serde types, and
//! their validation ([`validate`], [`check_models`]), which names every problem with its JSON
//! pointer. No I/O here: the caller hands in the JSON text and the model bytes. (Format v1;
//! `docs/catalog.md` documents it.)

pub mod compare;
pub mod fix;
mod issue;
pub mod merge;
mod model_check;
pub mod report;
pub mod rescale;
#[cfg(not(target_arch = "wasm32"))]
pub mod schema;
mod types;
mod validate;

pub use compare::{Compared, compare};
pub use fix::{Applied, Fixed, apply_fixes};
pub use issue::{Issue, Patch, Severity, code};
pub use merge::{Collection, MergeIssue, SourcedRetailer, conflicts, merge};
pub use model_check::{
    MAX_GLB_BYTES, MAX_TEXTURE_SIDE, MAX_TRIANGLES, MAX_WALL_DEPTH_M, check_models,
};
pub use rescale::{RescaleError, rescale_glb};
pub use types::*;
pub use validate::{validate, validate_value};

/// A catalog that could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "the catalog is not valid JSON of the expected shape at line {line}, column {column}: {message}"
)]
pub struct ParseError {
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column of the problem.
    pub column: usize,
    /// What serde said.
    pub message: String,
}

/// Parses a catalog from JSON text.
pub fn parse(json: &str) -> Result<Catalog, ParseError> {
    serde_json::from_str(json).map_err(|e| ParseError {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}
