//! Name pools for synthetic people and streets.
//!
//! Invented for the generator from common Indonesian given names and words;
//! no real person is meant. A full name is `first middle last`, the first
//! name from the pool of the person's sex. [`NAME_SPACE`] names exist per
//! sex, and [`name_of`] maps a counter to a name bijectively, so names are
//! unique among the people of one district (the counter is per district):
//! a clean file never contains an accidental "probable duplicate" (same
//! name, birth date and district under another NIK).

/// Male first names (64, all distinct from the female ones).
pub(crate) const MALE_FIRST: [&str; 64] = [
    "Agus",
    "Budi",
    "Joko",
    "Slamet",
    "Bambang",
    "Hendra",
    "Eko",
    "Dedi",
    "Rudi",
    "Iwan",
    "Andi",
    "Yusuf",
    "Ahmad",
    "Muhammad",
    "Rizki",
    "Fajar",
    "Arif",
    "Bayu",
    "Dimas",
    "Hadi",
    "Imam",
    "Irfan",
    "Kurniawan",
    "Lukman",
    "Nanang",
    "Rahmat",
    "Sugeng",
    "Teguh",
    "Wahyu",
    "Yudi",
    "Zainal",
    "Hasan",
    "Husein",
    "Ilham",
    "Gilang",
    "Reza",
    "Taufik",
    "Herman",
    "Sutrisno",
    "Suparman",
    "Darmawan",
    "Gunawan",
    "Ketut",
    "Made",
    "Nyoman",
    "Wayan",
    "Ucok",
    "Togar",
    "Asep",
    "Ujang",
    "Cecep",
    "Dadang",
    "Ridwan",
    "Syahrul",
    "Samsul",
    "Firman",
    "Galih",
    "Heru",
    "Jamal",
    "Marno",
    "Paijo",
    "Sarip",
    "Tono",
    "Umar",
];

/// Female first names (64).
pub(crate) const FEMALE_FIRST: [&str; 64] = [
    "Siti", "Sri", "Dewi", "Ani", "Rina", "Wati", "Yanti", "Ratna", "Nur", "Lestari", "Fitri",
    "Indah", "Putri", "Ayu", "Dian", "Eka", "Endang", "Fatimah", "Aisyah", "Hartini", "Ida",
    "Intan", "Juwita", "Kartika", "Lina", "Maya", "Nia", "Novi", "Puspita", "Rahayu", "Ratih",
    "Sari", "Suci", "Tuti", "Umi", "Wulan", "Yuli", "Zahra", "Mega", "Nengsih", "Kadek", "Komang",
    "Luh", "Tiur", "Butet", "Euis", "Neneng", "Imas", "Cucu", "Sumarni", "Sumiati", "Suparti",
    "Tri", "Winarni", "Yati", "Asih", "Darsih", "Kasih", "Murni", "Ningsih", "Rukmini", "Salmah",
    "Halimah", "Khadijah",
];

/// Middle names (64), used for both sexes.
pub(crate) const MIDDLE: [&str; 64] = [
    "Adi", "Budiman", "Cahya", "Dwi", "Eko", "Fajri", "Guna", "Hari", "Indra", "Jaya", "Kusuma",
    "Lintang", "Mulya", "Nugraha", "Oktavian", "Pratama", "Rahman", "Sakti", "Tirta", "Utama",
    "Wira", "Yoga", "Abdul", "Bagus", "Candra", "Dharma", "Endra", "Fikri", "Gading", "Hidayat",
    "Ikhsan", "Jati", "Kencana", "Laksana", "Mahendra", "Nirwana", "Permana", "Rizal", "Surya",
    "Tama", "Wibawa", "Yuda", "Asri", "Bintang", "Citra", "Dahlia", "Embun", "Fitria", "Gita",
    "Harum", "Intan", "Jelita", "Kirana", "Lestari", "Melati", "Nanda", "Pertiwi", "Ratna",
    "Sekar", "Tiara", "Wangi", "Yulia", "Zahira", "Anggun",
];

/// Last names (80).
pub(crate) const LAST: [&str; 80] = [
    "Santoso",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Setiawan",
    "Susanto",
    "Purnomo",
    "Wibowo",
    "Nugroho",
    "Kurniawati",
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Simanjuntak",
    "Sitompul",
    "Manurung",
    "Pardede",
    "Tampubolon",
    "Hutapea",
    "Sinaga",
    "Situmorang",
    "Ginting",
    "Tarigan",
    "Sembiring",
    "Pohan",
    "Rangkuti",
    "Daulay",
    "Batubara",
    "Matondang",
    "Pratiwi",
    "Handayani",
    "Wulandari",
    "Permatasari",
    "Anggraini",
    "Puspitasari",
    "Rahmawati",
    "Susilowati",
    "Suryani",
    "Yuliani",
    "Gunadi",
    "Haryanto",
    "Irawan",
    "Kusnadi",
    "Mulyadi",
    "Prasetyo",
    "Rachman",
    "Suharto",
    "Sutanto",
    "Widodo",
    "Hakim",
    "Maulana",
    "Ramadhan",
    "Syahputra",
    "Firdaus",
    "Hasibuan",
    "Panjaitan",
    "Sihombing",
    "Silalahi",
    "Sitorus",
    "Tanjung",
    "Effendi",
    "Munthe",
    "Pasaribu",
    "Rajagukguk",
    "Sagala",
    "Simbolon",
    "Sinambela",
    "Sirait",
    "Tambunan",
    "Wardhana",
    "Yulianto",
    "Zulkarnain",
    "Baskoro",
    "Cahyono",
    "Darmadi",
    "Fauzi",
    "Iskandar",
    "Kartono",
    "Lesmana",
];

/// How many distinct names each sex has: 64 × 64 × 80.
pub(crate) const NAME_SPACE: u32 = 64 * 64 * 80;

/// A multiplier coprime with [`NAME_SPACE`] (= 2¹⁶ × 5): a prime other than
/// 2 and 5, so `n ↦ n × A mod NAME_SPACE` is a bijection that scatters
/// neighbouring counters over the pools.
const SCATTER: u64 = 104_729;

/// A person's name as indexes into the pools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Name {
    pub(crate) female: bool,
    pub(crate) first: u8,
    pub(crate) middle: u8,
    pub(crate) last: u8,
}

/// The name for counter `n` (injective for `n < NAME_SPACE` and a given sex).
pub(crate) fn name_of(n: u32, female: bool) -> Name {
    let s = (u64::from(n) * SCATTER) % u64::from(NAME_SPACE);
    Name {
        female,
        first: (s % 64) as u8,
        middle: ((s / 64) % 64) as u8,
        last: (s / 4096) as u8,
    }
}

impl Name {
    /// The three words.
    pub(crate) fn words(self) -> [&'static str; 3] {
        let first = if self.female {
            FEMALE_FIRST.get(usize::from(self.first))
        } else {
            MALE_FIRST.get(usize::from(self.first))
        };
        [
            first.copied().unwrap_or("Nama"),
            MIDDLE
                .get(usize::from(self.middle))
                .copied()
                .unwrap_or("Nama"),
            LAST.get(usize::from(self.last)).copied().unwrap_or("Nama"),
        ]
    }

    /// Appends `first middle last` to a buffer.
    pub(crate) fn push_to(self, out: &mut Vec<u8>) {
        let [a, b, c] = self.words();
        out.extend_from_slice(a.as_bytes());
        out.push(b' ');
        out.extend_from_slice(b.as_bytes());
        out.push(b' ');
        out.extend_from_slice(c.as_bytes());
    }

    /// The name as a `String`.
    pub(crate) fn to_text(self) -> String {
        self.words().join(" ")
    }
}

/// Street names for `alamat`.
pub(crate) const STREETS: [&str; 32] = [
    "Jl. Merdeka",
    "Jl. Sudirman",
    "Jl. Diponegoro",
    "Jl. Gajah Mada",
    "Jl. Ahmad Yani",
    "Jl. Pahlawan",
    "Jl. Kartini",
    "Jl. Imam Bonjol",
    "Jl. Veteran",
    "Jl. Pemuda",
    "Jl. Melati",
    "Jl. Mawar",
    "Jl. Kenanga",
    "Jl. Flamboyan",
    "Jl. Cempaka",
    "Jl. Anggrek",
    "Jl. Nusantara",
    "Jl. Pasar Lama",
    "Jl. Raya Desa",
    "Jl. Masjid",
    "Jl. Sekolah",
    "Jl. Pelabuhan",
    "Jl. Kebun Jeruk",
    "Jl. Sawah Besar",
    "Gg. Damai",
    "Gg. Rukun",
    "Gg. Sejahtera",
    "Gg. Mushola",
    "Dusun Krajan",
    "Dusun Sukamaju",
    "Dusun Sidomulyo",
    "Lorong Baru",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn pools_have_no_repeats_and_sexes_do_not_share_first_names() {
        let norm = |s: &&str| s.to_lowercase();
        for pool in [&MALE_FIRST[..], &FEMALE_FIRST[..], &MIDDLE[..], &LAST[..]] {
            let set: HashSet<String> = pool.iter().map(norm).collect();
            assert_eq!(set.len(), pool.len());
            assert!(pool.iter().all(|w| !w.contains([',', '"', ' '])));
        }
        let male: HashSet<String> = MALE_FIRST.iter().map(norm).collect();
        assert!(FEMALE_FIRST
            .iter()
            .all(|f| !male.contains(&f.to_lowercase())));
    }

    #[test]
    fn names_are_unique_per_counter_over_the_whole_space() {
        let mut seen = vec![false; NAME_SPACE as usize];
        for n in 0..NAME_SPACE {
            let x = name_of(n, false);
            let k = usize::from(x.first) + 64 * usize::from(x.middle) + 4096 * usize::from(x.last);
            assert!(!seen[k], "counter {n} repeats a name");
            seen[k] = true;
        }
    }
}
