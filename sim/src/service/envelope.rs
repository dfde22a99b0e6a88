//! The service's checks of an answer's envelope, before any action runs: what makes it answer
//! `INVALID_LAMBDA_RESPONSE` instead.

use crate::function::Answer;
use interpreter::wire::limits::{MAX_ACTIONS, MAX_ATTRIBUTE_CHARS, MAX_ATTRIBUTE_PAIRS};
use interpreter::wire::{Action, SCHEMA_VERSION, TransactionAttributes};

pub type Checked = (Vec<Action>, Option<TransactionAttributes>);

/// The service's checks of an answer's envelope: a JSON object, `SchemaVersion` `"1.0"`, at most
/// ten known actions, attributes within their limits. The error is `(ErrorType, ErrorMessage)`.
pub fn check(answer: &Answer) -> Result<Checked, (String, String)> {
    let text = match answer {
        Answer::Response(r) => {
            return Ok((r.actions().to_vec(), r.transaction_attributes().cloned()));
        }
        Answer::Error(e) => return Err(("LambdaError".to_owned(), e.clone())),
        Answer::Json(text) => text,
    };
    let fail = |t: &str, m: String| Err((t.to_owned(), m));
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return fail("InvalidResponse", "the response is not JSON".to_owned());
    };
    let Some(object) = value.as_object() else {
        return fail(
            "InvalidResponse",
            "the response is not a JSON object".to_owned(),
        );
    };
    if object.get("SchemaVersion").and_then(|v| v.as_str()) != Some(SCHEMA_VERSION) {
        return fail(
            "SchemaVersionMismatch",
            "ensure the response object contains SchemaVersion 1.0".to_owned(),
        );
    }
    let items = match object.get("Actions") {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Array(items)) => items.clone(),
        Some(_) => return fail("InvalidResponse", "Actions is not a list".to_owned()),
    };
    if items.len() > MAX_ACTIONS {
        return fail(
            "InvalidResponse",
            format!(
                "Too many actions specified in the response ({})",
                items.len()
            ),
        );
    }
    let mut actions = Vec::new();
    for item in items {
        match serde_json::from_value::<Action>(item) {
            Ok(a) => actions.push(a),
            Err(e) => return fail("InvalidResponse", format!("Unsupported action: {e}")),
        }
    }
    let attributes = match object.get("TransactionAttributes") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Object(map)) => {
            if map.len() > MAX_ATTRIBUTE_PAIRS {
                return fail(
                    "TransactionAttributesInvalidMapSize",
                    format!("Maximum number of mappings is {MAX_ATTRIBUTE_PAIRS}"),
                );
            }
            let mut out = TransactionAttributes::new();
            for (k, v) in map {
                let Some(v) = v.as_str() else {
                    return fail("InvalidResponse", format!("attribute {k} is not a string"));
                };
                if k.chars().count() > MAX_ATTRIBUTE_CHARS
                    || v.chars().count() > MAX_ATTRIBUTE_CHARS
                {
                    return fail("InvalidResponse", format!("attribute {k} is too long"));
                }
                out.insert(k.clone(), v.to_owned());
            }
            Some(out)
        }
        Some(_) => {
            return fail(
                "InvalidResponse",
                "TransactionAttributes is not a map".to_owned(),
            );
        }
    };
    Ok((actions, attributes))
}
