//! Side-by-side line diffs that show only the differing hunks with a little context, and a hex
//! dump for when text is not available.
//!
//! ```text
//! @@ mpyc 12-14 | reference 12-15 @@
//!    12 LOAD_NAME 'x'                 |    12 LOAD_NAME 'x'
//! !  13 LOAD_CONST_SMALL_INT 1        |    13 LOAD_CONST_SMALL_INT 2
//! >                                   |    14 BINARY_OP_MULTI 26
//! ```
//! Markers: `!` changed line, `<` only on the left, `>` only on the right, blank: equal.

use std::fmt::Write;

use similar::{DiffOp, TextDiff};

/// How a diff is laid out.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// Width of each column, in characters; longer lines are cut with `…`.
    pub width: usize,
    /// Equal lines shown around each change.
    pub context: usize,
    /// At most this many diff lines; the rest is summarised in one line.
    pub max_lines: usize,
    /// Lines that name a section (a raw code, say): each hunk header repeats the last such line
    /// of the right-hand text before the hunk, like `git diff`'s function context.
    pub heading: Option<fn(&str) -> bool>,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            width: 64,
            context: 3,
            max_lines: 120,
            heading: None,
        }
    }
}

fn cell(s: &str, width: usize) -> String {
    let s = s.trim_end_matches(['\n', '\r']);
    let n = s.chars().count();
    if n <= width {
        format!("{s}{}", " ".repeat(width - n))
    } else {
        let cut: String = s.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// A side-by-side diff of `left` and `right` (titled in the header), or `None` when the texts
/// are equal.
pub fn side_by_side(
    left_title: &str,
    left: &str,
    right_title: &str,
    right: &str,
    layout: Layout,
) -> Option<String> {
    if left == right {
        return None;
    }
    let diff = TextDiff::from_lines(left, right);
    let old: Vec<&str> = diff.old_slices().to_vec();
    let new: Vec<&str> = diff.new_slices().to_vec();
    let w = layout.width;
    let mut rows: Vec<String> = Vec::new();
    rows.push(format!("  {} | {right_title}", cell(left_title, w)));
    let line = |marker: char, l: Option<&str>, r: Option<&str>| {
        format!(
            "{marker} {} | {}",
            cell(l.unwrap_or(""), w),
            r.unwrap_or("").trim_end_matches(['\n', '\r'])
        )
    };
    for group in diff.grouped_ops(layout.context) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let (o0, n0) = (first.old_range().start, first.new_range().start);
        let (o1, n1) = (last.old_range().end, last.new_range().end);
        let mut head = format!(
            "@@ {left_title} {}-{} | {right_title} {}-{} @@",
            o0 + 1,
            o1,
            n0 + 1,
            n1
        );
        if let Some(is_heading) = layout.heading {
            let above = new.get(..n0.min(new.len())).unwrap_or(&[]);
            if let Some(h) = above.iter().rev().find(|l| is_heading(l)) {
                head.push(' ');
                head.push_str(h.trim());
            }
        }
        rows.push(head);
        for op in &group {
            match *op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    for k in 0..len {
                        rows.push(line(
                            ' ',
                            old.get(old_index + k).copied(),
                            new.get(new_index + k).copied(),
                        ));
                    }
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => {
                    for k in 0..old_len {
                        rows.push(line('<', old.get(old_index + k).copied(), None));
                    }
                }
                DiffOp::Insert {
                    new_index, new_len, ..
                } => {
                    for k in 0..new_len {
                        rows.push(line('>', None, new.get(new_index + k).copied()));
                    }
                }
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    for k in 0..old_len.max(new_len) {
                        let l = if k < old_len {
                            old.get(old_index + k).copied()
                        } else {
                            None
                        };
                        let r = if k < new_len {
                            new.get(new_index + k).copied()
                        } else {
                            None
                        };
                        let marker = match (l.is_some(), r.is_some()) {
                            (true, true) => '!',
                            (true, false) => '<',
                            _ => '>',
                        };
                        rows.push(line(marker, l, r));
                    }
                }
            }
        }
    }
    let total = rows.len();
    let mut out = String::new();
    for r in rows.iter().take(layout.max_lines) {
        out.push_str(r);
        out.push('\n');
    }
    if total > layout.max_lines {
        let _ = writeln!(
            out,
            "... {} more diff lines not shown",
            total - layout.max_lines
        );
    }
    Some(out)
}

/// Offset of the first byte where `a` and `b` differ (the shorter length if one is a prefix of
/// the other), or `None` when equal.
pub fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    if a == b {
        return None;
    }
    Some(
        a.iter()
            .zip(b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len())),
    )
}

/// Classic hex dump, 16 bytes a line: `00000010  4d 06 00 1f ...  |M...|`.
pub fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(16).enumerate() {
        let _ = write!(out, "{:08x} ", i * 16);
        for b in chunk {
            let _ = write!(out, " {b:02x}");
        }
        out.push_str(&"   ".repeat(16 - chunk.len()));
        out.push_str("  |");
        out.extend(chunk.iter().map(|&b| {
            if (0x20..0x7f).contains(&b) {
                b as char
            } else {
                '.'
            }
        }));
        out.push_str("|\n");
    }
    out
}

/// Explain why two byte strings differ: sizes, first differing offset, then a side-by-side diff
/// of `render(left)` and `render(right)` (a disassembler, say); when the rendered texts are
/// equal (the difference is invisible in them), a diff of hex dumps instead.
pub fn explain_bytes(
    left_title: &str,
    left: &[u8],
    right_title: &str,
    right: &[u8],
    render: impl Fn(&[u8]) -> String,
    layout: Layout,
) -> String {
    let mut out = String::new();
    let Some(at) = first_difference(left, right) else {
        return "identical".to_string();
    };
    let _ = writeln!(
        out,
        "{left_title}: {} bytes, {right_title}: {} bytes, first difference at byte {at} (0x{at:x})",
        left.len(),
        right.len()
    );
    let (lt, rt) = (render(left), render(right));
    let shown = side_by_side(left_title, &lt, right_title, &rt, layout).or_else(|| {
        side_by_side(
            left_title,
            &hex_dump(left),
            right_title,
            &hex_dump(right),
            layout,
        )
    });
    out.push_str(&shown.unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(
            side_by_side("a", "x\ny\n", "b", "x\ny\n", Layout::default()),
            None
        );
    }

    #[test]
    fn shows_changed_inserted_and_deleted_lines_with_context() {
        let left = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nold\n12\n13\n";
        let right = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nnew\n12\n13\nextra\n";
        let d =
            side_by_side("mpyc", left, "reference", right, Layout::default()).unwrap_or_default();
        assert!(d.contains("! old"), "{d}");
        assert!(d.contains("| new"), "{d}");
        assert!(d.contains("| extra"), "{d}");
        assert!(d.contains("@@ mpyc 8-13 | reference 8-14 @@"), "{d}");
        // Lines far from the change are not shown.
        assert!(!d.contains("  1 "), "{d}");
    }

    #[test]
    fn hunk_headers_name_the_section() {
        let left = "name: a\nx\nname: b\n1\n2\n3\n4\nold\n";
        let right = "name: a\nx\nname: b\n1\n2\n3\n4\nnew\n";
        let layout = Layout {
            heading: Some(|l| l.starts_with("name: ")),
            ..Layout::default()
        };
        let d = side_by_side("l", left, "r", right, layout).unwrap_or_default();
        assert!(d.contains("@@ name: b"), "{d}");
    }

    #[test]
    fn long_diffs_are_cut() {
        let left: String = (0..500).map(|i| format!("{i}\n")).collect();
        let right: String = (0..500).map(|i| format!("x{i}\n")).collect();
        let layout = Layout {
            max_lines: 10,
            ..Layout::default()
        };
        let d = side_by_side("l", &left, "r", &right, layout).unwrap_or_default();
        assert_eq!(d.lines().count(), 11, "{d}");
        assert!(d.ends_with("more diff lines not shown\n"), "{d}");
    }

    #[test]
    fn bytes_fall_back_to_hex_when_rendering_hides_the_difference() {
        let e = explain_bytes(
            "a",
            b"\x01\x02",
            "b",
            b"\x01\x03",
            |_| String::from("same\n"),
            Layout::default(),
        );
        assert!(e.contains("first difference at byte 1"), "{e}");
        assert!(e.contains("01 02"), "{e}");
        assert!(e.contains("01 03"), "{e}");
    }

    #[test]
    fn first_difference_of_prefixes() {
        assert_eq!(first_difference(b"abc", b"abc"), None);
        assert_eq!(first_difference(b"abc", b"abd"), Some(2));
        assert_eq!(first_difference(b"ab", b"abc"), Some(2));
    }
}
