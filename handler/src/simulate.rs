//! `handler simulate [--flow FILE] SCENARIO...`: scripted calls through the SMA service model,
//! each event answered by the handler's own invocation path (the event encoded to JSON, decoded,
//! stepped, the answer encoded, the call-record effects written to the store) so that what is
//! simulated is what runs in Lambda.

mod capture;
mod diff;

pub use capture::from_capture;

use crate::app::App;
use crate::settings;
use crate::store::{CallRecordStore, CallRecords, Timestamp};
use interpreter::step::{Fault, step_as_written};
use interpreter::wire::Event;
use sim::function::{Answer, Function, Reply};
use sim::scenario::Scenario;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How `handler simulate` shows each call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The human transcript.
    Text,
    /// The same as JSON, one document per scenario.
    Json,
    /// A Mermaid sequence diagram.
    Mermaid,
}

/// Options of `handler simulate`.
#[derive(Debug, Clone)]
pub struct Options {
    pub flow: Option<PathBuf>,
    pub format: Format,
    /// Compare each transcript with the golden file beside its scenario.
    pub golden: bool,
    /// Write the golden files instead.
    pub bless: bool,
    /// Run a flow file the checker refuses, and send answers over the service's limits as written.
    pub unchecked: bool,
    /// Run a flow file the checker's path analyses reject (to replay what `dsl explore` found).
    pub unverified: bool,
    pub scenarios: Vec<PathBuf>,
}

/// The golden transcript of a scenario: `NAME.call.yaml` -> `NAME.transcript`.
#[must_use]
pub fn golden_path(scenario: &Path) -> PathBuf {
    let name = scenario.to_string_lossy();
    let stem = name.strip_suffix(".call.yaml").unwrap_or(&name);
    PathBuf::from(format!("{stem}.transcript"))
}

/// The handler as the service model's function.
struct Handler<'a> {
    app: App,
    runtime: &'a tokio::runtime::Runtime,
    now_ms: u64,
    /// Send an answer over the service's limits as the flow wrote it.
    unchecked: bool,
    /// Where a scenario's `deploy` steps are found, and the values a deployed flow's config reads.
    deploys: Deploys<'a>,
    /// Once a new version is deployed, each answer says which version gave it.
    deployed: bool,
}

/// What deploying a flow file during a scenario needs.
struct Deploys<'a> {
    dir: PathBuf,
    lookup: &'a dyn Fn(&str) -> Option<String>,
}

impl Deploys<'_> {
    /// The handler a deployment of `file` starts: the new flow, the earlier versions that build
    /// keeps (`flows/versions/`, as a deployed binary has them), the same keys and store.
    fn flow(
        &self,
        file: &str,
    ) -> Result<(interpreter::ir::Flow, interpreter::config::Config), String> {
        let path = self.dir.join(file);
        let flow = settings::flow(Some(&path), &self.lookup).map_err(|e| e.to_string())?;
        let config = settings::config(&flow, &self.lookup).map_err(|e| e.to_string())?;
        Ok((flow, config))
    }
}

impl Function for Handler<'_> {
    fn invoke(&mut self, event: &Event) -> Reply {
        let bytes = serde_json::to_vec(event).unwrap_or_default();
        let now = Timestamp(self.now_ms);
        let answer = self.app.answer_bytes_at(&bytes, now);
        let version = self.deployed.then(|| answer.flow_version.clone());
        let mut reply = self.answered(answer, now);
        if let (Some(version), Some(state)) = (version, &mut reply.state) {
            state.push_str(", version ");
            state.push_str(&version);
        }
        reply
    }

    fn at(&mut self, now_ms: u64) {
        self.now_ms = now_ms;
    }

    fn call_record(&mut self, transaction_id: &str) -> Option<serde_json::Value> {
        let records = self.app.records.as_ref()?;
        let record = self
            .runtime
            .block_on(records.store().get(transaction_id))
            .ok()??;
        serde_json::to_value(record).ok()
    }

    fn deploy(&mut self, file: &str) -> Result<String, String> {
        let (flow, config) = self.deploys.flow(file)?;
        self.app.earlier = settings::earlier(&flow, &self.deploys.lookup);
        self.app.flow = flow;
        self.app.config = config;
        self.deployed = true;
        Ok(format!(
            "version {} answers new calls; calls in progress keep theirs ({} earlier versions kept)",
            self.app.flow.version,
            self.app.earlier.len()
        ))
    }
}

impl Handler<'_> {
    /// The handler's answer to one decoded event, its record writes made.
    fn answered(&mut self, mut answer: crate::app::Answer, now: Timestamp) -> Reply {
        if self.unchecked
            && let (Some(Fault::Envelope(_)), Some(decoded)) = (answer.turn.fault(), &answer.event)
            && let Err(written) =
                step_as_written(&self.app.flow, &self.app.config, decoded, Some(self.now_ms))
        {
            // What the flow wrote goes to the service, which refuses it; the runtime's own
            // answer (the flow's `on invalid response`) is what the next event gets instead.
            answer.turn.effects = written.effects;
            self.runtime.block_on(self.app.record_at(&answer, now));
            return Reply {
                answer: Answer::Json(written.json),
                state: written.state,
                note: Some(format!("sent as written: {}", written.fault)),
                effects: answer.turn.effects,
                latency_ms: 0,
            };
        }
        self.runtime.block_on(self.app.record_at(&answer, now));
        reply_of(answer.turn)
    }
}

/// Runs every scenario; 0 when all expectations hold, 1 when one fails, 2 for an unreadable
/// scenario or a handler that cannot start.
pub fn run(options: &Options) -> ExitCode {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        eprintln!("handler: cannot start the async runtime");
        return ExitCode::from(2);
    };
    let mut worst = 0u8;
    for path in &options.scenarios {
        let code = one(options, path, &runtime);
        worst = worst.max(code);
    }
    ExitCode::from(worst)
}

fn one(options: &Options, path: &Path, runtime: &tokio::runtime::Runtime) -> u8 {
    let shown = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("handler: cannot read {shown}: {e}");
            return 2;
        }
    };
    let scenario = match Scenario::parse(&shown, &text) {
        Ok(s) => s,
        Err(errors) => {
            for e in errors {
                eprint!("{e}");
            }
            return 2;
        }
    };
    let flow_file = options.flow.clone().or_else(|| {
        let dir = path.parent().unwrap_or(Path::new("."));
        scenario.flow.as_ref().map(|f| dir.join(f))
    });
    let config = scenario.config.clone();
    let lookup = move |name: &str| {
        config
            .get(name)
            .cloned()
            .or_else(|| std::env::var(name).ok())
    };
    let deploys = Deploys {
        dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
        lookup: &lookup,
    };
    // A deploy step naming a flow that cannot run is a mistake in the scenario, shown at the step.
    for (_, step) in &scenario.timeline {
        if let sim::scenario::Step::Deploy(file) = step
            && let Err(why) = deploys.flow(file)
        {
            let message = format!("{file} cannot be deployed: {why}");
            eprint!(
                "{}",
                sim::scenario::deploy_error(&shown, &text, file, message)
            );
            return 2;
        }
    }
    let app = match runtime.block_on(start(
        flow_file.as_deref(),
        &lookup,
        options.unchecked,
        options.unverified,
    )) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("handler: {shown}: cannot start: {e}");
            return 2;
        }
    };
    let mut function = Handler {
        app,
        runtime,
        now_ms: scenario.setup.start_ms,
        unchecked: options.unchecked,
        deploys,
        deployed: false,
    };
    let outcome = sim::drive::run(&scenario, &mut function);
    let failures = sim::expect::check(&scenario, &outcome);
    let code = u8::from(!failures.is_empty());
    let until = failures.iter().filter_map(|f| f.at_ms).min();
    let rendered = match options.format {
        Format::Text => sim::transcript::text(&scenario, &outcome, &failures, until),
        Format::Json => format!(
            "{}\n",
            sim::transcript::json(&scenario, &outcome, &failures)
        ),
        Format::Mermaid => sim::transcript::mermaid(&outcome),
    };
    if options.bless || options.golden {
        let golden = golden_path(path);
        let full = sim::transcript::text(&scenario, &outcome, &failures, None);
        if options.bless {
            if let Err(e) = std::fs::write(&golden, &full) {
                eprintln!("handler: cannot write {}: {e}", golden.display());
                return 2;
            }
            println!("wrote {}", golden.display());
            return code;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if expected != full {
            println!(
                "{}: the transcript differs from {}",
                shown,
                golden.display()
            );
            print!("{}", diff::lines(&expected, &full));
            println!(
                "(update the golden files with: cargo run -p handler -- simulate --bless flows/scenarios/*.call.yaml)"
            );
            return 1;
        }
        println!("{shown}: matches {}", golden.display());
        return code;
    }
    print!("{rendered}");
    code
}

async fn start(
    flow_file: Option<&Path>,
    lookup: &impl Fn(&str) -> Option<String>,
    unchecked: bool,
    unverified: bool,
) -> Result<App, String> {
    let flow = match flow_file {
        Some(path) if unchecked => unchecked_flow(path)?,
        _ => match settings::flow(flow_file, lookup) {
            Ok(flow) => flow,
            // Asked to, a flow the path analyses reject still runs: replaying a call that shows
            // the mistake (as `dsl explore` writes them) is how it is seen.
            Err(e) => match flow_file
                .filter(|_| unverified)
                .map(crate::flows::from_file_unverified)
            {
                Some(Ok(flow)) => {
                    eprintln!(
                        "handler: {e}\nhandler: simulating the flow as written, though the checker rejects its paths"
                    );
                    flow
                }
                _ => return Err(e.to_string()),
            },
        },
    };
    let config = settings::config(&flow, lookup).map_err(|e| e.to_string())?;
    let store = settings::store(lookup).map_err(|e| e.to_string())?;
    let records = CallRecords::open(&store).await.map_err(|e| e.to_string())?;
    let earlier = settings::earlier(&flow, lookup);
    let sealer = settings::sealer(lookup, true).map_err(|e| e.to_string())?;
    Ok(App {
        flow,
        config,
        earlier,
        sealer,
        records: Some(records),
    })
}

/// A flow source compiled whatever the checker finds, its findings printed as warnings; a flow
/// that cannot be built at all is still an error.
fn unchecked_flow(path: &Path) -> Result<interpreter::ir::Flow, String> {
    let shown = path.display().to_string();
    if path.extension().is_some_and(|e| e == "json") {
        return crate::flows::from_file(path).map_err(|e| e.to_string());
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let syntax = dsl::source::Syntax::from_name(&shown).map_err(|e| e.to_string())?;
    let folder = dsl::files::FolderPrompts::beside(path);
    match dsl::compile::compile_unchecked(&shown, &text, syntax, &folder) {
        Ok(compiled) => {
            if !compiled.warnings.problems().is_empty() {
                eprintln!(
                    "handler: warning: {shown} is simulated unchecked, with these findings:\n{}",
                    dsl::compile::render(&compiled.warnings, 100)
                );
            }
            Ok(compiled.flow)
        }
        Err(report) => Err(dsl::compile::render(&report, 100)),
    }
}

/// The simulator's view of one answered turn: the answer as the service receives it, with the
/// call state, the remark and the effects beside it (the playground answers through the same).
pub(crate) fn reply_of(turn: interpreter::step::Turn) -> Reply {
    let json = serde_json::to_string(&turn.response)
        .unwrap_or_else(|_| r#"{"SchemaVersion":"1.0","Actions":[]}"#.to_owned());
    Reply {
        answer: Answer::Json(json),
        state: turn.state,
        note: turn.note.map(|remark| remark.to_string()),
        effects: turn.effects,
        latency_ms: 0,
    }
}
