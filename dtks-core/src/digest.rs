//! Content hashes shared by the modules that anchor documents (the prelist
//! akhir, the audit trail, a batch's content) and by bulk's input hash:
//! one helper, below them all.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// SHA-256 of bytes as lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes (a digest) as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}
