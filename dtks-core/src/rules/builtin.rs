//! The built-in rule documents, embedded in the crate
//! (`dtks-core/data/rules/`). Each file cites its sources.

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        /// Every built-in document: (file name, text). Criteria sets first,
        /// because programmes may refer to them.
        pub const BUILTIN_FILES: &[(&str, &str)] = &[
            $( ($name, include_str!(concat!("../../data/rules/", $name))), )*
        ];
    };
}

builtin!(
    "criteria-bps-14.json",
    "criteria-kepmensos-146-2013.json",
    "criteria-kepmensos-262-2022.json",
    "pmt-illustrative-v1.toml",
    "pbi-jk-2022.toml",
    "pbi-jk-2025.toml",
    "pkh-2022.toml",
    "pkh-2025.toml",
    "sembako-2022.toml",
    "sembako-2025.toml",
    "klj-2018.toml",
    "klj-2023.toml",
    "kpdj-2019.toml",
    "kaj-2021.toml",
    "kjmu-2022.toml",
    "kjmu-2024-desil.toml",
    "kjmu-2024-restored.toml",
    "kjp-plus-2022.toml",
);
