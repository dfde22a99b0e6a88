//! A generated flow of any number of states, for the scale test and the benchmark.

/// A flow of `n` states chained by `after collect`, each with its own prompt and failure path and
/// at most three attempts.
pub fn generated_flow(n: usize) -> String {
    let mut src = String::from(
        "flow big\nconfig prompt_bucket text = env WAV_BUCKET\nprompts in prompt_bucket { ask = \"ask.wav\" }\nvar tries int = 0\n",
    );
    src.push_str("on new call { goto s0 }\non failed { hangup caller }\non hangup { if caller.connected { hangup caller } }\n");
    for i in 0..n {
        let next = if i + 1 < n {
            format!("goto s{}", i + 1)
        } else {
            "hangup caller".to_owned()
        };
        src.push_str(&format!(
            "state s{i} {{\n  enter {{ collect ask on caller failure ask min 1 max 2 wait 5s }}\n  after collect {{\n    tries += 1\n    if digits == \"{}\" {{ tries = 0; {next} }} else if tries >= 3 {{ hangup caller }} else {{ goto s{i} }}\n  }}\n}}\n",
            i % 10
        ));
    }
    src
}
