//! The host's key for sealing audit-trail entries (HMAC-SHA-256).
//!
//! Why HMAC and not a signature: the party that writes a trail (the host
//! system running the village's or the office's proposals) is the party
//! that later reads it back, so one secret held by that host is enough; a
//! signature (Ed25519) would only add value when a third party must verify
//! without being able to write, and it brings key-pair management with it.
//! HMAC-SHA-256 (RFC 2104 over the SHA-256 the chain already uses), from the
//! RustCrypto `hmac` crate, compared in constant time.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use std::fmt::Write as _;

type HmacSha256 = Hmac<Sha256>;

/// The domain tag sealed together with each entry hash, so a seal of this
/// format cannot be replayed as a MAC of anything else under the same key.
pub const SEAL_FORMAT: &str = "dtks-audit-seal/1";

/// The shortest key accepted, in bytes (128 bits); 32 random bytes are recommended.
pub const MIN_KEY_BYTES: usize = 16;

/// A host-held secret key that seals each trail entry
/// (`seal` = HMAC-SHA-256(key, `"dtks-audit-seal/1\n"` + entry hash), lowercase hex).
///
/// Debug never shows the key.
///
/// ```
/// use dtks_core::lifecycle::TrailKey;
/// let key = TrailKey::from_hex(&"0f".repeat(32)).unwrap();
/// assert_eq!(format!("{key:?}"), "TrailKey(..)");
/// assert!(TrailKey::from_hex("abcd").is_err());
/// ```
#[derive(Clone)]
pub struct TrailKey(HmacSha256);

/// Why a key was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// Not an even number of hexadecimal digits.
    #[error("the key is not hexadecimal (two digits per byte)")]
    NotHex,
    /// Fewer than [`MIN_KEY_BYTES`] bytes.
    #[error("the key has {0} bytes; at least 16 are required (32 recommended)")]
    TooShort(usize),
}

impl TrailKey {
    /// A key from raw bytes (at least [`MIN_KEY_BYTES`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<TrailKey, KeyError> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(KeyError::TooShort(bytes.len()));
        }
        HmacSha256::new_from_slice(bytes)
            .map(TrailKey)
            .map_err(|_| KeyError::TooShort(bytes.len()))
    }

    /// A key from hexadecimal text (surrounding whitespace ignored), as kept
    /// in a key file or an environment variable.
    pub fn from_hex(text: &str) -> Result<TrailKey, KeyError> {
        TrailKey::from_bytes(&hex_bytes(text)?)
    }

    fn mac(&self, hash: &str) -> HmacSha256 {
        let mut mac = self.0.clone();
        mac.update(SEAL_FORMAT.as_bytes());
        mac.update(b"\n");
        mac.update(hash.as_bytes());
        mac
    }

    /// The seal of an entry hash.
    pub fn seal(&self, hash: &str) -> String {
        let tag = self.mac(hash).finalize().into_bytes();
        let mut s = String::with_capacity(64);
        for b in tag {
            let _ = write!(s, "{b:02x}");
        }
        s
    }

    /// Whether `seal` (hex) is this key's seal of `hash`, compared in constant time.
    pub fn verify(&self, hash: &str, seal: &str) -> bool {
        let Ok(tag) = hex_bytes(seal) else {
            return false;
        };
        self.mac(hash).verify_slice(&tag).is_ok()
    }
}

fn hex_bytes(text: &str) -> Result<Vec<u8>, KeyError> {
    {
        let t = text.trim().as_bytes();
        if t.len() % 2 != 0 {
            return Err(KeyError::NotHex);
        }
        let digit = |b: u8| (b as char).to_digit(16).ok_or(KeyError::NotHex);
        let mut bytes = Vec::with_capacity(t.len() / 2);
        for pair in t.chunks_exact(2) {
            if let [hi, lo] = pair {
                bytes.push((digit(*hi)? * 16 + digit(*lo)?) as u8);
            }
        }
        Ok(bytes)
    }
}

impl fmt::Debug for TrailKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TrailKey(..)")
    }
}
