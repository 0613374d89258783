//! Parsing of region codes given as text.

use super::Level;

/// A syntactically valid region code, split into its numeric parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Parsed {
    pub(super) level: Level,
    pub(super) province: u8,
    pub(super) regency: u8,
    pub(super) district: u8,
    pub(super) village: u16,
}

impl Parsed {
    /// Four-digit regency code, e.g. 3171.
    pub(super) fn regency_code(&self) -> u16 {
        u16::from(self.province) * 100 + u16::from(self.regency)
    }

    /// Six-digit district code, e.g. 317101.
    pub(super) fn district_code(&self) -> u32 {
        u32::from(self.regency_code()) * 100 + u32::from(self.district)
    }
}

/// Widths of the dotted groups: `PP.KK.CC.DDDD`.
const GROUPS: [usize; 4] = [2, 2, 2, 4];

/// Parses `PP`, `PP.KK`, `PP.KK.CC`, `PP.KK.CC.DDDD` or the same without
/// dots (2, 4, 6 or 10 ASCII digits), after trimming surrounding whitespace.
/// Dots must be all present or all absent.
pub(super) fn parse(code: &str) -> Option<Parsed> {
    let s = code.trim();
    let mut digits = [0u8; 10];
    let mut n = 0usize;
    let mut push = |part: &str| -> Option<()> {
        for b in part.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            *digits.get_mut(n)? = b - b'0';
            n += 1;
        }
        Some(())
    };
    let groups = if s.contains('.') {
        let mut groups = 0usize;
        for (i, part) in s.split('.').enumerate() {
            if GROUPS.get(i) != Some(&part.len()) {
                return None;
            }
            push(part)?;
            groups = i + 1;
        }
        groups
    } else {
        push(s)?;
        match n {
            2 => 1,
            4 => 2,
            6 => 3,
            10 => 4,
            _ => return None,
        }
    };
    let d = |i: usize| digits.get(i).copied().unwrap_or(0);
    let pair = |i: usize| d(i) * 10 + d(i + 1);
    let level = match groups {
        1 => Level::Province,
        2 => Level::Regency,
        3 => Level::District,
        4 => Level::Village,
        _ => return None,
    };
    Some(Parsed {
        level,
        province: pair(0),
        regency: pair(2),
        district: pair(4),
        village: u16::from(d(6)) * 1000
            + u16::from(d(7)) * 100
            + u16::from(d(8)) * 10
            + u16::from(d(9)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dotted_and_undotted() {
        let p = parse(" 31.71.01.1001\n").map(|p| (p.level, p.district_code(), p.village));
        assert_eq!(p, Some((Level::Village, 317_101, 1001)));
        let q = parse("3171011001").map(|p| (p.level, p.district_code(), p.village));
        assert_eq!(p, q);
        assert_eq!(parse("31").map(|p| p.level), Some(Level::Province));
        assert_eq!(parse("3171").map(|p| p.regency_code()), Some(3171));
        assert_eq!(parse("31.71.01").map(|p| p.district_code()), Some(317_101));
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            " ",
            "3",
            "317",
            "31710",
            "31.7",
            "31.71.",
            ".31",
            "31..71",
            "3171.01",
            "31.7101",
            "31.71.01.100",
            "31.71.01.10011",
            "317101100",
            "31717101011",
            "3a",
            "٣١",
            "３１",
            "+31",
            "-3",
            "31.71.01.1001.1",
            "31 71",
        ] {
            assert_eq!(parse(s), None, "{s:?}");
        }
    }
}
