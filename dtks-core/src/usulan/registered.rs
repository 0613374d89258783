//! The list of NIKs already in the registry that a batch check is given,
//! read the same way on every face.
//!
//! ```
//! use dtks_core::usulan::registered_niks;
//! let ok = registered_niks(["3171011708800001", " 3171014503820002 "], |i| format!("registered_niks[{i}]"));
//! assert_eq!(ok.unwrap().len(), 2);
//! // Every bad entry is a problem at its place, not only the first.
//! let bad = registered_niks(["31710117", "3171011708800001", "x"], |i| format!("registered_niks[{i}]"))
//!     .unwrap_err();
//! assert_eq!(bad.len(), 2);
//! assert_eq!(bad[0].path, "registered_niks[0]");
//! assert_eq!(bad[1].path, "registered_niks[2]");
//! ```

use crate::id::Nik;
use crate::problem::Problem;
use std::collections::HashSet;

/// Reads registered NIKs (strict parse of each, surrounding spaces
/// trimmed): the set, or one problem per entry that is not a NIK, at the
/// place `path(index)` names (`registered_niks[3]`, `registered.txt:4`).
pub fn registered_niks<'a>(
    entries: impl IntoIterator<Item = &'a str>,
    path: impl Fn(usize) -> String,
) -> Result<HashSet<u64>, Vec<Problem>> {
    let mut set = HashSet::new();
    let mut bad = Vec::new();
    for (i, entry) in entries.into_iter().enumerate() {
        match Nik::parse(entry.trim()) {
            Ok(nik) => {
                set.insert(nik.as_u64());
            }
            Err(e) => bad.push(e.to_problem(path(i))),
        }
    }
    if bad.is_empty() {
        Ok(set)
    } else {
        Err(bad)
    }
}
