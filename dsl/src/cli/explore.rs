//! `dsl explore FILE`: every call the service model can make of a flow, answered by the real
//! interpreter (`sim::explore`), with edge coverage, the longest call, and each broken property
//! written as a scenario file that `handler simulate` replays.

use super::files;
use super::{Outcome, emit, failure, render};
use serde_json::json;
use sim::explore::{self, Inputs, Options, Report};
use std::path::{Path, PathBuf};

/// What `dsl explore` was asked.
pub(crate) struct Request<'a> {
    pub file: &'a Path,
    pub depth: usize,
    pub max_states: usize,
    pub json: bool,
    pub out: Option<&'a Path>,
}

pub(crate) fn run(req: &Request<'_>) -> Outcome {
    let source = match files::read(req.file) {
        Ok(s) => s,
        Err(outcome) => return outcome,
    };
    let prompts = dsl::files::FolderPrompts::beside(req.file);
    // The path analyses are what exploration checks on real calls: a flow they reject is still
    // explored, so that each finding comes with a call that shows it.
    let compiled =
        match dsl::compile::compile_unverified(&source.name, &source.text, source.syntax, &prompts)
        {
            Ok(c) => c,
            Err(report) => {
                render::human(&report);
                return Outcome::Findings;
            }
        };
    let flow = compiled.flow;
    // A flow the path analyses reject runs in `handler simulate` only when asked.
    let checked =
        dsl::compile::compile(&source.name, &source.text, source.syntax, &prompts).is_ok();
    let replay = if checked {
        "# Replay with `handler simulate` on this file.\n"
    } else {
        "# Replay with `handler simulate --unverified` on this file (the checker rejects the flow).\n"
    };
    let flow_ref = flow_ref(req.file, req.out);
    let options = Options {
        depth: req.depth,
        max_states: req.max_states,
        flow_ref,
        ..Options::default()
    };
    // The flow's defaults first, then its settings changed (see `Inputs::variants`); a second
    // configuration the flow's own rules refuse is left out.
    let mut report: Option<explore::Report> = None;
    for (n, inputs) in Inputs::variants(&flow).iter().enumerate() {
        let config =
            match interpreter::config::Config::resolve(&flow, |k| inputs.config.get(k).cloned()) {
                Ok(c) => c,
                Err(_) if n > 0 => continue,
                Err(errors) => {
                    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
                    return failure(format!(
                        "cannot configure {}: {}",
                        source.name,
                        text.join("; ")
                    ));
                }
            };
        let found = explore::explore(&flow, &config, inputs, &options);
        report = Some(match report {
            Some(r) => r.merge(found),
            None => found,
        });
    }
    let Some(report) = report else {
        return failure(format!("cannot configure {}", source.name));
    };
    let written = match req.out {
        Some(dir) => match write(dir, &flow.name, &report, replay) {
            Ok(w) => w,
            Err(outcome) => return outcome,
        },
        None => vec![None; report.violations.len()],
    };
    let shown = if req.json {
        emit(&format!("{:#}\n", as_json(&source.name, &report, &written)))
    } else {
        emit(&as_text(&source.name, &report, &written))
    };
    if shown == Outcome::Failure {
        return Outcome::Failure;
    }
    if report.violations.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}

/// The code a broken property is reported under (each one `dsl explain` explains).
fn code(property: explore::Property) -> String {
    format!("flow::explore::{}", property.as_str())
}

/// The flow as a scenario written into `out` names it: relative to `out` (scenario files name
/// their flow relative to themselves), absolute where the two share no root.
fn flow_ref(file: &Path, out: Option<&Path>) -> String {
    let Some(out) = out else {
        return file.display().to_string();
    };
    let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let flow = absolute(file);
    // The folder may not exist yet: it is made before anything is written.
    let _ = std::fs::create_dir_all(out);
    let base = absolute(out);
    let shared = flow
        .components()
        .zip(base.components())
        .take_while(|(a, b)| a == b)
        .count();
    if shared == 0 {
        return flow.display().to_string();
    }
    let mut rel = PathBuf::new();
    for _ in base.components().skip(shared) {
        rel.push("..");
    }
    for c in flow.components().skip(shared) {
        rel.push(c);
    }
    rel.display().to_string()
}

/// Writes each violation's scenario as `FLOW-PROPERTY-N.call.yaml` in `dir`.
fn write(
    dir: &Path,
    flow: &str,
    report: &Report,
    replay: &str,
) -> Result<Vec<Option<PathBuf>>, Outcome> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(failure(format!("cannot create {}: {e}", dir.display())));
    }
    let mut out = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    for v in &report.violations {
        if v.scenario.is_empty() {
            out.push(None);
            continue;
        }
        let n = counts.entry(v.property).or_insert(0usize);
        *n += 1;
        let path = dir.join(format!("{flow}-{}-{n}.call.yaml", v.property.as_str()));
        if let Err(e) = std::fs::write(&path, format!("{replay}{}", v.scenario)) {
            return Err(failure(format!("cannot write {}: {e}", path.display())));
        }
        out.push(Some(path));
    }
    Ok(out)
}

fn covered(report: &Report) -> usize {
    report.edges.iter().filter(|e| e.covered).count()
}

fn as_text(name: &str, report: &Report, written: &[Option<PathBuf>]) -> String {
    let mut out = format!(
        "{name}: {} states, {} transitions; edges covered {}/{}\n",
        report.states,
        report.transitions,
        covered(report),
        report.edges.len()
    );
    for e in report.edges.iter().filter(|e| !e.covered) {
        out.push_str(&format!("  edge not covered: {} -> {}\n", e.from, e.to));
    }
    let l = report.longest;
    out.push_str(&format!(
        "longest call: {} invocations over {}.{:03} s in {} moves\n",
        l.invocations,
        l.elapsed_ms / 1_000,
        l.elapsed_ms % 1_000,
        l.steps
    ));
    if report.cut > 0 {
        out.push_str(&format!(
            "{} calls were cut at the depth bound (raise it with --depth)\n",
            report.cut
        ));
    }
    for (v, path) in report.violations.iter().zip(written) {
        out.push_str(&format!("error[{}]: {}\n", code(v.property), v.message));
        match path {
            Some(p) => out.push_str(&format!(
                "  shortest call ({} moves) written to {}\n",
                v.steps,
                p.display()
            )),
            None if !v.scenario.is_empty() => {
                out.push_str(&format!("  shortest call ({} moves):\n", v.steps));
                for line in v.scenario.lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            }
            None => {}
        }
    }
    out.push_str(&format!(
        "explored {name}: {}\n",
        match report.violations.len() {
            0 => "every property holds".to_owned(),
            1 => "1 finding".to_owned(),
            n => format!("{n} findings"),
        }
    ));
    out
}

fn as_json(name: &str, report: &Report, written: &[Option<PathBuf>]) -> serde_json::Value {
    let findings: Vec<serde_json::Value> = report
        .violations
        .iter()
        .zip(written)
        .map(|(v, path)| {
            json!({
                "code": code(v.property),
                "message": v.message,
                "moves": v.steps,
                "scenario": v.scenario,
                "written": path.as_ref().map(|p| p.display().to_string()),
            })
        })
        .collect();
    let edges: Vec<serde_json::Value> = report
        .edges
        .iter()
        .map(|e| json!({ "from": e.from, "to": e.to, "covered": e.covered }))
        .collect();
    json!({
        "file": name,
        "states": report.states,
        "transitions": report.transitions,
        "cut": report.cut,
        "complete": !report.capped,
        "edges": { "covered": covered(report), "total": report.edges.len(), "each": edges },
        "longest": {
            "invocations": report.longest.invocations,
            "elapsed_ms": report.longest.elapsed_ms,
            "moves": report.longest.steps,
        },
        "findings": findings,
    })
}

#[cfg(test)]
mod tests {
    use super::code;
    use dsl::codes::{Code, info};
    use sim::explore::Property;

    #[test]
    fn every_property_the_explorer_reports_has_an_explained_code() {
        for property in Property::ALL {
            let name = code(property);
            let known = Code::parse(&name);
            assert!(known.is_some(), "{name} is not a known code");
            if let Some(c) = known {
                let i = info(c);
                assert_eq!(i.code, c);
                assert!(!i.summary.is_empty() && !i.why.is_empty(), "{name}");
                assert!(!i.example.is_empty() && !i.fix.is_empty(), "{name}");
            }
        }
    }
}
