//! The attributes of an element: only those offgrid reads, unescaped
//! leniently (surrogate-pair character references combined, stray `&`s
//! kept), and an entity that would need expanding refused, so the element
//! is skipped rather than read with an unknown value. Also the `date`
//! attribute every element has, and what is wrong with attributes, in
//! offgrid's words.

use jiff::Timestamp;
use quick_xml::events::attributes::AttrError;
use quick_xml::events::BytesStart;

use crate::import::text::quote;

/// The attributes of one element that offgrid reads, unescaped.
#[derive(Default)]
pub(super) struct Attrs {
    values: Vec<(&'static str, String)>,
}

/// Why an element's attributes could not be read: the element is skipped.
pub(super) enum AttrProblem {
    /// quick-xml could not split them into names and quoted values.
    Syntax(AttrError),
    /// An attribute offgrid reads holds an entity reference that is never
    /// expanded (`&lol;`), so its value is unknown: the attribute's name and
    /// the reference as written.
    Entity(&'static str, String),
}

impl From<AttrError> for AttrProblem {
    fn from(e: AttrError) -> AttrProblem {
        AttrProblem::Syntax(e)
    }
}

impl Attrs {
    /// Reads the attributes named in `wanted`; the first of duplicates wins.
    /// Attributes offgrid does not read (`body`, `readable_date`, MMS
    /// `data`) are not unescaped, so an entity in them costs nothing.
    pub(super) fn read(e: &BytesStart<'_>, wanted: &[&'static str]) -> Result<Attrs, AttrProblem> {
        let mut values = Vec::with_capacity(wanted.len());
        for attr in e.attributes().with_checks(false) {
            let attr = attr?;
            let key = attr.key.local_name();
            if let Some(name) = wanted.iter().find(|w| w.as_bytes() == key.as_ref()) {
                if !values.iter().any(|(n, _)| n == name) {
                    let value = unescape(&attr.value)
                        .map_err(|entity| AttrProblem::Entity(name, entity))?;
                    values.push((*name, value));
                }
            }
        }
        Ok(Attrs { values })
    }

    /// The value, or `None` when absent, blank or the literal `null` the app
    /// writes for missing values.
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty() && *v != "null")
    }

    /// `contact_name`, unless it is the app's `(Unknown)` placeholder.
    pub(super) fn contact_name(&self) -> Option<&str> {
        self.get("contact_name").filter(|n| *n != "(Unknown)")
    }
}

/// Unescapes an attribute value leniently: the five predefined entities,
/// decimal and hex character references, surrogate pairs written as two
/// references combined into one character, lone surrogates and other
/// invalid references replaced by U+FFFD, and a stray `&` (one not starting
/// `&name;`, as in `AT&T`) or an unreadable character reference (`&#xZZ;`)
/// kept as written.
///
/// # Errors
///
/// Any other entity reference (`&nbsp;`, or `&lol;` declared in a DOCTYPE):
/// offgrid never expands entities, so the value is unknown rather than
/// what is written. The error is the first such reference, as written.
fn unescape(raw: &[u8]) -> Result<String, String> {
    let s = String::from_utf8_lossy(raw);
    if !s.contains('&') {
        return Ok(s.into_owned());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest: &str = &s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        if let Some((name, after)) = entity(rest) {
            out.push(match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                _ => return Err(format!("&{name};")),
            });
            rest = after;
            continue;
        }
        let Some((code, after)) = reference(rest).and_then(|(n, a)| char_ref(n).map(|c| (c, a)))
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        match code {
            high @ 0xD800..=0xDBFF => {
                let low = reference(after)
                    .and_then(|(n, a)| char_ref(n).map(|c| (c, a)))
                    .filter(|(c, _)| (0xDC00..=0xDFFF).contains(c));
                if let Some((low, after_low)) = low {
                    let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                    rest = after_low;
                    continue;
                }
                out.push('\u{fffd}');
            }
            code => out.push(
                char::from_u32(code)
                    .filter(|c| *c != '\0')
                    .unwrap_or('\u{fffd}'),
            ),
        }
        rest = after;
    }
    out.push_str(rest);
    Ok(out)
}

/// Splits `&name;rest` into `(name, rest)` when `s` starts with an entity
/// reference: `&`, an XML name (a letter, `_` or `:`, then letters, digits,
/// `-`, `.`, `_` or `:`), `;`. Scanning stops at the first character that
/// cannot be in a name, so a value of many `&`s is read in linear time.
fn entity(s: &str) -> Option<(&str, &str)> {
    let body = s.strip_prefix('&')?;
    let first = body.chars().next()?;
    if !(first.is_alphabetic() || first == '_' || first == ':') {
        return None;
    }
    let end = body
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':')))
        .unwrap_or(body.len());
    let after = body[end..].strip_prefix(';')?;
    Some((&body[..end], after))
}

/// Splits `&name;rest` into `(name, rest)` when `s` starts with a reference.
fn reference(s: &str) -> Option<(&str, &str)> {
    let body = s.strip_prefix('&')?;
    let end = body.find(';').filter(|&e| e > 0 && e <= 10)?;
    Some((&body[..end], &body[end + 1..]))
}

/// The code point of a character reference body (`#10`, `#x1F30D`).
fn char_ref(name: &str) -> Option<u32> {
    let num = name.strip_prefix('#')?;
    match num.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => num.parse().ok(),
    }
}

/// Dates since 2001 in seconds, which are before 1973 in milliseconds:
/// what a converter writes when it puts seconds in `date`.
pub(super) const SECONDS: std::ops::Range<i64> = 1_000_000_000..100_000_000_000;

/// Parses the `date` attribute (epoch milliseconds, UTC; epoch seconds
/// when `seconds`, the whole file having been found to hold them). The app
/// also writes `readable_date`, in the phone's zone and locale without
/// saying which: never read.
pub(super) fn parse_date(attrs: &Attrs, seconds: bool) -> Result<(i64, Timestamp), String> {
    let Some(raw) = attrs.get("date") else {
        return Err("expected a date in epoch milliseconds, found none".to_owned());
    };
    let ms = raw.parse::<i64>().ok();
    // A date in seconds among milliseconds is never read as a 1970 date.
    if let Some(s) = ms.filter(|n| SECONDS.contains(n)) {
        if seconds {
            return Timestamp::from_second(s)
                .map(|ts| (s * 1000, ts))
                .map_err(|e| e.to_string());
        }
        return Err(format!(
            "expected a date in epoch milliseconds, found {s} (before 1973; seconds?)"
        ));
    }
    ms.filter(|ms| *ms > 0)
        .and_then(|ms| Timestamp::from_millisecond(ms).ok().map(|ts| (ms, ts)))
        .ok_or_else(|| {
            format!(
                "expected a date in epoch milliseconds, found {}",
                quote(raw)
            )
        })
}

/// What is wrong with an element's attributes, in our words.
pub(super) fn attr_problem(p: &AttrProblem) -> String {
    let syntax = match p {
        AttrProblem::Entity(name, entity) => {
            return format!(
                "expected text in {name}, found the entity {} (entities are never expanded)",
                quote(entity)
            )
        }
        AttrProblem::Syntax(e) => e,
    };
    match syntax {
        AttrError::ExpectedEq(_) => "expected `=` after an attribute name, found something else",
        AttrError::ExpectedValue(_) => "expected an attribute value after `=`, found none",
        AttrError::UnquotedValue(_) => "expected a quoted attribute value, found an unquoted one",
        AttrError::ExpectedQuote(..) => {
            "expected a closing quote in an attribute value, found the end of the element"
        }
        AttrError::Duplicated(..) => "expected each attribute once, found one twice",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::calllog::tests::{calls, channels_and_first_phones, run, warnings};
    use crate::model::Channel;

    #[test]
    fn surrogate_pair_references_are_combined() {
        let text = |raw: &[u8]| unescape(raw).unwrap();
        assert_eq!(
            text(b"Hi &#55357;&#56838;&#10;there"),
            "Hi \u{1F606}\nthere"
        );
        assert_eq!(text(b"&#xD83D;&#xDE00;"), "\u{1F600}");
        // Lone halves become U+FFFD, the text around them survives.
        assert_eq!(text(b"a&#55357;b&#56838;c"), "a\u{fffd}b\u{fffd}c");
        assert_eq!(text(b"&#55357;"), "\u{fffd}");
        assert_eq!(
            text(b"&lt;&gt;&amp;&quot;&apos;&#x1F30D;&#0;"),
            "<>&\"'\u{1F30D}\u{fffd}"
        );
        // Stray ampersands and unreadable character references are kept
        // as written; any entity but the five is an error naming it.
        assert_eq!(
            unescape(b"AT&T & Co; &#xZZ; &; &&amp;"),
            Ok("AT&T & Co; &#xZZ; &; &&".to_owned())
        );
        assert_eq!(unescape(b"a &nbsp; b"), Err("&nbsp;".to_owned()));
        assert_eq!(unescape(b"&lt;&lol2;&lol;"), Err("&lol2;".to_owned()));
        assert_eq!(
            unescape("&pr\u{e9}nom; &x".as_bytes()),
            Err("&pr\u{e9}nom;".to_owned())
        );
    }

    #[test]
    fn undefined_entity_skips_its_element_only() {
        let sink = run(
            "calls.xml",
            &calls(concat!(
                "<call number=\"5555550101\" duration=\"5\" date=\"1704103200000\" type=\"1\" contact_name=\"Ada\" />\n",
                "<call number=\"5555550102\" duration=\"5\" date=\"1704103200001\" type=\"1\" contact_name=\"&lol;\" />\n",
                // In the number: before, it identified nobody and the call
                // vanished without a word.
                "<call number=\"&lol;\" duration=\"5\" date=\"1704103200002\" type=\"1\" />\n",
                "<call number=\"5555550104\" duration=\"5\" date=\"1704103200003\" type=\"1\" contact_name=\"Cy &amp; Dee\" />\n",
            )),
        );
        assert_eq!(
            warnings(&sink),
            [
                "calls.xml:4: skipped <call>: expected text in contact_name, found the entity \"&lol;\" (entities are never expanded)",
                "calls.xml:5: skipped <call>: expected text in number, found the entity \"&lol;\" (entities are never expanded)",
            ]
        );
        let kept: Vec<(&str, &[String])> = sink
            .events
            .iter()
            .map(|e| {
                let r = &sink.records[e.participants()[0] as usize];
                (r.phones[0].as_str(), r.names.as_slice())
            })
            .collect();
        assert_eq!(
            kept,
            [
                ("+15555550101", &["Ada".to_owned()][..]),
                ("+15555550104", &["Cy & Dee".to_owned()][..]),
            ]
        );
        // Texts: in an <sms> address, an <mms> contact_name, an <addr>.
        let sink = run(
            "sms.xml",
            concat!(
                "<smses count=\"4\">\n",
                "<sms address=\"&x;5555550121\" date=\"1714471200000\" type=\"1\" />\n",
                "<mms date=\"1714496400000\" msg_box=\"1\" address=\"+15555550161\" contact_name=\"&nbsp;Nia\"><parts/></mms>\n",
                "<mms date=\"1714496400001\" msg_box=\"1\" address=\"+15555550162\">\n",
                "<addrs><addr address=\"&me;\" type=\"151\" /></addrs>\n",
                "</mms>\n",
                "<sms address=\"5555550122\" date=\"1714471200001\" type=\"1\" contact_name=\"AT&T &#x1F600;\" />\n",
                "</smses>\n",
            ),
        );
        assert_eq!(
            warnings(&sink),
            [
                "sms.xml:2: skipped <sms>: expected text in address, found the entity \"&x;\" (entities are never expanded)",
                "sms.xml:3: skipped <mms>: expected text in contact_name, found the entity \"&nbsp;\" (entities are never expanded)",
                "sms.xml:5: skipped <addr>: expected text in address, found the entity \"&me;\" (entities are never expanded)",
            ]
        );
        // The <mms> around the skipped <addr> is kept, and the last <sms>.
        let kept = channels_and_first_phones(&sink);
        assert_eq!(
            kept,
            [
                (Channel::Mms, "+15555550162"),
                (Channel::Sms, "+15555550122")
            ]
        );
        assert_eq!(sink.records[1].names, ["AT&T \u{1F600}"]);
    }

    #[test]
    fn declared_entities_are_never_expanded() {
        // A "billion laughs" DOCTYPE: its entities are not expanded, so a
        // value using one is as unknown as an undefined entity.
        let sink = run(
            "calls.xml",
            concat!(
                "<?xml version=\"1.0\"?>\n",
                "<!DOCTYPE calls [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\n",
                "<calls count=\"3\">\n",
                "<call number=\"5555550101\" duration=\"5\" date=\"1704103200000\" type=\"1\" contact_name=\"&lol2; Ada\" />\n",
                "<call number=\"5555550102\" duration=\"5\" date=\"1704103200001\" type=\"1\" contact_name=\"Bea\" readable_date=\"&lol2;\" />\n",
                "<call number=\"5555550103\" duration=\"5\" date=\"1704103200002\" type=\"1\" contact_name=\"&lol;\" />\n",
                "</calls>\n",
            ),
        );
        assert_eq!(
            warnings(&sink),
            [
                "calls.xml:4: skipped <call>: expected text in contact_name, found the entity \"&lol2;\" (entities are never expanded)",
                "calls.xml:6: skipped <call>: expected text in contact_name, found the entity \"&lol;\" (entities are never expanded)",
            ]
        );
        // An entity in an attribute offgrid does not read costs nothing.
        assert_eq!(sink.events.len(), 1);
        assert_eq!(sink.events[0].location().line, Some(5));
        assert_eq!(sink.records.len(), 1);
        assert_eq!(sink.records[0].names, ["Bea"]);
    }
}
