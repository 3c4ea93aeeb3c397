//! The asset module's error type: what went wrong, where (a JSON pointer) and a sentence a
//! retailer understands.

use std::fmt;

/// The class of an asset error, for programs (tests, the retailer page) to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// The bytes are neither a GLB container nor glTF JSON.
    NotGltf,
    /// The GLB header or a chunk header is cut short.
    Truncated,
    /// The GLB header's total length does not match the file.
    LengthMismatch,
    /// The GLB version is not 2.
    UnsupportedVersion,
    /// The glTF JSON does not parse or does not follow the schema.
    Json,
    /// A buffer, view or accessor reaches past the data it lives in.
    OutOfBounds,
    /// An index refers to an object that does not exist.
    MissingReference,
    /// A vertex index is not smaller than the number of vertices.
    IndexOutOfRange,
    /// A value that must be a finite number is NaN or infinite.
    NonFinite,
    /// An accessor's component type or element type is wrong for its use.
    BadAccessor,
    /// A bufferView's byteStride is smaller than its element or otherwise invalid.
    BadStride,
    /// A node is its own ancestor, or has two parents.
    NodeCycle,
    /// The file requires an extension roomfit does not implement.
    UnsupportedExtension,
    /// A limit (bytes, triangles, texture size, nodes, depth) is exceeded.
    LimitExceeded,
    /// An image is missing, unreadable or of an unsupported type.
    BadImage,
    /// An external resource (buffer or image URI) could not be resolved.
    Resource,
    /// The file holds nothing to draw.
    Empty,
    /// Compressed data (`EXT_meshopt_compression`) is malformed, or its parameters contradict
    /// each other or the buffer view they describe.
    BadCompression,
}

impl ErrorCode {
    /// The code's name as programs see it (`"missing-reference"`): the same string serde
    /// writes, without needing serde (the browser build has none).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotGltf => "not-gltf",
            Self::Truncated => "truncated",
            Self::LengthMismatch => "length-mismatch",
            Self::UnsupportedVersion => "unsupported-version",
            Self::Json => "json",
            Self::OutOfBounds => "out-of-bounds",
            Self::MissingReference => "missing-reference",
            Self::IndexOutOfRange => "index-out-of-range",
            Self::NonFinite => "non-finite",
            Self::BadAccessor => "bad-accessor",
            Self::BadStride => "bad-stride",
            Self::NodeCycle => "node-cycle",
            Self::UnsupportedExtension => "unsupported-extension",
            Self::LimitExceeded => "limit-exceeded",
            Self::BadImage => "bad-image",
            Self::Resource => "resource",
            Self::Empty => "empty",
            Self::BadCompression => "bad-compression",
        }
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
    /// Creates an error with its class, JSON pointer and message.
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

    #[test]
    fn names_match_what_serde_writes() {
        use ErrorCode::*;
        let all = [
            NotGltf,
            Truncated,
            LengthMismatch,
            UnsupportedVersion,
            Json,
            OutOfBounds,
            MissingReference,
            IndexOutOfRange,
            NonFinite,
            BadAccessor,
            BadStride,
            NodeCycle,
            UnsupportedExtension,
            LimitExceeded,
            BadImage,
            Resource,
            Empty,
            BadCompression,
        ];
        // In declaration order without gaps: a code added in between must be listed here.
        for (i, code) in all.into_iter().enumerate() {
            assert_eq!(code as usize, i, "{code:?}");
            assert_eq!(
                serde_json::to_value(code).ok(),
                Some(serde_json::Value::from(code.as_str())),
                "{code:?}"
            );
        }
    }
}
