//! Text repairs shared by importers: byte-order marks, encodings, mojibake.
//!
//! Each repair lives here once so every importer applies it the same way.

use std::borrow::Cow;

/// How many characters of a bad value a message quotes.
const QUOTED: usize = 40;

/// A bad value as a message quotes it: at most 40 characters, in
/// double quotes with control characters escaped (`"yesterday"`,
/// `"2023-04-2ÿÿÿ…"`), or `nothing` when it is empty. Every importer quotes
/// through here, so no message quotes a whole record.
pub fn quote(value: &str) -> String {
    if value.is_empty() {
        return "nothing".to_owned();
    }
    format!("{:?}", shorten(value))
}

/// At most 40 characters of `text`, with `…` when cut: for text
/// that is quoted already (a JSON value as written).
pub fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(QUOTED) {
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..at])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Removes a leading UTF-8 byte-order mark.
pub fn strip_bom(s: &str) -> &str {
    s.strip_prefix('\u{feff}').unwrap_or(s)
}

/// Decodes a whole file's bytes to UTF-8 text: a UTF-8 or UTF-16 (LE/BE)
/// byte-order mark decides; otherwise UTF-8, and when that fails,
/// Windows-1252 (what Excel writes when it re-saves a CSV on Windows).
/// Malformed sequences become U+FFFD.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// `reader` as UTF-8 text for a line-by-line reader: a UTF-16 file (with
/// its byte-order mark, as Excel's and Outlook's "Unicode" saves write it)
/// cannot be cut into lines byte-wise, so it is read and decoded whole
/// into `whole` (such files are small); anything else is `reader` itself,
/// streaming.
///
/// # Errors
///
/// When the first bytes, or a UTF-16 file, cannot be read.
pub fn utf8_lines<'a>(
    reader: &'a mut dyn std::io::BufRead,
    whole: &'a mut std::io::Cursor<Vec<u8>>,
) -> std::io::Result<&'a mut dyn std::io::BufRead> {
    let buf = reader.fill_buf()?;
    if !(buf.starts_with(b"\xFF\xFE") || buf.starts_with(b"\xFE\xFF")) {
        return Ok(reader);
    }
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    *whole = std::io::Cursor::new(decode(&bytes).into_owned().into_bytes());
    Ok(whole)
}

/// Repairs Facebook's mojibake: every UTF-8 byte written as its own
/// `\u00XX` escape, so that after JSON decoding `é` reads `Ã©`.
///
/// The string is re-encoded as Latin-1 and decoded as UTF-8; it is returned
/// unchanged when either step fails (a char above U+00FF means the string was
/// already right; bytes that are not UTF-8 mean it was real Latin-1 text).
/// docs/formats.md, Facebook, "Quirks handled".
pub fn repair_mojibake(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let mut bytes = Vec::with_capacity(s.len());
    for c in s.chars() {
        match u8::try_from(u32::from(c)) {
            Ok(b) => bytes.push(b),
            Err(_) => return Cow::Borrowed(s),
        }
    }
    match String::from_utf8(bytes) {
        Ok(fixed) => Cow::Owned(fixed),
        Err(_) => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_repaired_once() {
        assert_eq!(repair_mojibake("Jos\u{00c3}\u{00a9}"), "José");
        assert_eq!(repair_mojibake("\u{00f0}\u{009f}\u{0098}\u{00a0}"), "😠");
        // Already right: left alone, even when repaired twice.
        assert_eq!(repair_mojibake("José"), "José");
        assert_eq!(repair_mojibake("Łukasiewicz"), "Łukasiewicz");
        assert_eq!(repair_mojibake("plain"), "plain");
    }

    #[test]
    fn decode_boms_and_fallbacks() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b"), "a,b");
        assert_eq!(decode(b"\xFF\xFEa\x00,\x00b\x00"), "a,b");
        assert_eq!(decode(b"\xFE\xFF\x00a\x00,\x00b"), "a,b");
        assert_eq!(decode(b"Jos\xe9"), "José");
        assert_eq!(decode("José".as_bytes()), "José");
    }
}
