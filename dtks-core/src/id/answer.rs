//! The decoded form of an identity number as one serializable answer: what
//! `dtks nik --json` prints, what the C ABI and the Python module return as
//! JSON, and what the shared conformance cases compare.

use super::{IdError, Nik, NoKk, RegionOfIssue};
use crate::problem::Lang;
use crate::region;
use chrono::NaiveDate;
use serde::Serialize;

/// A NIK decoded, or the code that rejects it.
///
/// Personal fields (`birth_date`, `sex`) are the decoded values; the NIK
/// itself appears only masked.
///
/// ```
/// use dtks_core::id::answer::decode_nik;
/// use chrono::NaiveDate;
/// let a = decode_nik("3171014101900001", false, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
/// assert!(a.valid);
/// assert_eq!(a.sex, Some("female"));
/// assert_eq!(a.birth_date.as_deref(), Some("1990-01-01"));
/// assert_eq!(a.district.as_deref(), Some("31.71.01"));
/// let b = decode_nik("123", false, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
/// assert_eq!(b.code, Some("NIK_LENGTH"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NikAnswer {
    /// Whether the input is a valid NIK.
    pub valid: bool,
    /// The stable code that rejects it (`null` when valid).
    pub code: Option<&'static str>,
    /// The rejection in Indonesian.
    pub message_id: Option<String>,
    /// The rejection in English.
    pub message_en: Option<String>,
    /// The NIK, masked.
    pub masked: Option<String>,
    /// Province code `PP`.
    pub province: Option<String>,
    /// Province name (current table).
    pub province_name: Option<&'static str>,
    /// Regency code `PP.KK`.
    pub regency: Option<String>,
    /// Regency name (the successor's for a retired code).
    pub regency_name: Option<&'static str>,
    /// District code `PP.KK.CC` as written in the NIK.
    pub district: Option<String>,
    /// District name (the successor's for a retired code).
    pub district_name: Option<&'static str>,
    /// `current` or `retired`.
    pub region_status: Option<&'static str>,
    /// For a retired code: the current code that succeeded it.
    pub successor: Option<&'static str>,
    /// For a retired code: the law that retired it.
    pub retired_by: Option<&'static str>,
    /// Birth date with the century resolved against `as_of` (a guess for
    /// centenarians: see [`Nik::birth_date`]).
    pub birth_date: Option<String>,
    /// `male` / `female`.
    pub sex: Option<&'static str>,
    /// Serial 1–9999.
    pub serial: Option<u16>,
}

/// A KK number decoded, or the code that rejects it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KkAnswer {
    /// Whether the input is a valid KK number.
    pub valid: bool,
    /// The stable code that rejects it (`null` when valid).
    pub code: Option<&'static str>,
    /// The rejection in Indonesian.
    pub message_id: Option<String>,
    /// The rejection in English.
    pub message_en: Option<String>,
    /// The number, masked.
    pub masked: Option<String>,
    /// Province code `PP`.
    pub province: Option<String>,
    /// Regency code `PP.KK`.
    pub regency: Option<String>,
    /// District code `PP.KK.CC`.
    pub district: Option<String>,
    /// District name (the successor's for a retired code).
    pub district_name: Option<&'static str>,
    /// `current` or `retired`.
    pub region_status: Option<&'static str>,
    /// For a retired code: its successor.
    pub successor: Option<&'static str>,
    /// Recording date, century resolved against `as_of` ([`NoKk::recorded_on`]).
    pub recorded_on: Option<String>,
    /// Whether that date is after `as_of` (the card cannot exist yet).
    pub recorded_after_as_of: Option<bool>,
    /// Serial 1–9999.
    pub serial: Option<u16>,
}

/// Resolves the names and status of a six-digit region prefix.
struct Place {
    province_name: Option<&'static str>,
    regency_name: Option<&'static str>,
    district_name: Option<&'static str>,
    status: &'static str,
    successor: Option<&'static str>,
    retired_by: Option<&'static str>,
}

fn place(regency: &str, district: &str, of: RegionOfIssue) -> Place {
    let (status, successor, retired_by) = match of {
        RegionOfIssue::Retired(a) => (of.as_str(), Some(a.new_code()), Some(a.basis())),
        _ => (of.as_str(), None, None),
    };
    // For a retired district use its successor; for a retired regency whose
    // district number did not change, the successor regency + same district.
    let current_district = match of {
        RegionOfIssue::Retired(a) if a.new_code().len() == 8 => a.new_code().to_owned(),
        RegionOfIssue::Retired(a) => {
            format!("{}{}", a.new_code(), district.get(5..).unwrap_or(""))
        }
        _ => district.to_owned(),
    };
    let district_r = region::district(&current_district);
    let regency_r = district_r
        .and_then(|d| d.parent())
        .or_else(|| region::regency(regency));
    Place {
        // The province as written (91 stays Papua even when the regency moved).
        province_name: region::province(regency.get(..2).unwrap_or("")).map(|r| r.name()),
        regency_name: regency_r.map(|r| r.name()),
        district_name: district_r.map(|d| d.name()),
        status,
        successor,
        retired_by,
    }
}

fn messages(e: &IdError) -> (Option<&'static str>, Option<String>, Option<String>) {
    (
        Some(e.code().as_str()),
        Some(e.message(Lang::Id)),
        Some(e.message(Lang::En)),
    )
}

/// Decodes a NIK (strict parse, or lenient when asked).
pub fn decode_nik(input: &str, lenient: bool, as_of: NaiveDate) -> NikAnswer {
    let parsed = if lenient {
        Nik::parse_lenient(input)
    } else {
        Nik::parse(input)
    };
    match parsed {
        Ok(nik) => {
            let p = place(
                &nik.regency_dotted(),
                &nik.district_dotted(),
                nik.region_of_issue(),
            );
            NikAnswer {
                valid: true,
                code: None,
                message_id: None,
                message_en: None,
                masked: Some(nik.masked()),
                province: Some(format!("{:02}", nik.province_code())),
                province_name: p.province_name,
                regency: Some(nik.regency_dotted()),
                regency_name: p.regency_name,
                district: Some(nik.district_dotted()),
                district_name: p.district_name,
                region_status: Some(p.status),
                successor: p.successor,
                retired_by: p.retired_by,
                birth_date: nik.birth_date(as_of).map(|d| d.to_string()),
                sex: Some(nik.sex().as_str()),
                serial: Some(nik.serial()),
            }
        }
        Err(e) => {
            let (code, message_id, message_en) = messages(&e);
            NikAnswer {
                valid: false,
                code,
                message_id,
                message_en,
                masked: None,
                province: None,
                province_name: None,
                regency: None,
                regency_name: None,
                district: None,
                district_name: None,
                region_status: None,
                successor: None,
                retired_by: None,
                birth_date: None,
                sex: None,
                serial: None,
            }
        }
    }
}

/// Decodes a KK number (strict parse, or lenient when asked).
///
/// ```
/// use dtks_core::id::answer::decode_kk;
/// use chrono::NaiveDate;
/// let a = decode_kk("3171011503150007", false, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
/// assert_eq!(a.recorded_on.as_deref(), Some("2015-03-15"));
/// ```
pub fn decode_kk(input: &str, lenient: bool, as_of: NaiveDate) -> KkAnswer {
    let parsed = if lenient {
        NoKk::parse_lenient(input)
    } else {
        NoKk::parse(input)
    };
    match parsed {
        Ok(kk) => {
            let regency = format!("{:02}.{:02}", kk.province_code(), kk.regency_code());
            let p = place(&regency, &kk.district_dotted(), kk.region_of_issue());
            // The number is well formed; whether its recording date is
            // possible on `as_of` is the same decision household validation
            // makes (`NoKk::recording`), so `dtks kk` and `dtks validate` agree.
            let fault = kk.recording(as_of).problem("", as_of);
            KkAnswer {
                valid: fault.is_none(),
                code: fault.as_ref().map(|f| f.code.as_str()),
                message_id: fault.as_ref().map(|f| f.message(Lang::Id)),
                message_en: fault.as_ref().map(|f| f.message(Lang::En)),
                masked: Some(kk.masked()),
                province: Some(format!("{:02}", kk.province_code())),
                regency: Some(regency),
                district: Some(kk.district_dotted()),
                district_name: p.district_name,
                region_status: Some(p.status),
                successor: p.successor,
                recorded_on: kk.recorded_on(as_of).map(|d| d.to_string()),
                recorded_after_as_of: Some(kk.is_recorded_after(as_of)),
                serial: Some(kk.serial()),
            }
        }
        Err(e) => {
            let (code, message_id, message_en) = messages(&e);
            KkAnswer {
                valid: false,
                code,
                message_id,
                message_en,
                masked: None,
                province: None,
                regency: None,
                district: None,
                district_name: None,
                region_status: None,
                successor: None,
                recorded_on: None,
                recorded_after_as_of: None,
                serial: None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }

    #[test]
    fn retired_prefix_names_its_successor() {
        let a = decode_nik("9102030101900001", false, as_of());
        assert!(a.valid);
        assert_eq!(a.region_status, Some("retired"));
        assert_eq!(a.successor, Some("95.01.02"));
        assert_eq!(a.retired_by, Some("UU 16/2022"));
        assert!(a.district_name.is_some());
    }

    #[test]
    fn current_prefix_has_names() {
        let a = decode_nik("3171010101900001", false, as_of());
        assert_eq!(a.district_name, Some("Gambir"));
        assert_eq!(a.region_status, Some("current"));
        assert_eq!(a.successor, None);
    }
}
