//! Scalars as YAML text: plain where every YAML reader takes the text back as the same string,
//! single-quoted otherwise, double-quoted only for characters that need escapes.

/// Where the scalar stands: flow collections (`[...]`, `{...}`) forbid more characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Block,
    Flow,
}

pub(crate) fn scalar(text: &str, context: Context) -> String {
    if is_plain(text, context) {
        return text.to_owned();
    }
    if text.chars().any(needs_escape) {
        return double_quoted(text);
    }
    format!("'{}'", text.replace('\'', "''"))
}

/// Whether `text` may be written plain in `context`.
pub(crate) fn is_plain(text: &str, context: Context) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    // Words that other YAML readers take for null or (YAML 1.1) booleans.
    const WORDS: &[&str] = &[
        "null", "Null", "NULL", "~", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "on", "On", "ON", "off", "Off", "OFF",
    ];
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    let flow_char = context == Context::Flow && text.contains([',', '[', ']', '{', '}']);
    !indicator
        && !flow_char
        && !WORDS.contains(&text)
        && text.trim() == text
        && !text.contains('#')
        && !text.contains(':')
        && !text.chars().any(needs_escape)
}

/// Characters YAML does not take raw inside a scalar: control characters, the byte-order mark
/// (outside YAML's `nb-char`), the two non-characters, and the separators YAML 1.1 reads as line
/// breaks. Written as `\u` escapes in double quotes.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}'
        )
}

fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{Context, scalar};

    #[test]
    fn quotes_only_where_needed() {
        assert_eq!(
            scalar("play a, b to caller", Context::Block),
            "play a, b to caller"
        );
        assert_eq!(
            scalar("play a, b to caller", Context::Flow),
            "'play a, b to caller'"
        );
        assert_eq!(
            scalar("\"originalAudio\"", Context::Flow),
            "'\"originalAudio\"'"
        );
        assert_eq!(scalar("it's", Context::Block), "it's");
        assert_eq!(scalar("'x'", Context::Block), "'''x'''");
        assert_eq!(
            scalar("terminators \"#\"", Context::Block),
            "'terminators \"#\"'"
        );
        assert_eq!(scalar("on", Context::Block), "'on'");
        assert_eq!(scalar("\u{feff}", Context::Block), "\"\\ufeff\"");
        assert_eq!(scalar("a\u{2028}b", Context::Flow), "\"a\\u2028b\"");
        assert_eq!(scalar("a\nb", Context::Block), "\"a\\nb\"");
        assert_eq!(scalar("", Context::Block), "''");
    }
}
