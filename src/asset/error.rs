//! The asset module's error type: what went wrong, where (a JSON pointer) and a sentence a
//! retailer understands.

use std::fmt;

/// Declares `ErrorCode` from one table: each variant with the name programs see, so the enum,
/// `as_str`, `ALL` and serde's output cannot disagree.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// The class of an asset error, for programs (tests, the retailer page) to branch on.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(Self::$variant,)*];

            /// The code's name as programs see it (`"missing-reference"`), in the browser build
            /// (which has no serde) and in serde's output alike.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }
        }
    };
}

error_codes! {
    /// The bytes are neither a GLB container nor glTF JSON.
    NotGltf = "not-gltf",
    /// The GLB header or a chunk header is cut short.
    Truncated = "truncated",
    /// The GLB header's total length does not match the file.
    LengthMismatch = "length-mismatch",
    /// The GLB version is not 2.
    UnsupportedVersion = "unsupported-version",
    /// The glTF JSON does not parse or does not follow the schema.
    Json = "json",
    /// A buffer, view or accessor reaches past the data it lives in.
    OutOfBounds = "out-of-bounds",
    /// An index refers to an object that does not exist.
    MissingReference = "missing-reference",
    /// A vertex index is not smaller than the number of vertices.
    IndexOutOfRange = "index-out-of-range",
    /// A value that must be a finite number is NaN or infinite.
    NonFinite = "non-finite",
    /// An accessor's component type or element type is wrong for its use.
    BadAccessor = "bad-accessor",
    /// A bufferView's byteStride is smaller than its element or otherwise invalid.
    BadStride = "bad-stride",
    /// A node is its own ancestor, or has two parents.
    NodeCycle = "node-cycle",
    /// The file requires an extension roomfit does not implement.
    UnsupportedExtension = "unsupported-extension",
    /// A limit (bytes, triangles, texture size, nodes, depth) is exceeded.
    LimitExceeded = "limit-exceeded",
    /// An image is missing, unreadable or of an unsupported type.
    BadImage = "bad-image",
    /// An external resource (buffer or image URI) could not be resolved.
    Resource = "resource",
    /// The file holds nothing to draw.
    Empty = "empty",
    /// Compressed data (`EXT_meshopt_compression`) is malformed, or its parameters contradict
    /// each other or the buffer view they describe.
    BadCompression = "bad-compression",
    /// The file needs a decoder this build leaves out (meshopt decoding, or MikkTSpace tangents
    /// for a normal map: the `full-geometry` feature). Only the WebGPU first-frame build says
    /// this, before reading any geometry; the room build (`www/pkg/webgpu-room/`) shows the file.
    NeedsFullBuild = "needs-full-build",
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A problem with an untrusted glTF / GLB file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AssetError {
    /// What kind of problem it is.
    pub code: ErrorCode,
    /// JSON pointer to the culprit inside the glTF JSON (`/meshes/0/primitives/1/indices`), or
    /// empty when the problem is with the container itself.
    pub pointer: String,
    /// A sentence that says what is wrong and what was expected.
    pub message: String,
}

impl AssetError {
    /// Creates an error with its class, JSON pointer and message. Cold and never inlined: the
    /// loader has about a hundred error sites, and each would otherwise carry its own copy of
    /// the string conversions.
    #[cold]
    #[inline(never)]
    pub fn new(code: ErrorCode, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for AssetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{} (at {})", self.message, self.pointer)
        }
    }
}

impl std::error::Error for AssetError {}

/// Shorthand for results in this module.
pub type Result<T> = std::result::Result<T, AssetError>;

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    /// `NodeCycle` → `node-cycle`: the rule serde's `rename_all = "kebab-case"` followed before
    /// the names were written out in the table.
    fn kebab(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn names_are_the_kebab_case_variants_and_what_serde_writes() {
        // In declaration order without gaps: ALL holds every code.
        for (i, &code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(code as usize, i, "{code:?}");
            assert_eq!(code.as_str(), kebab(&format!("{code:?}")), "{code:?}");
            assert_eq!(
                serde_json::to_value(code).ok(),
                Some(serde_json::Value::from(code.as_str())),
                "{code:?}"
            );
        }
        assert_eq!(ErrorCode::ALL.len(), 19);
    }
}
