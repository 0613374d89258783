//! The smallest service dtks serves: NIKs in (one per line on standard
//! input), a verdict out, masked. Built without default features it compiles
//! only identity numbers, problems and the province/regency/district table:
//!
//! ```sh
//! cargo build --release -p dtks-core --no-default-features --example nik_service
//! printf '3171014101900001\n317101410190000\n' | target/release/examples/nik_service
//! ```
//!
//! The compile time and size of that build are in the README ("Cargo
//! features").

use dtks_core::id::Nik;
use dtks_core::problem::Lang;
use std::io::{self, BufRead, Write};

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        match Nik::parse(line.trim()) {
            Ok(nik) => writeln!(out, "{nik}\tvalid\t{}", nik.district_dotted())?,
            Err(e) => writeln!(out, "{}\t{}", e.code(), e.message(Lang::Id))?,
        }
    }
    out.flush()
}
