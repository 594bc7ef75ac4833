//! MicroPython's whitespace rules, where they differ from CPython's (which ruff follows), applied
//! to the source text before ruff sees it (py/lexer.c `next_char`, `skip_whitespace`,
//! `mp_lexer_to_next`):
//!
//! * Indentation is the column of a logical line's first token, where a tab advances to the
//!   next multiple of 8 and every other character (space, form feed, vertical tab) counts one.
//!   Nothing checks that tabs and spaces are mixed consistently, and a form feed does not reset
//!   the column. So the leading whitespace of every logical line is rewritten as that many
//!   spaces, which ruff then reads the same way.
//! * Vertical tab and form feed are whitespace anywhere between tokens: rewritten as a space.
//! * A backslash as the very last character of the input continues the line into the end of
//!   input, so it is dropped.
//! * Any byte from 0x80 up is an identifier character: a name with non-ASCII characters (a
//!   byte-order mark, `€`, bytes that are not UTF-8) is carried with stand-ins that ruff takes
//!   as identifier characters and the writer turns back into the bytes (see `lower::strlit`).
//! * The lexer copies a bytes literal's source bytes as they are, so `b'é'` is `b'\xc3\xa9'`
//!   (ruff accepts only ASCII there): a non-raw bytes literal's other characters are rewritten
//!   as `\x` escapes of their bytes (source bytes that are not UTF-8 included, see
//!   `lower::strlit`).
//!
//! String literals and comments are left alone; lines inside brackets, or continued with a
//! backslash, are not logical-line starts. Line breaks are never added or removed, so every
//! line number stays the same.

/// The text with MicroPython's whitespace rules made explicit, or `None` when nothing changes
/// (the common case: no tab, vertical tab or form feed, and no backslash at the end).
pub(crate) fn normalize(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let trailing_backslash = b.last() == Some(&b'\\');
    // `is_ascii` and `memchr3` scan a word or a vector at a time: this test reads every
    // byte of every source.
    if !trailing_backslash
        && b.is_ascii()
        && memchr::memchr3(b'\t', 0x0b, 0x0c, b).is_none()
        && !has_continuation_in_indentation(b)
    {
        return None;
    }
    let b = if trailing_backslash {
        &b[..b.len() - 1]
    } else {
        b
    };
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 16);
    let mut i = 0;
    let mut depth = 0usize;
    let mut line_start = true;
    while i < b.len() {
        if line_start {
            line_start = false;
            let mut column = 0usize;
            while let Some(&c) = b.get(i) {
                match c {
                    b'\t' => column = (column / 8 + 1) * 8,
                    b' ' | 0x0b | 0x0c => column += 1,
                    // A continuation inside the indentation: the column starts again on the
                    // next line (the line break is kept, as an empty line).
                    b'\\' if b.get(i + 1) == Some(&b'\n') => {
                        column = 0;
                        out.push(b'\n');
                        i += 1;
                    }
                    _ => break,
                }
                i += 1;
            }
            out.resize(out.len() + column, b' ');
            continue;
        }
        let c = b[i];
        match c {
            b'\n' => {
                out.push(c);
                i += 1;
                line_start = depth == 0;
            }
            0x0b | 0x0c => {
                out.push(b' ');
                i += 1;
            }
            b'#' => {
                let end = b[i..]
                    .iter()
                    .position(|&x| x == b'\n')
                    .map_or(b.len(), |n| i + n);
                out.extend_from_slice(&b[i..end]);
                i = end;
            }
            b'\\' if b.get(i + 1) == Some(&b'\n') => {
                // A continued line is not a logical-line start.
                out.extend_from_slice(b"\\\n");
                i += 2;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                out.push(c);
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                out.push(c);
                i += 1;
            }
            b'\'' | b'"' => {
                let end = string_end(b, i);
                let body = &b[i..end];
                if is_plain_bytes_prefix(&out) && body.iter().any(|&x| x >= 0x80) {
                    escape_non_ascii(body, &mut out);
                } else {
                    out.extend_from_slice(body);
                }
                i = end;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let len = b[i..]
                    .iter()
                    .take_while(|&&x| x.is_ascii_alphanumeric() || x == b'_' || x >= 0x80)
                    .count();
                let name = &b[i..i + len];
                if name.is_ascii() {
                    out.extend_from_slice(name);
                } else {
                    identifier_stand_ins(name, &mut out);
                }
                i += len;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    // Only whole characters were replaced, by whole characters.
    String::from_utf8(out).ok()
}

/// Whether some line holds only blanks before a line-continuation backslash.
fn has_continuation_in_indentation(b: &[u8]) -> bool {
    memchr::memmem::find_iter(b, b"\\\n").any(|at| {
        b[..at]
            .iter()
            .rev()
            .take_while(|&&c| c != b'\n')
            .all(|&c| c == b' ')
    })
}

/// Copy a name with a non-ASCII character: each of MicroPython's bytes for it (a source byte
/// that is not UTF-8 included) as its identifier stand-in (see `lower::strlit`).
fn identifier_stand_ins(name: &[u8], out: &mut Vec<u8>) {
    let Ok(text) = std::str::from_utf8(name) else {
        out.extend_from_slice(name);
        return;
    };
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        for &byte in crate::lower::strlit::mp_bytes(c.encode_utf8(&mut buf)).iter() {
            let cp = crate::lower::strlit::IDENT_BYTE_BASE + u32::from(byte) - 0x80;
            let stand_in = char::from_u32(cp).unwrap_or('\u{fffd}');
            let mut code = [0u8; 4];
            out.extend_from_slice(stand_in.encode_utf8(&mut code).as_bytes());
        }
    }
}

/// Whether the text before a quote ends with a bytes prefix that is not raw (`b`, `B`).
fn is_plain_bytes_prefix(before: &[u8]) -> bool {
    let letters = before
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count();
    let prefix = &before[before.len() - letters..];
    prefix.eq_ignore_ascii_case(b"b")
}

/// Copy a literal, every non-ASCII character as `\x` escapes of MicroPython's bytes for it.
fn escape_non_ascii(literal: &[u8], out: &mut Vec<u8>) {
    let Ok(text) = std::str::from_utf8(literal) else {
        out.extend_from_slice(literal);
        return;
    };
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        for &byte in crate::lower::strlit::mp_bytes(c.encode_utf8(&mut buf)).iter() {
            out.extend_from_slice(format!("\\x{byte:02x}").as_bytes());
        }
    }
}

/// The index just past the string literal whose opening quote is at `start` (or the end of
/// the line for an unterminated short string, the end of input for a long one). A backslash
/// always protects the next character, in raw literals too.
fn string_end(b: &[u8], start: usize) -> usize {
    let q = b[start];
    let triple = b.get(start + 1) == Some(&q) && b.get(start + 2) == Some(&q);
    let mut i = start + if triple { 3 } else { 1 };
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return i,
            c if c == q => {
                if !triple {
                    return i + 1;
                }
                if b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn indentation_as_micropython_counts_it() {
        assert_eq!(normalize("x = 1\n"), None);
        assert_eq!(
            normalize("if 1:\n\tx = 1\n  \ty = 2\n").as_deref(),
            Some("if 1:\n        x = 1\n        y = 2\n")
        );
        assert_eq!(normalize("\x0cx = 1\n").as_deref(), Some(" x = 1\n"));
        assert_eq!(
            normalize("x = b'é' + rb'é' + 'é'\n").as_deref(),
            Some("x = b'\\xc3\\xa9' + rb'é' + 'é'\n")
        );
        assert_eq!(
            normalize("x = 1\x0b\ny = 2\\").as_deref(),
            Some("x = 1 \ny = 2")
        );
    }

    #[test]
    fn strings_comments_and_brackets_are_kept() {
        assert_eq!(
            normalize("s = '''\n\tkeep\n'''\n# \t\x0c\nf(\n\t1)\n").as_deref(),
            Some("s = '''\n\tkeep\n'''\n# \t\x0c\nf(\n\t1)\n")
        );
        assert_eq!(
            normalize("s = 'a\\'\t'\nif 1:\n\tpass\n").as_deref(),
            Some("s = 'a\\'\t'\nif 1:\n        pass\n")
        );
    }
}
