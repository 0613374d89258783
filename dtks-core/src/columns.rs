//! Identity numbers a whole column at a time (feature `arrow`): an Arrow
//! array of NIKs or KK numbers in, an Arrow struct array of their decoded
//! fields out, for analysts who hold their data as DataFrames and Parquet
//! (issue 17, "column functions"). The same parse and the same codes as
//! one number at a time ([`Nik::parse`], [`NoKk::parse`]); no text is built
//! for a value but the fields written out.
//!
//! Input types: `Utf8`, `LargeUtf8`, `Utf8View` (the text as written),
//! `Int64`, `UInt64` (the number; 15 digits or fewer is a length error, as
//! the text would be) and `Float64` (a float column: values above 2^53 are
//! `NIK_FLOAT_PRECISION` / `KK_FLOAT_PRECISION`, as in bulk validation,
//! because a float cannot hold their digits; a value with a fraction is a
//! non-digit). A null value gives a row of nulls.
//!
//! ```
//! use arrow_array::{Array, StringArray, cast::AsArray};
//! use chrono::NaiveDate;
//! use dtks_core::columns::nik_column;
//! let nik = StringArray::from(vec![Some("3171014101900001"), Some("123"), None]);
//! let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let out = nik_column(&nik, as_of, false).unwrap();
//! let valid = out.column_by_name("valid").unwrap().as_boolean();
//! assert!(valid.value(0) && !valid.value(1) && valid.is_null(2));
//! let code = out.column_by_name("code").unwrap().as_string::<i32>();
//! assert_eq!(code.value(1), "NIK_LENGTH");
//! let sex = out.column_by_name("sex").unwrap().as_string::<i32>();
//! assert_eq!(sex.value(0), "female");
//! ```

use crate::id::{
    float_precision, IdError, IdKind, IdentityNumber, Nik, NoKk, RegionOfIssue, Sex,
    FLOAT_EXACT_MAX,
};
use crate::problem::{Code, Lang};
use arrow_array::builder::{BooleanBuilder, Date32Builder, StringBuilder, UInt16Builder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type, UInt64Type};
use arrow_array::{Array, ArrayRef, StructArray};
use arrow_schema::{DataType, Field};
use chrono::{Datelike, NaiveDate};
use std::sync::Arc;

/// A column that cannot be read as identity numbers. `Display` is the
/// English message; [`ColumnError::message`] gives either language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ColumnError {
    /// The array's type is not one of the accepted ones.
    #[error(
        "a column of type {0} cannot be read as identity numbers: give text, integers or floats"
    )]
    Type(String),
}

impl ColumnError {
    /// The stable machine code: `COLUMN_TYPE_UNSUPPORTED`.
    pub fn code(&self) -> &'static str {
        match self {
            ColumnError::Type(_) => "COLUMN_TYPE_UNSUPPORTED",
        }
    }

    /// The message in `lang`, wholly in that language.
    ///
    /// ```
    /// use dtks_core::columns::ColumnError;
    /// use dtks_core::problem::Lang;
    /// let e = ColumnError::Type("Boolean".into());
    /// assert!(e.message(Lang::Id).starts_with("kolom bertipe Boolean"));
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ColumnError::Type(t), Lang::Id) => format!(
                "kolom bertipe {t} tidak dapat dibaca sebagai nomor identitas: berikan teks, bilangan bulat atau bilangan pecahan"
            ),
            (e, _) => e.to_string(),
        }
    }
}

/// One value of the column, as the parse sees it.
enum Item<'a> {
    Null,
    Text(&'a str),
    Int(i128),
    Float(f64),
}

/// Calls `f` with every value of the column, in order.
fn each(values: &dyn Array, mut f: impl FnMut(Item<'_>)) -> Result<(), ColumnError> {
    macro_rules! texts {
        ($a:expr) => {{
            let a = $a;
            for i in 0..a.len() {
                f(if a.is_null(i) {
                    Item::Null
                } else {
                    Item::Text(a.value(i))
                });
            }
        }};
    }
    match values.data_type() {
        DataType::Utf8 => texts!(values.as_string::<i32>()),
        DataType::LargeUtf8 => texts!(values.as_string::<i64>()),
        DataType::Utf8View => texts!(values.as_string_view()),
        DataType::Int64 => {
            let a = values.as_primitive::<Int64Type>();
            for i in 0..a.len() {
                f(if a.is_null(i) {
                    Item::Null
                } else {
                    Item::Int(i128::from(a.value(i)))
                });
            }
        }
        DataType::UInt64 => {
            let a = values.as_primitive::<UInt64Type>();
            for i in 0..a.len() {
                f(if a.is_null(i) {
                    Item::Null
                } else {
                    Item::Int(i128::from(a.value(i)))
                });
            }
        }
        DataType::Float64 => {
            let a = values.as_primitive::<Float64Type>();
            for i in 0..a.len() {
                f(if a.is_null(i) {
                    Item::Null
                } else {
                    Item::Float(a.value(i))
                });
            }
        }
        other => return Err(ColumnError::Type(other.to_string())),
    }
    Ok(())
}

/// The number an item holds, or the problem with it. `parse` is the
/// strict or lenient parse of text; numbers go through their digits.
fn read<T>(
    item: &Item<'_>,
    kind: IdKind,
    parse: impl Fn(&str) -> Result<T, IdError>,
    from_u64: impl Fn(u64) -> Result<T, IdError>,
) -> Option<Result<T, IdError>> {
    match *item {
        Item::Null => None,
        Item::Text(s) => Some(parse(s)),
        Item::Int(v) => Some(match u64::try_from(v) {
            Ok(u) if (1_000_000_000_000_000..10_000_000_000_000_000).contains(&u) => from_u64(u),
            // Too short, too long or negative: the text says which.
            _ => parse(&v.to_string()),
        }),
        Item::Float(x) => Some(if x.fract() == 0.0 && (0.0..1e17).contains(&x) {
            // Exact below 2^53; above it the digits cannot be trusted.
            let u = x as u64;
            let text = u.to_string();
            match float_precision(kind, &text) {
                Some(e) if u > FLOAT_EXACT_MAX => Err(e),
                _ => parse(&text),
            }
        } else {
            parse(&x.to_string())
        }),
    }
}

/// Writes `v` (0–99) as two ASCII digits.
fn two(out: &mut [u8], v: u8) {
    if let [a, b] = out {
        *a = b'0' + (v / 10) % 10;
        *b = b'0' + v % 10;
    }
}

/// `PPRR••••••••SSSS` (the mask every dtks message uses), written into a
/// buffer: the first four digits (province, regency), eight U+2022, the
/// serial's four digits.
fn masked(p: u8, r: u8, serial: u16) -> [u8; 32] {
    let mut b = *b"0000\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa20000";
    let hi = u8::try_from(serial / 100).unwrap_or(0);
    let lo = u8::try_from(serial % 100).unwrap_or(0);
    for (range, v) in [(0..2, p), (2..4, r), (28..30, hi), (30..32, lo)] {
        if let Some(slot) = b.get_mut(range) {
            two(slot, v);
        }
    }
    b
}

/// Days from 1970-01-01, Arrow's `Date32`.
fn date32(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - 719_163
}

/// The region columns every identity number has.
struct Region {
    province: StringBuilder,
    regency: StringBuilder,
    district: StringBuilder,
    retired: BooleanBuilder,
}

impl Region {
    fn new(n: usize) -> Region {
        Region {
            province: StringBuilder::with_capacity(n, n * 2),
            regency: StringBuilder::with_capacity(n, n * 5),
            district: StringBuilder::with_capacity(n, n * 8),
            retired: BooleanBuilder::with_capacity(n),
        }
    }

    fn push(&mut self, p: u8, r: u8, d: u8, region: RegionOfIssue) {
        // `PP.RR.DD`, written once: the province, regency and district
        // are its prefixes (no formatting machinery per value).
        let mut b = *b"00.00.00";
        for (range, v) in [(0..2, p), (3..5, r), (6..8, d)] {
            if let Some(slot) = b.get_mut(range) {
                two(slot, v);
            }
        }
        let text = std::str::from_utf8(&b).unwrap_or("");
        self.province.append_value(text.get(..2).unwrap_or(""));
        self.regency.append_value(text.get(..5).unwrap_or(""));
        self.district.append_value(text);
        self.retired
            .append_value(matches!(region, RegionOfIssue::Retired(_)));
    }

    fn null(&mut self) {
        self.province.append_null();
        self.regency.append_null();
        self.district.append_null();
        self.retired.append_null();
    }

    fn finish(mut self, out: &mut Vec<(Arc<Field>, ArrayRef)>) {
        let s = |name: &str| Arc::new(Field::new(name, DataType::Utf8, true));
        out.push((s("province"), Arc::new(self.province.finish())));
        out.push((s("regency"), Arc::new(self.regency.finish())));
        out.push((s("district"), Arc::new(self.district.finish())));
        out.push((
            Arc::new(Field::new("region_retired", DataType::Boolean, true)),
            Arc::new(self.retired.finish()),
        ));
    }
}

/// The verdict columns: `valid`, `code`, `masked`.
struct Verdict {
    valid: BooleanBuilder,
    code: StringBuilder,
    masked: StringBuilder,
}

impl Verdict {
    fn new(n: usize) -> Verdict {
        Verdict {
            valid: BooleanBuilder::with_capacity(n),
            code: StringBuilder::with_capacity(n, n),
            masked: StringBuilder::with_capacity(n, n * 32),
        }
    }

    fn ok(&mut self, masked: &[u8; 32]) {
        self.valid.append_value(true);
        self.code.append_null();
        self.masked
            .append_value(std::str::from_utf8(masked).unwrap_or(""));
    }

    fn bad(&mut self, code: Code) {
        self.valid.append_value(false);
        self.code.append_value(code.as_str());
        self.masked.append_null();
    }

    fn null(&mut self) {
        self.valid.append_null();
        self.code.append_null();
        self.masked.append_null();
    }

    fn finish(mut self) -> Vec<(Arc<Field>, ArrayRef)> {
        vec![
            (
                Arc::new(Field::new("valid", DataType::Boolean, true)),
                Arc::new(self.valid.finish()) as ArrayRef,
            ),
            (
                Arc::new(Field::new("code", DataType::Utf8, true)),
                Arc::new(self.code.finish()),
            ),
            (
                Arc::new(Field::new("masked", DataType::Utf8, true)),
                Arc::new(self.masked.finish()),
            ),
        ]
    }
}

/// Decodes a column of NIKs: a struct array with, per value, `valid`,
/// `code` (the problem's code, null when valid), `masked`, `province`
/// (`31`), `regency` (`31.71`), `district` (`31.71.01`), `region_retired`,
/// `birth_date` (Date32, the century resolved against `as_of`; null when it
/// cannot be), `sex` (`male` / `female`) and `serial`. Fields of an invalid
/// NIK are null. `lenient` accepts spaces, dots and dashes between digits
/// ([`Nik::parse_lenient`]).
pub fn nik_column(
    values: &dyn Array,
    as_of: NaiveDate,
    lenient: bool,
) -> Result<StructArray, ColumnError> {
    let n = values.len();
    let mut verdict = Verdict::new(n);
    let mut region = Region::new(n);
    let mut birth = Date32Builder::with_capacity(n);
    let mut sex = StringBuilder::with_capacity(n, n * 6);
    let mut serial = UInt16Builder::with_capacity(n);
    let parse = if lenient {
        Nik::parse_lenient
    } else {
        Nik::parse
    };
    each(values, |item| {
        match read(&item, IdKind::Nik, parse, Nik::from_u64) {
            None => {
                verdict.null();
                region.null();
                birth.append_null();
                sex.append_null();
                serial.append_null();
            }
            Some(Ok(nik)) => {
                verdict.ok(&masked(
                    nik.province_code(),
                    nik.regency_code(),
                    nik.serial(),
                ));
                region.push(
                    nik.province_code(),
                    nik.regency_code(),
                    nik.district_code(),
                    nik.region_of_issue(),
                );
                birth.append_option(nik.birth_date(as_of).map(date32));
                sex.append_value(match nik.sex() {
                    Sex::Male => "male",
                    Sex::Female => "female",
                });
                serial.append_value(nik.serial());
            }
            Some(Err(e)) => {
                verdict.bad(e.code());
                region.null();
                birth.append_null();
                sex.append_null();
                serial.append_null();
            }
        }
    })?;
    let mut fields = verdict.finish();
    region.finish(&mut fields);
    fields.push((
        Arc::new(Field::new("birth_date", DataType::Date32, true)),
        Arc::new(birth.finish()),
    ));
    fields.push((
        Arc::new(Field::new("sex", DataType::Utf8, true)),
        Arc::new(sex.finish()),
    ));
    fields.push((
        Arc::new(Field::new("serial", DataType::UInt16, true)),
        Arc::new(serial.finish()),
    ));
    Ok(StructArray::from(fields))
}

/// Decodes a column of KK numbers: `valid`, `code`, `masked`, the region
/// fields, `recorded_on` (Date32, null when it cannot be resolved) and
/// `serial`. The recording date is judged on `as_of` as household
/// validation judges it ([`NoKk::recording`]): a date after `as_of` or
/// before KK numbers existed makes the number invalid (`KK_ISSUED_FUTURE`,
/// `KK_ISSUED_BEFORE_REGISTRY`).
pub fn kk_column(
    values: &dyn Array,
    as_of: NaiveDate,
    lenient: bool,
) -> Result<StructArray, ColumnError> {
    let n = values.len();
    let mut verdict = Verdict::new(n);
    let mut region = Region::new(n);
    let mut recorded = Date32Builder::with_capacity(n);
    let mut serial = UInt16Builder::with_capacity(n);
    let parse = if lenient {
        NoKk::parse_lenient
    } else {
        NoKk::parse
    };
    each(values, |item| {
        let read = read(&item, IdKind::Kk, parse, NoKk::from_u64);
        let judged = read.map(|r| r.map_err(|e| e.code()).and_then(|kk| kk.judged_on(as_of)));
        match judged {
            None => {
                verdict.null();
                region.null();
                recorded.append_null();
                serial.append_null();
            }
            Some(Ok(kk)) => {
                verdict.ok(&masked(kk.province_code(), kk.regency_code(), kk.serial()));
                region.push(
                    kk.province_code(),
                    kk.regency_code(),
                    kk.district_code(),
                    kk.region_of_issue(),
                );
                recorded.append_option(kk.recorded_on(as_of).map(date32));
                serial.append_value(kk.serial());
            }
            Some(Err(code)) => {
                verdict.bad(code);
                region.null();
                recorded.append_null();
                serial.append_null();
            }
        }
    })?;
    let mut fields = verdict.finish();
    region.finish(&mut fields);
    fields.push((
        Arc::new(Field::new("recorded_on", DataType::Date32, true)),
        Arc::new(recorded.finish()),
    ));
    fields.push((
        Arc::new(Field::new("serial", DataType::UInt16, true)),
        Arc::new(serial.finish()),
    ));
    Ok(StructArray::from(fields))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use arrow_array::{Float64Array, Int32Array, Int64Array, StringArray};
    use proptest::prelude::*;

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
    }

    fn text(a: &StructArray, name: &str, i: usize) -> Option<String> {
        let c = a.column_by_name(name).unwrap().as_string::<i32>();
        (!c.is_null(i)).then(|| c.value(i).to_owned())
    }

    #[test]
    fn the_fields_of_a_nik_as_the_layout_reads_them() {
        // 31.71.01, day 41 = a woman born 1 January, 1990, serial 1
        // (docs/domain/identity.md §1.2).
        let a = nik_column(&StringArray::from(vec!["3171014101900001"]), as_of(), false).unwrap();
        assert_eq!(text(&a, "district", 0).as_deref(), Some("31.71.01"));
        assert_eq!(text(&a, "regency", 0).as_deref(), Some("31.71"));
        assert_eq!(text(&a, "sex", 0).as_deref(), Some("female"));
        assert_eq!(text(&a, "masked", 0).as_deref(), Some("3171••••••••0001"));
        let birth = a.column_by_name("birth_date").unwrap();
        let birth = birth.as_primitive::<arrow_array::types::Date32Type>();
        assert_eq!(
            birth.value(0),
            date32(NaiveDate::from_ymd_opt(1990, 1, 1).unwrap())
        );
        let serial = a.column_by_name("serial").unwrap();
        assert_eq!(
            serial
                .as_primitive::<arrow_array::types::UInt16Type>()
                .value(0),
            1
        );
    }

    #[test]
    fn numbers_and_floats_are_judged_as_bulk_judges_them() {
        let ints = Int64Array::from(vec![Some(3_171_014_101_900_001), Some(123), None]);
        let a = nik_column(&ints, as_of(), false).unwrap();
        assert_eq!(text(&a, "code", 0), None);
        assert_eq!(text(&a, "code", 1).as_deref(), Some("NIK_LENGTH"));
        assert!(a.column_by_name("valid").unwrap().is_null(2));
        // A Papua NIK is above 2^53: as a float its last digit cannot be trusted.
        let floats = Float64Array::from(vec![9_171_031_708_800_003.0, 3_171_014_101_900_001.0]);
        let a = nik_column(&floats, as_of(), false).unwrap();
        assert_eq!(text(&a, "code", 0).as_deref(), Some("NIK_FLOAT_PRECISION"));
        assert_eq!(text(&a, "code", 1), None);
        assert!(matches!(
            nik_column(&Int32Array::from(vec![1]), as_of(), false),
            Err(ColumnError::Type(_))
        ));
    }

    #[test]
    fn kk_recording_dates_are_judged_on_as_of() {
        let kk = StringArray::from(vec![
            "3171011503150007", // 15-03-15: possible
            "3171010107260001", // 01-07-26: the day after as_of
            "3218010509380001", // 05-09-38: 2038 future, 1938 before KK numbers
        ]);
        let a = kk_column(&kk, as_of(), false).unwrap();
        assert_eq!(text(&a, "code", 0), None);
        let one = NoKk::parse("3171011503150007").unwrap();
        assert_eq!(text(&a, "masked", 0), Some(one.masked()));
        assert_eq!(text(&a, "code", 1).as_deref(), Some("KK_ISSUED_FUTURE"));
        assert_eq!(
            text(&a, "code", 2).as_deref(),
            Some("KK_ISSUED_BEFORE_REGISTRY")
        );
    }

    proptest! {
        /// The column gives the verdict of the one-at-a-time parse, value by value.
        #[test]
        fn one_verdict_as_one_at_a_time(
            values in proptest::collection::vec(prop_oneof!["[0-9 .-]{0,18}", "[1-9][0-9]{3}[0-7][0-9][0-9]{10}"], 0..40),
            lenient: bool,
        ) {
            let arr = StringArray::from(values.clone());
            let a = nik_column(&arr, as_of(), lenient).unwrap();
            for (i, v) in values.iter().enumerate() {
                let one = if lenient { Nik::parse_lenient(v) } else { Nik::parse(v) };
                prop_assert_eq!(text(&a, "masked", i), one.as_ref().ok().map(|n| n.masked()));
                prop_assert_eq!(text(&a, "district", i), one.as_ref().ok().map(|n| n.district_dotted()));
                let want = one.err().map(|e| e.code().as_str().to_owned());
                prop_assert_eq!(text(&a, "code", i), want);
            }
        }
    }
}
