//! The columns of the reference export layout (docs/domain/export-layout.md) and where
//! each lands in the household model.

/// Which part of the household a column describes; household and family
/// columns repeat on every member row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Repeats on every row of the household.
    Household,
    /// Repeats on every row of the family (`no_kk`).
    Family,
    /// One value per member row.
    Member,
}

macro_rules! columns {
    ($( $variant:ident = $name:literal, $level:ident, $path:literal; )*) => {
        /// One column of the reference layout.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Column { $( #[doc = concat!("`", $name, "`")] $variant, )* }

        impl Column {
            /// Every column, in layout order.
            pub const ALL: &'static [Column] = &[ $( Column::$variant, )* ];
            /// The reference-layout name (`tgl_lahir`).
            pub const fn name(self) -> &'static str {
                match self { $( Column::$variant => $name, )* }
            }
            /// Household, family or member column.
            pub const fn level(self) -> Level {
                match self { $( Column::$variant => Level::$level, )* }
            }
            /// The last segment of the model path it fills (`birth_date`,
            /// `address.village_code`).
            pub const fn model_field(self) -> &'static str {
                match self { $( Column::$variant => $path, )* }
            }
        }
    };
}

columns! {
    IdRt = "id_rt", Household, "id";
    KodeDesa = "kode_desa", Household, "address.village_code";
    Alamat = "alamat", Household, "address.street";
    Rt = "rt", Household, "address.rt";
    Rw = "rw", Household, "address.rw";
    NoKk = "no_kk", Family, "kk";
    Nik = "nik", Member, "nik";
    Nama = "nama", Member, "name";
    TglLahir = "tgl_lahir", Member, "birth_date";
    JenisKelamin = "jenis_kelamin", Member, "sex";
    HubKeluarga = "hub_keluarga", Member, "relationship";
    StatusKawin = "status_kawin", Member, "marital_status";
    Hamil = "hamil", Member, "pregnant";
    Disabilitas = "disabilitas", Member, "disability";
    DisabilitasBerat = "disabilitas_berat", Member, "severe_disability";
    Sekolah = "sekolah", Member, "schooling";
    Pendidikan = "pendidikan", Member, "education";
    Bekerja = "bekerja", Member, "working";
    LuasLantai = "luas_lantai", Household, "housing.floor_area";
    JenisLantai = "jenis_lantai", Household, "housing.floor";
    JenisDinding = "jenis_dinding", Household, "housing.wall";
    JenisAtap = "jenis_atap", Household, "housing.roof";
    SumberAir = "sumber_air", Household, "housing.water";
    Penerangan = "penerangan", Household, "housing.lighting";
    BahanBakar = "bahan_bakar", Household, "housing.cooking_fuel";
    Jamban = "jamban", Household, "housing.toilet";
    StatusRumah = "status_rumah", Household, "housing.tenure";
    Penghasilan = "penghasilan", Household, "income_monthly";
    Desil = "desil", Household, "desil";
    Terdaftar = "terdaftar", Household, "registered";
}

/// The number of columns.
pub const COUNT: usize = Column::ALL.len();

impl Column {
    /// Position in [`Column::ALL`] (the declaration order).
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The column whose model field a path ends with: `families[0].members[2].birth_date`
    /// → `tgl_lahir`; `families[1].kk` → `no_kk`; `housing.floor_area` → `luas_lantai`.
    /// A path naming a whole family (`families[0]`, e.g. no head) maps to
    /// `hub_keluarga`.
    pub fn from_path(path: &str) -> Option<Column> {
        let rest = strip_indexes(path);
        if rest.is_empty() {
            // `families[0]` (no head, many heads).
            return path.starts_with("families[").then_some(Column::HubKeluarga);
        }
        let level_ok = |c: &Column| match c.level() {
            Level::Member => path.contains(".members["),
            Level::Family => path.starts_with("families[") && !path.contains(".members["),
            Level::Household => !path.starts_with("families"),
        };
        Column::ALL
            .iter()
            .copied()
            .find(|c| c.model_field() == rest && level_ok(c))
    }

    /// True for the columns a row must have (or that the mapping derives).
    pub fn required(self) -> bool {
        matches!(
            self,
            Column::IdRt
                | Column::KodeDesa
                | Column::NoKk
                | Column::Nik
                | Column::Nama
                | Column::TglLahir
                | Column::JenisKelamin
                | Column::HubKeluarga
        )
    }
}

/// `families[0].members[2].nik` → `nik`; `families[0]` → ``; `housing.floor` → `housing.floor`.
fn strip_indexes(path: &str) -> &str {
    let mut rest = path;
    for prefix in ["families[", "members["] {
        if let Some(after) = rest.strip_prefix(prefix) {
            match after.find(']') {
                Some(close) => {
                    rest = after.get(close + 1..).unwrap_or("");
                    rest = rest.strip_prefix('.').unwrap_or(rest);
                }
                None => return rest,
            }
        }
    }
    rest
}

/// The family and member indexes a path names: `families[1].members[3].nik`
/// → `(Some(1), Some(3))`.
pub fn path_indexes(path: &str) -> (Option<usize>, Option<usize>) {
    fn index_after<'a>(s: &'a str, prefix: &str) -> Option<(usize, &'a str)> {
        let after = s.strip_prefix(prefix)?;
        let close = after.find(']')?;
        let n = after.get(..close)?.parse().ok()?;
        Some((n, after.get(close + 1..).unwrap_or("")))
    }
    match index_after(path, "families[") {
        None => (None, None),
        Some((f, rest)) => (Some(f), index_after(rest, ".members[").map(|(m, _)| m)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_columns() {
        assert_eq!(
            Column::from_path("families[0].members[2].birth_date"),
            Some(Column::TglLahir)
        );
        assert_eq!(Column::from_path("families[1].kk"), Some(Column::NoKk));
        assert_eq!(Column::from_path("families[1]"), Some(Column::HubKeluarga));
        assert_eq!(
            Column::from_path("housing.floor_area"),
            Some(Column::LuasLantai)
        );
        assert_eq!(
            Column::from_path("address.village_code"),
            Some(Column::KodeDesa)
        );
        assert_eq!(Column::from_path("id"), Some(Column::IdRt));
        assert_eq!(Column::from_path("families"), None);
        assert_eq!(Column::from_path("families[0].members"), None);
        assert_eq!(
            path_indexes("families[1].members[3].nik"),
            (Some(1), Some(3))
        );
        assert_eq!(path_indexes("families[2]"), (Some(2), None));
        assert_eq!(path_indexes("desil"), (None, None));
        for (i, c) in Column::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
        }
    }
}
