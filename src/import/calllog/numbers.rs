//! Who a `number` or `address` is: which values identify somebody (hidden
//! callers, sender names and short codes do not), their normalized keys for
//! records and dedup keys, and the one record per number or address a file
//! gets.

use super::Parser;
use crate::model::{Email, Phone, Record, RecordRef, Region, SourceKind};

/// A number or address that identifies somebody.
pub(super) enum Ident {
    Phone(Phone),
    Email(Email),
}

impl Ident {
    /// The normalized form, used as the per-file record key and in dedup keys.
    pub(super) fn key(&self) -> &str {
        match self {
            Ident::Phone(p) => p.as_str(),
            Ident::Email(e) => e.as_str(),
        }
    }
}

/// Reads a `number` / `address` value, or `None` when it identifies nobody:
/// hidden callers (empty, `null`, `-1`, `-2`, `-3`, "Private"), alphanumeric
/// sender names ("AT&T"), service short codes of six digits or fewer without
/// `+` or `00` (`7535`, `611`), `*`/`#` codes (`*86`), and RCS group ids
/// (`group_8@rcs.google.com`, devadvance corpus file).
pub(super) fn identify(raw: &str, region: Region) -> Option<Ident> {
    let s = raw.trim();
    if s.contains('@') {
        let email = Email::parse(s)?;
        let domain = email.as_str().rsplit('@').next().unwrap_or("");
        if domain == "rcs.google.com" || domain.ends_with(".rcs.google.com") {
            return None;
        }
        return Some(Ident::Email(email));
    }
    if s.starts_with('-') || s.contains(['*', '#']) {
        return None;
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    if !s.starts_with('+') && !digits.starts_with("00") && digits.len() <= 6 {
        return None;
    }
    Phone::parse(s, region).map(Ident::Phone)
}

/// How a token of an address list appears in a dedup key: normalized when it
/// identifies somebody, else trimmed and lowercased as written.
pub(super) fn token_key(raw: &str, region: Region) -> String {
    identify(raw, region).map_or_else(|| raw.trim().to_lowercase(), |ident| ident.key().to_owned())
}

impl Parser<'_> {
    /// The record for `ident`, created at `line` when first seen; `name` is
    /// added as a hint.
    pub(super) fn person(&mut self, ident: &Ident, name: Option<&str>, line: u64) -> RecordRef {
        let r = match self.people.get(ident.key()) {
            Some(&r) => r,
            None => {
                let mut record = Record::new(SourceKind::Calllog, self.location(line));
                record.name_is_hint = true;
                match ident {
                    Ident::Phone(p) => record.add_phone(p.clone()),
                    Ident::Email(e) => record.add_email(e.clone()),
                }
                let r = self.sink.record(record);
                self.people.insert(ident.key().to_owned(), r);
                r
            }
        };
        if let Some(name) = name {
            self.sink.records[r as usize].add_name(name);
        }
        r
    }

    /// The owner's record for their own number, marking an existing record
    /// for it as the owner's.
    pub(super) fn owner(&mut self, ident: &Ident, line: u64) -> RecordRef {
        self.owner_keys.insert(ident.key().to_owned());
        let r = self.person(ident, None, line);
        self.sink.records[r as usize].owner = true;
        r
    }
}

/// `idents` without repeats, in first-seen order.
pub(super) fn distinct(idents: impl Iterator<Item = Ident>) -> Vec<Ident> {
    let mut out: Vec<Ident> = Vec::new();
    for ident in idents {
        if !out.iter().any(|o| o.key() == ident.key()) {
            out.push(ident);
        }
    }
    out
}

pub(super) fn distinct_refs<'i>(idents: &[&'i Ident]) -> Vec<&'i Ident> {
    let mut out: Vec<&Ident> = Vec::new();
    for ident in idents {
        if !out.iter().any(|o| o.key() == ident.key()) {
            out.push(ident);
        }
    }
    out
}

/// Keys sorted and deduplicated, joined with `~`, so a dedup key does not
/// depend on the order a backup lists the members in.
pub(super) fn sorted_keys(keys: impl Iterator<Item = String>) -> String {
    let mut keys: Vec<String> = keys.collect();
    keys.sort();
    keys.dedup();
    keys.join("~")
}
