//! # dtks-core
//!
//! The rules of Indonesia's social-welfare registry (DTKS, *Data Terpadu
//! Kesejahteraan Sosial*, being merged into DTSEN) as a pure library.
//!
//! - [`id`]: [`Nik`](id::Nik) and [`NoKk`](id::NoKk), the 16-digit identity and
//!   family-card numbers: parsing, decoding, masking, spreadsheet damage.
//! - [`region`]: the embedded Kemendagri region table (provinces, regencies,
//!   districts, villages) with the codes retired by the 2012 and 2022 splits.
//! - [`problem`]: the one record every check answers with: a stable code, a
//!   path, a severity and a message in Indonesian and English.
//! - [`household`]: the household model and its validation.
//!
//! The core never reads the clock: whatever depends on a date takes `as_of`.
//! Personal data (NIK, KK numbers, names) is masked in `Debug` and `Display`.
//!
//! ```
//! use dtks_core::id::Nik;
//! let nik = Nik::parse("3171014101900001").unwrap();
//! assert_eq!(nik.to_string(), "3171••••••••0001");
//! assert_eq!(nik.sex(), dtks_core::id::Sex::Female);
//! ```

#[cfg(feature = "household")]
pub mod answer;
#[cfg(feature = "rules")]
pub mod assess;
#[cfg(feature = "bulk")]
pub mod bulk;
#[cfg(feature = "arrow")]
pub mod columns;
#[cfg(feature = "rules")]
pub mod criteria;
#[cfg(any(feature = "process", feature = "bulk"))]
mod digest;
pub mod document;
#[cfg(feature = "generate")]
pub mod generate;
#[cfg(feature = "household")]
pub mod household;
pub mod id;
#[cfg(feature = "household")]
pub mod jakarta;
#[cfg(feature = "process")]
pub mod lifecycle;
#[cfg(feature = "rules")]
pub mod logic;
#[cfg(feature = "process")]
pub mod musyawarah;
pub mod personal;
#[cfg(feature = "rules")]
pub mod pmt;
pub mod problem;
pub mod region;
#[cfg(feature = "rules")]
mod rulefile;
#[cfg(feature = "rules")]
pub mod rules;
mod scalar;
#[cfg(feature = "process")]
pub mod usulan;

/// The library's version, as in `Cargo.toml`.
///
/// ```
/// assert!(!dtks_core::VERSION.is_empty());
/// ```
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
