//! What a parsed card says about a person: names, emails, phones, the
//! LinkedIn profile, organisation and categories, as a [`Record`].

use super::*;
use crate::model::{region_of_country, reread_foreign_phones};

/// A contact group (`KIND:group`, Apple's `X-ADDRESSBOOKSERVER-KIND:group`)
/// lists members; it is not a person and is skipped without a warning.
pub(super) fn is_group(card: &VCard) -> bool {
    card.entries.iter().any(|e| match &e.name {
        VCardProperty::Kind => e
            .values
            .iter()
            .any(|v| matches!(v, VCardValue::Kind(VCardKind::Group))),
        VCardProperty::Other(name) => {
            name.eq_ignore_ascii_case("X-ADDRESSBOOKSERVER-KIND")
                && e.values.iter().any(|v| {
                    v.as_text()
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("group"))
                })
        }
        _ => false,
    })
}

/// Builds a record from a parsed card.
#[derive(Default)]
pub(super) struct Fields {
    /// A value used for the record could not be decoded (its charset is
    /// unknown to this build) and was skipped.
    pub(super) undecodable: bool,
}

impl Fields {
    /// The text of a value, or `None` when it is binary, empty or holds
    /// U+FFFD (a charset `calcard` could not decode).
    pub(super) fn text<'v>(&mut self, value: &'v VCardValue) -> Option<&'v str> {
        let text = match value {
            VCardValue::Text(t) => t.as_str(),
            VCardValue::Component(parts) => parts.first().map_or("", String::as_str),
            _ => return None,
        };
        if text.contains('\u{FFFD}') {
            self.undecodable = true;
            return None;
        }
        let text = text.trim();
        (!text.is_empty()).then_some(text)
    }

    pub(super) fn record(&mut self, card: &VCard, location: Location, region: Region) -> Record {
        let mut record = Record::new(SourceKind::Vcard, location);
        for e in card.properties(&VCardProperty::Fn) {
            for v in &e.values {
                let Some(name) = self.text(v) else { continue };
                // Google and Android fill FN with the address or number of
                // a contact that has no name: that is not a name.
                if let Some(email) = name.contains('@').then(|| Email::parse(name)).flatten() {
                    record.add_email(email);
                } else if let Some(phone) = looks_like_number(name)
                    .then(|| Phone::parse(name, region))
                    .flatten()
                {
                    record.add_phone(phone);
                } else {
                    record.add_name(name);
                }
            }
        }
        if record.names.is_empty() {
            if let Some(n) = card.property(&VCardProperty::N) {
                let name = self.compose_n(n);
                record.add_name(&name);
            }
        }
        for e in &card.entries {
            match &e.name {
                VCardProperty::Email => {
                    for v in &e.values {
                        if let Some(email) = self.text(v).and_then(email_of) {
                            record.add_email(email);
                        }
                    }
                }
                VCardProperty::Tel => {
                    for v in &e.values {
                        // `TEL;VALUE=uri:tel:+1-555-...` (4.0) is handled by
                        // Phone::parse; a SIP address is no number.
                        let phone = self
                            .text(v)
                            .filter(|t| !t.contains('@'))
                            .and_then(|t| Phone::parse(t, region));
                        if let Some(phone) = phone {
                            record.add_phone(phone);
                        }
                    }
                }
                VCardProperty::Org if record.company.is_none() => {
                    record.company = e
                        .values
                        .first()
                        .and_then(|v| self.text(v))
                        .map(str::to_owned);
                }
                VCardProperty::Title if record.position.is_none() => {
                    record.position = e
                        .values
                        .first()
                        .and_then(|v| self.text(v))
                        .map(str::to_owned);
                }
                VCardProperty::Categories => {
                    for v in &e.values {
                        if let Some(c) = self.text(v) {
                            if !record.categories.iter().any(|have| have == c) {
                                record.categories.push(c.to_owned());
                            }
                        }
                    }
                }
                _ => {
                    if record.linkedin.is_none() {
                        record.linkedin = linkedin_of(e);
                    }
                }
            }
        }
        // A number not valid in the user's region may be one of the
        // country of the card's own address (`ADR`'s last component).
        let country = card
            .properties(&VCardProperty::Adr)
            .filter_map(|e| e.values.get(6).and_then(|v| self.text(v)))
            .find_map(region_of_country);
        if let Some(there) = country.filter(|&there| there != region) {
            reread_foreign_phones(&mut record, there);
        }
        record
    }

    /// "given additional family" from `N` (family;given;additional;prefix;
    /// suffix); prefixes and suffixes are left out, as names elsewhere
    /// rarely carry them.
    fn compose_n(&mut self, n: &VCardEntry) -> String {
        let mut part = |i: usize| -> String {
            match n.values.get(i) {
                Some(VCardValue::Component(parts)) => parts
                    .iter()
                    .map(|p| p.trim())
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                Some(v) => self.text(v).unwrap_or_default().to_owned(),
                None => String::new(),
            }
        };
        let (family, given, additional) = (part(0), part(1), part(2));
        [given, additional, family]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Whether an `FN` is a phone number: no letters and at least 7 digits.
pub(crate) fn looks_like_number(name: &str) -> bool {
    !name.chars().any(char::is_alphabetic) && name.chars().filter(char::is_ascii_digit).count() >= 7
}

/// An email address, also from `"Name" <address>`.
pub(crate) fn email_of(raw: &str) -> Option<Email> {
    let inner = match (raw.rfind('<'), raw.rfind('>')) {
        (Some(open), Some(close)) if open < close => &raw[open + 1..close],
        _ => raw,
    };
    Email::parse(inner)
}

/// A LinkedIn profile from `X-SOCIALPROFILE`/`SOCIALPROFILE` (its URL, else
/// its `x-user`/`USERNAME` when typed linkedin), or from a `URL` or `IMPP`
/// holding a `linkedin.com/in/` address (docs/formats.md, "vCard").
fn linkedin_of(e: &VCardEntry) -> Option<LinkedinUrl> {
    let profile = match &e.name {
        VCardProperty::Socialprofile => true,
        VCardProperty::Other(name) => name.eq_ignore_ascii_case("X-SOCIALPROFILE"),
        VCardProperty::Url | VCardProperty::Impp => false,
        _ => return None,
    };
    let texts = || e.values.iter().filter_map(VCardValue::as_text);
    if let Some(url) = texts().find_map(LinkedinUrl::parse) {
        return Some(url);
    }
    if !profile || !says_linkedin(e) {
        return None;
    }
    let user = e.params.iter().find_map(|p| match &p.name {
        VCardParameterName::Username => p.value.as_text(),
        VCardParameterName::Other(name) if name.eq_ignore_ascii_case("x-user") => p.value.as_text(),
        _ => None,
    });
    // A bare slug as the value: `X-SOCIALPROFILE;type=linkedin:ann-example`.
    let bare = || {
        texts().find(|t| {
            !t.is_empty() && !t.contains([':', '/']) && !t.chars().any(char::is_whitespace)
        })
    };
    let slug = user.or_else(bare)?;
    LinkedinUrl::parse(&format!("linkedin.com/in/{}", slug.trim()))
}

fn says_linkedin(e: &VCardEntry) -> bool {
    e.params.iter().any(|p| {
        let value_is = || {
            p.value
                .as_text()
                .is_some_and(|t| t.eq_ignore_ascii_case("linkedin"))
        };
        match &p.name {
            VCardParameterName::Type | VCardParameterName::ServiceType => value_is(),
            VCardParameterName::Other(name) => {
                name.eq_ignore_ascii_case("linkedin")
                    || (name.eq_ignore_ascii_case("X-SERVICE-TYPE") && value_is())
            }
            _ => false,
        }
    })
}
