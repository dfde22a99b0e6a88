//! Bounded calls: a cycle of the explored graph made only of results (an action succeeds or
//! fails, and the answer sends it again) repeats for as long as the service keeps answering, up
//! to its cap on invocations. Loops that need a party (keys, updates, hang-ups) are not counted.

use super::explore::Graph;
use interpreter::ir::SiteId;

/// The actions whose results drive a loop with no bound, each once.
pub fn unbounded(graph: &Graph) -> Vec<SiteId> {
    let n = graph.nodes.len();
    let mut succ: Vec<Vec<(usize, Option<SiteId>)>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in graph.edges.iter().filter(|e| e.ev.driven_by_results()) {
        if let Some(list) = succ.get_mut(e.from) {
            list.push((e.to, e.site));
        }
        if let Some(list) = pred.get_mut(e.to) {
            list.push(e.from);
        }
    }
    let component = components(&succ, &pred);
    let mut sizes = vec![0usize; n];
    for c in &component {
        if let Some(s) = sizes.get_mut(*c) {
            *s += 1;
        }
    }
    let mut out = Vec::new();
    for (from, list) in succ.iter().enumerate() {
        for (to, site) in list {
            let same = component.get(from) == component.get(*to);
            let cyclic = from == *to
                || component
                    .get(from)
                    .and_then(|c| sizes.get(*c))
                    .is_some_and(|s| *s > 1);
            if same
                && cyclic
                && let Some(site) = site
                && !out.contains(site)
            {
                out.push(*site);
            }
        }
    }
    out.sort_unstable();
    out
}

/// Strongly connected components (Kosaraju, iterative): the component of each node.
fn components(succ: &[Vec<(usize, Option<SiteId>)>], pred: &[Vec<usize>]) -> Vec<usize> {
    let n = succ.len();
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for start in 0..n {
        if seen.get(start).copied().unwrap_or(true) {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        if let Some(s) = seen.get_mut(start) {
            *s = true;
        }
        while let Some((node, i)) = stack.pop() {
            let next = succ.get(node).and_then(|l| l.get(i)).map(|(t, _)| *t);
            match next {
                Some(t) => {
                    stack.push((node, i + 1));
                    if let Some(s) = seen.get_mut(t)
                        && !*s
                    {
                        *s = true;
                        stack.push((t, 0));
                    }
                }
                None => order.push(node),
            }
        }
    }
    let mut component = vec![usize::MAX; n];
    let mut next_id = 0;
    for &root in order.iter().rev() {
        if component.get(root).is_none_or(|c| *c != usize::MAX) {
            continue;
        }
        let mut stack = vec![root];
        if let Some(c) = component.get_mut(root) {
            *c = next_id;
        }
        while let Some(node) = stack.pop() {
            for &p in pred.get(node).map(Vec::as_slice).unwrap_or_default() {
                if let Some(c) = component.get_mut(p)
                    && *c == usize::MAX
                {
                    *c = next_id;
                    stack.push(p);
                }
            }
        }
        next_id += 1;
    }
    component
}
