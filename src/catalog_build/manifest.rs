//! `manifest.json`: every file of a built catalog folder with its size and SHA-256, per product
//! and variant, and what failed. Paths are relative to the manifest.
//!
//! ```json
//! {"version": 1, "builder": 2, "poster_size": 512,
//!  "catalog": {"path": "catalog.json", "bytes": 9120, "sha256": "…"},
//!  "products": [{"product": "nordhem/oslo-sofa", "pointer": "/retailers/0/products/0",
//!    "input_sha256": "…", "glb": {"path": "models/oslo-sofa-1f2e….glb", …},
//!    "variants": [{"sku": "NH-OSLO-3S-OAT", "gltf_variant": "Oat",
//!      "usdz": {"path": "usdz/oslo-sofa-Oat-….usdz", …}, "poster": {"path": "posters/…png", …}}]}],
//!  "failed": [{"product": "…", "pointer": "/retailers/0/products/3/model/glb", "message": "…"}]}
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

/// The manifest's file name in the output folder.
pub const FILE: &str = "manifest.json";
/// The rewritten catalog's file name in the output folder.
pub const CATALOG_FILE: &str = "catalog.json";

/// One file of the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative to the manifest, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the bytes, 64 lowercase hex digits.
    pub sha256: String,
}

impl FileEntry {
    /// The entry for `bytes` stored at `path`.
    pub fn of(path: &str, bytes: &[u8]) -> Self {
        FileEntry {
            path: path.to_owned(),
            bytes: bytes.len() as u64,
            sha256: super::sha256::hex(bytes),
        }
    }
}

/// One catalog variant (SKU) and the files that show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantEntry {
    /// The SKU.
    pub sku: String,
    /// Its `KHR_materials_variants` name, if any.
    pub gltf_variant: Option<String>,
    /// The USDZ showing it.
    pub usdz: FileEntry,
    /// The poster showing it.
    pub poster: FileEntry,
}

/// A built product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductEntry {
    /// `retailer/product`.
    pub product: String,
    /// Its JSON pointer in the catalog.
    pub pointer: String,
    /// SHA-256 of what the build depends on (the GLB, the variants, the poster size, the
    /// builder version); a re-run with the same input skips the product.
    pub input_sha256: String,
    /// The GLB.
    pub glb: FileEntry,
    /// Per SKU, in catalog order.
    pub variants: Vec<VariantEntry>,
}

impl ProductEntry {
    /// Every file of the product (the GLB, then each variant's USDZ and poster).
    pub fn files(&self) -> impl Iterator<Item = &FileEntry> {
        std::iter::once(&self.glb).chain(self.variants.iter().flat_map(|v| [&v.usdz, &v.poster]))
    }

    /// Whether every file is in `out` with its recorded size (names are content hashes).
    pub fn files_present(&self, out: &Path) -> bool {
        self.files().all(|f| {
            !f.path.contains("..")
                && std::fs::metadata(out.join(&f.path)).is_ok_and(|m| m.len() == f.bytes)
        })
    }
}

/// A product that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedEntry {
    /// `retailer/product`.
    pub product: String,
    /// JSON pointer of what is wrong.
    pub pointer: String,
    /// Why.
    pub message: String,
}

/// The manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version; 1.
    pub version: u32,
    /// [`super::BUILDER_VERSION`] of the build that wrote it.
    pub builder: u32,
    /// Poster width and height in pixels.
    pub poster_size: u32,
    /// The rewritten catalog.
    pub catalog: FileEntry,
    /// Built products, in catalog order.
    pub products: Vec<ProductEntry>,
    /// Products that failed.
    pub failed: Vec<FailedEntry>,
}

impl Manifest {
    /// Reads an earlier build's manifest; None if there is none or it cannot be used.
    pub fn read(path: &Path) -> Option<Manifest> {
        let text = std::fs::read(path).ok()?;
        serde_json::from_slice::<Manifest>(&text)
            .ok()
            .filter(|m| m.version == 1 && m.builder == super::BUILDER_VERSION)
    }

    /// The entry of `product` (`retailer/product`).
    pub fn product(&self, product: &str) -> Option<&ProductEntry> {
        self.products.iter().find(|p| p.product == product)
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }
}
