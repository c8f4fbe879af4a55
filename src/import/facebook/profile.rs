//! The profile: `profile_information/profile_information.json`, under
//! `profile` or `profile_v2`, in every layout generation.
//!
//! It gives the owner's record (marked as the owner) with their name,
//! previous names, emails and phone numbers, the numbers read in the run's
//! region (docs/formats.md, Facebook, "What each becomes"). An email or
//! phone number that does not parse is a located warning; a profile with
//! nothing usable gives a warning and no record. Birthday, places and the
//! rest are never read.

use serde::Deserialize;

use super::{parse, Fixed};
use crate::import::text::quote;
use crate::import::{Context, Entry, ImportError, Sink};
use crate::model::{Email, Phone, Record, SourceKind};

/// Reads the profile into `sink`: the owner's record.
///
/// # Errors
///
/// When the file cannot be read, is not JSON of the expected shape, or has
/// neither a `profile` nor a `profile_v2` object.
pub(super) fn import(
    entry: &mut Entry<'_>,
    ctx: &Context,
    sink: &mut Sink,
) -> Result<(), ImportError> {
    let file: ProfileFile = parse(entry)?;
    let location = entry.location(None);
    let Some(profile) = file.profile_v2.or(file.profile) else {
        return Err(ImportError::unexpected(
            location,
            "a \"profile\" or \"profile_v2\" object",
            "none",
        ));
    };
    let mut record = Record::new(SourceKind::Facebook, location.clone());
    record.owner = true;
    match &profile.name {
        Some(ProfileName::Plain(n)) => record.add_name(&n.0),
        Some(ProfileName::Parts {
            full_name,
            first_name,
            middle_name,
            last_name,
        }) => match full_name {
            Some(full) if !full.0.trim().is_empty() => record.add_name(&full.0),
            _ => {
                let joined: Vec<&str> = [first_name, middle_name, last_name]
                    .into_iter()
                    .flatten()
                    .map(|p| p.0.trim())
                    .filter(|p| !p.is_empty())
                    .collect();
                record.add_name(&joined.join(" "));
            }
        },
        None => {}
    }
    for prev in &profile.previous_names {
        match prev {
            PreviousName::Entry { name: Some(n) } | PreviousName::Plain(n) => record.add_name(&n.0),
            PreviousName::Entry { name: None } => {}
        }
    }
    let emails: Vec<&Fixed> = match &profile.emails {
        Some(ProfileEmails::Lists {
            emails,
            previous_emails,
        }) => emails.iter().chain(previous_emails).collect(),
        Some(ProfileEmails::Plain(list)) => list.iter().collect(),
        None => Vec::new(),
    };
    for raw in emails {
        match Email::parse(&raw.0) {
            Some(e) => record.add_email(e),
            None => sink.warn(
                location.clone(),
                format!("emails: expected an email address, found {}", quote(&raw.0)),
            ),
        }
    }
    for phone in &profile.phone_numbers {
        let raw = match phone {
            ProfilePhone::Entry {
                phone_number: Some(p),
            }
            | ProfilePhone::Plain(p) => p,
            ProfilePhone::Entry { phone_number: None } => continue,
        };
        match Phone::parse(&raw.0, ctx.region) {
            Some(p) => record.add_phone(p),
            None => sink.warn(
                location.clone(),
                format!(
                    "phone_numbers: expected a phone number, found {}",
                    quote(&raw.0)
                ),
            ),
        }
    }
    if record.is_empty() {
        sink.warn(
            location,
            "profile: expected a name, email or phone number, found none",
        );
    } else {
        sink.record(record);
    }
    Ok(())
}

#[derive(Deserialize)]
struct ProfileFile {
    #[serde(default)]
    profile: Option<Profile>,
    #[serde(default)]
    profile_v2: Option<Profile>,
}

#[derive(Deserialize)]
struct Profile {
    #[serde(default)]
    name: Option<ProfileName>,
    #[serde(default)]
    emails: Option<ProfileEmails>,
    #[serde(default)]
    phone_numbers: Vec<ProfilePhone>,
    #[serde(default)]
    previous_names: Vec<PreviousName>,
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "a name or an object with full_name")]
enum ProfileName {
    Parts {
        #[serde(default)]
        full_name: Option<Fixed>,
        #[serde(default)]
        first_name: Option<Fixed>,
        #[serde(default)]
        middle_name: Option<Fixed>,
        #[serde(default)]
        last_name: Option<Fixed>,
    },
    Plain(Fixed),
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "a list of emails or an object with emails")]
enum ProfileEmails {
    Lists {
        #[serde(default)]
        emails: Vec<Fixed>,
        #[serde(default)]
        previous_emails: Vec<Fixed>,
    },
    Plain(Vec<Fixed>),
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "a phone number or an object with phone_number")]
enum ProfilePhone {
    Entry {
        #[serde(default)]
        phone_number: Option<Fixed>,
    },
    Plain(Fixed),
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "a previous name or an object with a name")]
enum PreviousName {
    Entry {
        #[serde(default)]
        name: Option<Fixed>,
    },
    Plain(Fixed),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::facebook::tests::{run, run_err, warnings};

    // ------------------------------------------------------------ profile

    #[test]
    fn profile_is_the_owner() {
        let path = "personal_information/profile_information/profile_information.json";
        let sink = run(
            path,
            r#"{"profile_v2": {
                 "name": {"full_name": "Ana Ribeiro-S\u00c3\u00b8rensen", "first_name": "Ana"},
                 "emails": {"emails": ["Ana@Example.org"], "previous_emails": ["old@example.net", "nope"]},
                 "previous_names": [{"name": "Ana Ribeiro", "timestamp": 1}],
                 "phone_numbers": [{"phone_type": "Mobile", "phone_number": "(555) 010-0100"}],
                 "birthday": {"year": 1990, "month": 1, "day": 2}}}"#,
        );
        assert_eq!(sink.records.len(), 1);
        let r = &sink.records[0];
        assert!(r.owner);
        assert_eq!(r.names, ["Ana Ribeiro-Sørensen", "Ana Ribeiro"]);
        let emails: Vec<&str> = r.emails.iter().map(Email::as_str).collect();
        assert_eq!(emails, ["ana@example.org", "old@example.net"]);
        let phones: Vec<&str> = r.phones.iter().map(Phone::as_str).collect();
        assert_eq!(phones, ["+15550100100"]);
        assert_eq!(
            warnings(&sink),
            [format!(
                "{path}: emails: expected an email address, found \"nope\""
            )]
        );
    }

    #[test]
    fn old_profile_shapes() {
        let path = "profile_information/profile_information.json";
        let sink = run(
            path,
            r#"{"profile": {"name": "Ana Old", "emails": ["a@example.org"]}}"#,
        );
        assert_eq!(sink.records[0].names, ["Ana Old"]);
        assert!(sink.records[0].owner);
        let sink = run(
            path,
            r#"{"profile": {"name": {"first_name": "Ana", "middle_name": "", "last_name": "Old"}}}"#,
        );
        assert_eq!(sink.records[0].names, ["Ana Old"]);
        let sink = run(path, r#"{"profile_v2": {"username": "x"}}"#);
        assert!(sink.records.is_empty());
        assert_eq!(
            warnings(&sink),
            [format!(
                "{path}: profile: expected a name, email or phone number, found none"
            )]
        );
        assert_eq!(
            run_err(path, r#"{"other": {}}"#),
            format!("{path}: expected a \"profile\" or \"profile_v2\" object, found none")
        );
    }
}
