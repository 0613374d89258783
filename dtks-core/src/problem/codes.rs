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

            /// The code's position in [`Code::ALL`] (a face's table of
            /// per-code values is indexed by it).
            ///
            /// ```
            /// use dtks_core::problem::Code;
            /// assert!(Code::ALL.iter().enumerate().all(|(i, c)| c.index() == i));
            /// ```
            pub const fn index(self) -> usize {
                self as usize
            }

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
    /// Held as a floating-point number (a DataFrame or Arrow float column)
    /// and above 2^53: a float cannot hold every digit of it.
    NikFloatPrecision = "NIK_FLOAT_PRECISION", Error,
        en: "NIK {value} was held as a floating-point number, which is exact only up to 9007199254740992: its last digits may have changed; re-enter it from the KTP or KK and keep the column as text",
        id: "NIK {value} disimpan sebagai bilangan titik mengambang (float), yang hanya tepat sampai 9007199254740992: digit terakhirnya bisa berubah; isi ulang dari KTP atau KK dan simpan kolomnya sebagai teks";
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
    /// 16 digits behind a leading apostrophe, a spreadsheet's mark for text
    /// (`'3171…`): lossless, the digits are read only with `--accept-repaired`.
    NikApostrophe = "NIK_APOSTROPHE", Error,
        en: "NIK {value} starts with an apostrophe, the mark a spreadsheet puts before text; without it the 16 digits are a valid NIK, read only when repaired values are accepted (--accept-repaired, then a warning)",
        id: "NIK {value} diawali apostrof, tanda teks dari lembar kerja; tanpa apostrof itu ke-16 digitnya NIK yang sah, dan dibaca hanya bila nilai yang diperbaiki diterima (--accept-repaired, lalu menjadi peringatan)";
    /// 16 digits wrapped as a spreadsheet formula for text (`="3171…"`):
    /// lossless, the digits are read only with `--accept-repaired`.
    NikFormulaText = "NIK_FORMULA_TEXT", Error,
        en: "NIK {value} is wrapped as =\"…\", a spreadsheet formula that keeps digits as text; inside it the 16 digits are a valid NIK, read only when repaired values are accepted (--accept-repaired, then a warning)",
        id: "NIK {value} dibungkus sebagai =\"…\", rumus lembar kerja untuk menyimpan angka sebagai teks; di dalamnya ke-16 digit itu NIK yang sah, dan dibaca hanya bila nilai yang diperbaiki diterima (--accept-repaired, lalu menjadi peringatan)";
    /// 16 digits followed by a zero fraction (`3171…0001.0`): a spreadsheet
    /// wrote the number as a decimal; lossless when the 16 digits are intact.
    NikFloatSuffix = "NIK_FLOAT_SUFFIX", Error,
        en: "NIK {value} was written as a decimal number (16 digits, then a decimal mark and zeros) by a spreadsheet; the 16 digits are a valid NIK, read only when repaired values are accepted (--accept-repaired, then a warning)",
        id: "NIK {value} ditulis sebagai bilangan desimal (16 digit, lalu tanda desimal dan nol) oleh lembar kerja; ke-16 digit itu NIK yang sah, dan dibaca hanya bila nilai yang diperbaiki diterima (--accept-repaired, lalu menjadi peringatan)";

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
    /// Held as a floating-point number and above 2^53.
    KkFloatPrecision = "KK_FLOAT_PRECISION", Error,
        en: "KK number {value} was held as a floating-point number, which is exact only up to 9007199254740992: its last digits may have changed; re-enter it from the KK and keep the column as text",
        id: "Nomor KK {value} disimpan sebagai bilangan titik mengambang (float), yang hanya tepat sampai 9007199254740992: digit terakhirnya bisa berubah; isi ulang dari KK dan simpan kolomnya sebagai teks";
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
    /// 16 digits behind a leading apostrophe, a spreadsheet's mark for text
    /// (`'3171…`): lossless, the digits are read only with `--accept-repaired`.
    KkApostrophe = "KK_APOSTROPHE", Error,
        en: "KK number {value} starts with an apostrophe, the mark a spreadsheet puts before text; without it the 16 digits are a valid KK number, read only when repaired values are accepted (--accept-repaired, then a warning)",
        id: "Nomor KK {value} diawali apostrof, tanda teks dari lembar kerja; tanpa apostrof itu ke-16 digitnya nomor KK yang sah, dan dibaca hanya bila nilai yang diperbaiki diterima (--accept-repaired, lalu menjadi peringatan)";
    /// 16 digits wrapped as a spreadsheet formula for text (`="3171…"`):
    /// lossless, the digits are read only with `--accept-repaired`.
    KkFormulaText = "KK_FORMULA_TEXT", Error,
        en: "KK number {value} is wrapped as =\"…\", a spreadsheet formula that keeps digits as text; inside it the 16 digits are a valid KK number, read only when repaired values are accepted (--accept-repaired, then a warning)",
        id: "Nomor KK {value} dibungkus sebagai =\"…\", rumus lembar kerja untuk menyimpan angka sebagai teks; di dalamnya ke-16 digit itu nomor KK yang sah, dan dibaca hanya bila nilai yang diperbaiki diterima (--accept-repaired, lalu menjadi peringatan)";
    /// 16 digits followed by a zero fraction (`3171…0001.0`): a spreadsheet
    /// wrote the number as a decimal; lossless when the 16 digits are intact.
    KkFloatSuffix = "KK_FLOAT_SUFFIX", Error,
        en: "KK number {value} was written as a decimal number (16 digits, then a decimal mark and zeros) by a spreadsheet; the 16 digits are a valid KK number, read only when repaired values are accepted (--accept-repaired, then a warning)",
        id: "Nomor KK {value} ditulis sebagai bilangan desimal (16 digit, lalu tanda desimal dan nol) oleh lembar kerja; ke-16 digit itu nomor KK yang sah, dan dibaca hanya bila nilai yang diperbaiki diterima (--accept-repaired, lalu menjadi peringatan)";

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
        en: "{field} has the value {value}, which is not allowed here (expected {expected:expected})",
        id: "{field} bernilai {value}, yang tidak diizinkan di sini (seharusnya {expected:expected})";
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
    /// The KK recording date digits are neither a past date of this century
    /// nor one after computerised KK numbers began (1995).
    KkIssuedBeforeRegistry = "KK_ISSUED_BEFORE_REGISTRY", Error,
        en: "the KK number's recording date {digits} is impossible: as 20YY it is after {as_of}, as 19YY before {earliest}, when computerised KK numbers began; check the number against the card",
        id: "tanggal pencatatan {digits} pada nomor KK tidak mungkin: sebagai 20YY jatuh setelah {as_of}, sebagai 19YY sebelum {earliest}, saat nomor KK terkomputerisasi dimulai; cocokkan nomor dengan kartunya";
    /// The family card was recorded before its head was born.
    KkIssuedBeforeHeadBorn = "KK_ISSUED_BEFORE_HEAD_BORN", Error,
        en: "the KK number says the card was recorded on {date}, before its head was born ({birth_date}); a card is recorded for a living head, so the number or the birth date is wrong",
        id: "nomor KK menyatakan kartu dicatat pada {date}, sebelum kepala keluarganya lahir ({birth_date}); kartu dicatat untuk kepala keluarga yang sudah lahir, jadi nomor atau tanggal lahirnya salah";
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
        en: "the NIK says {nik_sex:sex}, the record says {declared_sex:sex}",
        id: "NIK menyatakan {nik_sex:sex}, data menyatakan {declared_sex:sex}";
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
        en: "the child is not younger than {parent_role:relation} ({parent})",
        id: "anak tidak lebih muda dari {parent_role:relation} ({parent})";
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
    /// The input has no bytes at all.
    FileEmpty = "FILE_EMPTY", Error,
        en: "the file is empty: no header and no records",
        id: "berkas kosong: tidak ada header dan tidak ada data";
    /// A header but not one record.
    FileNoRecords = "FILE_NO_RECORDS", Warning,
        en: "the file has a header but no records",
        id: "berkas memiliki header tetapi tidak ada data";
    /// The first line names none of the layout's columns: it is data, not a header.
    HeaderMissing = "HEADER_MISSING", Error,
        en: "the first line is not a header (none of its {count} fields is a known column name); every record of the file is counted as invalid",
        id: "baris pertama bukan header (tidak satu pun dari {count} kolomnya nama kolom yang dikenal); semua data dalam berkas dihitung tidak valid";
    /// A required column is absent from the header.
    ColumnMissing = "COLUMN_MISSING", Error,
        en: "required column {column} is missing from the header (accepted names: {names})",
        id: "kolom wajib {column} tidak ada di header (nama yang diterima: {names})";
    /// Two header columns map to the same field.
    ColumnDuplicate = "COLUMN_DUPLICATE", Error,
        en: "columns {first} and {second} both map to {column}; only the first is read",
        id: "kolom {first} dan {second} sama-sama dipetakan ke {column}; hanya yang pertama dibaca";
    /// The village codes of the file are declared to be BPS codes.
    VillageCodeSystemBps = "VILLAGE_CODE_SYSTEM_BPS", Warning,
        en: "the mapping {mapping} declares BPS village codes; they were checked against the Kemendagri table as they are, so VILLAGE_UNKNOWN and region mismatches in this file may come from the code system (a BPS-Kemendagri bridge is needed)",
        id: "pemetaan {mapping} menyatakan kode desa BPS; kode itu diperiksa apa adanya terhadap tabel Kemendagri, sehingga VILLAGE_UNKNOWN dan ketidaksesuaian wilayah dalam berkas ini bisa berasal dari sistem kode (diperlukan jembatan BPS-Kemendagri)";
    /// Records read as UTF-8 that are not UTF-8: the file was probably saved
    /// in Windows-1252 (Excel's "CSV" on Windows).
    FileNotUtf8 = "FILE_NOT_UTF8", Warning,
        en: "{rows} records are not valid UTF-8 text (the first at row {first_row}); the file was probably saved as Windows-1252 (Excel's CSV on Windows): validate it again with --encoding cp1252 (option encoding = \"cp1252\")",
        id: "{rows} data bukan teks UTF-8 yang sah (yang pertama pada baris {first_row}); berkas ini kemungkinan disimpan sebagai Windows-1252 (CSV dari Excel di Windows): validasi ulang dengan --encoding cp1252 (opsi encoding = \"cp1252\")";
    /// Bytes that are not valid in the encoding read were replaced by U+FFFD.
    FileEncodingReplaced = "FILE_ENCODING_REPLACED", Warning,
        en: "some bytes are not valid {encoding} text and were read as the replacement character U+FFFD; check the encoding the file was saved in (--encoding)",
        id: "sebagian bita bukan teks {encoding} yang sah dan dibaca sebagai karakter pengganti U+FFFD; periksa pengodean saat berkas disimpan (--encoding)";
    /// A container dtks does not read as text: a zip archive (an `.xlsx`
    /// workbook is one) or an OLE compound file (an `.xls` workbook).
    FileContainerUnsupported = "FILE_CONTAINER_UNSUPPORTED", Error,
        en: "the file is a spreadsheet workbook or an archive ({container}), not a text export; nothing was read: save the sheet as CSV (or Unicode Text) and validate that file",
        id: "berkas ini buku kerja lembar kerja atau arsip ({container}), bukan ekspor teks; tidak ada yang dibaca: simpan lembar kerja sebagai CSV (atau Unicode Text) lalu validasi berkas itu";
    /// The sheet asked for (`--sheet`) is not in the workbook.
    SheetUnknown = "SHEET_UNKNOWN", Error,
        en: "the workbook has no sheet {sheet}; its sheets are {sheets}; nothing was read: name one of them (or its number, 1 for the first) with --sheet",
        id: "buku kerja ini tidak memiliki lembar {sheet}; lembarnya: {sheets}; tidak ada yang dibaca: sebutkan salah satunya (atau nomornya, 1 untuk yang pertama) dengan --sheet";
    /// A workbook that cannot be opened: damaged, password-protected, or not
    /// a workbook though its first bytes are those of one (`detail`: the
    /// reader's own words, in English).
    WorkbookUnreadable = "WORKBOOK_UNREADABLE", Error,
        en: "the file looks like a spreadsheet workbook ({container}) but cannot be opened: it is damaged, protected by a password, or not a workbook; nothing was read: open it in a spreadsheet program and save it again (as .xlsx or CSV)",
        id: "berkas ini tampak seperti buku kerja lembar kerja ({container}) tetapi tidak dapat dibuka: rusak, dilindungi kata sandi, atau bukan buku kerja; tidak ada yang dibaca: buka dengan program lembar kerja lalu simpan ulang (sebagai .xlsx atau CSV)";
    /// A field of the record is not valid UTF-8.
    RowNotUtf8 = "ROW_NOT_UTF8", Error,
        en: "{field} is not valid UTF-8 text; the value is treated as unknown",
        id: "{field} bukan teks UTF-8 yang sah; nilainya dianggap tidak diketahui";
    /// The record has another number of fields than the header.
    RowColumnCount = "ROW_COLUMN_COUNT", Error,
        en: "the record has {found} fields but the header has {expected}; the record is not read",
        id: "data memiliki {found} kolom tetapi header memiliki {expected}; data tidak dibaca";
    /// The file ends inside a quoted field.
    RowTruncated = "ROW_TRUNCATED", Error,
        en: "the file ends inside a quoted field: the last record is cut off and is not read",
        id: "berkas berakhir di dalam kolom berkutip: data terakhir terpotong dan tidak dibaca";
    /// A JSON document handed over (a session, a batch, an account, a heads file) that does not fit its model.
    DocumentInvalid = "DOCUMENT_INVALID", Error,
        en: "{file} is not a valid {document}: at {at} (line {line}, column {column}): {detail}",
        id: "{file} bukan {document} yang sah: pada {at} (baris {line}, kolom {column}): {detail}";
    /// A JSON Lines line that is not a household.
    JsonInvalid = "JSON_INVALID", Error,
        en: "the line is not a household record: {detail}",
        id: "baris ini bukan data rumah tangga: {detail}";
    /// A value of a JSON Lines household that does not fit its field (a
    /// date in another form, a code not in its list, an unknown field): the
    /// household is checked without it.
    JsonFieldInvalid = "JSON_FIELD_INVALID", Error,
        en: "{field}: {detail}; the rest of the household is checked without this value",
        id: "{field}: {detail}; bagian lain rumah tangga tetap diperiksa tanpa nilai ini";
    /// Households whose rows are not together (a file sorted by NIK or by
    /// name, exports appended): once for the file, naming the option that
    /// validates it household by household.
    FileNotGrouped = "FILE_NOT_GROUPED", Error,
        en: "{households} households have rows in more than one place (the first: household {household}, rows {first_row} and {row}); the file is not grouped by household, so each household's rows were checked in pieces: sort the file by {column}, or validate it again with --group (option group = true)",
        id: "{households} rumah tangga memiliki baris di lebih dari satu tempat (yang pertama: rumah tangga {household}, baris {first_row} dan {row}); berkas ini tidak dikelompokkan per rumah tangga, sehingga baris setiap rumah tangga diperiksa terpisah-pisah: urutkan berkas menurut {column}, atau validasi ulang dengan --group (opsi group = true)";
    /// A household id seen again after another household.
    HouseholdNotContiguous = "HOUSEHOLD_NOT_CONTIGUOUS", Error,
        en: "household {household} already appeared at row {first_row}; the rows of a household must be contiguous",
        id: "rumah tangga {household} sudah muncul pada baris {first_row}; baris-baris satu rumah tangga harus berurutan";
    /// A household whose rows run from the end of one partition of a
    /// partitioned run into the start of the next: each piece was checked
    /// as a household of its own (reported on the later piece).
    HouseholdSplitByPartition = "HOUSEHOLD_SPLIT_BY_PARTITION", Error,
        en: "household {household} begins in the previous partition (at row {first_row}) and continues here, so each part was checked as a household of its own: partition the table by {column}, so that every household is in one partition",
        id: "rumah tangga {household} dimulai di partisi sebelumnya (pada baris {first_row}) dan berlanjut di sini, sehingga setiap bagiannya diperiksa sebagai rumah tangga tersendiri: bagi tabel menurut {column}, agar setiap rumah tangga berada dalam satu partisi";
    /// A household column differs between the rows of one household.
    HouseholdFieldInconsistent = "HOUSEHOLD_FIELD_INCONSISTENT", Error,
        en: "{field} differs from its value on row {first_row} of the same household",
        id: "{field} berbeda dengan nilainya pada baris {first_row} dari rumah tangga yang sama";
    /// A NIK already seen in another household of the dataset (reported on the later row).
    NikInTwoHouseholds = "NIK_IN_TWO_HOUSEHOLDS", Error,
        en: "NIK {nik} already appears in another household at row {other_row}",
        id: "NIK {nik} sudah muncul di rumah tangga lain pada baris {other_row}";
    /// A KK number already seen in another village (reported on the later rows).
    KkInTwoVillages = "KK_IN_TWO_VILLAGES", Error,
        en: "KK number {kk} already appears in village {other_village} at row {other_row}; here it is in village {village}",
        id: "nomor KK {kk} sudah muncul di desa/kelurahan {other_village} pada baris {other_row}; di sini berada di desa/kelurahan {village}";
    /// Same normalised name, birth date and district as an earlier person with another NIK.
    ProbableDuplicatePerson = "PROBABLE_DUPLICATE_PERSON", Warning,
        en: "probably the same person as row {other_row}: same name, birth date and district, but another NIK",
        id: "kemungkinan orang yang sama dengan baris {other_row}: nama, tanggal lahir, dan kecamatan sama, tetapi NIK berbeda";
    // bulk: reading fields as spreadsheets write them (locale, artefacts)
    /// A date column holds a whole number that a spreadsheet wrote for a date
    /// (its date serial, days counted in the 1900 system).
    DateSpreadsheetSerial = "DATE_SPREADSHEET_SERIAL", Error,
        en: "{field} holds {value}, a spreadsheet's date serial number (days counted from 1900), which stands for {date}; format the column as a date ({expected}) before exporting",
        id: "{field} berisi {value}, nomor seri tanggal dari lembar kerja (hitungan hari sejak 1900), yang berarti tanggal {date}; format kolom itu sebagai tanggal ({expected}) sebelum diekspor";
    /// A `YYYY-MM-DD` date with a one-digit month or day (`1991-4-30`): read, but not the reference form.
    DateNotPadded = "DATE_NOT_PADDED", Warning,
        en: "{field} is written {shape}, with a one-digit month or day; it is read as that date, but the reference layout writes YYYY-MM-DD (the valid-row output keeps the value as written)",
        id: "{field} ditulis {shape}, dengan bulan atau tanggal satu digit; nilainya dibaca sebagai tanggal itu, tetapi tata letak acuan menulis YYYY-MM-DD (keluaran baris sah menyimpan nilai seperti yang tertulis)";
    /// The dates that could not be read are consistently in one other form.
    DateFormDetected = "DATE_FORM_DETECTED", Warning,
        en: "{count} values of {field} are written {form}, which the mapping does not read (it reads {expected}); they are reported as invalid: to read them, pass --date-format {format} or put \"{format}\" in the mapping's date_formats",
        id: "{count} nilai {field} ditulis {form}, yang tidak dibaca oleh pemetaan (yang dibaca: {expected}); nilai itu dilaporkan tidak sah: agar terbaca, gunakan --date-format {format} atau tambahkan \"{format}\" ke date_formats pada pemetaan";
    /// A token for "unknown" (`NULL`, `-`, `N/A`, …) that the file did not declare.
    ValueNullToken = "VALUE_NULL_TOKEN", Error,
        en: "{field} holds {value}, a token for an unknown value that this file does not declare; declare it (--null {value}, or nulls in the mapping) to read it as unknown",
        id: "{field} berisi {value}, penanda nilai tidak diketahui yang tidak dinyatakan untuk berkas ini; nyatakan penanda itu (--null {value}, atau nulls pada pemetaan) agar dibaca sebagai tidak diketahui";
    /// A decimal comma (`36,5`) in a number column of a file not declared as using one.
    DecimalComma = "DECIMAL_COMMA", Error,
        en: "{field} is {value}, written with a decimal comma, which this file does not declare; pass --decimal-comma (or decimal = \",\" in the mapping) to read it",
        id: "{field} bernilai {value}, ditulis dengan koma desimal, yang tidak dinyatakan untuk berkas ini; gunakan --decimal-comma (atau decimal = \",\" pada pemetaan) agar terbaca";
    /// A household with a row that cannot be read (wrong field count, cut
    /// off): the checks that conclude from what is absent (a family without a
    /// head, a household without a family) cannot run, so they are not
    /// reported; the other rows are checked as read.
    FamilyChecksSkipped = "FAMILY_CHECKS_SKIPPED", Warning,
        en: "the family checks of household {household} did not run in full because row {rows} cannot be read; correct that row and validate again",
        id: "pemeriksaan keluarga untuk rumah tangga {household} tidak dijalankan sepenuhnya karena baris {rows} tidak dapat dibaca; perbaiki baris itu lalu validasi ulang";
    /// The header's text again in the middle of the file (two exports joined):
    /// the row is skipped, not read as a member.
    HeaderRepeated = "HEADER_REPEATED", Warning,
        en: "this row repeats the header (two exports joined?); it is skipped and not counted as a record",
        id: "baris ini mengulang header (dua ekspor digabung?); baris dilewati dan tidak dihitung sebagai data";
    /// The header again mid-file, with other columns or in another order than
    /// the first header's: the rows after it are still read in the first header's order.
    HeaderRepeatedReordered = "HEADER_REPEATED_REORDERED", Error,
        en: "this row repeats the header with other columns or in another order; the rows after it are read in the order of the first header, so split the file at this row and validate each part",
        id: "baris ini mengulang header dengan kolom atau urutan kolom yang lain; baris-baris sesudahnya dibaca menurut urutan header pertama, jadi pisahkan berkas pada baris ini dan validasi tiap bagiannya";
    /// A table's NIK or KK column was given as floating-point numbers (a
    /// DataFrame column pandas made float64): said once for the column;
    /// each value it cannot hold exactly is `NIK_FLOAT_PRECISION` /
    /// `KK_FLOAT_PRECISION` on its row.
    IdColumnFloat = "ID_COLUMN_FLOAT", Warning,
        en: "column {column} holds identity numbers as floating-point numbers, which are exact only up to 9007199254740992; keep identity columns as text (pandas: dtype=str; polars: infer_schema=False)",
        id: "kolom {column} menyimpan nomor identitas sebagai bilangan titik mengambang (float), yang hanya tepat sampai 9007199254740992; simpan kolom nomor identitas sebagai teks (pandas: dtype=str; polars: infer_schema=False)";
    // ---- rules, criteria, assess, pmt (section owned by eligibility) ---------------
    /// A rule document is not valid JSON/TOML.
    RuleParse = "RULE_PARSE", Error,
        en: "{file}: cannot be read at line {line}, column {column}: {detail}",
        id: "{file}: tidak dapat dibaca pada baris {line}, kolom {column}: {detail}";
    /// A required field of a rule document is missing.
    RuleFieldMissing = "RULE_FIELD_MISSING", Error,
        en: "{file}: {at}: required field is missing (expected {expected:expected})",
        id: "{file}: {at}: kolom wajib tidak ada (seharusnya {expected:expected})";
    /// A field of a rule document has the wrong type or value.
    RuleFieldInvalid = "RULE_FIELD_INVALID", Error,
        en: "{file}: {at}: expected {expected:expected}, found {found}",
        id: "{file}: {at}: seharusnya {expected:expected}, ditemukan {found}";
    /// A field name a rule document does not have.
    RuleUnknownField = "RULE_UNKNOWN_FIELD", Error,
        en: "{file}: {at}: unknown field {field} (allowed: {allowed})",
        id: "{file}: {at}: kolom {field} tidak dikenal (yang boleh: {allowed})";
    /// A condition name outside the documented vocabulary.
    RuleUnknownCondition = "RULE_UNKNOWN_CONDITION", Error,
        en: "{file}: {at}: unknown condition {name} (known: {known})",
        id: "{file}: {at}: syarat {name} tidak dikenal (yang dikenal: {known})";
    /// A member-level condition where no member is in scope.
    RuleConditionScope = "RULE_CONDITION_SCOPE", Error,
        en: "{file}: {at}: condition {name} reads one member; use it in a member programme, a component, or inside any_member",
        id: "{file}: {at}: syarat {name} membaca satu anggota; gunakan dalam program per anggota, komponen, atau di dalam any_member";
    /// A negative amount of money.
    RuleNegativeAmount = "RULE_NEGATIVE_AMOUNT", Error,
        en: "{file}: {at}: amount {amount} is negative",
        id: "{file}: {at}: nilai {amount} negatif";
    /// effective_until before effective_from.
    RulePeriodReversed = "RULE_PERIOD_REVERSED", Error,
        en: "{file}: {at}: effective_until {until} is before effective_from {from}",
        id: "{file}: {at}: effective_until {until} sebelum effective_from {from}";
    /// Two versions of one rule id in force on the same day.
    RuleOverlappingPeriod = "RULE_OVERLAPPING_PERIOD", Error,
        en: "{file}: {id} version {version} overlaps the effective period of version {other_version} ({other_file})",
        id: "{file}: {id} versi {version} berlaku bersamaan dengan versi {other_version} ({other_file})";
    /// A programme refers to a criteria set that is not loaded.
    RuleUnknownCriteriaSet = "RULE_UNKNOWN_CRITERIA_SET", Error,
        en: "{file}: {at}: criteria set {set} is not loaded",
        id: "{file}: {at}: set kriteria {set} tidak dimuat";
    // ---- musyawarah, usulan, lifecycle, jakarta (section owned by musyawarah) -------
    // musyawarah: the Musyawarah Desa/Kelurahan session
    /// The session kind (musdes/muskel) does not fit the village kind in the region table.
    MusyawarahKindMismatch = "MUSYAWARAH_KIND_MISMATCH", Error,
        en: "a {kind:session_kind} cannot be held for village {village}, which is a {village_kind:village_kind} (expected a {expected:session_kind})",
        id: "{kind:session_kind} tidak dapat diadakan untuk {village}, yang merupakan {village_kind:village_kind} (seharusnya {expected:session_kind})";
    /// The agenda of the session is empty.
    MusyawarahAgendaEmpty = "MUSYAWARAH_AGENDA_EMPTY", Warning,
        en: "the agenda has no household",
        id: "agenda tidak memuat rumah tangga apa pun";
    /// An agenda entry has no decision.
    MusyawarahDecisionMissing = "MUSYAWARAH_DECISION_MISSING", Error,
        en: "household {household} is on the agenda but has no decision",
        id: "rumah tangga {household} ada dalam agenda tetapi belum diputuskan";
    /// A decision names a household that is not on the agenda.
    MusyawarahDecisionNotOnAgenda = "MUSYAWARAH_DECISION_NOT_ON_AGENDA", Error,
        en: "decision on household {household}, which is not on the agenda",
        id: "keputusan atas rumah tangga {household}, yang tidak ada dalam agenda";
    /// A household appears twice on the agenda or has two decisions.
    MusyawarahHouseholdTwice = "MUSYAWARAH_HOUSEHOLD_TWICE", Error,
        en: "household {household} appears twice (also at {other})",
        id: "rumah tangga {household} muncul dua kali (juga pada {other})";
    /// A not-eligible or deferred decision without a reason.
    MusyawarahReasonRequired = "MUSYAWARAH_REASON_REQUIRED", Error,
        en: "a decision of {outcome:outcome} needs a reason",
        id: "keputusan {outcome:outcome} harus disertai alasan";
    /// No Berita Acara.
    MusyawarahBeritaAcaraMissing = "MUSYAWARAH_BERITA_ACARA_MISSING", Error,
        en: "the session has no Berita Acara",
        id: "musyawarah tidak memiliki Berita Acara";
    /// The Berita Acara is not signed by the head of the village (Kepala Desa for a musdes, Lurah for a muskel).
    MusyawarahHeadSignatureMissing = "MUSYAWARAH_HEAD_SIGNATURE_MISSING", Error,
        en: "the Berita Acara is not signed by the {head}",
        id: "Berita Acara tidak ditandatangani oleh {head}";
    /// The Berita Acara is dated before the session.
    MusyawarahBeritaAcaraBeforeSession = "MUSYAWARAH_BERITA_ACARA_BEFORE_SESSION", Error,
        en: "the Berita Acara is dated {ba_date}, before the session on {session_date}",
        id: "Berita Acara bertanggal {ba_date}, sebelum musyawarah pada {session_date}";
    /// Fewer participants than the configured quorum (no quorum rule by default).
    MusyawarahQuorumParticipants = "MUSYAWARAH_QUORUM_PARTICIPANTS", Error,
        en: "{count} participants attended; the configured quorum needs at least {min}",
        id: "{count} peserta hadir; kuorum yang ditetapkan memerlukan paling sedikit {min}";
    /// A role that the configured quorum requires is absent.
    MusyawarahQuorumRole = "MUSYAWARAH_QUORUM_ROLE", Error,
        en: "no participant has the role {role:role}, which the configured quorum requires",
        id: "tidak ada peserta dengan peran {role:role}, yang diwajibkan oleh kuorum yang ditetapkan";
    /// The Berita Acara is signed by the head of the village alone: the source texts say it is
    /// signed by the Kepala Desa/Lurah and other village officials.
    MusyawarahOfficialSignatureMissing = "MUSYAWARAH_OFFICIAL_SIGNATURE_MISSING", Error,
        en: "the Berita Acara is signed by the {head} alone; another village official must sign it too",
        id: "Berita Acara hanya ditandatangani oleh {head}; perangkat desa/kelurahan lainnya juga harus menandatanganinya";
    /// A signatory of the Berita Acara is not among the session's participants.
    MusyawarahSignatoryNotParticipant = "MUSYAWARAH_SIGNATORY_NOT_PARTICIPANT", Warning,
        en: "signatory {name} ({role:role}) of the Berita Acara is not among the participants of the session",
        id: "penanda tangan Berita Acara {name} ({role:role}) tidak tercantum sebagai peserta musyawarah";

    // usulan: SIKS-NG proposals, batches, finalisation
    /// The proposed KK number is not a family of the proposed household.
    UsulanKkNotInHousehold = "USULAN_KK_NOT_IN_HOUSEHOLD", Error,
        en: "the proposed KK {kk} is not a family of the household",
        id: "KK yang diusulkan {kk} bukan keluarga dalam rumah tangga ini";
    /// The proposed NIK is not a member of the proposed family.
    UsulanNikNotInFamily = "USULAN_NIK_NOT_IN_FAMILY", Error,
        en: "the proposed NIK {nik} is not a member of the family with KK {kk}",
        id: "NIK yang diusulkan {nik} bukan anggota keluarga dengan KK {kk}";
    /// The criteria survey has no answers.
    UsulanSurveyMissing = "USULAN_SURVEY_MISSING", Error,
        en: "the criteria survey has not been answered",
        id: "survei kriteria belum dijawab";
    /// A survey question without an answer.
    UsulanSurveyUnanswered = "USULAN_SURVEY_UNANSWERED", Error,
        en: "survey question {question} has no answer",
        id: "pertanyaan survei {question} belum dijawab";
    /// No programme proposed.
    UsulanNoProgramme = "USULAN_NO_PROGRAMME", Error,
        en: "no programme is proposed",
        id: "tidak ada program yang diusulkan";
    /// The same programme proposed twice.
    UsulanProgrammeTwice = "USULAN_PROGRAMME_TWICE", Error,
        en: "programme {programme} is proposed twice",
        id: "program {programme} diusulkan dua kali";
    /// The eligibility check says the household cannot get the programme.
    UsulanProgrammeNotPossible = "USULAN_PROGRAMME_NOT_POSSIBLE", Error,
        en: "programme {programme} is not possible for this household: {reasons}",
        id: "program {programme} tidak mungkin untuk rumah tangga ini: {reasons}";
    /// The eligibility check cannot decide from the data given.
    UsulanProgrammeUndecidable = "USULAN_PROGRAMME_UNDECIDABLE", Warning,
        en: "whether programme {programme} is possible cannot be decided: {missing}",
        id: "kelayakan program {programme} tidak dapat diputuskan: {missing}";
    /// The eligibility check does not know the programme.
    UsulanProgrammeUnknown = "USULAN_PROGRAMME_UNKNOWN", Error,
        en: "programme {programme} is not known to the eligibility check",
        id: "program {programme} tidak dikenal oleh pemeriksaan kelayakan";
    /// A required document (KTP photo, front-of-house photo) is not attached.
    UsulanDocumentMissing = "USULAN_DOCUMENT_MISSING", Error,
        en: "the {document} is not attached",
        id: "{document} belum diunggah";
    /// The household does not live in the operator's village.
    UsulanVillageMismatch = "USULAN_VILLAGE_MISMATCH", Error,
        en: "the household lives in village {village}, but the operator's village is {operator_village}",
        id: "rumah tangga berada di desa/kelurahan {village}, sedangkan desa/kelurahan operator {operator_village}";
    /// A NIK already in another proposal of the batch.
    UsulanNikInBatch = "USULAN_NIK_IN_BATCH", Error,
        en: "NIK {nik} is also in {other}",
        id: "NIK {nik} juga ada pada {other}";
    /// A NIK already registered (caller-given set).
    UsulanNikRegistered = "USULAN_NIK_REGISTERED", Error,
        en: "NIK {nik} is already registered",
        id: "NIK {nik} sudah terdaftar";
    /// Two proposals of a batch share an id.
    UsulanIdDuplicate = "USULAN_ID_DUPLICATE", Error,
        en: "proposal id {id} is also used at {other}",
        id: "id usulan {id} juga dipakai pada {other}";
    /// The batch has no proposal.
    UsulanBatchEmpty = "USULAN_BATCH_EMPTY", Error,
        en: "the batch has no proposals",
        id: "batch tidak memuat usulan";
    /// The batch cites a prelist akhir but no valid session was given to check against
    /// (none, or one that is itself invalid: its problems come under `session`).
    UsulanPrelistNotGiven = "USULAN_PRELIST_NOT_GIVEN", Error,
        en: "the batch cites prelist akhir {hash}, but no valid musyawarah session was given to check it against",
        id: "batch merujuk prelist akhir {hash}, tetapi tidak ada sesi musyawarah yang sah untuk memeriksanya";
    /// The cited prelist hash is not the hash of the session given.
    UsulanPrelistHashMismatch = "USULAN_PRELIST_HASH_MISMATCH", Error,
        en: "the batch cites prelist akhir {cited}, but the session given yields {actual}",
        id: "batch merujuk prelist akhir {cited}, tetapi musyawarah yang diberikan menghasilkan {actual}";
    /// The household is not on the cited prelist akhir as eligible.
    UsulanNotOnPrelist = "USULAN_NOT_ON_PRELIST", Error,
        en: "household {household} is not on the prelist akhir as eligible",
        id: "rumah tangga {household} tidak tercantum sebagai layak dalam prelist akhir";
    /// Finalisation without the Berita Acara Usulan.
    UsulanBeritaAcaraMissing = "USULAN_BERITA_ACARA_MISSING", Error,
        en: "the Berita Acara Usulan is not attached",
        id: "Berita Acara Usulan belum diunggah";
    /// The typed statement is not the required sentence.
    UsulanStatementMismatch = "USULAN_STATEMENT_MISMATCH", Error,
        en: "the statement must read \"Saya bertanggung jawab terhadap data usulan tersebut\" ({hint:statement_hint})",
        id: "pernyataan harus berbunyi \"Saya bertanggung jawab terhadap data usulan tersebut\" ({hint:statement_hint})";
    /// A proposal that is not in the status a step needs.
    UsulanStatusWrong = "USULAN_STATUS_WRONG", Error,
        en: "the proposal is {status:status}; this step needs it to be {expected:status}",
        id: "usulan berstatus {status:status}; langkah ini memerlukan status {expected:status}";
    /// A move asked for a proposal id that is not in the batch.
    UsulanProposalUnknown = "USULAN_PROPOSAL_UNKNOWN", Error,
        en: "the batch has no proposal {proposal}; nothing was changed",
        id: "batch tidak memuat usulan {proposal}; tidak ada yang diubah";
    /// The batch's content is not what its finalisation checked (a proposal edited, added or removed afterwards).
    UsulanChangedAfterFinalisation = "USULAN_CHANGED_AFTER_FINALISATION", Error,
        en: "the batch was changed after its finalisation: its content hash is {actual}, the finalisation recorded {recorded}",
        id: "batch diubah setelah finalisasi: hash isinya {actual}, sedangkan finalisasi mencatat {recorded}";

    // lifecycle: the status machine and its audit trail
    /// A move the status machine does not allow.
    LifecycleIllegalMove = "LIFECYCLE_ILLEGAL_MOVE", Error,
        en: "cannot {event:move} a proposal that is {got:status}; it must be {expected:status}",
        id: "tidak dapat {event:move} usulan yang berstatus {got:status}; statusnya harus {expected:status}";
    /// A move that needs a reason was given none.
    LifecycleReasonRequired = "LIFECYCLE_REASON_REQUIRED", Error,
        en: "to {event:move} a proposal for another reason, a note must say what the reason is",
        id: "untuk {event:move} usulan dengan alasan lain, catatan alasannya harus diisi";
    /// A move dated before the previous one.
    LifecycleTimeBackwards = "LIFECYCLE_TIME_BACKWARDS", Error,
        en: "the move at {at} is before the previous move at {previous}",
        id: "perubahan pada {at} lebih awal dari perubahan sebelumnya pada {previous}";
    /// The move `finalise` asked for directly: only the batch finalisation makes it.
    LifecycleFinaliseReserved = "LIFECYCLE_FINALISE_RESERVED", Error,
        en: "a proposal is finalised only by finalising its batch (Berita Acara Usulan, statement, batch check); finalise cannot be recorded as a single move",
        id: "usulan hanya dapat difinalisasi melalui finalisasi batch (Berita Acara Usulan, pernyataan, pemeriksaan batch); finalisasi tidak dapat dicatat sebagai langkah tersendiri";
    /// The hash chain of an audit trail is broken: an entry was removed, reordered or edited.
    AuditTrailBroken = "AUDIT_TRAIL_BROKEN", Error,
        en: "the audit trail is broken at entry {index}: {kind:trail_break}",
        id: "jejak audit rusak pada entri {index}: {kind:trail_break}";
    /// A proposal whose trail head the host kept is not in the batch any more.
    AuditTrailMissing = "AUDIT_TRAIL_MISSING", Error,
        en: "proposal {proposal} has a kept trail head but is not in the batch: it was removed",
        id: "usulan {proposal} memiliki kepala jejak audit yang disimpan, tetapi tidak ada lagi dalam batch: usulan itu dihapus";

    // jakarta: the 2022 online registration (dtks.jakarta.go.id)
    /// The family's KTP address is not in DKI Jakarta.
    JakartaKtpNotDki = "JAKARTA_KTP_NOT_DKI", Error,
        en: "the KTP address {village} is not a village of DKI Jakarta (province 31)",
        id: "alamat KTP {village} bukan kelurahan di DKI Jakarta (provinsi 31)";
    /// The household does not live in DKI Jakarta.
    JakartaNotResident = "JAKARTA_NOT_RESIDENT", Error,
        en: "the household lives at {village}, outside DKI Jakarta",
        id: "rumah tangga tinggal di {village}, di luar DKI Jakarta";
    /// The main drinking water is branded bottled water (refill water does not count).
    JakartaExcludedBottledWater = "JAKARTA_EXCLUDED_BOTTLED_WATER", Error,
        en: "excluded in 2022: the main drinking water is branded bottled water",
        id: "dikecualikan 2022: sumber air minum utama air kemasan bermerk";
    /// A member is a civil servant, TNI/Polri, permanent SOE employee or DPR/DPRD member.
    JakartaExcludedOccupation = "JAKARTA_EXCLUDED_OCCUPATION", Error,
        en: "excluded in 2022: a member is a civil servant, TNI/Polri, permanent state-company employee or DPR/DPRD member",
        id: "dikecualikan 2022: ada anggota PNS, TNI/Polri, pegawai tetap BUMN/BUMD atau anggota DPR/DPRD";
    /// The household owns a car.
    JakartaExcludedCar = "JAKARTA_EXCLUDED_CAR", Error,
        en: "excluded in 2022: the household owns a car",
        id: "dikecualikan 2022: rumah tangga memiliki mobil";
    /// The household owns land or buildings with NJOP above Rp 1 billion.
    JakartaExcludedProperty = "JAKARTA_EXCLUDED_PROPERTY", Error,
        en: "excluded in 2022: land or buildings with a tax value (NJOP) above Rp 1 billion",
        id: "dikecualikan 2022: memiliki tanah/bangunan dengan NJOP di atas Rp 1 miliar";
    /// The same family (KK) registered twice from one account.
    JakartaFamilyTwice = "JAKARTA_FAMILY_TWICE", Error,
        en: "the family with KK {kk} is also registered at {other}",
        id: "keluarga dengan KK {kk} juga didaftarkan pada {other}";
    /// The account has registered no family.
    JakartaAccountEmpty = "JAKARTA_ACCOUNT_EMPTY", Error,
        en: "the account has no registration",
        id: "akun belum mendaftarkan keluarga";
    /// The same family (KK) registered from another account.
    JakartaFamilyOtherAccount = "JAKARTA_FAMILY_OTHER_ACCOUNT", Error,
        en: "the family with KK {kk} is also registered from account {account}",
        id: "keluarga dengan KK {kk} juga didaftarkan dari akun {account}";
    /// The same person (NIK) registered from another account.
    JakartaNikOtherAccount = "JAKARTA_NIK_OTHER_ACCOUNT", Error,
        en: "NIK {nik} is also registered from account {account}",
        id: "NIK {nik} juga didaftarkan dari akun {account}";
    /// The family (KK) is already in the registry (caller-given set).
    JakartaFamilyRegistered = "JAKARTA_FAMILY_REGISTERED", Error,
        en: "the family with KK {kk} is already in the registry",
        id: "keluarga dengan KK {kk} sudah tercatat dalam DTKS";
    /// The person (NIK) is already in the registry (caller-given set).
    JakartaNikRegistered = "JAKARTA_NIK_REGISTERED", Error,
        en: "NIK {nik} is already in the registry",
        id: "NIK {nik} sudah tercatat dalam DTKS";
}
