//! String contents that ruff cannot represent: MicroPython accepts lone surrogates
//! (`"\ud800"`) and stores them as their 3-byte UTF-8-style encoding (py/lexer.c), and its
//! lexer works on bytes, so source bytes that are not UTF-8 (in comments and str literals) go
//! through unchanged. Rust strings can hold neither, so they are carried as private-use
//! characters, U+F0000 + (cp - 0xD800) for a surrogate and U+F0800 + byte for a source byte
//! ([`decode_source`]), and turned back into MicroPython's bytes by [`mp_bytes`] when written.

use std::borrow::Cow;

/// First private-use code point standing for surrogate U+D800.
const SURROGATE_BASE: u32 = 0xF0000;

/// First private-use code point standing for a source byte (0x80 to 0xFF) that is not part
/// of valid UTF-8.
const RAW_BYTE_BASE: u32 = 0xF0800;

/// First code point standing for a non-ASCII source byte inside an identifier (byte - 0x80
/// added): MicroPython takes every byte from 0x80 up as an identifier character, ruff only
/// Unicode identifier characters (and it normalises them), so every non-ASCII byte of a name is
/// carried as one of 128 CJK ideographs (Extension B, U+2A600 to U+2A67F: identifier
/// characters, unchanged by normalisation). See `whitespace`.
pub(crate) const IDENT_BYTE_BASE: u32 = 0x2A600;

/// Whether `c` is one of the stand-ins: a source holding one cannot be carried faithfully.
pub(crate) fn is_any_stand_in(c: char) -> bool {
    is_raw_byte(c) || is_stand_in(c) || is_ident_byte(c)
}

fn is_ident_byte(c: char) -> bool {
    (IDENT_BYTE_BASE..IDENT_BYTE_BASE + 0x80).contains(&u32::from(c))
}

/// The source as text: valid UTF-8 as it is, every other byte as its stand-in (see the module
/// doc), and NUL as 0x01, as py/lexer.c reads it (`MP_LEXER_INVALID_BYTE`: a NUL would end its
/// input).
pub(crate) fn decode_source(source: &[u8]) -> Cow<'_, str> {
    if !source.contains(&0) {
        if let Ok(text) = std::str::from_utf8(source) {
            return Cow::Borrowed(text);
        }
    }
    Cow::Owned(decode_bytes(source).replace('\0', "\x01"))
}

/// `bytes` as text: valid UTF-8 as it is, every other byte as its stand-in.
pub(crate) fn decode_bytes(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 16);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for &b in chunk.invalid() {
            out.push(char::from_u32(RAW_BYTE_BASE + u32::from(b)).unwrap_or('\u{fffd}'));
        }
    }
    Cow::Owned(out)
}

/// The one text for a qstr's bytes, whichever stand-ins spelled them (an identifier's, a
/// surrogate escape's, a string's source bytes): what qstrs are compared by.
pub(crate) fn canonical(s: &str) -> Cow<'_, str> {
    if !may_hold_stand_in(s.as_bytes()) || !s.chars().any(is_any_stand_in) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(decode_bytes(&mp_bytes(s)).into_owned())
}

/// Whether `b` has a byte that can start a stand-in: every stand-in is a 4-byte UTF-8 sequence
/// (lead byte 0xF0..=0xF3), and nearly every name, string and source is ASCII, which
/// `is_ascii` tells a word at a time. These checks run on every string and name of a compile.
#[inline]
fn may_hold_stand_in(b: &[u8]) -> bool {
    !b.is_ascii() && b.iter().any(|&x| (0xF0..=0xF3).contains(&x))
}

/// Whether the source itself holds a stand-in character (valid UTF-8 that [`mp_bytes`] would
/// turn into other bytes): such a source is refused rather than compiled wrong.
pub(crate) fn has_stand_in(source: &[u8]) -> bool {
    if !may_hold_stand_in(source) {
        return false;
    }
    source
        .utf8_chunks()
        .any(|chunk| chunk.valid().chars().any(is_any_stand_in))
}

/// MicroPython's bytes of a str value (stand-ins turned back into surrogate encodings and
/// source bytes).
pub(crate) fn mp_bytes(s: &str) -> Cow<'_, [u8]> {
    if !may_hold_stand_in(s.as_bytes()) || !s.chars().any(is_any_stand_in) {
        return Cow::Borrowed(s.as_bytes());
    }
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if is_raw_byte(c) {
            out.push((u32::from(c) - RAW_BYTE_BASE) as u8);
        } else if is_ident_byte(c) {
            out.push((u32::from(c) - IDENT_BYTE_BASE + 0x80) as u8);
        } else if is_stand_in(c) {
            let cp = 0xD800 + (u32::from(c) - SURROGATE_BASE);
            out.extend_from_slice(&[
                0xE0 | (cp >> 12) as u8,
                0x80 | ((cp >> 6) & 0x3F) as u8,
                0x80 | (cp & 0x3F) as u8,
            ]);
        } else {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    Cow::Owned(out)
}

fn is_raw_byte(c: char) -> bool {
    (RAW_BYTE_BASE + 0x80..RAW_BYTE_BASE + 0x100).contains(&u32::from(c))
}

fn is_stand_in(c: char) -> bool {
    (SURROGATE_BASE..SURROGATE_BASE + 0x800).contains(&u32::from(c))
}

/// The source text of one non-raw str literal part contains a `\u`/`\U` surrogate escape.
pub(super) fn has_surrogate_escape(part: &str) -> bool {
    let b = part.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'\\' {
            let width = match b[i + 1] {
                b'u' => 4,
                b'U' => 8,
                _ => 0,
            };
            if width > 0 {
                if let Some(cp) = part
                    .get(i + 2..i + 2 + width)
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                {
                    if (0xD800..0xE000).contains(&cp) {
                        return true;
                    }
                }
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// Decode one non-raw, non-bytes str literal part (prefix and quotes included), as
/// MicroPython's lexer does; surrogates become stand-ins.
pub(super) fn decode(part: &str) -> Option<String> {
    let q = part.find(['\'', '"'])?;
    let quote = part.as_bytes()[q];
    let triple = part.as_bytes().get(q..q + 3) == Some(&[quote, quote, quote][..]);
    let qlen = if triple { 3 } else { 1 };
    decode_body(part.get(q + qlen..part.len().checked_sub(qlen)?)?)
}

/// Decode the body of a non-raw, non-bytes str literal (the text between its quotes).
pub(super) fn decode_body(body: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    let push_cp = |out: &mut String, cp: u32| {
        if (0xD800..0xE000).contains(&cp) {
            out.push(char::from_u32(SURROGATE_BASE + cp - 0xD800).unwrap_or('\u{fffd}'));
        } else {
            out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
        }
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => {}
            '\\' | '\'' | '"' => out.push(e),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            'x' | 'u' | 'U' => {
                let width = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = (0..width).filter_map(|_| chars.next()).collect();
                let cp = u32::from_str_radix(&hex, 16).ok()?;
                push_cp(&mut out, cp);
            }
            '0'..='7' => {
                let mut v = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                push_cp(&mut out, v);
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogates_round_trip_to_micropython_bytes() {
        let part = r#""a\ud800b\x41\n""#;
        assert!(has_surrogate_escape(part));
        let s = decode(part).unwrap_or_default();
        assert_eq!(&*mp_bytes(&s), b"a\xed\xa0\x80bA\n");
        assert!(!has_surrogate_escape(r#""\u00e9""#));
    }

    #[test]
    fn source_bytes_round_trip() {
        let text = decode_source(b"a\xffb\x00\xed\xa0\x80");
        assert_eq!(&*mp_bytes(&text), b"a\xffb\x01\xed\xa0\x80");
        // One surrogate, spelled by an escape or by source bytes: one canonical text.
        let escaped = decode(r#""\ud800""#).unwrap_or_default();
        let raw = decode_source(b"\xed\xa0\x80");
        assert_eq!(canonical(&escaped), canonical(&raw));
        assert_eq!(canonical("plain"), "plain");
        assert!(has_stand_in("x = '\u{2a600}'".as_bytes()));
        assert!(has_stand_in("\u{f0000}".as_bytes()));
        assert!(!has_stand_in("caf\u{e9} \u{1f600}".as_bytes()));
    }
}
