//! Identity resolution: link records into people and find the owner.
//!
//! Records are linked by what they share, strongest first
//! (docs/identity.md has the rules as "why ...?" answers):
//!
//! 0. the user's decisions (`[identity] same` / `different` in the config),
//!    which win over every rule below;
//! 1. the owner's records are one person;
//! 2. the same LinkedIn profile, email or phone — unless the names plainly
//!    differ (a family landline, a shared inbox) or the profiles conflict;
//!    a record without a name on a shared identifier goes to the one person
//!    its call log `contact_name` names, or to nobody;
//! 3. names: the same words after folding case, accents, order, titles,
//!    credentials and emoji; then variants (a middle name in one source
//!    only, an initial, a nickname); then a one-letter typo, only with
//!    corroboration (the same company, a conversation of just the two, a
//!    call log `contact_name`). A name links only when exactly one person
//!    fits at its strongest level, and both sides fit only each other;
//!    otherwise it is ambiguous and links nobody.
//!
//! Every link keeps its reason ([`Link`]). The owner is the person holding any
//! record a source marked as the owner's.

mod by_name;
mod clusters;
mod commonness;
mod identifiers;
mod names;
mod nicknames;
mod people;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::model::{
    Email, Event, EventKind, Identifier, LinkedinUrl, Phone, Record, RecordRef, Region, SourceKind,
};

use by_name::*;
use clusters::*;
use commonness::Frequencies;
use identifiers::*;
use people::*;

pub use commonness::Namesakes;
pub use names::{normalize_name, parse_name, ParsedName, Variant};
pub use nicknames::pairs as nickname_pairs;

/// A stable identifier for a person, derived from their identifiers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PersonId(String);

impl PersonId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `s` has the shape of an id: `p` and 12 hex digits, as
    /// `people::assign_ids` writes them.
    pub fn has_shape(s: &str) -> bool {
        s.len() == 13 && s.starts_with('p') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
    }
}

impl std::fmt::Display for PersonId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One person: the records that are them, and what those records say.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: PersonId,
    /// The display name (LinkedIn's, else the address book's, else ...).
    pub name: String,
    pub emails: BTreeSet<Email>,
    pub phones: BTreeSet<Phone>,
    pub linkedin: Option<LinkedinUrl>,
    pub company: Option<String>,
    pub position: Option<String>,
    pub sources: BTreeSet<SourceKind>,
    pub categories: BTreeSet<String>,
    pub records: Vec<RecordRef>,
    pub owner: bool,
}

/// What backs up a link between two names one letter apart.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Corroboration {
    /// Both records name this company (folded).
    Company(String),
    /// A conversation whose only participants besides the owner are the two.
    Conversation,
    /// A call log or calendar names the one with the other's name.
    ContactName(String),
    /// An email address or LinkedIn profile of the one spells the other's
    /// name.
    Spelled(String),
}

/// Why two records were linked.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    Linkedin(LinkedinUrl),
    Email(Email),
    Phone(Phone),
    /// The same normalized full name, which fits exactly one person.
    Name(String),
    /// Two forms of one name (family name first, a middle name in one only,
    /// an initial, a nickname), which fit only each other.
    NameVariant {
        a: String,
        b: String,
        variant: Variant,
        /// How common the variant is in the data, for a nickname or an
        /// initial of the given name.
        namesakes: Option<Namesakes>,
    },
    /// Names one letter apart, with something else that says they are one.
    Typo {
        a: String,
        b: String,
        corroboration: Corroboration,
    },
    /// A number or address shared by several people; the record's
    /// `contact_name` hint names this one.
    SharedIdentifier {
        identifier: String,
        hint: String,
    },
    /// Both records are the account owner's.
    Owner,
    /// The config says so: `[identity] same = [[a, b]]`.
    Decision {
        a: String,
        b: String,
    },
}

impl Reason {
    /// One line for `people` and `explain`.
    pub fn describe(&self) -> String {
        match self {
            Reason::Linkedin(u) => format!("same LinkedIn profile {u}"),
            Reason::Email(e) => format!("same email {e}"),
            Reason::Phone(p) => format!("same phone {p}"),
            Reason::Name(n) => format!("same name \"{n}\", which fits one person only"),
            Reason::NameVariant {
                a,
                b,
                variant,
                namesakes,
            } => {
                let mut line = format!(
                    "name \"{a}\" = \"{b}\" ({}), which fits one person only",
                    variant.as_str()
                );
                if let Some(n) = namesakes {
                    let family = a.rsplit(' ').next().unwrap_or(a);
                    line.push_str("; ");
                    line.push_str(&n.describe(family));
                }
                line
            }
            Reason::Typo {
                a,
                b,
                corroboration,
            } => {
                let why = match corroboration {
                    Corroboration::Company(c) => format!("same company \"{c}\""),
                    Corroboration::Conversation => "a conversation of just the two".to_owned(),
                    Corroboration::ContactName(n) => format!("a contact name \"{n}\""),
                    Corroboration::Spelled(id) => format!("{id}, which spells the other"),
                };
                format!("name \"{a}\" ~ \"{b}\" (one-letter typo), backed by {why}")
            }
            Reason::SharedIdentifier { identifier, hint } => {
                format!("{identifier} is shared by several people; its contact name \"{hint}\" picks this one")
            }
            Reason::Owner => "both are the account owner".to_owned(),
            Reason::Decision { a, b } => format!("config: same = [\"{a}\", \"{b}\"]"),
        }
    }

    /// A short rule name for CSV and JSON: `linkedin`, `email`, `phone`,
    /// `name`, `order`, `middle`, `initial`, `nickname`, `typo`,
    /// `contact-name`, `owner`, `config`.
    pub fn rule(&self) -> &'static str {
        match self {
            Reason::Linkedin(_) => "linkedin",
            Reason::Email(_) => "email",
            Reason::Phone(_) => "phone",
            Reason::Name(_) => "name",
            Reason::NameVariant { variant, .. } => match variant {
                Variant::Order => "order",
                Variant::Middle => "middle",
                Variant::Initial => "initial",
                Variant::Nickname => "nickname",
                Variant::Exact => "name",
                Variant::Typo => "typo",
            },
            Reason::Typo { .. } => "typo",
            Reason::SharedIdentifier { .. } => "contact-name",
            Reason::Owner => "owner",
            Reason::Decision { .. } => "config",
        }
    }
}

/// A link between two records, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub a: RecordRef,
    pub b: RecordRef,
    pub reason: Reason,
}

/// A name (or a shared phone or email) that fits several people; records
/// with only that name were linked to none of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguity {
    pub name: String,
    /// The people the name fits.
    pub candidates: Vec<usize>,
    /// The people holding the records that were left unlinked.
    pub unlinked: Vec<usize>,
}

/// The outcome of resolution.
#[derive(Debug, Default)]
pub struct Resolution {
    /// Sorted by `PersonId`.
    pub persons: Vec<Person>,
    /// For each record, the index of its person in `persons`.
    pub person_of: Vec<usize>,
    pub links: Vec<Link>,
    pub ambiguous: Vec<Ambiguity>,
    /// Sides of `[identity]` decisions that name no record (a typo in the
    /// config, or an export not given); a `same` pair with such a side
    /// does nothing.
    pub unmatched_decisions: Vec<String>,
}

impl Resolution {
    /// The owner's index, when some source said who the owner is.
    pub fn owner(&self) -> Option<usize> {
        self.persons.iter().position(|p| p.owner)
    }

    /// Who is who, by what a user may name them with (see
    /// [`Directory::named`]); built once, then asked as often as needed.
    pub fn directory<'r>(&'r self, records: &[Record]) -> Directory<'r> {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in self.persons.iter().enumerate() {
            let mut keys: BTreeSet<String> = BTreeSet::new();
            keys.insert(normalize_name(&p.name));
            for &r in &p.records {
                let rec = &records[r as usize];
                if !rec.name_is_hint {
                    keys.extend(rec.names.iter().map(|n| normalize_name(n)));
                }
            }
            for k in keys.into_iter().filter(|k| !k.is_empty()) {
                by_name.entry(k).or_default().push(i);
            }
        }
        Directory {
            persons: &self.persons,
            by_name,
        }
    }
}

/// The people of a [`Resolution`] by what a user may name them with.
pub struct Directory<'r> {
    persons: &'r [Person],
    /// By each folded name: the display name and every record's (call
    /// logs' and calendars' contact names aside).
    by_name: HashMap<String, Vec<usize>>,
}

impl Directory<'_> {
    /// The people `who` names, in order, the owner included: those holding
    /// the email, phone or LinkedIn profile; for a name, those whose
    /// display name or any record's name is that name, folded as
    /// resolution folds names.
    pub fn named(&self, who: &Identifier) -> Vec<usize> {
        let holding = |f: &dyn Fn(&Person) -> bool| -> Vec<usize> {
            (0..self.persons.len())
                .filter(|&i| f(&self.persons[i]))
                .collect()
        };
        match who {
            Identifier::Email(e) => holding(&|p| p.emails.contains(e)),
            Identifier::Phone(ph) => holding(&|p| p.phones.contains(ph)),
            Identifier::Linkedin(u) => holding(&|p| p.linkedin.as_ref() == Some(u)),
            Identifier::Name(n) => self
                .by_name
                .get(&normalize_name(n))
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// What resolution may use besides the records.
#[derive(Clone, Debug, Default)]
pub struct ResolveOptions<'a> {
    /// The events, for corroboration (a conversation of just the two).
    pub events: &'a [Event],
    /// `[identity] same`: each side a name, email, phone or profile URL.
    pub same: Vec<[String; 2]>,
    /// `[identity] different`.
    pub different: Vec<[String; 2]>,
    /// For phone numbers in `same` and `different`.
    pub region: Region,
}

/// Links `records` into people with no events and no user decisions.
pub fn resolve(records: &[Record]) -> Resolution {
    resolve_with(records, &ResolveOptions::default())
}

/// Whether record `r` holds what one side of a `same` / `different` pair
/// names (a name folded as resolution folds names: `key`).
fn side_matches(side: &Identifier, key: &str, r: &Record) -> bool {
    match side {
        Identifier::Email(e) => r.emails.contains(e),
        Identifier::Phone(p) => r.phones.contains(p),
        Identifier::Linkedin(u) => r.linkedin.as_ref() == Some(u),
        Identifier::Name(_) => {
            !key.is_empty() && !r.name_is_hint && r.names.iter().any(|n| normalize_name(n) == key)
        }
    }
}

/// The records one side of a decision names.
fn side_records(records: &[Record], raw: &str, region: Region) -> Vec<usize> {
    let Some(side) = Identifier::parse(raw, region) else {
        return Vec::new();
    };
    let key = match &side {
        Identifier::Name(n) => normalize_name(n),
        _ => String::new(),
    };
    (0..records.len())
        .filter(|&i| side_matches(&side, &key, &records[i]))
        .collect()
}

/// Links `records` into people.
pub fn resolve_with(records: &[Record], opts: &ResolveOptions<'_>) -> Resolution {
    // Parsing names is a tenth of the work and independent per record.
    let parsed: Vec<Vec<ParsedName>> = records
        .par_iter()
        .map(|r| {
            r.names
                .iter()
                .map(|n| parse_name(n))
                .filter(|p| !p.words.is_empty())
                .collect()
        })
        .collect();
    // What the name rounds compare (each related pair of names, who took
    // part in each conversation) depends on the records alone: found on
    // one core while the other sets up the clusters and links identifiers.
    let ((related, conversations), identified) = rayon::join(
        || {
            (
                Related::new(records, &parsed),
                Conversations::new(opts.events),
            )
        },
        || link_identifiers(records, &parsed, opts),
    );
    let Identified {
        mut uf,
        mut links,
        mut ambiguous,
        unmatched,
    } = identified;

    // 3. Names.
    link_names(
        records,
        &parsed,
        &related,
        &conversations,
        &mut uf,
        &mut links,
        &mut ambiguous,
    );

    let mut resolution = finish(records, &parsed, &mut uf, links, &ambiguous);
    resolution.unmatched_decisions = unmatched.into_iter().collect();
    resolution
}

/// A link between records `a` and `b`, smaller first.
fn link(a: usize, b: usize, reason: Reason) -> Link {
    let a = RecordRef::try_from(a).expect("record index fits u32");
    let b = RecordRef::try_from(b).expect("record index fits u32");
    Link {
        a: a.min(b),
        b: a.max(b),
        reason,
    }
}

#[cfg(test)]
mod tests;
