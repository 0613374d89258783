//! One field's text read into a typed value: the record's text checked as
//! UTF-8 once, the mapping's translation and null tokens, and the parsing of
//! codes, flags, identity numbers, dates, areas and rupiah into a member or
//! household.

use super::column::{Column, Level};
use super::layout::Layout;
use super::mapping::{is_common_null, normalise_value, spreadsheet_serial, unpadded_ymd, Mapping};
use super::row::Spare;
use super::split::Rec;
use crate::household::codes::*;
use crate::household::{CodeList, Household, IdField, Member};
use crate::id::{IdErrorKind, Sex};
use crate::personal::Personal;
use crate::problem::Severity;
use crate::problem::{Code, Problem};
use chrono::NaiveDate;
use csv::ByteRecord;
use std::borrow::Cow;

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
    pub(super) fn str(&self, i: usize) -> Result<&'r str, ()> {
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
pub(super) enum Value<'r> {
    Unknown,
    Text(Cow<'r, str>),
}

/// The value of a column after translation, or the problem reading it.
pub(super) fn value<'r>(
    layout: &'r Layout,
    rec: &Fields<'r>,
    c: Column,
) -> Result<Value<'r>, Problem> {
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
pub(super) fn id_field<T: crate::household::IdNumber>(
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
pub(super) fn set_member(
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

pub(super) fn set_household(
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
}
