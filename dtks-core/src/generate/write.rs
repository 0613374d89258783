//! Writing generated households: the reference CSV layout, JSON Lines, and
//! the ground truth.

use super::build::{GenHousehold, GenMember};
use super::fault::Applied;
use super::names::STREETS;
use crate::household::codes::CodeList;
use std::io::{self, Write};

/// The header of the reference layout (docs/domain/export-layout.md), in its order.
pub const CSV_HEADER: &str = "id_rt,kode_desa,alamat,rt,rw,no_kk,nik,nama,tgl_lahir,jenis_kelamin,\
hub_keluarga,status_kawin,hamil,disabilitas,disabilitas_berat,sekolah,pendidikan,bekerja,\
luas_lantai,jenis_lantai,jenis_dinding,jenis_atap,sumber_air,penerangan,bahan_bakar,jamban,\
status_rumah,penghasilan,desil,terdaftar";

/// Appends an unsigned number.
pub(crate) fn push_uint(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    out.extend_from_slice(buf.get(i..).unwrap_or(&[]));
}

/// Appends a signed number.
fn push_int(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    push_uint(out, n.unsigned_abs());
}

/// Appends `n` zero-padded to `width` digits (at most 20).
pub(crate) fn push_padded(out: &mut Vec<u8>, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    while n > 0 && i > 0 {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
    }
    let start = i.min(buf.len().saturating_sub(width.clamp(1, 20)));
    out.extend_from_slice(buf.get(start..).unwrap_or(&[]));
}

fn push_date(out: &mut Vec<u8>, d: chrono::NaiveDate) {
    use chrono::Datelike;
    push_padded(out, u64::try_from(d.year()).unwrap_or(0), 4);
    out.push(b'-');
    push_padded(out, u64::from(d.month()), 2);
    out.push(b'-');
    push_padded(out, u64::from(d.day()), 2);
}

fn push_flag(out: &mut Vec<u8>, b: bool) {
    out.push(if b { b'1' } else { b'0' });
}

fn push_code<T: CodeList>(out: &mut Vec<u8>, v: T) {
    push_uint(out, u64::from(v.code()));
}

fn push_id(out: &mut Vec<u8>, id: &super::build::IdText) {
    match id {
        super::build::IdText::Num(n) => push_padded(out, *n, 16),
        super::build::IdText::Text(s) => crate::bulk::put_text(out, s),
    }
}

/// Reusable buffers for CSV rows.
#[derive(Debug, Default)]
pub(crate) struct CsvWriter {
    prefix: Vec<u8>,
    suffix: Vec<u8>,
    rows: Vec<u8>,
}

impl CsvWriter {
    /// Writes every member row of a household.
    pub(crate) fn household<W: Write>(&mut self, out: &mut W, h: &GenHousehold) -> io::Result<()> {
        // Household columns before the KK: id_rt,kode_desa,alamat,rt,rw,
        let p = &mut self.prefix;
        p.clear();
        p.extend_from_slice(b"RT");
        push_padded(p, h.index + 1, 8);
        p.push(b',');
        push_padded(p, h.village_code, 10);
        p.push(b',');
        let (si, no) = h.street;
        p.extend_from_slice(
            STREETS
                .get(usize::from(si))
                .copied()
                .unwrap_or("Jl. Raya")
                .as_bytes(),
        );
        p.extend_from_slice(b" No. ");
        push_uint(p, u64::from(no));
        p.push(b',');
        crate::bulk::put_text(p, &h.rt);
        p.push(b',');
        crate::bulk::put_text(p, &h.rw);
        p.push(b',');
        // Household columns after the member's: ,luas_lantai,…,terdaftar\n
        let s = &mut self.suffix;
        s.clear();
        s.push(b',');
        let a = h.housing.floor_halves;
        push_int(s, a / 2);
        if a % 2 != 0 {
            s.extend_from_slice(b".5");
        }
        let x = &h.housing;
        for code in [
            x.floor.code(),
            x.wall.code(),
            x.roof.code(),
            x.water.code(),
            x.lighting.code(),
            x.fuel.code(),
            x.toilet.code(),
            x.tenure.code(),
        ] {
            s.push(b',');
            push_uint(s, u64::from(code));
        }
        s.push(b',');
        if let Some(i) = h.income {
            push_int(s, i);
        }
        s.push(b',');
        if let Some(d) = h.desil {
            push_int(s, d);
        }
        s.push(b',');
        push_flag(s, h.registered);
        s.push(b'\n');
        let r = &mut self.rows;
        r.clear();
        for fam in &h.families {
            for m in &fam.members {
                r.extend_from_slice(&self.prefix);
                push_id(r, &fam.kk);
                r.push(b',');
                member(r, m);
                r.extend_from_slice(&self.suffix);
            }
        }
        out.write_all(r)
    }
}

/// nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga,status_kawin,hamil,
/// disabilitas,disabilitas_berat,sekolah,pendidikan,bekerja
fn member(l: &mut Vec<u8>, m: &GenMember) {
    push_id(l, &m.nik);
    l.push(b',');
    if let Some(n) = m.name {
        n.push_to(l);
    }
    l.push(b',');
    push_date(l, m.birth);
    l.push(b',');
    push_uint(l, u64::from(m.sex_code_override.unwrap_or(m.sex.code())));
    l.push(b',');
    push_code(l, m.relationship);
    l.push(b',');
    push_code(l, m.marital);
    l.push(b',');
    push_flag(l, m.pregnant);
    l.push(b',');
    push_code(l, m.disability);
    l.push(b',');
    push_flag(l, m.severe);
    l.push(b',');
    push_code(l, m.schooling);
    l.push(b',');
    push_code(l, m.education);
    l.push(b',');
    push_flag(l, m.working);
}

/// One JSON Lines line: the household in the library's serde form.
pub(crate) fn jsonl<W: Write>(out: &mut W, h: &GenHousehold) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &h.to_household()).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// One line of the ground truth.
pub(crate) fn truth_line<W: Write>(
    out: &mut W,
    row: u64,
    household: &str,
    field: &str,
    a: &Applied,
) -> io::Result<()> {
    let code = a.kind.code();
    let line = serde_json::json!({
        "row": row,
        "household": household,
        "field": field,
        "path": a.path(),
        "code": code.as_str(),
        "severity": code.severity().as_str(),
        "kind": a.kind.name(),
    });
    serde_json::to_writer(&mut *out, &line).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_format_like_std() {
        for n in [0u64, 7, 10, 99, 12_345, u64::MAX] {
            let mut v = Vec::new();
            push_uint(&mut v, n);
            assert_eq!(String::from_utf8(v).unwrap(), n.to_string());
            let mut v = Vec::new();
            push_padded(&mut v, n, 16);
            assert_eq!(String::from_utf8(v).unwrap(), format!("{n:016}"));
        }
        let mut v = Vec::new();
        push_int(&mut v, -42);
        assert_eq!(v, b"-42");
    }

    #[test]
    fn text_is_quoted_only_when_needed() {
        let mut v = Vec::new();
        crate::bulk::put_text(&mut v, "Jl. Merdeka No. 5");
        crate::bulk::put_text(&mut v, "a,\"b\"");
        assert_eq!(
            String::from_utf8(v).unwrap(),
            "Jl. Merdeka No. 5\"a,\"\"b\"\"\""
        );
    }

    #[test]
    fn the_header_is_the_reference_layout() {
        let cols: Vec<&str> = CSV_HEADER.split(',').collect();
        assert_eq!(cols.len(), 30);
        let names: Vec<&str> = crate::bulk::Column::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(cols, names);
    }
}
