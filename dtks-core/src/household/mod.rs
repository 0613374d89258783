//! The household model and its validation.
//!
//! - [`Household`], [`Family`], [`Member`], [`Housing`], [`Address`],
//!   [`Documents`]: the serde model of one DTKS household.
//! - [`codes`]: the code lists of the reference export layout as enums.
//! - [`validate`]: every problem of a household at once, as of a date.

pub mod codes;
mod model;
mod validate;

pub use codes::CodeList;
pub use model::{Address, Documents, Family, Household, Housing, IdField, IdNumber, Member};
pub use validate::{has_errors, validate};
