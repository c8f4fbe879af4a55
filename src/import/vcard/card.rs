//! One card's lines joined into logical properties: folds, quoted-printable
//! soft breaks and 2.1 base64 blocks undone, blobs dropped, charsets settled,
//! so that `calcard` parses each property as one line.

use super::*;

/// A card being read: its properties joined into logical lines, as text
/// for `calcard`.
pub(super) struct Card {
    pub(super) first_line: u64,
    pub(super) text: String,
    /// The property being read; it may continue on the next lines.
    prop: Option<Prop>,
    /// Depth inside an embedded `AGENT` card, whose lines are dropped.
    pub(super) nested: u32,
    /// The last property was an `AGENT` with an empty value: a 2.1 card
    /// embedded on the next lines follows.
    pub(super) after_empty_agent: bool,
    /// Larger than [`MAX_CARD`]: its text is dropped and it is skipped.
    pub(super) oversized: bool,
    /// The first line whose value goes through a declared non-UTF-8
    /// charset, and that charset (to name it when it cannot be decoded).
    pub(super) charset: Option<(u64, String)>,
}

/// One property, possibly over several physical lines.
struct Prop {
    pub(super) first_line: u64,
    pub(super) bytes: Vec<u8>,
    qp: bool,
    base64: bool,
    /// A blob: not kept.
    skip: bool,
    /// The last physical line ended with `=` (a quoted-printable soft break).
    soft_break: bool,
}

impl Card {
    pub(super) fn new(first_line: u64) -> Card {
        Card {
            first_line,
            text: String::from("BEGIN:VCARD\r\n"),
            prop: None,
            nested: 0,
            after_empty_agent: false,
            oversized: false,
            charset: None,
        }
    }

    /// Takes one physical line that is not `BEGIN`/`END:VCARD`.
    pub(super) fn line(&mut self, line: &[u8], n: u64, truncated: bool) {
        if let Some(prop) = self.prop.as_mut() {
            if prop.continues(line) {
                prop.append(line);
                if !prop.skip && (truncated || prop.bytes.len() > MAX_CARD) {
                    // Stop buffering; the card is skipped with a warning.
                    self.oversized = true;
                    prop.skip = true;
                    prop.bytes = Vec::new();
                }
                return;
            }
        }
        self.flush();
        if trim_line(line).is_empty() || self.oversized {
            return;
        }
        let head = split_value(line).map_or(line, |(head, _)| head);
        let head = Head::parse(head);
        let skip = BLOBS.iter().any(|b| head.name.eq_ignore_ascii_case(b));
        if truncated && !skip {
            self.oversized = true;
        }
        let mut prop = Prop {
            first_line: n,
            bytes: Vec::new(),
            qp: head.qp,
            base64: head.base64,
            skip,
            soft_break: false,
        };
        prop.append(line);
        self.prop = Some(prop);
    }

    /// Ends the current property and adds it to the card's text.
    pub(super) fn flush(&mut self) {
        let Some(prop) = self.prop.take() else {
            return;
        };
        self.after_empty_agent = false;
        if prop.skip || self.oversized {
            return;
        }
        let Some(logical) = Logical::prepare(&prop.bytes) else {
            return;
        };
        if logical.empty_agent {
            self.after_empty_agent = true;
            return;
        }
        if let Some(charset) = logical.charset {
            self.charset.get_or_insert((prop.first_line, charset));
        }
        if self.text.len() + logical.line.len() > MAX_CARD {
            self.oversized = true;
            self.text = String::new();
            return;
        }
        self.text.push_str(&logical.line);
    }
}

impl Prop {
    /// Whether `line` continues this property rather than starting one.
    fn continues(&self, line: &[u8]) -> bool {
        if self.qp && self.soft_break {
            return true;
        }
        if matches!(line.first(), Some(b' ' | b'\t')) {
            return true;
        }
        // 2.1 base64 continues with unindented lines of base64 until a
        // blank line (BlackBerry, Android); a property line always has a
        // colon, which base64 never does.
        self.base64 && !line.is_empty() && trim_line(line).iter().all(|&b| is_base64(b))
    }

    fn append(&mut self, line: &[u8]) {
        let first = self.bytes.is_empty();
        let soft_break = self.qp && self.soft_break;
        self.soft_break = self.qp && trim_end(line).ends_with(b"=");
        if self.skip {
            return;
        }
        if first {
            self.bytes.extend_from_slice(line);
        } else if soft_break {
            // "=" then line end is a soft break: both go, the next line
            // is taken as is (RFC 2045 §6.7, rule 5).
            let keep = trim_end(&self.bytes).len() - 1;
            self.bytes.truncate(keep);
            self.bytes.extend_from_slice(line);
        } else if matches!(line.first(), Some(b' ' | b'\t')) {
            self.bytes.extend_from_slice(&line[1..]);
        } else {
            self.bytes.extend_from_slice(trim_line(line));
        }
    }
}

/// What a property's head says: `[group.]NAME;param;param=value...`.
#[derive(Debug, Default)]
pub(super) struct Head {
    /// The name without its group.
    pub(super) name: String,
    qp: bool,
    /// `QUOTED-PRINTABLE` is a bare parameter, which `calcard` does not
    /// read as an encoding.
    bare_qp: bool,
    base64: bool,
    pub(super) charset: Option<String>,
}

impl Head {
    pub(super) fn parse(head: &[u8]) -> Head {
        let mut parts = split_unquoted(head, b';');
        let name = parts.next().unwrap_or_default();
        let name = name.rsplit(|&b| b == b'.').next().unwrap_or(name);
        let mut out = Head {
            name: String::from_utf8_lossy(trim_line(name)).to_ascii_uppercase(),
            ..Head::default()
        };
        for param in parts {
            let (key, value) = match param.iter().position(|&b| b == b'=') {
                Some(i) => (trim_line(&param[..i]), Some(trim_line(&param[i + 1..]))),
                None => (trim_line(param), None),
            };
            let value = value.map(|v| {
                let v = v.strip_prefix(b"\"").unwrap_or(v);
                v.strip_suffix(b"\"").unwrap_or(v)
            });
            let is = |a: &[u8], b: &str| a.eq_ignore_ascii_case(b.as_bytes());
            match value {
                None if is(key, "QUOTED-PRINTABLE") => {
                    out.qp = true;
                    out.bare_qp = true;
                }
                None if is(key, "BASE64") => out.base64 = true,
                Some(v) if is(key, "ENCODING") => {
                    if is(v, "QUOTED-PRINTABLE") || is(v, "Q") {
                        out.qp = true;
                    } else if is(v, "BASE64") || is(v, "B") {
                        out.base64 = true;
                    }
                }
                Some(v) if is(key, "CHARSET") && !v.is_empty() => {
                    out.charset = Some(String::from_utf8_lossy(v).into_owned());
                }
                _ => {}
            }
        }
        out
    }
}

/// One property as a single line of text, ready for `calcard`.
#[derive(Debug)]
struct Logical {
    /// The line with its `CR LF`.
    pub(super) line: String,
    /// The declared non-UTF-8 charset `calcard` will decode the value with.
    pub(super) charset: Option<String>,
    /// An `AGENT` with an empty value.
    empty_agent: bool,
}

impl Logical {
    /// Settles encodings and charsets of one joined property. `None` for a
    /// line without a colon (stray continuation text such as an ADR broken
    /// with trailing backslashes), which is dropped.
    fn prepare(bytes: &[u8]) -> Option<Logical> {
        let (head_bytes, value) = split_value(bytes)?;
        let head = Head::parse(head_bytes);
        if head.name == "AGENT" && trim_line(value).is_empty() {
            return Some(Logical {
                line: String::new(),
                charset: None,
                empty_agent: true,
            });
        }
        let foreign = head.charset.clone().filter(|c| !is_utf8_charset(c));
        let encoded = head.qp || head.base64;
        let mut extra = String::new();
        if head.bare_qp {
            extra.push_str(";ENCODING=QUOTED-PRINTABLE");
        }
        let mut charset = None;
        let line = if std::str::from_utf8(bytes).is_ok() {
            if head.qp && head.charset.is_none() {
                // calcard reads an undeclared quoted-printable value as
                // Latin-1; bytes that are valid UTF-8 are UTF-8.
                let decoded = qp_decode(value);
                if !decoded.is_ascii() && std::str::from_utf8(&decoded).is_ok() {
                    extra.push_str(";CHARSET=UTF-8");
                }
            }
            if encoded {
                charset = foreign;
            }
            let text = String::from_utf8_lossy(bytes);
            join_head(
                &text[..head_bytes.len()],
                &extra,
                &text[head_bytes.len() + 1..],
            )
        } else if let (Some(cs), false) = (foreign, encoded) {
            // Raw bytes in a declared charset: quoted-printable makes
            // calcard decode them with that charset.
            extra.push_str(";ENCODING=QUOTED-PRINTABLE");
            charset = Some(cs);
            let head_text = text::decode(head_bytes);
            join_head(&head_text, &extra, &qp_encode(value))
        } else {
            // Undeclared bytes that are not UTF-8: Windows-1252.
            let head_text = text::decode(head_bytes);
            let value_text = text::decode(value);
            join_head(&head_text, &extra, &value_text)
        };
        Some(Logical {
            line,
            charset,
            empty_agent: false,
        })
    }
}

fn join_head(head: &str, extra: &str, value: &str) -> String {
    let mut line = String::with_capacity(head.len() + extra.len() + value.len() + 3);
    line.push_str(head);
    line.push_str(extra);
    line.push(':');
    line.push_str(value);
    line.push_str("\r\n");
    line
}

/// Splits a property line at the colon that ends its head (colons inside
/// quoted parameter values do not count).
fn split_value(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut quoted = false;
    for (i, &b) in line.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => return Some((&line[..i], &line[i + 1..])),
            _ => {}
        }
    }
    None
}

/// Splits at `sep` outside double quotes.
fn split_unquoted(s: &[u8], sep: u8) -> impl Iterator<Item = &[u8]> {
    let mut quoted = false;
    s.split(move |&b| {
        if b == b'"' {
            quoted = !quoted;
        }
        b == sep && !quoted
    })
}

fn is_utf8_charset(charset: &str) -> bool {
    ["UTF-8", "UTF8", "US-ASCII", "ASCII"]
        .iter()
        .any(|c| charset.eq_ignore_ascii_case(c))
}

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

/// Encodes bytes as quoted-printable, leaving the value separators `;`
/// and `,` (and escapes) in place so the value keeps its structure. Written
/// here, with its decoder: the value must stay on its one logical line,
/// and the quoted-printable crates' encoders break lines at 76 columns and
/// their robust decoders drop trailing blanks.
fn qp_encode(value: &[u8]) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for &b in value {
        if b >= 0x80 || b == b'=' || b < 0x20 {
            let _ = write!(out, "={b:02X}");
        } else {
            out.push(char::from(b));
        }
    }
    out
}

/// Decodes quoted-printable `=XX` escapes; anything else is kept.
fn qp_decode(value: &[u8]) -> Vec<u8> {
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        if value[i] == b'=' {
            if let (Some(h), Some(l)) = (
                value.get(i + 1).copied().and_then(hex),
                value.get(i + 2).copied().and_then(hex),
            ) {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(value[i]);
        i += 1;
    }
    out
}

/// Trims ASCII whitespace and a leading UTF-8 byte-order mark.
pub(super) fn trim_line(line: &[u8]) -> &[u8] {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    trim_end(line.trim_ascii_start())
}

fn trim_end(line: &[u8]) -> &[u8] {
    line.trim_ascii_end()
}
