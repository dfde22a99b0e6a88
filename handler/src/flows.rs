//! The flows this binary can run: those compiled into it at build time (chosen with `FLOW`), or a
//! flow file named on the command line. `handler flows --format json` lists the built-in ones for
//! deployment tools (deploy/ keeps a copy, kept in sync by a test).

use interpreter::ir::{Flow, LegRef, Value};
use serde::Serialize;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/flows.rs"));

/// Why no flow could be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error("no flow named `{name}` is built in (built in: {known})")]
    Unknown { name: String, known: String },
    #[error("the built-in flow `{name}` is damaged: {why}")]
    Damaged { name: String, why: String },
    #[error("cannot read {path}: {why}")]
    Read { path: String, why: String },
    #[error("{0}")]
    Invalid(String),
    #[error(
        "{path}: this build runs compiled flows only (`.json` from `dsl compile FILE -o FILE.json`); rebuild with the `flow-files` feature to run `.flow` and `.yaml` files"
    )]
    SourceNotSupported { path: String },
}

/// The names of the built-in flows.
pub fn names() -> impl Iterator<Item = &'static str> {
    EMBEDDED.iter().map(|(name, _)| *name)
}

/// A built-in flow by name.
pub fn embedded(name: &str) -> Result<Flow, FlowError> {
    let Some((_, ir)) = EMBEDDED.iter().find(|(n, _)| *n == name) else {
        return Err(FlowError::Unknown {
            name: name.to_owned(),
            known: names().collect::<Vec<_>>().join(", "),
        });
    };
    serde_json::from_str(ir).map_err(|e| FlowError::Damaged {
        name: name.to_owned(),
        why: e.to_string(),
    })
}

/// The built-in flows as deployment tools need them: which flows exist and which environment
/// variables each one reads.
#[derive(Debug, Serialize)]
pub struct Listing {
    pub flows: Vec<Listed>,
}

/// One built-in flow in a [`Listing`].
#[derive(Debug, Serialize)]
pub struct Listed {
    pub name: String,
    pub version: String,
    pub config: Vec<ListedConfig>,
}

/// One config value of a flow: the variable it is read from and what it must hold.
#[derive(Debug, Serialize)]
pub struct ListedConfig {
    pub env: String,
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub required: bool,
    /// The default in the variable's own text form, as a deployment would set it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// Every built-in flow with its version and declared config.
pub fn listing() -> Result<Listing, FlowError> {
    let flows = names()
        .map(|name| {
            let flow = embedded(name)?;
            let config = flow
                .config
                .iter()
                .map(|item| ListedConfig {
                    env: item.env.clone(),
                    ty: item.ty.as_str(),
                    required: item.default.is_none(),
                    default: item.default.as_ref().and_then(env_form),
                })
                .collect();
            Ok(Listed {
                name: flow.name,
                version: flow.version,
                config,
            })
        })
        .collect::<Result<_, FlowError>>()?;
    Ok(Listing { flows })
}

/// A value written the way `interpreter::config::parse` reads it back.
fn env_form(value: &Value) -> Option<String> {
    Some(match value {
        Value::None => return None,
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Text(t) | Value::Phone(t) => t.clone(),
        Value::Duration(ms) => format!("{ms}ms"),
        Value::Leg(LegRef::A) => "A".to_owned(),
        Value::Leg(LegRef::B) => "B".to_owned(),
    })
}

/// A flow from a file: compiled IR (`.json`), or source (`.flow`, `.yaml`) when built with the
/// `flow-files` feature.
pub fn from_file(path: &Path) -> Result<Flow, FlowError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| FlowError::Read {
        path: shown.clone(),
        why: e.to_string(),
    })?;
    if path.extension().is_some_and(|e| e == "json") {
        return serde_json::from_str(&text)
            .map_err(|e| FlowError::Invalid(format!("{shown}: not a compiled flow: {e}")));
    }
    compile_source(path, &shown, &text)
}

#[cfg(feature = "flow-files")]
fn compile_source(path: &Path, shown: &str, text: &str) -> Result<Flow, FlowError> {
    let Some(syntax) = dsl::source::Syntax::from_name(&path.to_string_lossy()).ok() else {
        return Err(FlowError::Invalid(format!(
            "{shown}: a flow file ends in .flow, .yaml or .yml (or .json when compiled)"
        )));
    };
    let folder = dsl::files::FolderPrompts::beside(path);
    dsl::compile::compile(shown, text, syntax, &folder)
        .map(|c| c.flow)
        .map_err(|report| FlowError::Invalid(dsl::compile::render(&report, 100)))
}

/// A flow source compiled without the checker's path analyses (every other finding still fails
/// it), so that `handler simulate` can replay a call that shows what those analyses reject.
#[cfg(feature = "flow-files")]
pub fn from_file_unverified(path: &Path) -> Result<Flow, FlowError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| FlowError::Read {
        path: shown.clone(),
        why: e.to_string(),
    })?;
    let Some(syntax) = dsl::source::Syntax::from_name(&path.to_string_lossy()).ok() else {
        return Err(FlowError::Invalid(format!(
            "{shown}: a flow file ends in .flow, .yaml or .yml"
        )));
    };
    let folder = dsl::files::FolderPrompts::beside(path);
    dsl::compile::compile_unverified(&shown, &text, syntax, &folder)
        .map(|c| c.flow)
        .map_err(|report| FlowError::Invalid(dsl::compile::render(&report, 100)))
}

#[cfg(not(feature = "flow-files"))]
fn compile_source(_path: &Path, shown: &str, _text: &str) -> Result<Flow, FlowError> {
    Err(FlowError::SourceNotSupported {
        path: shown.to_owned(),
    })
}

/// The earlier versions of the flow `name` this binary still runs for calls that started on them:
/// those kept under `flows/versions/`, and the built-in one when `current` is another version
/// (a flow file run in its place). A damaged one is skipped; the build checked them all.
pub fn earlier(name: &str, current: &Flow) -> Vec<Flow> {
    let built_in = EMBEDDED
        .iter()
        .filter(|(n, _)| *n == name)
        .map(|(_, ir)| *ir);
    let kept = EARLIER
        .iter()
        .filter(|(stamp, _)| stamp.split_once('@').is_some_and(|(n, _)| n == name))
        .map(|(_, ir)| *ir);
    let mut out: Vec<Flow> = Vec::new();
    for ir in built_in.chain(kept) {
        let Ok(flow) = serde_json::from_str::<Flow>(ir) else {
            continue;
        };
        if flow.version != current.version && out.iter().all(|f| f.version != flow.version) {
            out.push(flow);
        }
    }
    out
}

/// The compiled IR of a built-in flow, as embedded (for keeping it under `flows/versions/`).
pub fn embedded_ir(name: &str) -> Option<&'static str> {
    EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, ir)| *ir)
}
