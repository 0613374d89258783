//! A household built from the CSV records that share its key: its families
//! by KK number, its members in row order, the row whose household columns
//! are the household's, and the allocations kept from one household to the
//! next.

use super::column::Column;
use super::fields::{id_field, set_household, set_member, value, Fields, Value};
use super::report::RowProblem;
use super::split::{Broken, Rec};
use crate::household::{Family, Household, Member};
use crate::personal::mask_digits;
use crate::problem::{Code, Problem};
use chrono::NaiveDate;
use std::borrow::Cow;

// The paths the rest of `bulk` reads these by.
pub(crate) use super::fields::target_is_valid;
pub(crate) use super::layout::Layout;
pub(crate) use super::placement::{drop_consequential, place};

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
    pub(super) fn string(&mut self, s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
