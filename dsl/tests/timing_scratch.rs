#![allow(clippy::unwrap_used)]
#[path = "check_flows.rs"]
#[allow(dead_code)]
mod flows;
#[test]
fn timing() {
    let src = flows::generated_flow(10_000);
    let t = std::time::Instant::now();
    let ast = dsl::parse::parse_flow(&src).unwrap();
    let p = t.elapsed();
    let t = std::time::Instant::now();
    let o = dsl::check::check_flow(&ast);
    let c = t.elapsed();
    println!("parse {p:?} check {c:?} problems {} bytes {}", o.problems.len(), src.len());
}
#[test]
fn timing_pest() {
    use pest::Parser;
    let src = flows::generated_flow(10_000);
    let t = std::time::Instant::now();
    let pairs = dsl::grammar::FlowGrammar::parse(dsl::grammar::Rule::file, &src).unwrap();
    let p = t.elapsed();
    println!("pest only {p:?} {}", pairs.count());
}
#[test]
fn timing_variants() {
    use pest::Parser;
    let n = 10_000;
    let mut a = String::from("flow big\n");
    let mut b = String::from("flow big\n");
    for i in 0..n {
        a.push_str(&format!("state s{i} {{\n  after collect {{ goto s{i} }}\n}}\n"));
        b.push_str(&format!("state s{i} {{\n  after collect {{ x = a == b or c and d }}\n}}\n"));
    }
    for (name, src) in [("goto only", &a), ("expressions", &b)] {
        let t = std::time::Instant::now();
        let r = dsl::grammar::FlowGrammar::parse(dsl::grammar::Rule::file, src).map(|p| p.count());
        println!("{name}: {:?} for {} bytes ({:?})", t.elapsed(), src.len(), r.is_ok());
    }
}
