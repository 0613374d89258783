//! The CSV header resolved against a mapping: which field, fields or
//! constant each reference column is read from, and what the header itself
//! gets wrong.

use super::column::{Column, Level, COUNT};
use super::fields::Fields;
use super::mapping::{normalise_name, Compiled, DateTally, Mapping, VillageCodeSystem};
use super::split::{Broken, Rec};
use crate::problem::{Code, Problem};
use csv::ByteRecord;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

/// Where a reference column's value comes from in the file.
#[derive(Debug, Clone)]
enum Source {
    Absent,
    At(usize),
    Concat(Vec<(usize, u8)>),
    Constant(&'static str),
}

/// The header resolved against a mapping.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    sources: Vec<Source>,
    /// The name to report for each column: as written in the header.
    names: Vec<String>,
    /// The header's field count.
    pub width: usize,
    /// File-level problems found in the header.
    pub problems: Vec<Problem>,
    /// The first line is data: nothing can be read.
    pub headerless: bool,
    /// The KK number is the household id when `id_rt` is absent or empty.
    pub(super) fallback_kk: bool,
    pub mapping: Compiled,
    /// The fields that carry household columns, as runs of neighbouring
    /// field indexes (for comparing a row's household part with the first
    /// row's in one go).
    household_runs: Vec<Range<usize>>,
    /// The member columns the file has, in layout order, each with its
    /// field when the value is that field as written (no translation).
    pub(super) member_columns: Vec<(Column, Option<usize>)>,
    /// The household columns the file has (by a column or built from parts).
    pub(super) household_columns: Vec<Column>,
    /// A NIK or KK number that a spreadsheet marked as text or wrote as a
    /// decimal, 16 digits intact, is read (with a warning) instead of being
    /// an error ([`Options::accept_repaired`](super::Options::accept_repaired)).
    pub accept_repaired: bool,
    /// The identity columns the source held as floats
    /// ([`Options::float_columns`](super::Options::float_columns)).
    pub float_ids: Vec<Column>,
    /// The birth dates no declared format read, by the forms they fit.
    pub dates: Arc<DateTally>,
    /// The header's field names, normalised (to recognise it repeated).
    header_names: Vec<String>,
}

impl Layout {
    /// Resolves a header record.
    pub fn resolve(header: &ByteRecord, mapping: &Mapping) -> Layout {
        let compiled = mapping.compile();
        let mut sources = vec![Source::Absent; COUNT];
        let mut names: Vec<String> = Column::ALL.iter().map(|c| c.name().to_owned()).collect();
        let mut problems = Vec::new();
        let mut known = 0usize;
        let header_names: Vec<String> = header
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_owned())
            .collect();
        for (i, name) in header_names.iter().enumerate() {
            let norm = normalise_name(name);
            let concat_part = compiled.concat.iter().any(|(n, _)| *n == norm);
            if concat_part {
                known += 1;
            }
            let Some(&col) = compiled.aliases.get(&norm) else {
                continue;
            };
            known += usize::from(!concat_part);
            let k = col.index();
            match sources.get(k) {
                Some(Source::At(first)) => {
                    let first = header_names.get(*first).cloned().unwrap_or_default();
                    problems.push(
                        Problem::new(Code::ColumnDuplicate, col.name())
                            .with("first", first)
                            .with("second", name)
                            .with("column", col.name()),
                    );
                }
                _ => {
                    if let Some(s) = sources.get_mut(k) {
                        *s = Source::At(i);
                    }
                    if let Some(n) = names.get_mut(k) {
                        n.clone_from(name);
                    }
                }
            }
        }
        // kode_desa built from parts when no column carries it whole.
        let kd = Column::KodeDesa.index();
        if matches!(sources.get(kd), Some(Source::Absent)) && !compiled.concat.is_empty() {
            let parts: Option<Vec<(usize, u8)>> = compiled
                .concat
                .iter()
                .map(|(n, w)| {
                    header_names
                        .iter()
                        .position(|h| normalise_name(h) == *n)
                        .map(|i| (i, *w))
                })
                .collect();
            if let Some(parts) = parts {
                let label: Vec<&str> = parts
                    .iter()
                    .filter_map(|(i, _)| header_names.get(*i).map(String::as_str))
                    .collect();
                if let Some(n) = names.get_mut(kd) {
                    *n = label.join("+");
                }
                if let Some(s) = sources.get_mut(kd) {
                    *s = Source::Concat(parts);
                }
            }
        }
        if let Some(reg) = compiled.registered {
            if let Some(s) = sources.get_mut(Column::Terdaftar.index()) {
                *s = Source::Constant(if reg { "1" } else { "0" });
            }
        }
        let headerless = known == 0;
        if headerless {
            problems.clear();
            problems.push(Problem::new(Code::HeaderMissing, "").with("count", header.len()));
        } else {
            let present =
                |c: Column| !matches!(sources.get(c.index()), Some(Source::Absent) | None);
            for c in Column::ALL.iter().copied().filter(|c| c.required()) {
                let ok = present(c)
                    || (c == Column::IdRt && compiled.fallback_kk && present(Column::NoKk));
                if !ok {
                    let mut accepted: Vec<String> = mapping
                        .columns
                        .get(c.name())
                        .map(|s| s.names.clone())
                        .unwrap_or_default();
                    accepted.insert(0, c.name().to_owned());
                    problems.push(
                        Problem::new(Code::ColumnMissing, c.name())
                            .with("column", c.name())
                            .with("names", accepted.join(", ")),
                    );
                }
            }
            if mapping.village_code_system == VillageCodeSystem::Bps {
                problems.push(
                    Problem::new(Code::VillageCodeSystemBps, "kode_desa")
                        .with("mapping", &mapping.name),
                );
            }
        }
        let mut fields: Vec<usize> = Vec::new();
        for c in Column::ALL.iter().filter(|c| c.level() == Level::Household) {
            match sources.get(c.index()) {
                Some(Source::At(i)) => fields.push(*i),
                Some(Source::Concat(parts)) => fields.extend(parts.iter().map(|(i, _)| *i)),
                _ => {}
            }
        }
        fields.sort_unstable();
        fields.dedup();
        let mut household_runs: Vec<Range<usize>> = Vec::new();
        for i in fields {
            match household_runs.last_mut() {
                Some(r) if r.end == i => r.end = i + 1,
                _ => household_runs.push(i..i + 1),
            }
        }
        let has = |c: &&Column| !matches!(sources.get(c.index()), Some(Source::Absent) | None);
        let member_columns = Column::ALL
            .iter()
            .filter(|c| c.level() == Level::Member)
            .filter(has)
            .map(|c| {
                let translated = compiled.values.get(c.index()).is_some_and(Option::is_some)
                    || compiled.has_nulls(*c);
                let direct = match sources.get(c.index()) {
                    Some(Source::At(i)) if !translated => Some(*i),
                    _ => None,
                };
                (*c, direct)
            })
            .collect();
        let household_columns = Column::ALL
            .iter()
            .filter(|c| c.level() == Level::Household)
            .filter(has)
            .copied()
            .collect();
        let header_names = header_names.iter().map(|n| normalise_name(n)).collect();
        Layout {
            header_names,
            member_columns,
            household_columns,
            household_runs,
            sources,
            names,
            width: header.len(),
            problems,
            headerless,
            fallback_kk: compiled.fallback_kk,
            mapping: compiled,
            accept_repaired: false,
            float_ids: Vec::new(),
            dates: Arc::default(),
        }
    }

    /// The name of a column as the file writes it.
    /// Marks the NIK and KK columns that the source held as floats (by
    /// header name, letter case ignored), each with one file-level
    /// `ID_COLUMN_FLOAT`.
    pub fn note_float_columns(&mut self, floats: &[String]) {
        for c in [Column::Nik, Column::NoKk] {
            let present = matches!(self.sources.get(c.index()), Some(Source::At(_)));
            let name = self.name(c).to_owned();
            if present
                && floats
                    .iter()
                    .any(|f| f.trim().eq_ignore_ascii_case(name.trim()))
            {
                self.float_ids.push(c);
                self.problems
                    .push(Problem::new(Code::IdColumnFloat, "").with("column", name));
            }
        }
    }

    pub fn name(&self, c: Column) -> &str {
        self.names.get(c.index()).map_or(c.name(), String::as_str)
    }

    /// The raw bytes of a single-column source, trimmed (for grouping and comparing).
    pub(super) fn raw<'r>(&self, rec: &Rec<'r>, c: Column) -> &'r [u8] {
        match self.sources.get(c.index()) {
            Some(Source::At(i)) => rec.get(*i).map_or(&[][..], |b| b.trim_ascii()),
            _ => &[],
        }
    }

    /// True when two records are byte for byte the same in every household
    /// column (a quick check; `false` says nothing). Only for records kept as
    /// read, where a run of fields is one stretch of bytes, commas included.
    pub(super) fn household_identical(&self, a: &Rec<'_>, b: &Rec<'_>) -> bool {
        if !(a.commas_kept() && b.commas_kept()) {
            return false;
        }
        let span = |r: &Rec<'_>, run: &Range<usize>| -> Option<Range<usize>> {
            let start = r.range(run.start)?.start;
            let end = r.range(run.end.checked_sub(1)?)?.end;
            Some(start..end)
        };
        self.household_runs
            .iter()
            .all(|run| match (span(a, run), span(b, run)) {
                (Some(x), Some(y)) => a.as_slice().get(x) == b.as_slice().get(y),
                _ => false,
            })
    }

    /// True when two records carry the same value in a column.
    pub(super) fn same(&self, a: &Rec<'_>, b: &Rec<'_>, c: Column) -> bool {
        match self.sources.get(c.index()) {
            Some(Source::At(i)) => {
                a.get(*i).map(<[u8]>::trim_ascii) == b.get(*i).map(<[u8]>::trim_ascii)
            }
            Some(Source::Concat(parts)) => parts.iter().all(|(i, _)| {
                a.get(*i).map(<[u8]>::trim_ascii) == b.get(*i).map(<[u8]>::trim_ascii)
            }),
            _ => true,
        }
    }

    /// A record that is no member: every field empty ([`Broken::Blank`]),
    /// or the header again ([`Broken::Header`]): most of its non-empty
    /// fields, and at least two, are column names the mapping knows (letter
    /// case and `_`/space as [`normalise_name`] ignores them), in any order.
    /// Only called where a record's key is empty or changes, and the header
    /// test only when the key has no digit (no column name has one in the
    /// reference layout), so a clean file pays nothing per row.
    pub fn skipped(&self, rec: &Rec<'_>) -> Option<Broken> {
        if rec.iter().all(|f| f.trim_ascii().is_empty()) {
            return Some(Broken::Blank);
        }
        if self.key(rec).iter().any(u8::is_ascii_digit) {
            return None;
        }
        let (mut known, mut nonempty) = (0usize, 0usize);
        for f in rec.iter() {
            let f = f.trim_ascii();
            if f.is_empty() {
                continue;
            }
            nonempty += 1;
            let Ok(name) = std::str::from_utf8(f) else {
                continue;
            };
            let norm = normalise_name(name);
            if self.mapping.aliases.contains_key(&norm)
                || self.mapping.concat.iter().any(|(n, _)| *n == norm)
            {
                known += 1;
            }
        }
        if known < 2 || known * 2 <= nonempty {
            return None;
        }
        let same = rec.len() == self.header_names.len()
            && rec.iter().zip(&self.header_names).all(|(f, h)| {
                std::str::from_utf8(f.trim_ascii()).is_ok_and(|n| normalise_name(n) == *h)
            });
        Some(Broken::Header { reordered: !same })
    }

    /// The household key of a record: `id_rt`, or the KK number under the fallback.
    pub fn key<'r>(&self, rec: &Rec<'r>) -> &'r [u8] {
        let id = self.raw(rec, Column::IdRt);
        if id.is_empty() && self.fallback_kk {
            self.raw(rec, Column::NoKk)
        } else {
            id
        }
    }

    /// The text of a column, trimmed; `Ok(None)` when absent or empty.
    pub(super) fn text<'r>(
        &'r self,
        rec: &Fields<'r>,
        c: Column,
    ) -> Result<Option<Cow<'r, str>>, ()> {
        let s: Cow<'r, str> = match self.sources.get(c.index()) {
            None | Some(Source::Absent) => return Ok(None),
            Some(Source::Constant(v)) => Cow::Borrowed(v),
            Some(Source::At(i)) => Cow::Borrowed(rec.str(*i)?),
            Some(Source::Concat(parts)) => {
                let mut out = String::with_capacity(10);
                for (i, w) in parts {
                    let s = rec.str(*i)?;
                    if s.is_empty() {
                        return Ok(None);
                    }
                    for _ in s.len()..usize::from(*w) {
                        out.push('0');
                    }
                    out.push_str(s);
                }
                Cow::Owned(out)
            }
        };
        Ok((!s.is_empty()).then_some(s))
    }
}

/// [`Code::DateFormDetected`] when the unread birth dates of `counts` are
/// consistently in another form: `field` is the column as the input names
/// it, `expected` the declared formats.
pub(crate) fn date_form_problem(
    counts: &super::mapping::DateCounts,
    field: &str,
    expected: &str,
) -> Option<Problem> {
    let (format, form, count) = counts.consistent()?;
    Some(
        Problem::new(Code::DateFormDetected, "")
            .with_int("count", count)
            .with("field", field)
            .with("form", form)
            .with("format", format)
            .with("expected", expected),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(fields: &[&str]) -> ByteRecord {
        ByteRecord::from(fields.to_vec())
    }

    fn parsed(line: &str) -> super::super::split::Records {
        let mut r = super::super::split::Records::default();
        r.parse(line.as_bytes().to_vec(), 1, 0, None, b',');
        r
    }

    #[test]
    fn header_resolution_reports_missing_and_duplicate_columns() {
        let l = Layout::resolve(
            &rec(&["id_rt", "NIK", "nik", "nama"]),
            &Mapping::reference(),
        );
        let codes: Vec<&str> = l.problems.iter().map(|p| p.code.as_str()).collect();
        assert!(codes.contains(&"COLUMN_DUPLICATE"), "{codes:?}");
        assert!(codes.contains(&"COLUMN_MISSING"), "{codes:?}");
        assert!(!l.headerless);
        let l = Layout::resolve(&rec(&["3171011708800001", "Budi"]), &Mapping::reference());
        assert!(l.headerless);
        assert_eq!(l.problems.len(), 1);
        assert_eq!(l.problems[0].code, Code::HeaderMissing);
    }

    #[test]
    fn concat_builds_the_village_code() {
        let m = Mapping::builtin("bdt2015").unwrap();
        let l = Layout::resolve(&rec(&["KDPROP", "KDKAB", "KDKEC", "KDDESA"]), &m);
        let r = parsed("31,71,11,1\n");
        let t = l
            .text(&Fields::new(r.rec(0, Default::default())), Column::KodeDesa)
            .unwrap()
            .unwrap();
        assert_eq!(t, "3171011001");
        assert_eq!(l.name(Column::KodeDesa), "KDPROP+KDKAB+KDKEC+KDDESA");
        let r = parsed("31,71,,1\n");
        assert!(l
            .text(&Fields::new(r.rec(0, Default::default())), Column::KodeDesa)
            .unwrap()
            .is_none());
    }
}
