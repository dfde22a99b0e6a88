//! The JSON Schema of the YAML form, generated from the verb table: every command is a map of its
//! keyword and its labels, each label typed by its kind, so an editor with a YAML language server
//! completes and validates flows. `dsl schema` prints it; `dsl/flow.schema.json` is a copy that a
//! test keeps equal to it.

use interpreter::verb::{self, ArgKind, Label, VERBS, Verb};
use serde_json::{Map, Value, json};

/// The schema, as JSON.
#[must_use]
pub fn schema() -> Value {
    let mut defs = Map::new();
    defs.insert("statements".into(), statements());
    defs.insert("statement".into(), statement());
    defs.insert("if".into(), if_map());
    defs.insert("match".into(), match_map());
    defs.insert("expr".into(), expr());
    defs.insert("value".into(), value());
    for v in VERBS {
        defs.insert(def_name(v), command(v));
    }
    defs.insert("listener".into(), labels_map(&verb::LISTENER, None));
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Call flow, YAML form",
        "description": "A call flow for Amazon Chime SIP media applications; `dsl convert FILE.flow --to yaml` writes one.",
        "type": "object",
        "required": ["flow"],
        "additionalProperties": false,
        "properties": {
            "flow": {"type": "string", "description": "The flow's name."},
            "config": {
                "description": "Values read from the environment: NAME: {type, env, default}.",
                "type": ["object", "null"],
                "additionalProperties": declaration("env"),
            },
            "prompts": {
                "description": "Audio files, one group per bucket.",
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "required": ["bucket", "files"],
                    "additionalProperties": false,
                    "properties": {
                        "bucket": {"type": "string", "description": "The config value naming the bucket."},
                        "files": {
                            "type": ["object", "null"],
                            "description": "Prompt names to file names, such as `hello: hello.wav`.",
                            "additionalProperties": {"type": "string"},
                        },
                    },
                },
            },
            "vars": {
                "description": "Call variables: NAME: {type, init}.",
                "type": ["object", "null"],
                "additionalProperties": declaration("init"),
            },
            "listeners": {
                "description": "Digit listeners: NAME: {on, pattern, between, flush, budget}.",
                "type": ["object", "null"],
                "additionalProperties": {"anyOf": [
                    {"$ref": "#/$defs/listener"},
                    {"type": "string", "description": "The labels as flow text."},
                ]},
            },
            "uses": {
                "description": "Sub-flow files this flow runs, relative to it (`- ../lib/leave_message.flow`); a sub-flow file itself is text only.",
                "type": ["array", "null"],
                "items": {"type": "string"},
            },
            "intents": {
                "description": "Properties the checker proves: `always ...` or `never ...`.",
                "type": ["array", "null"],
                "items": {"type": "string"},
            },
            "blocks": {
                "description": "Statements reused with `do NAME`.",
                "type": ["object", "null"],
                "additionalProperties": {"$ref": "#/$defs/statements"},
            },
            "handlers": handlers(),
            "states": {
                "description": "Points where the call waits: NAME: {enter, handlers}.",
                "type": ["object", "null"],
                "additionalProperties": {
                    "type": ["object", "null"],
                    "additionalProperties": false,
                    "properties": {
                        "enter": {"$ref": "#/$defs/statements"},
                        "handlers": handlers(),
                    },
                },
            },
        },
        "$defs": defs,
    })
}

fn def_name(v: &Verb) -> String {
    format!("verb_{}", v.keyword.replace(' ', "_"))
}

fn handlers() -> Value {
    json!({
        "description": "Event (`new call`, `failed play`, `after bridge`, `digits NAME`, ...) to statements.",
        "type": ["object", "null"],
        "additionalProperties": {"$ref": "#/$defs/statements"},
    })
}

/// A config value or a variable: its type, and `env` or `init`.
fn declaration(second: &str) -> Value {
    let (required, value_key) = if second == "env" {
        (json!(["type", "env"]), "default")
    } else {
        (json!(["type"]), "init")
    };
    let mut properties = Map::new();
    properties.insert(
        "type".into(),
        json!({"type": "string", "description": "A type such as `text`, `text(64)`, `int`, `phone`, `leg`."}),
    );
    if second == "env" {
        properties.insert(
            "env".into(),
            json!({"type": "string", "description": "The environment variable."}),
        );
    }
    properties.insert(
        value_key.into(),
        json!({"type": ["string", "integer", "boolean"], "description": "Text for a text value (`${NAME}` inserts a value), else flow text such as `30s`."}),
    );
    json!({
        "type": "object",
        "required": required,
        "additionalProperties": false,
        "properties": properties,
    })
}

fn statements() -> Value {
    json!({
        "type": ["array", "null"],
        "items": {"$ref": "#/$defs/statement"},
    })
}

fn statement() -> Value {
    let mut any = vec![
        json!({"type": "string", "description": "One statement as flow text: `goto talking`, `do rearm`, `n += 1`, `continue`, `done`, or a command."}),
        json!({"$ref": "#/$defs/if"}),
        json!({"$ref": "#/$defs/match"}),
    ];
    any.extend(
        VERBS
            .iter()
            .map(|v| json!({"$ref": format!("#/$defs/{}", def_name(v))})),
    );
    json!({"anyOf": any})
}

fn if_map() -> Value {
    json!({
        "type": "object",
        "required": ["if", "then"],
        "additionalProperties": false,
        "properties": {
            "if": {"$ref": "#/$defs/expr"},
            "then": {"$ref": "#/$defs/statements"},
            "else": {"anyOf": [{"$ref": "#/$defs/statements"}, {"$ref": "#/$defs/if"}]},
        },
    })
}

fn match_map() -> Value {
    json!({
        "type": "object",
        "required": ["match"],
        "additionalProperties": false,
        "properties": {
            "match": {"$ref": "#/$defs/expr"},
            "cases": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "required": ["when", "then"],
                    "additionalProperties": false,
                    "properties": {
                        "when": {"anyOf": [
                            {"$ref": "#/$defs/value"},
                            {"type": "array", "items": {"$ref": "#/$defs/value"}},
                        ]},
                        "if": {"$ref": "#/$defs/expr"},
                        "then": {"$ref": "#/$defs/statements"},
                    },
                },
            },
            "else": {"$ref": "#/$defs/statements"},
        },
    })
}

fn expr() -> Value {
    json!({
        "type": ["string", "integer", "boolean"],
        "description": "Flow text, such as `caller.number == owner`.",
    })
}

fn value() -> Value {
    json!({
        "type": ["string", "integer", "boolean"],
        "description": "A number, `true` or `false`, or text (`${NAME}` inserts a value).",
    })
}

/// `{KEYWORD: SUBJECT, LABEL: VALUE, ...}`
fn command(v: &Verb) -> Value {
    let subject = match v.subject {
        Some(label) => {
            let mut s = kind(label.kind);
            describe(&mut s, &label);
            s
        }
        None => json!({"type": "null", "description": "Its labels follow as keys beside it."}),
    };
    let mut map = labels_map(v, Some((v.keyword, subject)));
    if let Some(obj) = map.as_object_mut() {
        obj.insert(
            "description".into(),
            json!(format!("{} Example: `{}`.", v.doc, v.example)),
        );
    }
    map
}

fn labels_map(v: &Verb, head: Option<(&str, Value)>) -> Value {
    let mut properties = Map::new();
    let mut required: Vec<&str> = Vec::new();
    if let Some((keyword, subject)) = head {
        properties.insert(keyword.into(), subject);
        required.push(keyword);
    }
    for label in v.labels() {
        let mut s = kind(label.kind);
        describe(&mut s, label);
        properties.insert(label.name.into(), s);
        if label.required {
            required.push(label.name);
        }
    }
    json!({
        "type": "object",
        "required": required,
        "additionalProperties": false,
        "properties": properties,
    })
}

fn describe(schema: &mut Value, label: &Label) {
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "description".into(),
            json!(format!("{} ({})", label.doc, label.kind.what())),
        );
    }
}

/// The YAML values a kind of argument takes.
fn kind(k: ArgKind) -> Value {
    let text_or_list =
        json!({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]});
    match k {
        ArgKind::Leg
        | ArgKind::Legs
        | ArgKind::Prompt
        | ArgKind::Text
        | ArgKind::Literal
        | ArgKind::Keys
        | ArgKind::DigitPattern
        | ArgKind::Listener => json!({"type": "string"}),
        ArgKind::Prompts | ArgKind::Texts => text_or_list,
        ArgKind::Headers => json!({"type": "array", "items": {"type": "string"}}),
        ArgKind::Phone => json!({"type": ["string", "integer"]}),
        ArgKind::Millis | ArgKind::Seconds => {
            or_choice(json!({"type": "string", "pattern": "^[0-9]+(ms|s|m)$"}))
        }
        ArgKind::Count | ArgKind::SipCode => or_choice(json!({"type": "integer", "minimum": 0})),
        ArgKind::Flag => or_choice(json!({"type": "boolean"})),
        ArgKind::Word(words) => or_choice(json!({"enum": words})),
    }
}

/// A value, or a choice of two written as flow text: `(if misses == 0 then 5s else 8s)`.
fn or_choice(value: Value) -> Value {
    json!({"anyOf": [
        value,
        {
            "type": "string",
            "pattern": "^\\(\\s*if\\s",
            "description": "A choice of two values: `(if COND then A else B)`.",
        },
    ]})
}
