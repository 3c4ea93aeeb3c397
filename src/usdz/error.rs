//! The usdz module's error type.

/// Why a model or room could not be written as USDZ. Each variant names the field that is wrong
/// (a path into the input such as `/items/0/materials/3/baseColorTexture`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsdzError {
    /// The requested `KHR_materials_variants` variant is not in the model.
    #[error("the model has no variant \"{name}\"; it has: {available}")]
    UnknownVariant {
        /// The name asked for.
        name: String,
        /// The model's variants, comma-separated (or "none").
        available: String,
    },
    /// An index inside the model points past the end of what it indexes (a `Model` built by
    /// hand or a room item whose variant index is wrong; the asset loader never produces one).
    #[error("{pointer} refers to {what} {index}, which does not exist")]
    MissingReference {
        /// Where the bad index is.
        pointer: String,
        /// What it should refer to (`material`, `texture`, `image`, `mesh`, `variant`).
        what: &'static str,
        /// The index.
        index: usize,
    },
    /// A transform or value that must be a finite number is not.
    #[error("{pointer} is not a finite number (NaN or infinity)")]
    NonFinite {
        /// Where.
        pointer: String,
    },
    /// An image could not be put into the package (WebP that cannot be converted here, or
    /// bytes that do not decode).
    #[error("{pointer}: {reason}")]
    Image {
        /// Which image (`/items/0/images/2`).
        pointer: String,
        /// What went wrong.
        reason: String,
    },
    /// The package would be larger than a zip without ZIP64 can hold (4 GiB).
    #[error("the USDZ package would be larger than 4 GiB")]
    TooLarge,
}
