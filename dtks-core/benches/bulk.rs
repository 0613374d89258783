//! Criterion benchmarks of bulk validation on an in-memory synthetic CSV
//! (own minimal writer: real village code, NIKs consistent with birth date,
//! sex and district), against a read-only pass of the csv crate.
//!
//! `cargo bench -p dtks-core --bench bulk`
// Tests, benches and examples: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dtks_core::bulk::{validate, Format, Options, Outputs};
use std::fmt::Write as _;

const HEADER: &str = "id_rt,kode_desa,alamat,rt,rw,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga,status_kawin,hamil,disabilitas,disabilitas_berat,sekolah,pendidikan,bekerja,luas_lantai,jenis_lantai,jenis_dinding,jenis_atap,sumber_air,penerangan,bahan_bakar,jamban,status_rumah,penghasilan,desil,terdaftar";

/// `households` households of four members (head, spouse, two children).
fn synthetic(households: u32) -> (String, u64) {
    let mut s = String::with_capacity(households as usize * 4 * 170);
    s.push_str(HEADER);
    s.push('\n');
    let mut rows = 0;
    for h in 0..households {
        let serial = h % 9999 + 1;
        let yy = 60 + (h / 9999) % 35;
        let kk = format!("317101150315{serial:04}");
        let members = [
            (
                format!("31710117{:02}{yy:02}{serial:04}", 8),
                "Budi Santoso",
                format!("19{yy:02}-08-17"),
                1,
                1,
            ),
            (
                format!("31710145{:02}{yy:02}{serial:04}", 3),
                "Sri Wahyuni",
                format!("19{yy:02}-03-05"),
                2,
                2,
            ),
            (
                format!("31710112{:02}{:02}{serial:04}", 6, 10),
                "Agus Santoso",
                "2010-06-12".to_owned(),
                1,
                3,
            ),
            (
                format!("31710151{:02}{:02}{serial:04}", 9, 18),
                "Dewi Lestari",
                "2018-09-11".to_owned(),
                2,
                3,
            ),
        ];
        for (nik, name, birth, sex, rel) in members {
            // Two-digit codes keep the NIK date of the household's year.
            let _ = writeln!(
                s,
                "H{h},3171011001,Jl. Mawar {h},001,002,{kk},{nik},{name},{birth},{sex},{rel},2,,0,0,,3,1,36,4,4,2,5,4,3,3,1,2100000,2,1"
            );
            rows += 1;
        }
    }
    (s, rows)
}

fn bench(c: &mut Criterion) {
    let (csv, rows) = synthetic(25_000);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let mut g = c.benchmark_group("bulk");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows));
    g.bench_function("csv_read_only", |b| {
        b.iter(|| {
            let mut rdr = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
            let mut rec = csv::ByteRecord::new();
            let mut n = 0u64;
            while rdr.read_byte_record(&mut rec).unwrap_or(false) {
                n += 1;
            }
            n
        });
    });
    for threads in [1usize, 0] {
        g.bench_function(format!("validate_csv_threads_{threads}"), |b| {
            b.iter(|| {
                let mut opts = Options::new(Format::Csv, as_of);
                opts.threads = threads;
                let mut out = Outputs::default();
                validate(csv.as_bytes(), &opts, &mut out)
                    .map(|s| s.rows_valid)
                    .unwrap_or(0)
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
