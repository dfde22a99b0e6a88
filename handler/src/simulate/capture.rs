//! `handler simulate --from-capture EVENTS`: a real call's events become a scenario. The capture
//! gives the script (the call, how the dialled parties responded, digits, hang-ups, updates); one
//! simulated run of that script through this handler gives the expectations (who heard which
//! prompt, which actions reached which leg, every leg hung up). The scenario is written to stdout,
//! so that a production call becomes a regression test of the flow.

use super::{Deploys, Handler, Options, start};
use sim::scenario::Scenario;
use std::io::Read as _;
use std::path::Path;
use std::process::ExitCode;

/// Writes the scenario for a capture; 0 when written, 2 for an unreadable capture or a handler
/// that cannot start.
pub fn from_capture(options: &Options, events: &Path) -> ExitCode {
    match scenario_text(options, events) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("handler: {why}");
            ExitCode::from(2)
        }
    }
}

fn scenario_text(options: &Options, events: &Path) -> Result<String, String> {
    let shown = events.display().to_string();
    let mut text = String::new();
    if shown == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
    } else {
        text = std::fs::read_to_string(events).map_err(|e| format!("cannot read {shown}: {e}"))?;
    }
    let name = events.file_stem().map_or_else(
        || "captured call".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let mut scenario = sim::capture::script(&name, &text).map_err(|e| format!("{shown}: {e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let lookup = |name: &str| std::env::var(name).ok();
    let app = runtime
        .block_on(start(
            options.flow.as_deref(),
            &lookup,
            options.unchecked,
            options.unverified,
        ))
        .map_err(|e| format!("cannot start: {e}"))?;
    // The flow's config as this run resolved it, so that the scenario runs the same anywhere.
    let config: Vec<String> = app
        .flow
        .config
        .iter()
        .filter_map(|item| {
            let value = lookup(&item.env)?;
            Some(format!("  {}: {value:?}", item.env))
        })
        .collect();
    if !config.is_empty() {
        scenario.push_str("config:\n");
        for line in config {
            scenario.push_str(&line);
            scenario.push('\n');
        }
    }
    if let Some(flow) = &options.flow {
        scenario.insert_str(
            0,
            &format!(
                "# Expectations from a simulated run of {} (give `flow:` relative to this file).\n",
                flow.display()
            ),
        );
    }
    let parsed = Scenario::parse(&name, &scenario).map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("")
    })?;
    let mut function = Handler {
        app,
        runtime: &runtime,
        now_ms: parsed.setup.start_ms,
        unchecked: options.unchecked,
        // A captured call has no deployment steps.
        deploys: Deploys {
            dir: std::path::PathBuf::from("."),
            lookup: &lookup,
        },
        deployed: false,
    };
    let outcome = sim::drive::run(&parsed, &mut function);
    scenario.push_str(&sim::capture::expectations(&outcome));
    Ok(scenario)
}
