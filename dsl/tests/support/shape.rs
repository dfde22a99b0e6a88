//! Helpers shared by the front-end tests: comparing trees without their spans.

#![allow(dead_code)]

use dsl::ast::{Flow, Item};
use serde_json::Value;

/// The flow as JSON with every span zeroed, so trees from different sources compare by shape.
pub fn shape(flow: &Flow) -> Value {
    let mut value = serde_json::to_value(flow).unwrap();
    zero_spans(&mut value);
    value
}

/// The same, without comments.
pub fn shape_without_comments(flow: &Flow) -> Value {
    let mut flow = flow.clone();
    flow.comments.clear();
    shape(&flow)
}

fn zero_spans(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let is_span = map.len() == 2 && map.contains_key("start") && map.contains_key("end");
            if is_span {
                map.insert("start".into(), 0.into());
                map.insert("end".into(), 0.into());
                return;
            }
            map.values_mut().for_each(zero_spans);
        }
        Value::Array(items) => items.iter_mut().for_each(zero_spans),
        _ => {}
    }
}

/// The flow with its items grouped by kind, kinds in order of first appearance: the order the
/// YAML form (one section per kind) gives back.
pub fn grouped(flow: &Flow) -> Flow {
    let kind = |item: &Item| std::mem::discriminant(item);
    let mut kinds = Vec::new();
    for item in &flow.items {
        if !kinds.contains(&kind(item)) {
            kinds.push(kind(item));
        }
    }
    let mut items = Vec::new();
    for k in kinds {
        items.extend(flow.items.iter().filter(|i| kind(i) == k).cloned());
    }
    Flow {
        items,
        ..flow.clone()
    }
}

pub fn parse_flow(source: &str) -> Flow {
    match dsl::parse::parse_flow(source) {
        Ok(flow) => flow,
        Err(problems) => panic!("does not parse: {problems:#?}\n{source}"),
    }
}

pub fn parse_yaml(source: &str) -> Flow {
    match dsl::yaml::parse_yaml(source) {
        Ok(flow) => flow,
        Err(problems) => panic!("does not parse: {problems:#?}\n{source}"),
    }
}

pub const RECORDING_FLOW: &str = include_str!("../../../flows/recording.flow");
pub const RECORDING_YAML: &str = include_str!("../../../flows/recording.yaml");

/// The flow with every comment marked as on a line of its own: where a comment inside an
/// expression moves, only its text and order are kept.
pub fn without_comment_flags(flow: &Flow) -> Flow {
    let mut flow = flow.clone();
    for c in &mut flow.comments {
        c.trailing = false;
    }
    flow
}
