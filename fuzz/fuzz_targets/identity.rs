//! Any text into the NIK and KK parsers (strict and lenient): no panic, and a
//! valid number formats back to itself.
#![no_main]

use dtks_core::id::{Nik, NoKk};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    for r in [Nik::parse(s), Nik::parse_lenient(s)] {
        if let Ok(n) = r {
            assert_eq!(Nik::parse(&n.raw()).ok(), Some(n));
        }
    }
    for r in [NoKk::parse(s), NoKk::parse_lenient(s)] {
        if let Ok(k) = r {
            assert_eq!(NoKk::parse(&k.raw()).ok(), Some(k));
        }
    }
});
