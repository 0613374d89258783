//! From CSV records to a household: the header resolved against the mapping,
//! fields parsed from bytes, rows grouped into families, and every problem
//! traced back to the rows it concerns.

use super::block::{Broken, Rec};
use super::column::{path_indexes, Column, Level, COUNT};
use super::mapping::{
    is_common_null, normalise_name, normalise_value, spreadsheet_serial, unpadded_ymd, Compiled,
    DateTally, Mapping, VillageCodeSystem,
};
use super::report::RowProblem;
use crate::household::codes::*;
use crate::household::{CodeList, Family, Household, IdField, Member};
use crate::id::{IdErrorKind, Sex};
use crate::personal::{mask_digits, Personal};
use crate::problem::Severity;
use crate::problem::{Code, Problem};
use chrono::NaiveDate;
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
    fallback_kk: bool,
    pub mapping: Compiled,
    /// The fields that carry household columns, as runs of neighbouring
    /// field indexes (for comparing a row's household part with the first
    /// row's in one go).
    household_runs: Vec<Range<usize>>,
    /// The member columns the file has, in layout order, each with its
    /// field when the value is that field as written (no translation).
    member_columns: Vec<(Column, Option<usize>)>,
    /// The household columns the file has (by a column or built from parts).
    household_columns: Vec<Column>,
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

    /// File-level problems known only once every record is read: the hint
    /// when the birth dates that could not be read are consistently in
    /// another form ([`DATE_FORM_DETECTED`](Code::DateFormDetected)).
    pub fn late_problems(&self) -> Vec<Problem> {
        let Some((format, form, count)) = self.dates.consistent() else {
            return Vec::new();
        };
        vec![Problem::new(Code::DateFormDetected, "")
            .with_int("count", count)
            .with("field", self.name(Column::TglLahir))
            .with("form", form)
            .with("format", format)
            .with("expected", self.mapping.date_formats_text())]
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
    fn raw<'r>(&self, rec: &Rec<'r>, c: Column) -> &'r [u8] {
        match self.sources.get(c.index()) {
            Some(Source::At(i)) => rec.get(*i).map_or(&[][..], |b| b.trim_ascii()),
            _ => &[],
        }
    }

    /// True when two records are byte for byte the same in every household
    /// column (a quick check; `false` says nothing). Only for records kept as
    /// read, where a run of fields is one stretch of bytes, commas included.
    fn household_identical(&self, a: &Rec<'_>, b: &Rec<'_>) -> bool {
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
    fn same(&self, a: &Rec<'_>, b: &Rec<'_>, c: Column) -> bool {
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
    fn text<'r>(&'r self, rec: &Fields<'r>, c: Column) -> Result<Option<Cow<'r, str>>, ()> {
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

/// A record whose bytes were checked as UTF-8 once, as a whole: a field's
/// text is then a slice of that (two boundary checks) rather than a UTF-8
/// check per field.
pub(crate) struct Fields<'r> {
    rec: Rec<'r>,
    /// The record's field bytes end to end, when they are UTF-8.
    whole: Option<&'r str>,
}

impl<'r> Fields<'r> {
    pub fn new(rec: Rec<'r>) -> Fields<'r> {
        Fields {
            rec,
            whole: rec
                .text()
                .or_else(|| std::str::from_utf8(rec.as_slice()).ok()),
        }
    }

    /// Field `i`, trimmed; `""` when the record is shorter; `Err` when not UTF-8.
    ///
    /// The same as checking the trimmed field alone: a slice of valid UTF-8
    /// between character boundaries is valid, trimming ASCII whitespace keeps
    /// it so, and a field that cannot be sliced so is checked on its own.
    fn str(&self, i: usize) -> Result<&'r str, ()> {
        if let Some(s) = self
            .whole
            .zip(self.rec.range(i))
            .and_then(|(w, range)| w.get(range))
        {
            return Ok(s.trim_ascii());
        }
        let b = self.rec.get(i).map_or(&[][..], <[u8]>::trim_ascii);
        std::str::from_utf8(b).map_err(|_| ())
    }
}

/// A parsed field value, after the mapping's translation.
enum Value<'r> {
    Unknown,
    Text(Cow<'r, str>),
}

/// One record of a group.
#[derive(Clone, Copy)]
pub(crate) struct RawRow<'a> {
    pub row: u64,
    pub rec: Rec<'a>,
    /// Why the record cannot be read (wrong field count, cut off), if so.
    pub broken: Option<Broken>,
}

impl Broken {
    /// The problem it is (a blank record is none: it is only counted).
    pub fn problem(self) -> Option<Problem> {
        Some(match self {
            Broken::Count { found, expected } => Problem::new(Code::RowColumnCount, "")
                .with_int("found", found)
                .with_int("expected", expected),
            Broken::Truncated => Problem::new(Code::RowTruncated, ""),
            Broken::Blank => return None,
            Broken::Header { reordered: false } => Problem::new(Code::HeaderRepeated, ""),
            Broken::Header { reordered: true } => Problem::new(Code::HeaderRepeatedReordered, ""),
        })
    }
}

/// What building one household from its rows gives.
#[derive(Debug, Default)]
pub(crate) struct Built {
    pub household: Option<Household>,
    /// Problems with the rows they point at (absolute row numbers).
    pub problems: Vec<RowProblem>,
    /// Row number of each member: `member_rows[f][m]`.
    pub member_rows: Vec<Vec<u64>>,
    /// Row numbers of the good rows.
    pub rows: Vec<u64>,
    /// True when the household id came from the KK number (mask it).
    pub id_from_kk: bool,
    /// The household's label in reports ([`household_label`]).
    pub label: String,
    /// Rows of the group that cannot be read (wrong field count, cut off).
    pub unreadable: Vec<u64>,
    /// Blank records and repeated headers in the group (skipped).
    pub blank: u64,
    pub header: u64,
}

/// Masks a household id that looks like an identity number, and any run
/// of twelve or more digits in one that does not (`KK-3171…`).
pub(crate) fn household_label(id: &str, from_kk: bool) -> String {
    label_of(id, from_kk).into_owned()
}

/// [`household_label`], borrowing the id when it shows as it is.
fn label_of(id: &str, from_kk: bool) -> std::borrow::Cow<'_, str> {
    if from_kk || looks_like_identity(id) {
        mask_digits(id).into()
    } else {
        crate::personal::mask_identity_runs(id)
    }
}

/// Twelve digits or more: a household id that may be a KK or NIK.
fn looks_like_identity(id: &str) -> bool {
    id.len() >= 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// Allocations a worker keeps from household to household: the strings and
/// vectors of the last household built, cleared, to be filled again (a
/// household is a dozen allocations otherwise, and allocating and freeing
/// them was a tenth of a run).
#[derive(Default)]
pub(crate) struct Spare {
    strings: Vec<String>,
    members: Vec<Vec<Member>>,
    families: Vec<Vec<Family>>,
    rows: Vec<Vec<u64>>,
    member_rows: Vec<Vec<Vec<u64>>>,
}

/// How many of each kind are kept at most.
const SPARE: usize = 64;

impl Spare {
    /// A string holding `s`.
    fn string(&mut self, s: &str) -> String {
        let mut out = self.strings.pop().unwrap_or_default();
        out.clear();
        out.push_str(s);
        out
    }

    /// An empty row list.
    fn rows(&mut self) -> Vec<u64> {
        let mut v = self.rows.pop().unwrap_or_default();
        v.clear();
        v
    }

    fn keep_string(&mut self, s: String) {
        if self.strings.len() < SPARE {
            self.strings.push(s);
        }
    }

    fn keep_rows(&mut self, v: Vec<u64>) {
        if self.rows.len() < SPARE {
            self.rows.push(v);
        }
    }

    /// Takes back what a built household, its row lists and its label hold.
    pub fn recycle(&mut self, h: Household, built: Built) {
        let Built {
            mut member_rows,
            rows,
            label,
            ..
        } = built;
        self.keep_string(label);
        let Household {
            id,
            address,
            mut families,
            ..
        } = h;
        self.keep_string(id);
        self.keep_string(address.village_code);
        for s in [address.rt, address.rw].into_iter().flatten() {
            self.keep_string(s);
        }
        if let Some(p) = address.street {
            self.keep_string(p.into_string());
        }
        for f in families.drain(..) {
            let mut members = f.members;
            for m in members.drain(..) {
                if let Some(n) = m.name {
                    self.keep_string(n.into_string());
                }
            }
            if self.members.len() < SPARE {
                self.members.push(members);
            }
        }
        if self.families.len() < SPARE {
            self.families.push(families);
        }
        for r in member_rows.drain(..) {
            self.keep_rows(r);
        }
        if self.member_rows.len() < SPARE {
            self.member_rows.push(member_rows);
        }
        self.keep_rows(rows);
    }
}

/// The KK numbers of a household's families as read, in order: four kept
/// inline (a household rarely has more), the rest in a vector.
#[derive(Default)]
struct FamilyKeys<'r> {
    first: [&'r [u8]; 4],
    more: Vec<&'r [u8]>,
    len: usize,
}

impl<'r> FamilyKeys<'r> {
    fn position(&self, key: &[u8]) -> Option<usize> {
        let inline = self.first.get(..self.len.min(4)).unwrap_or(&[]);
        inline
            .iter()
            .position(|k| *k == key)
            .or_else(|| self.more.iter().position(|k| *k == key).map(|i| i + 4))
    }

    fn push(&mut self, key: &'r [u8]) {
        match self.first.get_mut(self.len) {
            Some(slot) => *slot = key,
            None => self.more.push(key),
        }
        self.len += 1;
    }

    fn len(&self) -> usize {
        self.len
    }
}

/// The row whose household columns (address, housing, income, …) are the
/// household's: the first good row when every good row agrees with it (the
/// common case, checked first), else the row that most rows agree with, the
/// earliest among equals; so a typo on the first row marks that row
/// `HOUSEHOLD_FIELD_INCONSISTENT`, not the rows that agree. For households of
/// more than 64 rows (never a real one) the first row is kept, so the work
/// stays linear. Also says whether every good row agrees with it (then no
/// row needs comparing again).
///
/// A row whose household values are themselves faulty ([`column_fault`]) is
/// taken only when no row is without fault: in a two-row household whose
/// first row has a negative floor area, the second row is the reference and
/// the first gets the problem of its value.
fn reference_row<'a, 'r>(
    layout: &Layout,
    rows: &'a [RawRow<'r>],
    first: &'a RawRow<'r>,
) -> (&'a RawRow<'r>, bool) {
    let agree = |a: &RawRow<'_>, b: &RawRow<'_>| {
        std::ptr::eq(a, b)
            || layout.household_identical(&a.rec, &b.rec)
            || layout
                .household_columns
                .iter()
                .all(|&c| c == Column::IdRt || layout.same(&a.rec, &b.rec, c))
    };
    let good = || rows.iter().filter(|r| r.broken.is_none());
    if good().all(|r| agree(first, r)) {
        return (first, true);
    }
    if good().nth(64).is_some() {
        return (first, false);
    }
    let faultless = |r: &RawRow<'_>| {
        let fields = Fields::new(r.rec);
        layout
            .household_columns
            .iter()
            .all(|&c| c == Column::IdRt || column_fault(layout, &fields, c).is_none())
    };
    let mut best = ((false, 0usize), first);
    for r in good() {
        let score = (faultless(r), good().filter(|o| agree(r, o)).count());
        if score > best.0 {
            best = (score, r);
        }
    }
    (best.1, false)
}

/// The problem of a household column's value on one row, read and checked
/// alone (parse, then the range and form checks of household validation on
/// its path: a negative floor area, a 9-digit village code, a code outside
/// its list); `None` when the value is good or empty. Only for rows that
/// disagree with the household's reference row.
fn column_fault(layout: &Layout, fields: &Fields<'_>, c: Column) -> Option<Problem> {
    let text = match value(layout, fields, c) {
        Err(p) => return Some(p.under_col(c)),
        Ok(Value::Unknown) => return None,
        Ok(Value::Text(t)) => t,
    };
    let mut h = Household::default();
    if let Err(p) = set_household(&mut h, layout, c, &text, &mut Spare::default()) {
        return Some(p);
    }
    let path = c.model_field();
    let on = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    crate::household::validate(&h, on).into_iter().find(|p| {
        p.path == path
            && matches!(
                p.code,
                Code::ValueInvalid
                    | Code::ValueOutOfRange
                    | Code::VillageCodeInvalid
                    | Code::VillageUnknown
            )
    })
}

/// Builds the household of a group of rows (the rows sharing one key).
pub(crate) fn build(layout: &Layout, rows: &[RawRow<'_>], spare: &mut Spare) -> Built {
    let mut b = Built {
        member_rows: spare.member_rows.pop().unwrap_or_default(),
        ..Built::default()
    };
    for r in rows {
        if let Some(k) = r.broken {
            match k {
                Broken::Blank => b.blank += 1,
                Broken::Header { .. } => b.header += 1,
                Broken::Count { .. } | Broken::Truncated => b.unreadable.push(r.row),
            }
            if let Some(p) = k.problem() {
                b.problems.push(RowProblem::at(r.row, "", p));
            }
        }
    }
    let good = || rows.iter().filter(|r| r.broken.is_none());
    let Some(first) = good().next() else {
        return b;
    };
    let (first, all_agree) = reference_row(layout, rows, first);
    b.rows = spare.rows();
    b.rows.extend(good().map(|r| r.row));
    let mut h = Household {
        families: spare.families.pop().unwrap_or_default(),
        ..Household::default()
    };
    let mut household_problems: Vec<Problem> = Vec::new();
    let first_fields = Fields::new(first.rec);
    h.id = spare.string(&String::from_utf8_lossy(layout.key(&first.rec)));
    b.id_from_kk = layout.raw(&first.rec, Column::IdRt).is_empty() && layout.fallback_kk;
    // Household columns from the reference row (the first good row, unless
    // the rows disagree: see `reference_row`).
    for c in layout.household_columns.iter().copied() {
        if c == Column::IdRt {
            continue;
        }
        match value(layout, &first_fields, c) {
            Err(p) => household_problems.push(p.under_col(c)),
            Ok(Value::Unknown) => {}
            Ok(Value::Text(s)) => {
                if let Err(p) = set_household(&mut h, layout, c, &s, spare) {
                    household_problems.push(p);
                }
            }
        }
    }
    // Families by KK number, members in row order.
    let mut family_keys = FamilyKeys::default();
    for r in good() {
        let fields = Fields::new(r.rec);
        let identical =
            all_agree || std::ptr::eq(r, first) || layout.household_identical(&first.rec, &r.rec);
        for c in layout.household_columns.iter().copied() {
            if identical {
                break;
            }
            if !layout.same(&first.rec, &r.rec, c) {
                // A value that is wrong in itself gets its own problem; two
                // good values that differ are an inconsistency.
                let p = column_fault(layout, &fields, c).unwrap_or_else(|| {
                    Problem::new(Code::HouseholdFieldInconsistent, c.model_field())
                        .with("field", layout.name(c))
                        .with("first_row", first.row)
                });
                b.problems.push(RowProblem::at(r.row, layout.name(c), p));
            }
        }
        let kk_raw = layout.raw(&r.rec, Column::NoKk);
        let fi = match family_keys.position(kk_raw) {
            Some(fi) => fi,
            None => {
                family_keys.push(kk_raw);
                let kk = match layout.text(&fields, Column::NoKk) {
                    Ok(Some(s)) => {
                        let (kk, repaired) = id_field(layout, Column::NoKk, &s);
                        if let Some(p) = repaired {
                            let p = p.under_col(Column::NoKk);
                            let p = Problem {
                                path: format!("families[{}].kk", family_keys.len() - 1),
                                ..p
                            };
                            b.problems
                                .push(RowProblem::at(r.row, layout.name(Column::NoKk), p));
                        }
                        Some(kk)
                    }
                    Ok(None) => None,
                    Err(()) => {
                        b.problems.push(not_utf8(layout, r.row, Column::NoKk));
                        None
                    }
                };
                h.families.push(Family {
                    kk,
                    members: spare.members.pop().unwrap_or_default(),
                });
                b.member_rows.push(spare.rows());
                family_keys.len() - 1
            }
        };
        let (Some(family), Some(rows_of)) = (h.families.get_mut(fi), b.member_rows.get_mut(fi))
        else {
            continue;
        };
        let mi = family.members.len();
        let mut m = Member::default();
        for &(c, direct) in &layout.member_columns {
            let path = |c: Column| format!("families[{fi}].members[{mi}].{}", c.model_field());
            // A column read as it is (one field, no translation): its text
            // straight from the record.
            let got = match direct.map(|i| fields.str(i)) {
                Some(Ok("")) => continue,
                Some(Ok(s)) => Ok(Value::Text(Cow::Borrowed(s))),
                Some(Err(())) | None => value(layout, &fields, c),
            };
            match got {
                Err(p) => {
                    let mut p = p;
                    p.path = path(c);
                    b.problems.push(RowProblem::at(r.row, layout.name(c), p));
                }
                Ok(Value::Unknown) => {}
                Ok(Value::Text(s)) => match set_member(&mut m, layout, c, &s, spare) {
                    Ok(None) => {}
                    Ok(Some(mut p)) | Err(mut p) => {
                        p.path = path(c);
                        b.problems.push(RowProblem::at(r.row, layout.name(c), p));
                    }
                },
            }
        }
        family.members.push(m);
        rows_of.push(r.row);
    }
    let label = match label_of(&h.id, b.id_from_kk) {
        std::borrow::Cow::Borrowed(id) => spare.string(id),
        std::borrow::Cow::Owned(masked) => masked,
    };
    for p in household_problems {
        let field = Column::from_path(&p.path)
            .map_or("", |c| layout.name(c))
            .to_owned();
        b.problems.push(RowProblem {
            row: b.rows.first().copied(),
            rows: b.rows.clone(),
            household: None,
            field,
            problem: p,
        });
    }
    for p in &mut b.problems {
        p.household = Some(label.clone());
    }
    b.label = label;
    b.household = Some(h);
    b
}

/// Drops the problems of household validation that only repeat a fault
/// already reported while reading (`problems[..read]`): a value present but
/// unreadable (an unparseable date, a name that is not UTF-8, a code out of
/// its list) leaves its field unknown, and validation would add
/// `FIELD_REQUIRED` for it, or `FAMILY_NO_HEAD` for a family whose
/// unreadable `hub_keluarga` may be its head's. One fault, one problem.
/// Nothing to do (and nothing done) for a household read without a problem.
pub(crate) fn drop_consequential(problems: &mut Vec<RowProblem>, read: usize) {
    if read == 0 || problems.len() == read {
        return;
    }
    let tail = problems.split_off(read);
    let repeats = |p: &RowProblem| {
        matches!(p.problem.code, Code::FieldRequired | Code::FamilyNoHead)
            && !p.field.is_empty()
            && problems.iter().any(|r| {
                r.field == p.field
                    && r.problem.is_error()
                    && r.row.is_some_and(|x| p.rows.contains(&x))
            })
    };
    let kept: Vec<RowProblem> = tail.into_iter().filter(|p| !repeats(p)).collect();
    problems.extend(kept);
}

/// Maps problems of a validated household (model paths) to its rows.
pub(crate) fn place(
    problems: Vec<Problem>,
    member_rows: &[Vec<u64>],
    all_rows: &[u64],
    label: &str,
    field_name: &dyn Fn(Column) -> String,
    by_row: bool,
    out: &mut Vec<RowProblem>,
) {
    for mut p in problems {
        if by_row {
            name_paths(&mut p, member_rows, field_name);
        }
        let rows: Vec<u64> = match path_indexes(&p.path) {
            (Some(f), Some(m)) => member_rows
                .get(f)
                .and_then(|r| r.get(m))
                .map_or_else(|| all_rows.to_vec(), |r| vec![*r]),
            // A family without rows (no members) is the household's problem:
            // every problem must point at a row, or its row would count as valid.
            (Some(f), None) => member_rows
                .get(f)
                .filter(|r| !r.is_empty())
                .cloned()
                .unwrap_or_else(|| all_rows.to_vec()),
            _ => all_rows.to_vec(),
        };
        let field = Column::from_path(&p.path).map_or_else(String::new, field_name);
        out.push(RowProblem {
            row: rows.first().copied(),
            rows,
            household: Some(label.to_owned()),
            field,
            problem: p,
        });
    }
}

/// Names the model places in a problem's context as a CSV user knows them:
/// the problem's own field (and any `field`) by its column, another member
/// or family by its row (`{"row": 12, "text": {"id": "baris 12", "en": "row 12"}}`).
fn name_paths(p: &mut Problem, member_rows: &[Vec<u64>], field_name: &dyn Fn(Column) -> String) {
    use crate::problem::Value;
    let own = &p.path;
    for (key, v) in &mut p.context {
        let Value::Path(path) = v else { continue };
        let row = match path_indexes(path) {
            _ if *key == "field" || path == own => None,
            (Some(f), Some(m)) => member_rows.get(f).and_then(|r| r.get(m)).copied(),
            (Some(f), None) => member_rows.get(f).and_then(|r| r.first()).copied(),
            _ => None,
        };
        *v = match (row, Column::from_path(path)) {
            (Some(r), _) => Value::Map(vec![
                (
                    "row".to_owned(),
                    Value::Int(i64::try_from(r).unwrap_or(i64::MAX)),
                ),
                (
                    "text".to_owned(),
                    Value::Lang {
                        id: format!("baris {r}"),
                        en: format!("row {r}"),
                    },
                ),
            ]),
            (None, Some(c)) => Value::Text(field_name(c)),
            (None, None) => continue,
        };
    }
}

fn not_utf8(layout: &Layout, row: u64, c: Column) -> RowProblem {
    RowProblem::at(
        row,
        layout.name(c),
        Problem::new(Code::RowNotUtf8, c.model_field()).with("field", layout.name(c)),
    )
}

trait UnderCol {
    fn under_col(self, c: Column) -> Problem;
}
impl UnderCol for Problem {
    fn under_col(mut self, c: Column) -> Problem {
        self.path = c.model_field().to_owned();
        self
    }
}

/// The value of a column after translation, or the problem reading it.
fn value<'r>(layout: &'r Layout, rec: &Fields<'r>, c: Column) -> Result<Value<'r>, Problem> {
    let text = match layout.text(rec, c) {
        Err(()) => {
            return Err(
                Problem::new(Code::RowNotUtf8, c.model_field()).with("field", layout.name(c))
            )
        }
        Ok(None) => return Ok(Value::Unknown),
        Ok(Some(t)) => t,
    };
    if layout.mapping.is_null(c, &text) {
        return Ok(Value::Unknown);
    }
    match layout
        .mapping
        .values
        .get(c.index())
        .and_then(Option::as_ref)
    {
        None => Ok(Value::Text(text)),
        Some(table) => match table.get(normalise_value(&text)) {
            Some(to) if to.is_empty() => Ok(Value::Unknown),
            Some(to) => Ok(Value::Text(Cow::Owned(to.clone()))),
            None => {
                let mut keys: Vec<&str> = table.keys().map(String::as_str).collect();
                keys.sort_by_key(|k| (k.len(), *k));
                Err(invalid(layout.name(c), &text, &keys.join(", ")))
            }
        },
    }
}

/// A value not allowed in its column. The value is shown (up to 24
/// characters) with digit runs masked: a row shifted by one column can put a
/// NIK where a code belongs.
fn invalid(field: &str, value: &str, expected: &str) -> Problem {
    if is_common_null(value) {
        return Problem::new(Code::ValueNullToken, "")
            .with("field", field)
            .with("value", value);
    }
    let shown = crate::personal::mask_digit_runs(&value.chars().take(24).collect::<String>());
    Problem::new(Code::ValueInvalid, "")
        .with("field", field)
        .with("value", shown)
        .with("expected", expected)
}

fn code<T: CodeList>(field: &str, s: &str) -> Result<T, Problem> {
    s.parse::<u8>()
        .ok()
        .and_then(T::from_code)
        .ok_or_else(|| invalid(field, s, &T::code_range()))
}

fn flag(field: &str, s: &str) -> Result<bool, Problem> {
    match s {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(invalid(field, s, "0 or 1")),
    }
}

fn sex(field: &str, s: &str) -> Result<Sex, Problem> {
    match s {
        "1" => Ok(Sex::Male),
        "2" => Ok(Sex::Female),
        _ => Err(invalid(field, s, "1 (male) or 2 (female)")),
    }
}

/// An identity number from its text: a spreadsheet's lossless damage
/// (`'3171…`, `="3171…"`, `3171….0`) repaired when the layout accepts
/// repaired values, with the warning that says so.
fn id_field<T: crate::household::IdNumber>(
    layout: &Layout,
    c: Column,
    s: &str,
) -> (IdField<T>, Option<Problem>) {
    if layout.float_ids.contains(&c) {
        let kind = if c == Column::NoKk {
            crate::id::IdKind::Kk
        } else {
            crate::id::IdKind::Nik
        };
        if let Some(error) = crate::id::float_precision(kind, s) {
            let raw = Personal::new(s.to_owned());
            return (IdField::Invalid { raw, error }, None);
        }
    }
    let f = IdField::from_text(s);
    if !layout.accept_repaired {
        return (f, None);
    }
    match (&f, crate::id::repair_spreadsheet(s)) {
        (IdField::Invalid { error, .. }, Some((_, digits)))
            if matches!(error.kind(), IdErrorKind::Spreadsheet { .. }) =>
        {
            let warning = error.to_problem("").with_severity(Severity::Warning);
            (IdField::from_text(digits), Some(warning))
        }
        _ => (f, None),
    }
}

/// A birth date: a declared form; else a spreadsheet's date serial (its
/// own code, naming the date), a token for unknown, or a value in another
/// form (noted for the file's hint). `Ok(Some(_))`: read, with a warning.
fn birth_date(layout: &Layout, f: &str, s: &str) -> Result<(NaiveDate, Option<Problem>), Problem> {
    if let Some(d) = layout.mapping.date(s) {
        // Only a value shorter than `YYYY-MM-DD` can be unpadded.
        let warning = (s.len() < 10 && unpadded_ymd(s)).then(|| {
            Problem::new(Code::DateNotPadded, "")
                .with("field", f)
                .with("shape", crate::personal::digit_shape(s))
        });
        return Ok((d, warning));
    }
    if let Some(d) = spreadsheet_serial(s) {
        return Err(Problem::new(Code::DateSpreadsheetSerial, "")
            .with("field", f)
            .with("value", s)
            .with("date", d)
            .with("expected", layout.mapping.date_formats_text()));
    }
    if !is_common_null(s) {
        layout.dates.note(s);
    }
    // A birth date is personal: show only the form it was written in.
    let shown = if is_common_null(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(crate::personal::digit_shape(s))
    };
    Err(invalid(f, &shown, &layout.mapping.date_formats_text()))
}

/// Sets a member's field; `Ok(Some(_))` is a warning (a value read after a
/// repair or in a form other than the reference one).
fn set_member(
    m: &mut Member,
    layout: &Layout,
    c: Column,
    s: &str,
    spare: &mut Spare,
) -> Result<Option<Problem>, Problem> {
    let f = layout.name(c);
    match c {
        Column::Nik => {
            let (nik, warning) = id_field(layout, c, s);
            m.nik = Some(nik);
            return Ok(warning);
        }
        Column::Nama => m.name = Some(Personal::new(spare.string(s))),
        Column::TglLahir => {
            let (d, warning) = birth_date(layout, f, s)?;
            m.birth_date = Some(d);
            return Ok(warning);
        }
        Column::JenisKelamin => m.sex = Some(sex(f, s)?),
        Column::HubKeluarga => m.relationship = Some(code(f, s)?),
        Column::StatusKawin => m.marital_status = Some(code(f, s)?),
        Column::Hamil => m.pregnant = Some(flag(f, s)?),
        Column::Disabilitas => m.disability = Some(code(f, s)?),
        Column::DisabilitasBerat => m.severe_disability = Some(flag(f, s)?),
        Column::Sekolah => m.schooling = Some(code(f, s)?),
        Column::Pendidikan => m.education = Some(code(f, s)?),
        Column::Bekerja => m.working = Some(flag(f, s)?),
        _ => {}
    }
    Ok(None)
}

/// A floor area: `36.5`, or `36,5` where the file declares a decimal comma
/// (then a dot is not a decimal mark); a decimal comma in a file that does
/// not declare one is [`DECIMAL_COMMA`](Code::DecimalComma).
fn floor_area(layout: &Layout, f: &str, s: &str) -> Result<f64, Problem> {
    let number = |t: &str| t.parse::<f64>().ok().filter(|v| v.is_finite());
    let plain = |t: &str| {
        let t = t.strip_prefix('-').unwrap_or(t);
        !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b',')
    };
    if layout.mapping.decimal_comma {
        if !s.contains('.') && s.bytes().filter(|b| *b == b',').count() <= 1 && plain(s) {
            if let Some(v) = number(&s.replace(',', ".")) {
                return Ok(v);
            }
        }
        return Err(invalid(f, s, "a number of m², decimal comma"));
    }
    if let Some(v) = number(s) {
        return Ok(v);
    }
    if s.bytes().filter(|b| *b == b',').count() == 1
        && plain(s)
        && number(&s.replace(',', ".")).is_some()
    {
        return Err(Problem::new(Code::DecimalComma, "")
            .with("field", f)
            .with("value", s));
    }
    Err(invalid(f, s, "a number of m²"))
}

/// Whole rupiah: `1500000`, or grouped by dots (`1.500.000`) where the file
/// declares a decimal comma.
fn rupiah(layout: &Layout, f: &str, s: &str) -> Result<i64, Problem> {
    if let Ok(v) = s.parse() {
        return Ok(v);
    }
    if layout.mapping.decimal_comma {
        let mut groups = s.split('.');
        let head_ok = groups
            .next()
            .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
        let rest_ok = s.contains('.')
            && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if head_ok && rest_ok {
            if let Ok(v) = s.replace('.', "").parse() {
                return Ok(v);
            }
        }
    }
    Err(invalid(f, s, "a whole number of rupiah"))
}

fn set_household(
    h: &mut Household,
    layout: &Layout,
    c: Column,
    s: &str,
    spare: &mut Spare,
) -> Result<(), Problem> {
    let f = layout.name(c);
    let path = c.model_field();
    let r = (|| {
        match c {
            Column::KodeDesa => h.address.village_code = spare.string(s),
            Column::Alamat => h.address.street = Some(Personal::new(spare.string(s))),
            Column::Rt => h.address.rt = Some(spare.string(s)),
            Column::Rw => h.address.rw = Some(spare.string(s)),
            Column::LuasLantai => h.housing.floor_area = Some(floor_area(layout, f, s)?),
            Column::JenisLantai => h.housing.floor = Some(code::<FloorMaterial>(f, s)?),
            Column::JenisDinding => h.housing.wall = Some(code::<WallMaterial>(f, s)?),
            Column::JenisAtap => h.housing.roof = Some(code::<RoofMaterial>(f, s)?),
            Column::SumberAir => h.housing.water = Some(code::<WaterSource>(f, s)?),
            Column::Penerangan => h.housing.lighting = Some(code::<Lighting>(f, s)?),
            Column::BahanBakar => h.housing.cooking_fuel = Some(code::<CookingFuel>(f, s)?),
            Column::Jamban => h.housing.toilet = Some(code::<Toilet>(f, s)?),
            Column::StatusRumah => h.housing.tenure = Some(code::<Tenure>(f, s)?),
            Column::Penghasilan => h.income_monthly = Some(rupiah(layout, f, s)?),
            Column::Desil => {
                h.desil = Some(s.parse().map_err(|_| invalid(f, s, "1–10"))?);
            }
            Column::Terdaftar => h.registered = Some(flag(f, s)?),
            _ => {}
        }
        Ok(())
    })();
    r.map_err(|p: Problem| {
        let mut p = p;
        p.path = path.to_owned();
        p
    })
}

/// True when the reference layout accepts `v` in column `c` (mapping targets).
pub(crate) fn target_is_valid(c: Column, v: &str) -> bool {
    let layout = Layout::resolve(&ByteRecord::new(), &Mapping::reference());
    // It must parse, and then pass the range and form checks of household
    // validation on its own path (`desil` 1–10, `rt` 1–3 digits, …): the
    // value alone, in an otherwise empty household, on a fixed date (no
    // range depends on the date).
    let mut h = Household::default();
    let path = match c.level() {
        Level::Member => {
            let mut m = Member::default();
            if set_member(&mut m, &layout, c, v, &mut Spare::default()).is_err() {
                return false;
            }
            h.families.push(crate::household::Family {
                kk: None,
                members: vec![m],
            });
            format!("families[0].members[0].{}", c.model_field())
        }
        Level::Household => {
            if set_household(&mut h, &layout, c, v, &mut Spare::default()).is_err() {
                return false;
            }
            c.model_field().to_owned()
        }
        Level::Family => return true,
    };
    let on = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    !crate::household::validate(&h, on).iter().any(|p| {
        p.path == path
            && matches!(
                p.code,
                Code::ValueInvalid | Code::ValueOutOfRange | Code::VillageCodeInvalid
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(fields: &[&str]) -> ByteRecord {
        ByteRecord::from(fields.to_vec())
    }

    fn parsed(line: &str) -> super::super::block::Records {
        let mut r = super::super::block::Records::default();
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

    #[test]
    fn family_keys_beyond_four_are_found() {
        let keys: Vec<Vec<u8>> = (0..7).map(|i| format!("kk{i}").into_bytes()).collect();
        let mut f = FamilyKeys::default();
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(f.position(k), None);
            f.push(k);
            assert_eq!(f.len(), i + 1);
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(f.position(k), Some(i));
        }
        assert_eq!(f.position(b"kk9"), None);
    }

    fn comma_layout(comma: bool) -> Layout {
        let mut m = Mapping::reference();
        if comma {
            m.decimal = Some(",".to_owned());
        }
        Layout::resolve(&ByteRecord::new(), &m)
    }

    #[test]
    fn numbers_follow_the_declared_decimal_mark() {
        let (dot, comma) = (comma_layout(false), comma_layout(true));
        let f = "luas_lantai";
        assert_eq!(floor_area(&dot, f, "36.5").ok(), Some(36.5));
        assert_eq!(floor_area(&comma, f, "36,5").ok(), Some(36.5));
        assert_eq!(floor_area(&comma, f, "36").ok(), Some(36.0));
        let code = |r: Result<f64, Problem>| r.err().map(|p| p.code);
        assert_eq!(code(floor_area(&dot, f, "36,5")), Some(Code::DecimalComma));
        // A dot in a decimal-comma file is not read as a decimal mark.
        assert_eq!(
            code(floor_area(&comma, f, "36.5")),
            Some(Code::ValueInvalid)
        );
        assert_eq!(
            code(floor_area(&comma, f, "1,2,3")),
            Some(Code::ValueInvalid)
        );
        assert_eq!(code(floor_area(&dot, f, "N/A")), Some(Code::ValueNullToken));
        assert_eq!(
            rupiah(&comma, "penghasilan", "1.500.000").ok(),
            Some(1_500_000)
        );
        assert!(rupiah(&dot, "penghasilan", "1.500.000").is_err());
        assert!(rupiah(&comma, "penghasilan", "1.50.000").is_err());
        assert!(rupiah(&comma, "penghasilan", "1500.000,5").is_err());
    }

    proptest::proptest! {
        /// `a,b` in a decimal-comma file is the number `a.b`; the same text
        /// in a file without the declaration is DECIMAL_COMMA; grouped
        /// rupiah read as the whole number; nothing panics on any text.
        #[test]
        fn decimal_comma_numbers(a in 0u32..100_000, b in "[0-9]{1,3}", r in 0i64..10_000_000_000, any in ".{0,16}") {
            let (dot, comma) = (comma_layout(false), comma_layout(true));
            let text = format!("{a},{b}");
            let want: f64 = format!("{a}.{b}").parse().unwrap();
            proptest::prop_assert_eq!(floor_area(&comma, "x", &text).ok(), Some(want));
            proptest::prop_assert_eq!(floor_area(&dot, "x", &text).err().map(|p| p.code), Some(Code::DecimalComma));
            let digits = r.to_string();
            let mut grouped = String::new();
            for (i, ch) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push('.');
                }
                grouped.push(ch);
            }
            proptest::prop_assert_eq!(rupiah(&comma, "x", &grouped).ok(), Some(r));
            let _ = floor_area(&comma, "x", &any);
            let _ = floor_area(&dot, "x", &any);
            let _ = rupiah(&comma, "x", &any);
        }
    }

    #[test]
    fn labels_mask_identity_like_ids() {
        assert_eq!(household_label("RT-1", false), "RT-1");
        assert_eq!(
            household_label("3171011503150007", false),
            "3171••••••••0007"
        );
        assert_eq!(household_label("abc", true), "•••");
    }
}
