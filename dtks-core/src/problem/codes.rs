//! Every stable problem code, with its default severity and its message
//! templates. Codes are forever: never rename or reuse one; retire a code by
//! leaving its line here with a `// RETIRED` comment and keeping the variant.
//!
//! Add new codes inside the section of the module that raises them.

use super::{Lang, Severity};
use serde::{Deserialize, Serialize};

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $sev:ident, en: $en:literal, id: $id:literal; )*) => {
        /// A stable machine code for one kind of problem.
        ///
        /// `as_str()` gives the SCREAMING_SNAKE form that reports, the C ABI
        /// and the Python exceptions carry. [`Code::ALL`] lists every code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable string form, e.g. `"NIK_LENGTH"`.
            pub const fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// The severity a problem of this code has unless a caller overrides it.
            pub const fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// The message template in the given language (`{key}` placeholders).
            pub const fn template(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Id => match self { $( Code::$variant => $id, )* },
                    Lang::En => match self { $( Code::$variant => $en, )* },
                }
            }

            /// Looks a code up by its string form.
            ///
            /// ```
            /// use dtks_core::problem::Code;
            /// assert_eq!(Code::from_str_code("NIK_LENGTH"), Some(Code::NikLength));
            /// assert_eq!(Code::from_str_code("nope"), None);
            /// ```
            pub fn from_str_code(s: &str) -> Option<Code> {
                match s { $( $code => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let s = String::deserialize(d)?;
        Code::from_str_code(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown problem code {s:?}")))
    }
}

codes! {
    // ---- id: NIK (Nomor Induk Kependudukan) --------------------------------
    /// Not 16 digits long (and not 15: see `NIK_DIGITS_LOST`).
    NikLength = "NIK_LENGTH", Error,
        en: "NIK must have 16 digits, found {len}",
        id: "NIK harus 16 digit, ditemukan {len}";
    /// A character other than an ASCII digit (after the lenient separators).
    NikNonDigit = "NIK_NON_DIGIT", Error,
        en: "NIK may contain digits only; found a non-digit at position {position}",
        id: "NIK hanya boleh berisi angka; ada karakter bukan angka di posisi {position}";
    /// Written in scientific notation by a spreadsheet: the last digits are gone.
    NikScientificNotation = "NIK_SCIENTIFIC_NOTATION", Error,
        en: "NIK was turned into scientific notation ({value}) by a spreadsheet; its last digits are lost and must be re-entered from the KTP or KK",
        id: "NIK berubah menjadi notasi ilmiah ({value}) oleh spreadsheet; digit terakhirnya hilang dan harus diisi ulang dari KTP atau KK";
    /// Exactly 15 digits: the last digit was lost (spreadsheet or the old SIAK migration).
    NikDigitsLost = "NIK_DIGITS_LOST", Error,
        en: "NIK has 15 digits: a digit was lost (spreadsheet or data migration); re-enter it from the KTP or KK",
        id: "NIK hanya 15 digit: satu digit hilang (spreadsheet atau migrasi data); isi ulang dari KTP atau KK";
    /// Digits 1–2 are not a Kemendagri province code.
    NikProvinceUnknown = "NIK_PROVINCE_UNKNOWN", Error,
        en: "NIK province code {province} does not exist",
        id: "Kode provinsi {province} pada NIK tidak ada";
    /// Digits 3–4 are not a regency/city of that province (current or retired).
    NikRegencyUnknown = "NIK_REGENCY_UNKNOWN", Error,
        en: "NIK regency/city code {regency} does not exist in province {province}",
        id: "Kode kabupaten/kota {regency} pada NIK tidak ada di provinsi {province}";
    /// Digits 5–6 are not a district of that regency (current or retired).
    NikDistrictUnknown = "NIK_DISTRICT_UNKNOWN", Error,
        en: "NIK district code {district} does not exist",
        id: "Kode kecamatan {district} pada NIK tidak ada";
    /// Digits 7–10 are not a possible day and month (day 00, 32–40, 72+, month 00 or 13+, 31 April, 30 February).
    NikDateInvalid = "NIK_DATE_INVALID", Error,
        en: "NIK birth date digits {date} are not a possible date (day 01–31 for men, 41–71 for women; month 01–12)",
        id: "Digit tanggal lahir {date} pada NIK bukan tanggal yang mungkin (hari 01–31 untuk laki-laki, 41–71 untuk perempuan; bulan 01–12)";
    /// 29 February in a two-digit year that is not a leap year in any century.
    NikLeapDay = "NIK_LEAP_DAY", Error,
        en: "NIK birth date is 29 February of {year}, which is not a leap year",
        id: "Tanggal lahir pada NIK 29 Februari {year}, padahal bukan tahun kabisat";
    /// Digits 13–16 are 0000 (serials start at 0001).
    NikSerialZero = "NIK_SERIAL_ZERO", Error,
        en: "NIK serial number 0000 is never issued (serials start at 0001)",
        id: "Nomor urut NIK 0000 tidak pernah diterbitkan (nomor urut mulai 0001)";

    // ---- id: KK (Nomor Kartu Keluarga) ---------------------------------------
    /// Not 16 digits long (and not 15: see `KK_DIGITS_LOST`).
    KkLength = "KK_LENGTH", Error,
        en: "KK number must have 16 digits, found {len}",
        id: "Nomor KK harus 16 digit, ditemukan {len}";
    /// A character other than an ASCII digit.
    KkNonDigit = "KK_NON_DIGIT", Error,
        en: "KK number may contain digits only; found a non-digit at position {position}",
        id: "Nomor KK hanya boleh berisi angka; ada karakter bukan angka di posisi {position}";
    /// Written in scientific notation by a spreadsheet: the last digits are gone.
    KkScientificNotation = "KK_SCIENTIFIC_NOTATION", Error,
        en: "KK number was turned into scientific notation ({value}) by a spreadsheet; its last digits are lost and must be re-entered from the KK",
        id: "Nomor KK berubah menjadi notasi ilmiah ({value}) oleh spreadsheet; digit terakhirnya hilang dan harus diisi ulang dari KK";
    /// Exactly 15 digits: the last digit was lost.
    KkDigitsLost = "KK_DIGITS_LOST", Error,
        en: "KK number has 15 digits: a digit was lost (spreadsheet or data migration); re-enter it from the KK",
        id: "Nomor KK hanya 15 digit: satu digit hilang (spreadsheet atau migrasi data); isi ulang dari KK";
    /// Digits 1–2 are not a Kemendagri province code.
    KkProvinceUnknown = "KK_PROVINCE_UNKNOWN", Error,
        en: "KK province code {province} does not exist",
        id: "Kode provinsi {province} pada nomor KK tidak ada";
    /// Digits 3–4 are not a regency/city of that province (current or retired).
    KkRegencyUnknown = "KK_REGENCY_UNKNOWN", Error,
        en: "KK regency/city code {regency} does not exist in province {province}",
        id: "Kode kabupaten/kota {regency} pada nomor KK tidak ada di provinsi {province}";
    /// Digits 5–6 are not a district of that regency (current or retired).
    KkDistrictUnknown = "KK_DISTRICT_UNKNOWN", Error,
        en: "KK district code {district} does not exist",
        id: "Kode kecamatan {district} pada nomor KK tidak ada";
    /// Digits 7–12 (recording date DDMMYY, no +40 rule) are not a possible date.
    KkDateInvalid = "KK_DATE_INVALID", Error,
        en: "KK recording date digits {date} are not a possible date (day 01–31, month 01–12)",
        id: "Digit tanggal pencatatan {date} pada nomor KK bukan tanggal yang mungkin (hari 01–31, bulan 01–12)";
    /// 29 February in a year that is not a leap year.
    KkLeapDay = "KK_LEAP_DAY", Error,
        en: "KK recording date is 29 February of {year}, which is not a leap year",
        id: "Tanggal pencatatan pada nomor KK 29 Februari {year}, padahal bukan tahun kabisat";
    /// Digits 13–16 are 0000.
    KkSerialZero = "KK_SERIAL_ZERO", Error,
        en: "KK serial number 0000 is never issued (serials start at 0001)",
        id: "Nomor urut KK 0000 tidak pernah diterbitkan (nomor urut mulai 0001)";

    // ---- household --------------------------------------------------------------
    /// A required field is empty or absent.
    FieldRequired = "FIELD_REQUIRED", Error,
        en: "{field} is required",
        id: "{field} wajib diisi";
    /// A number outside its allowed range.
    ValueOutOfRange = "VALUE_OUT_OF_RANGE", Error,
        en: "{field} is {value}, outside the allowed range {range}",
        id: "{field} bernilai {value}, di luar rentang yang diizinkan {range}";
    /// A value that is not in the field's code list or form.
    ValueInvalid = "VALUE_INVALID", Error,
        en: "{field} has the value {value}, which is not allowed here (expected {expected})",
        id: "{field} bernilai {value}, yang tidak diizinkan di sini (seharusnya {expected})";
    /// The household id is not 1–32 characters of `[A-Za-z0-9_-]`.
    HouseholdIdInvalid = "HOUSEHOLD_ID_INVALID", Error,
        en: "household id must be 1–32 characters of letters, digits, '_' or '-'",
        id: "id rumah tangga harus 1–32 karakter berupa huruf, angka, '_' atau '-'";
    /// The household has no family.
    HouseholdNoFamily = "HOUSEHOLD_NO_FAMILY", Error,
        en: "the household has no family",
        id: "rumah tangga tidak memiliki keluarga";
    /// The village code is not 10 digits of the form PPKKCCDDDD.
    VillageCodeInvalid = "VILLAGE_CODE_INVALID", Error,
        en: "village code {value} is not 10 digits (PP.KK.CC.DDDD)",
        id: "kode desa/kelurahan {value} bukan 10 digit (PP.KK.CC.DDDD)";
    /// A well-formed village code that is not in the region table.
    VillageUnknown = "VILLAGE_UNKNOWN", Error,
        en: "village code {value} is not in the Kemendagri region table ({table})",
        id: "kode desa/kelurahan {value} tidak ada dalam tabel wilayah Kemendagri ({table})";
    /// The family has no member.
    FamilyNoMembers = "FAMILY_NO_MEMBERS", Error,
        en: "the family has no members",
        id: "keluarga tidak memiliki anggota";
    /// No member of the family is its head (hub_keluarga 1).
    FamilyNoHead = "FAMILY_NO_HEAD", Error,
        en: "the family has no head (hub_keluarga = 1)",
        id: "keluarga tidak memiliki kepala keluarga (hub_keluarga = 1)";
    /// More than one member of the family is its head.
    FamilyManyHeads = "FAMILY_MANY_HEADS", Error,
        en: "the family has {count} heads; exactly one is allowed",
        id: "keluarga memiliki {count} kepala keluarga; hanya boleh satu";
    /// Two families of one household carry the same KK number.
    KkDuplicateInHousehold = "KK_DUPLICATE_IN_HOUSEHOLD", Error,
        en: "KK number {kk} is also used by {other}",
        id: "nomor KK {kk} juga dipakai oleh {other}";
    /// The KK recording date lies after the reference date.
    KkIssuedFuture = "KK_ISSUED_FUTURE", Error,
        en: "the KK number says the card was recorded on {date}, after {as_of}",
        id: "nomor KK menyatakan kartu dicatat pada {date}, setelah {as_of}";
    /// The KK number's region is not the household's district (people move).
    KkRegionMismatch = "KK_REGION_MISMATCH", Warning,
        en: "KK number was issued in district {kk_district}, but the address is in district {address_district}",
        id: "nomor KK diterbitkan di kecamatan {kk_district}, tetapi alamat berada di kecamatan {address_district}";
    /// The same NIK appears twice in one household.
    NikDuplicateInHousehold = "NIK_DUPLICATE_IN_HOUSEHOLD", Error,
        en: "NIK {nik} also appears at {other}",
        id: "NIK {nik} juga muncul pada {other}";
    /// The sex coded in the NIK (day + 40) disagrees with the declared sex.
    NikSexMismatch = "NIK_SEX_MISMATCH", Warning,
        en: "the NIK says {nik_sex}, the record says {declared_sex}",
        id: "NIK menyatakan {nik_sex}, data menyatakan {declared_sex}";
    /// The birth date coded in the NIK disagrees with the declared one (corrections keep the NIK: PP 40/2019 Art. 30(2)).
    NikBirthDateMismatch = "NIK_BIRTH_DATE_MISMATCH", Warning,
        en: "the birth date coded in the NIK differs from the declared birth date in its {differs}",
        id: "tanggal lahir yang dikodekan dalam NIK berbeda dengan tanggal lahir yang dinyatakan pada {differs}";
    /// The NIK's region of first registration is not the household's regency (people move).
    NikRegionMismatch = "NIK_REGION_MISMATCH", Warning,
        en: "NIK was first registered in regency/city {nik_regency}, but the address is in {address_regency}",
        id: "NIK pertama kali terdaftar di kabupaten/kota {nik_regency}, tetapi alamat berada di {address_regency}";
    /// The KK number equals a member's NIK.
    KkEqualsNik = "KK_EQUALS_NIK", Warning,
        en: "the KK number is the same as the NIK of {member}",
        id: "nomor KK sama dengan NIK {member}";
    /// A birth date after the reference date.
    BirthDateFuture = "BIRTH_DATE_FUTURE", Error,
        en: "birth date {date} is after {as_of}",
        id: "tanggal lahir {date} setelah {as_of}";
    /// A child (hub_keluarga 3) is not younger than the head or the head's spouse.
    ChildOlderThanParent = "CHILD_OLDER_THAN_PARENT", Error,
        en: "the child is not younger than {parent}",
        id: "anak tidak lebih muda dari {parent}";
    /// The head's spouse has the same sex as the head.
    SpouseSameSex = "SPOUSE_SAME_SEX", Warning,
        en: "the spouse has the same sex as the head of the family",
        id: "pasangan berjenis kelamin sama dengan kepala keluarga";
    /// A member recorded as pregnant is male.
    PregnantMale = "PREGNANT_MALE", Error,
        en: "a male member is recorded as pregnant",
        id: "anggota laki-laki tercatat sedang hamil";
    /// A disability severity flag set without a disability.
    DisabilitySeverityWithoutDisability = "DISABILITY_SEVERITY_WITHOUT_DISABILITY", Error,
        en: "severe disability is set but the member has no disability",
        id: "disabilitas berat diisi tetapi anggota tidak memiliki disabilitas";

    // ---- bulk: readers, cross-record checks (section owned by bulk) ----------------
    // ---- rules, criteria, assess, pmt (section owned by eligibility) ---------------
    // ---- musyawarah, usulan, lifecycle, jakarta (section owned by musyawarah) -------
}
