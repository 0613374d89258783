//! `schema/household.schema.json` against the model: every example the model
//! accepts validates, and what the model rejects at the type level the schema
//! rejects too.
// Tests, benches and examples: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dtks_core::household::Household;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema/household.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn model_accepts(v: &Value) -> bool {
    serde_json::from_value::<Household>(v.clone()).is_ok()
}

fn base() -> Value {
    json!({
        "id": "RT-1",
        "address": {"village_code": "31.71.01.1001", "rt": "001"},
        "families": [{"kk": "3171011503150007", "members": [
            {"nik": "3171011708800001", "name": "Budi", "birth_date": "1980-08-17",
             "sex": "male", "relationship": "head", "schooling": 0, "education": "2"}
        ]}],
        "housing": {"floor_area": 36.5, "floor": "cement", "water": 4},
        "desil": 2, "registered": true,
        "documents": {"ktp_photo": "ktp/1.jpg"}
    })
}

#[test]
fn examples_and_conformance_inputs_validate() {
    let v = validator();
    let mut n = 0;
    let conf: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/conformance/household.json")).unwrap(),
    )
    .unwrap();
    for case in conf["cases"].as_array().unwrap() {
        let doc = &case["input"];
        assert!(model_accepts(doc), "{}", case["name"]);
        let errors: Vec<String> = v.iter_errors(doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", case["name"]);
        n += 1;
    }
    for file in ["examples/households.jsonl"] {
        let Ok(text) = std::fs::read_to_string(root().join(file)) else {
            continue;
        };
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let doc: Value = serde_json::from_str(line).unwrap();
            assert!(model_accepts(&doc), "{file}:{}", i + 1);
            assert!(v.is_valid(&doc), "{file}:{}", i + 1);
            n += 1;
        }
    }
    assert!(n >= 30);
    assert!(v.is_valid(&base()));
}

type Mutation = Box<dyn Fn(&mut Value)>;

/// Each mutation makes a document the model rejects at the type level.
#[test]
fn what_the_model_rejects_the_schema_rejects() {
    let v = validator();
    let mutations: Vec<(&str, Mutation)> = vec![
        (
            "missing id",
            Box::new(|d| {
                d.as_object_mut().unwrap().remove("id");
            }),
        ),
        (
            "missing address",
            Box::new(|d| {
                d.as_object_mut().unwrap().remove("address");
            }),
        ),
        (
            "missing village code",
            Box::new(|d| {
                d["address"].as_object_mut().unwrap().remove("village_code");
            }),
        ),
        (
            "unknown top-level field",
            Box::new(|d| d["nama"] = json!("x")),
        ),
        (
            "unknown member field",
            Box::new(|d| d["families"][0]["members"][0]["nikk"] = json!("1")),
        ),
        ("id a number", Box::new(|d| d["id"] = json!(1))),
        ("desil a string", Box::new(|d| d["desil"] = json!("2"))),
        ("desil fractional", Box::new(|d| d["desil"] = json!(2.5))),
        (
            "sex unknown name",
            Box::new(|d| d["families"][0]["members"][0]["sex"] = json!("m")),
        ),
        (
            "sex code 3",
            Box::new(|d| d["families"][0]["members"][0]["sex"] = json!(3)),
        ),
        (
            "relationship code 9",
            Box::new(|d| d["families"][0]["members"][0]["relationship"] = json!(9)),
        ),
        (
            "floor code 8",
            Box::new(|d| d["housing"]["floor"] = json!(8)),
        ),
        (
            "birth date not a date",
            Box::new(|d| d["families"][0]["members"][0]["birth_date"] = json!("17-08-1980")),
        ),
        (
            "birth date 30 February",
            Box::new(|d| d["families"][0]["members"][0]["birth_date"] = json!("1980-02-30")),
        ),
        (
            "pregnant as 1",
            Box::new(|d| d["families"][0]["members"][0]["pregnant"] = json!(1)),
        ),
        (
            "members not a list",
            Box::new(|d| d["families"][0]["members"] = json!({})),
        ),
        (
            "floor area a string",
            Box::new(|d| d["housing"]["floor_area"] = json!("36")),
        ),
        (
            "registered as text",
            Box::new(|d| d["registered"] = json!("ya")),
        ),
        (
            "kk a boolean",
            Box::new(|d| d["families"][0]["kk"] = json!(true)),
        ),
        (
            "document a number",
            Box::new(|d| d["documents"]["kk"] = json!(5)),
        ),
    ];
    for (name, m) in mutations {
        let mut d = base();
        m(&mut d);
        assert!(!model_accepts(&d), "model accepted: {name}");
        assert!(!v.is_valid(&d), "schema accepted: {name}");
    }
}

fn arb_doc() -> impl Strategy<Value = Value> {
    let member = (
        prop::option::of(prop_oneof!["[0-9]{16}", "\\PC{0,5}"]),
        prop::option::of(prop_oneof![
            Just(json!("male")),
            Just(json!(2)),
            Just(json!("1")),
            Just(json!("x")),
            Just(json!(7))
        ]),
        prop::option::of(prop_oneof![
            Just(json!("head")),
            Just(json!(3)),
            Just(json!(0)),
            Just(json!("spouse"))
        ]),
        prop::option::of(prop_oneof![
            Just(json!("2001-02-03")),
            Just(json!("2001-02-30")),
            Just(json!(5))
        ]),
    )
        .prop_map(|(nik, sex, rel, bd)| {
            let mut m = serde_json::Map::new();
            if let Some(n) = nik {
                m.insert("nik".into(), json!(n));
            }
            if let Some(s) = sex {
                m.insert("sex".into(), s);
            }
            if let Some(r) = rel {
                m.insert("relationship".into(), r);
            }
            if let Some(b) = bd {
                m.insert("birth_date".into(), b);
            }
            Value::Object(m)
        });
    (
        prop::collection::vec(member, 0..4),
        prop::option::of(prop_oneof![
            Just(json!(3)),
            Just(json!("3")),
            Just(json!(-1))
        ]),
    )
        .prop_map(|(members, desil)| {
            let mut d = json!({"id": "X", "address": {"village_code": "3171011001"},
                               "families": [{"members": members}]});
            if let Some(x) = desil {
                d["desil"] = x;
            }
            d
        })
}

proptest! {
    /// On generated documents, the schema and the model agree.
    #[test]
    fn schema_and_model_agree(doc in arb_doc()) {
        let v = validator();
        prop_assert_eq!(model_accepts(&doc), v.is_valid(&doc), "{}", doc);
    }
}
