//! `tests/known-differences.txt`: real-corpus files exempt from the identity check, each with
//! the reason. Format, one entry a line: `<path under tests/corpus-real>  <reason>`; blank lines
//! and lines starting with `#` are ignored.

use std::collections::BTreeMap;
use std::path::Path;

/// Parse the list; an entry without a reason or a path listed twice is an error (with its line
/// number).
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (path, reason) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(format!("line {}: `{path}` has no reason", i + 1));
        }
        if out.insert(path.to_string(), reason.to_string()).is_some() {
            return Err(format!("line {}: `{path}` is listed twice", i + 1));
        }
    }
    Ok(out)
}

/// Read and parse the list at `path`; a missing file is an empty list.
pub fn load(path: &Path) -> Result<BTreeMap<String, String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_and_comments() {
        let m = parse("# comment\n\npkg/a.py   float repr differs\n").unwrap_or_default();
        assert_eq!(
            m.get("pkg/a.py").map(String::as_str),
            Some("float repr differs")
        );
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn rejects_missing_reasons_and_duplicates() {
        assert!(parse("pkg/a.py\n").is_err());
        assert!(parse("a.py x\na.py y\n").is_err());
    }
}
