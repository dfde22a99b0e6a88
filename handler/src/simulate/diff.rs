//! A line diff of two transcripts (longest common subsequence), for golden-file mismatches.

/// `-` lines only in `old`, `+` lines only in `new`, common lines as context near changes.
#[must_use]
pub fn lines(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: common length of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let value = if a.get(i) == b.get(j) {
                lcs.get(i + 1)
                    .and_then(|r| r.get(j + 1))
                    .copied()
                    .unwrap_or(0)
                    + 1
            } else {
                let down = lcs.get(i + 1).and_then(|r| r.get(j)).copied().unwrap_or(0);
                let right = lcs.get(i).and_then(|r| r.get(j + 1)).copied().unwrap_or(0);
                down.max(right)
            };
            if let Some(cell) = lcs.get_mut(i).and_then(|r| r.get_mut(j)) {
                *cell = value;
            }
        }
    }
    let at = |i: usize, j: usize| lcs.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0);
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
            }
            (Some(x), _) if j >= m || at(i + 1, j) >= at(i, j + 1) => {
                out.push_str(&format!("-{x}\n"));
                i += 1;
            }
            (_, Some(y)) => {
                out.push_str(&format!("+{y}\n"));
                j += 1;
            }
            (Some(x), None) => {
                out.push_str(&format!("-{x}\n"));
                i += 1;
            }
            (None, None) => break,
        }
    }
    out
}
