//! `messages.csv`: one `Online` event per message, and one record per
//! participant (docs/formats.md, "messages.csv").
//!
//! Read in two passes: the rows stream into small keys (bodies dropped,
//! only hashed into each message's fingerprint), then participants are
//! resolved with what the whole file says (names that go with a URL, who
//! the owner is), and records and events are pushed in row order.

use std::collections::{BTreeSet, HashMap, HashSet};

use rustc_hash::FxBuildHasher;

use super::dates::parse_when;
use super::{add_display_name, Key, Loc, Party, Rows};
use crate::import::text::quote;
use crate::import::{fingerprint, ImportError, Later, Shared, Sink};
use crate::model::{Channel, EventKind, LinkedinUrl, Record, RecordRef, SourceKind};

#[derive(Default)]
struct Strings {
    ids: HashMap<String, u32, FxBuildHasher>,
    all: Vec<String>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.all.len()).expect("fewer than 2^32 strings");
        self.all.push(s.to_owned());
        self.ids.insert(s.to_owned(), id);
        id
    }

    fn get(&self, id: u32) -> &str {
        &self.all[id as usize]
    }
}

/// What a message of the first pass is kept by, until its participants
/// are known ([`Later`]): its conversation (a row of its own when unknown),
/// its sender (an index into [`Messages::parties`]), its recipients (into
/// [`Messages::to`]) and, in 2018 files, its direction (`Some(true)` for
/// OUTGOING). Its text lives once in [`Messages`] (a conversation's cells
/// repeat on every row), so a file of a million messages stays small.
type MessageKey = (u32, u32, u32, Option<bool>);

/// What the first pass read besides the messages themselves.
#[derive(Default)]
struct Messages {
    strings: Strings,
    /// Senders, each once.
    parties: Vec<Party>,
    /// Sender by its `FROM` and `SENDER PROFILE URL` cells; `None` for a
    /// hidden member.
    party_ids: HashMap<(u32, u32), Option<u32>, FxBuildHasher>,
    /// `TO` (comma-joined names) and `RECIPIENT PROFILE URLS` (comma-joined)
    /// as written, each pair once.
    to: Vec<(u32, u32)>,
    to_ids: HashMap<(u32, u32), u32, FxBuildHasher>,
}

impl Messages {
    /// The sender of a row; `None` for a hidden member.
    fn sender(&mut self, name: &str, url: &str) -> Option<u32> {
        let cells = (self.strings.id(name), self.strings.id(url));
        if let Some(&p) = self.party_ids.get(&cells) {
            return p;
        }
        let party = Party::new(name, url).map(|party| {
            self.parties.push(party);
            u32::try_from(self.parties.len() - 1).expect("fewer than 2^32 parties")
        });
        self.party_ids.insert(cells, party);
        party
    }

    fn to(&mut self, names: &str, urls: &str) -> u32 {
        let cells = (self.strings.id(names), self.strings.id(urls));
        *self.to_ids.entry(cells).or_insert_with(|| {
            self.to.push(cells);
            u32::try_from(self.to.len() - 1).expect("fewer than 2^32 recipient lists")
        })
    }
}

/// Reads messages in two passes: the rows stream into small keys
/// ([`MessageKey`], bodies dropped), then participants are resolved with
/// what the whole file says (names that go with a URL, who the owner is),
/// and records and events are pushed in row order.
pub(super) fn import(rows: &mut Rows<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let conv = rows.col(&["conversation id"]);
    let from = rows.col(&["from"]);
    let from_url = rows.col(&["sender profile url"]);
    let to = rows.col(&["to"]);
    let to_urls = rows.col(&["recipient profile urls"]);
    let date = rows.col(&["date"]);
    let content = rows.col(&["content"]);
    let direction = rows.col(&["direction"]);
    let draft = rows.col(&["is message draft"]);
    let date_name = rows.name_of(date, "DATE");
    let loc = rows.loc.clone();
    let mut messages = Messages::default();
    let mut later = sink.later::<MessageKey>();
    rows.for_each(sink, |row, sink| {
        if row.get(draft).eq_ignore_ascii_case("yes") {
            return;
        }
        let raw_date = row.get(date);
        let Some(when) = parse_when(&raw_date) else {
            sink.warn(
                loc.at(Some(row.line)),
                format!("expected a date in {date_name}, found {}", quote(&raw_date)),
            );
            return;
        };
        // A message from a hidden member credits nobody: skipped.
        let Some(sender) = messages.sender(&row.get(from), &row.get(from_url)) else {
            return;
        };
        let party = &messages.parties[sender as usize];
        let sender_key = party
            .url
            .as_ref()
            .map_or_else(|| party.name.as_deref().unwrap_or(""), |u| u.as_str());
        let fingerprint = fingerprint(&[
            b"linkedin-message",
            raw_date.as_bytes(),
            sender_key.as_bytes(),
            row.raw(content),
        ]);
        let conversation = match row.get(conv) {
            c if c.is_empty() => messages.strings.id(&format!("line {}", row.line)),
            c => messages.strings.id(&c),
        };
        let to = messages.to(&row.get(to), &row.get(to_urls));
        let outgoing = match row.get(direction) {
            d if d.eq_ignore_ascii_case("outgoing") => Some(true),
            d if d.eq_ignore_ascii_case("incoming") => Some(false),
            _ => None,
        };
        let key = (conversation, sender, to, outgoing);
        later.message(sink, key, when, fingerprint, row.line);
    })?;
    push_messages(&messages, later, &loc, sink);
    Ok(())
}

/// The recipients of each distinct `TO` list, names paired with URLs where
/// the row allows it.
fn recipients(m: &Messages) -> Vec<Vec<Party>> {
    // Names known to be whole display names: every sender's, and every
    // `TO` of a message with exactly one recipient URL.
    let mut known: BTreeSet<&str> = m.parties.iter().filter_map(|p| p.name.as_deref()).collect();
    let urls_of = |urls: u32| -> Vec<&str> {
        m.strings
            .get(urls)
            .split(',')
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .collect()
    };
    for &(to, urls) in &m.to {
        let to = m.strings.get(to);
        if !to.is_empty() && urls_of(urls).len() == 1 {
            known.insert(to);
        }
    }
    m.to.iter()
        .map(|&(to, urls)| {
            let to = m.strings.get(to);
            let urls = urls_of(urls);
            if urls.is_empty() {
                return split_names(to, &known)
                    .into_iter()
                    .filter_map(|n| Party::new(&n, ""))
                    .collect();
            }
            let names: Vec<String> = if urls.len() == 1 {
                vec![to.to_owned()]
            } else {
                split_names(to, &known)
            };
            let paired = names.len() == urls.len();
            urls.iter()
                .enumerate()
                .filter_map(|(i, url)| {
                    let name = if paired { names[i].as_str() } else { "" };
                    Party::new(name, url)
                })
                .collect()
        })
        .collect()
}

/// Splits a comma-joined `TO` list of names. `TO` is ambiguous when a name
/// holds a comma (`"Božić, Ph.D."`), so: the longest run of pieces that is
/// a name seen elsewhere in the file wins; otherwise a piece of a single
/// word (`PhD`, `MBA`) is taken as a credential of the name before it.
fn split_names(to: &str, known: &BTreeSet<&str>) -> Vec<String> {
    let to = to.trim();
    if to.is_empty() {
        return Vec::new();
    }
    if known.contains(to) {
        return vec![to.to_owned()];
    }
    let pieces: Vec<&str> = to.split(',').map(str::trim).collect();
    let mut names: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        // A name holds few commas; the bound keeps hostile input linear.
        let longest = (i + 1..=pieces.len().min(i + 4))
            .rev()
            .find(|&j| known.contains(pieces[i..j].join(", ").as_str()));
        if let Some(j) = longest {
            names.push(pieces[i..j].join(", "));
            i = j;
            continue;
        }
        let piece = pieces[i];
        match names.last_mut() {
            Some(prev)
                if !piece.contains(char::is_whitespace) && !known.contains(prev.as_str()) =>
            {
                prev.push_str(", ");
                prev.push_str(piece);
            }
            _ => names.push(piece.to_owned()),
        }
        i += 1;
    }
    names.retain(|n| !n.is_empty());
    names
}

/// The owner's keys: 2018 files say it (`Direction` OUTGOING: `From` is the
/// owner); later files do not, so the one participant present in every
/// conversation, when there are at least two, is taken as the owner.
fn owners(
    later: &Later<MessageKey>,
    sender_keys: &[Option<Key>],
    to_keys: &[Vec<Key>],
) -> BTreeSet<Key> {
    if later
        .keys()
        .any(|(&(_, _, _, outgoing), _)| outgoing.is_some())
    {
        return later
            .keys()
            .filter(|(&(_, _, _, outgoing), _)| outgoing == Some(true))
            .filter_map(|(&(_, sender, _, _), _)| sender_keys[sender as usize].clone())
            .collect();
    }
    let mut seen: HashSet<(u32, u32, u32)> = HashSet::new();
    let mut by_conversation: HashMap<u32, BTreeSet<&Key>> = HashMap::new();
    for (&(conversation, sender, to, _), _) in later.keys() {
        if seen.insert((conversation, sender, to)) {
            by_conversation.entry(conversation).or_default().extend(
                sender_keys[sender as usize]
                    .iter()
                    .chain(&to_keys[to as usize]),
            );
        }
    }
    if by_conversation.len() < 2 {
        return BTreeSet::new();
    }
    let mut sets = by_conversation.into_values();
    let mut common = sets.next().unwrap_or_default();
    for set in sets {
        common.retain(|k| set.contains(k));
    }
    if common.len() == 1 {
        common.into_iter().cloned().collect()
    } else {
        BTreeSet::new()
    }
}

fn push_messages(m: &Messages, later: Later<MessageKey>, loc: &Loc, sink: &mut Sink) {
    let recipients = recipients(m);

    // Names that go with each URL, in order of appearance; a name-only
    // mention resolves to a URL when that name goes with exactly one. Each
    // sender and each recipient list is looked at once, at its first
    // message.
    let mut url_names: HashMap<&LinkedinUrl, Vec<&str>> = HashMap::new();
    let mut name_urls: HashMap<&str, BTreeSet<&LinkedinUrl>> = HashMap::new();
    let mut party_seen = vec![false; m.parties.len()];
    let mut to_seen = vec![false; m.to.len()];
    for (&(_, sender, to, _), _) in later.keys() {
        let mut parties: Vec<&Party> = Vec::new();
        if !std::mem::replace(&mut party_seen[sender as usize], true) {
            parties.push(&m.parties[sender as usize]);
        }
        if !std::mem::replace(&mut to_seen[to as usize], true) {
            parties.extend(&recipients[to as usize]);
        }
        for p in parties {
            if let (Some(name), Some(url)) = (p.name.as_deref(), p.url.as_ref()) {
                let names = url_names.entry(url).or_default();
                if !names.contains(&name) {
                    names.push(name);
                }
                name_urls.entry(name).or_default().insert(url);
            }
        }
    }
    let key_of = |p: &Party| -> Option<Key> {
        if let Some(url) = &p.url {
            return Some(Key::Url(url.clone()));
        }
        let name = p.name.as_deref()?;
        match name_urls.get(name) {
            Some(urls) if urls.len() == 1 => urls.iter().next().map(|u| Key::Url((*u).clone())),
            _ => Some(Key::Name(name.to_owned())),
        }
    };
    let sender_keys: Vec<Option<Key>> = m.parties.iter().map(&key_of).collect();
    let to_keys: Vec<Vec<Key>> = recipients
        .iter()
        .map(|to| to.iter().filter_map(&key_of).collect())
        .collect();
    let owners = owners(&later, &sender_keys, &to_keys);

    let mut refs: HashMap<Key, RecordRef> = HashMap::new();
    let mut record_for = |key: &Key, line: u64, sink: &mut Sink| -> RecordRef {
        if let Some(&r) = refs.get(key) {
            return r;
        }
        let mut record = Record::new(SourceKind::Linkedin, loc.at(Some(line)));
        match key {
            Key::Url(url) => {
                for name in url_names.get(url).into_iter().flatten() {
                    add_display_name(&mut record, name);
                }
                record.linkedin = Some(url.clone());
            }
            Key::Name(name) => add_display_name(&mut record, name),
        }
        record.owner = owners.contains(key);
        let r = sink.record(record);
        refs.insert(key.clone(), r);
        r
    };
    // Records are made at the first message that names them, in row order.
    let mut sender_refs: Vec<Option<RecordRef>> = vec![None; m.parties.len()];
    let mut to_refs: Vec<Option<Vec<RecordRef>>> = vec![None; m.to.len()];
    let channel = Channel::LinkedinMessage;
    let mut participants = Vec::new();
    sink.take(later, |&(_, sender, to, _), line, sink, push| {
        let Some(key) = &sender_keys[sender as usize] else {
            return;
        };
        let sender = match sender_refs[sender as usize] {
            Some(r) => r,
            None => {
                let r = record_for(key, line, sink);
                sender_refs[sender as usize] = Some(r);
                r
            }
        };
        let to = to_refs[to as usize].get_or_insert_with(|| {
            to_keys[to as usize]
                .iter()
                .map(|k| record_for(k, line, sink))
                .collect()
        });
        participants.clear();
        participants.push(sender);
        for &r in to.iter() {
            if !participants.contains(&r) {
                participants.push(r);
            }
        }
        push(
            sink,
            Shared {
                kind: EventKind::Online,
                channel: &channel,
                sender: Some(sender),
                participants: &participants,
                location: &loc.at(Some(line)),
            },
        );
    });
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::sync::Arc;

    use jiff::civil::{date, DateTime};
    use jiff::tz::TimeZone;
    use jiff::Timestamp;

    use super::super::tests::{ctx, fixture, lines, names, owners, run, urls, warnings, who};
    use super::super::Linkedin;
    use super::*;
    use crate::import::{Context, Entry, Fold, Importer};
    use crate::model::When;

    #[test]
    fn messages_2018_direction_names_the_owner() {
        let sink = fixture("messages_2018.csv");
        assert_eq!(
            names(&sink),
            ["Maren Holloway", "Quinn Abernathy", "Teodor Vance"]
        );
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        assert_eq!(
            who(&sink),
            [
                "Maren Holloway > Quinn Abernathy",
                "Quinn Abernathy > Maren Holloway",
                "Teodor Vance > Quinn Abernathy",
            ]
        );
        let floating = DateTime::new(2018, 10, 16, 8, 36, 0, 0).unwrap();
        assert_eq!(sink.events[0].when(), When::Floating(floating));
        assert_eq!(
            sink.events[2].when(),
            When::Floating(DateTime::new(2018, 3, 2, 16, 15, 0, 0).unwrap())
        );
        let e = &sink.events[0];
        assert_eq!(
            (e.kind, e.channel()),
            (EventKind::Online, &Channel::LinkedinMessage)
        );
        assert!(warnings(&sink).is_empty());
    }

    #[test]
    fn messages_2020_upper_case_iso_without_zone() {
        let sink = run(
            "messages.csv",
            "FROM,TO,DATE,SUBJECT,CONTENT,DIRECTION,FOLDER\n\
             Ada One,Me Myself,2019-11-06T02:08:20,,hi,INCOMING,INBOX\n\
             Me Myself,Ada One,2019-11-06T03:00:00,,hello,OUTGOING,SENT\n",
        );
        assert_eq!(owners(&sink), ["Me Myself"]);
        assert_eq!(
            sink.events[0].when(),
            When::Floating(DateTime::new(2019, 11, 6, 2, 8, 20, 0).unwrap())
        );
        assert_eq!(who(&sink), ["Ada One > Me Myself", "Me Myself > Ada One"]);
    }

    #[test]
    fn messages_2021_names_resolve_to_urls_and_owner_is_in_every_conversation() {
        let sink = fixture("messages_2021.csv");
        assert_eq!(
            names(&sink),
            [
                "Lucan Ferreira",
                "Quinn Abernathy",
                "Amir Božić | Amir Božić, Ph.D.",
                "Ines Marlow | Ines Marlow, MBA",
            ]
        );
        assert_eq!(
            urls(&sink),
            [
                "https://www.linkedin.com/in/lucan-ferreira-example",
                "https://www.linkedin.com/in/quinn-abernathy-example",
                "https://www.linkedin.com/in/amir-bozic-example",
                "",
            ]
        );
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        assert_eq!(
            who(&sink),
            [
                "Lucan Ferreira > Quinn Abernathy",
                "Quinn Abernathy > Lucan Ferreira",
                "Amir Božić > Quinn Abernathy > Ines Marlow",
                "Quinn Abernathy > Amir Božić > Ines Marlow",
            ]
        );
        let ts: Timestamp = "2021-06-14T17:20:05Z".parse().unwrap();
        assert_eq!(sink.events[0].when(), When::Instant(ts));
    }

    #[test]
    fn messages_2023_recipient_urls_are_preferred() {
        let sink = fixture("messages_2023.csv");
        assert_eq!(
            names(&sink),
            [
                "Imogen Tsai",
                "Quinn Abernathy",
                "Halima Saleh | Halima Saleh, Certified Executive Coach",
                "Dario Kowal",
            ]
        );
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        assert_eq!(
            who(&sink),
            [
                "Imogen Tsai > Quinn Abernathy",
                "Quinn Abernathy > Halima Saleh > Dario Kowal",
                "Halima Saleh > Quinn Abernathy > Dario Kowal",
                "Dario Kowal > Quinn Abernathy > Halima Saleh",
            ]
        );
    }

    #[test]
    fn messages_folded_whole_give_the_report_folded_by_day() {
        use crate::analyze::{analyze, AnalyzeOptions};
        // Repeats: the same row twice, and the same date, sender and body
        // in another conversation; days on both sides of the as-of days.
        let crafted = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER
c1,,Ann Lee,https://www.linkedin.com/in/ann,Me Owner,https://www.linkedin.com/in/me,2024-03-15 09:30:00 UTC,,hi,INBOX
c1,,Me Owner,https://www.linkedin.com/in/me,Ann Lee,https://www.linkedin.com/in/ann,2024-03-14 09:30:00 UTC,,yo,INBOX
c1,,Ann Lee,https://www.linkedin.com/in/ann,Me Owner,https://www.linkedin.com/in/me,2024-03-15 09:30:00 UTC,,hi,INBOX
c2,,Ann Lee,https://www.linkedin.com/in/ann,Me Owner,https://www.linkedin.com/in/me,2024-03-15 09:30:00 UTC,,hi,INBOX
c2,,Bo Ray,https://www.linkedin.com/in/bo,Me Owner,https://www.linkedin.com/in/me,2024-01-02 23:30:00 UTC,,hey,INBOX
c3,,Bo Ray,https://www.linkedin.com/in/bo,Me Owner,https://www.linkedin.com/in/me,2023-12-31 10:00:00 UTC,,old,INBOX
c3,,Me Owner,https://www.linkedin.com/in/me,Bo Ray,https://www.linkedin.com/in/bo,2024-06-01 10:00:00 UTC,,late,INBOX
";
        let mut inputs: Vec<(String, Vec<u8>)> =
            vec![("messages.csv".to_owned(), crafted.as_bytes().to_vec())];
        for name in [
            "messages_2018.csv",
            "messages_2021.csv",
            "messages_2023.csv",
            "messages_2024.csv",
        ] {
            let path = format!("{}/fixtures/linkedin/{name}", env!("CARGO_MANIFEST_DIR"));
            inputs.push((name.to_owned(), std::fs::read(path).unwrap()));
        }
        let import = |name: &str, bytes: &[u8], ctx: &Context, fold: Fold| {
            let mut entry = Entry {
                path: name.to_owned(),
                display: Arc::from(name),
                reader: Box::new(Cursor::new(bytes.to_vec())),
            };
            let mut sink = Sink::folding(fold, ctx.tz.clone());
            Linkedin.import(&mut entry, ctx, &mut sink).unwrap();
            sink.settle();
            sink
        };
        for (name, bytes) in &inputs {
            for tz in [TimeZone::UTC, TimeZone::get("Asia/Tokyo").unwrap()] {
                for as_of in [
                    date(2019, 1, 1),
                    date(2024, 1, 2),
                    date(2024, 3, 14),
                    date(2026, 11, 1),
                ] {
                    let ctx = Context {
                        tz: tz.clone(),
                        as_of,
                        ..ctx()
                    };
                    let by_day = import(name, bytes, &ctx, Fold::Day);
                    let whole = import(name, bytes, &ctx, Fold::Whole { as_of });
                    assert_eq!(by_day.records, whole.records, "{name}");
                    assert!(whole.events.iter().all(|e| e.span().is_some()));
                    let rows = |sink: &Sink| {
                        let opts = crate::resolve::ResolveOptions {
                            events: &sink.events,
                            ..Default::default()
                        };
                        let resolution = crate::resolve::resolve_with(&sink.records, &opts);
                        let opts = AnalyzeOptions {
                            as_of,
                            tz: tz.clone(),
                            stale_after: 90,
                            min_interactions: 0,
                            all: true,
                            direct: crate::config::DirectPolicy::default(),
                        };
                        analyze(&sink.events, &resolution, &opts).unwrap()
                    };
                    assert_eq!(rows(&by_day), rows(&whole), "{name} {as_of}");
                }
            }
        }
        // The crafted file as of 2024-03-15: Ann's "hi" counts once.
        let ctx = Context {
            as_of: date(2024, 3, 15),
            ..ctx()
        };
        let whole = import(
            "messages.csv",
            crafted.as_bytes(),
            &ctx,
            Fold::Whole { as_of: ctx.as_of },
        );
        let spans: Vec<(u32, String, String)> = whole
            .events
            .iter()
            .map(|e| {
                let s = e.span().unwrap();
                (s.count, s.first.to_string(), s.last.to_string())
            })
            .collect();
        assert_eq!(
            spans,
            [
                (1, "2024-03-15".into(), "2024-03-15".into()),
                (1, "2024-03-14".into(), "2024-03-14".into()),
                (2, "2023-12-31".into(), "2024-01-02".into()),
                (1, "2024-06-01".into(), "2024-06-01".into()),
            ]
        );
    }

    #[test]
    fn messages_2024_drafts_multiline_and_hidden_members() {
        let sink = fixture("messages_2024.csv");
        assert_eq!(
            names(&sink),
            ["Zoë Marchetti-Ruiz", "Quinn Abernathy", "Björn Åkesson"]
        );
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        // The draft (line 6) and the hidden member's message (line 7) are
        // not messages; line numbers follow the multi-line body.
        assert_eq!(lines(&sink), [2, 8, 9]);
        assert_eq!(
            who(&sink),
            [
                "Zoë Marchetti-Ruiz > Quinn Abernathy",
                "Quinn Abernathy",
                "Björn Åkesson > Quinn Abernathy",
            ]
        );
        assert!(warnings(&sink).is_empty());
        let prints: BTreeSet<_> = sink.events.iter().flat_map(|e| e.folded.iter()).collect();
        assert_eq!(prints.len(), 3);
    }

    #[test]
    fn messages_bad_rows_cost_only_themselves() {
        let sink = run(
            "messages.csv",
            "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,DATE,CONTENT\n\
             c1,Ada One,,Me,yesterday,hi\n\
             c1,Ada One,,Me,2024-01-01 10:00:00 UTC,\"two\nlines\"\n\
             BADROW\n\
             c1,,,Me,2024-01-02 10:00:00 UTC,sponsored\n",
        );
        assert_eq!(
            warnings(&sink),
            [
                "messages.csv:2: expected a date in DATE, found \"yesterday\"",
                "messages.csv:5: expected 6 fields, found 1",
            ]
        );
        assert_eq!(who(&sink), ["Ada One > Me"]);
        // A single conversation does not say who the owner is.
        assert!(owners(&sink).is_empty());
    }

    #[test]
    fn messages_with_attachments_column() {
        let sink = run(
            "messages.csv",
            "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,\
             DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n\
             c-1,,Ada One,https://www.linkedin.com/in/ada-one-example,Me Myself,\
             https://www.linkedin.com/in/me-example,2026-09-18 14:02:11 UTC,,hi,INBOX,\n",
        );
        assert_eq!(who(&sink), ["Ada One > Me Myself"]);
        assert!(warnings(&sink).is_empty());
    }

    #[test]
    fn owner_needs_one_participant_common_to_all_conversations() {
        let sink = run(
            "messages.csv",
            "CONVERSATION ID,FROM,TO,DATE\n\
             a,Ada One,Bea Two,2024-01-01 10:00:00 UTC\n\
             b,Bea Two,Ada One,2024-01-02 10:00:00 UTC\n",
        );
        assert!(owners(&sink).is_empty());
    }

    #[test]
    fn to_names_split_with_known_names_then_credentials() {
        let known: BTreeSet<&str> = ["Amir Božić, Ph.D.", "Ana Lopez"].into_iter().collect();
        assert_eq!(
            split_names(
                "Amir Božić, Ph.D., Ana Lopez, Ines Marlow, MBA, Sam Lee",
                &known
            ),
            [
                "Amir Božić, Ph.D.",
                "Ana Lopez",
                "Ines Marlow, MBA",
                "Sam Lee"
            ]
        );
        // A credential of several words cannot be told from a name.
        assert_eq!(
            split_names("Halima Saleh, Certified Executive Coach", &BTreeSet::new()),
            ["Halima Saleh", "Certified Executive Coach"]
        );
        assert!(split_names("", &known).is_empty());
    }
}
