//! Mail archives: Google Takeout's mbox (inside its zip, streamed), Thunderbird
//! and Apple Mail mbox files, Maildir folders and `.eml` files
//! (docs/formats.md, "Mail").
//!
//! Headers only: `scan` cuts the entry into messages and skips bodies with
//! a byte search; `headers` reads the few fields the rules need. A body is
//! read only when the message may carry a meeting invitation (a
//! `text/calendar` part), which the calendar importer's rules read
//! (`calendar::import_invitation`); no body is stored or
//! printed.
//!
//! What counts, once the whole entry is read and its owner known:
//! - the owner's addresses: the config's `[me] emails`, else inferred from
//!   the entry: the most frequent sender of the messages the owner sent
//!   (Gmail's `Sent` label, a `Sent` folder), else the one address taking
//!   part in more than half of at least [`MIN_TO_INFER`] personal messages;
//!   their records are the owner's;
//! - a personal message (no list or bulk marker) the owner sends is an
//!   online interaction with each recipient; one a person sends to the owner
//!   in `To` or `Cc` is an online interaction with that person. With more
//!   than `max-recipients` people on it ([`MAX_RECIPIENTS`] by default), it
//!   is first-seen evidence only: of every recipient when the owner sent it,
//!   of the sender otherwise. A message the owner is on neither side of
//!   (`Bcc`) counts for nothing. When no owner is known the message is
//!   credited as any source's message is, to its sender;
//! - a mailing-list post (`List-Id`, `List-Post`, `Precedence: list`, `bulk`
//!   or `junk`) or a bulk message (`List-Unsubscribe`) is first-seen evidence
//!   of its sender when the owner has written to that sender personally in
//!   the same entry, and nothing otherwise;
//! - never people: `no-reply`, `noreply`, `do-not-reply`, `mailer-daemon`
//!   and `postmaster` addresses; messages labelled or filed as spam, trash
//!   or drafts; Thunderbird's expunged messages.
//!
//! Gmail addresses are one address however their dots and `+tags` are
//! written ([`crate::model::Email::match_key`]). A message read from two
//! entries (two Takeout downloads, a message filed twice) counts once: its
//! fingerprint is its `Message-ID`.

mod headers;
mod scan;

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::Timestamp;
use mail_parser::{MessageParser, MimeHeaders};

use self::headers::{Headers, Party};
use self::scan::{Damage, Head, Scanner};
use super::text::quote;
use super::{
    calendar, file_name, fingerprint, Context, Entry, ImportError, Importer, Later, Scope, Sink,
};
use crate::model::{Channel, Email, EventKind, Location, Record, RecordRef, SourceKind, When};

/// The default `[mail] max-recipients`: a message to more people than this
/// (To and Cc, the sender and the owner not counted) is first-seen evidence,
/// not a personal message. Eight covers a family or a small team; a
/// department, a class or a party invitation is more.
pub const MAX_RECIPIENTS: usize = 8;

/// The fewest personal messages an entry needs before the address in most
/// of them is taken as its owner's.
pub const MIN_TO_INFER: u64 = 5;

/// What the mail importer needs from the run: the owner's addresses from
/// the config and the recipient limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The config's `[me] emails`; empty when it names none.
    pub owner: Vec<Email>,
    pub max_recipients: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            owner: Vec::new(),
            max_recipients: MAX_RECIPIENTS,
        }
    }
}

impl Settings {
    /// The owner's addresses and the recipient limit, the default when
    /// `None`.
    pub fn new(owner: impl IntoIterator<Item = Email>, max_recipients: Option<usize>) -> Settings {
        Settings {
            owner: owner.into_iter().collect(),
            max_recipients: max_recipients.unwrap_or(MAX_RECIPIENTS),
        }
    }
}

/// The mail importer.
pub struct Mail;

impl Importer for Mail {
    fn kind(&self) -> SourceKind {
        SourceKind::Mail
    }

    /// `.eml` and `.mbox` files, and any entry that starts as an mbox (a
    /// `From ` line with a time, then a header) or as a message (a header
    /// block with a `From:` field and a `Date:`, `Message-ID:` or
    /// `Received:` one).
    fn detect(&self, path: &str, head: &[u8]) -> bool {
        let name = file_name(path).to_ascii_lowercase();
        if name.ends_with(".eml") || name.ends_with(".mbox") {
            return true;
        }
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        if head.starts_with(b"From ") {
            let mut lines = head.split(|&b| b == b'\n');
            let first = lines.next().unwrap_or_default();
            return first.contains(&b':') && lines.next().is_some_and(scan::is_header_start);
        }
        if !scan::is_header_start(head) {
            return false;
        }
        let mut from = false;
        let mut other = false;
        for line in head.split(|&b| b == b'\n') {
            if matches!(line, b"" | b"\r") {
                break;
            }
            let name = line.split(|&b| b == b':').next().unwrap_or_default();
            from |= name.eq_ignore_ascii_case(b"from");
            other |= [&b"date"[..], b"message-id", b"received"]
                .iter()
                .any(|w| name.eq_ignore_ascii_case(w));
        }
        from && other
    }

    /// Any mail entry: the same message may be in two downloads, in two
    /// folders, or in an mbox and a Maildir.
    fn scope(&self, _path: &str, _head: &[u8]) -> Option<Scope> {
        Some(Scope {
            source: SourceKind::Mail,
            part: None,
        })
    }

    fn import(
        &self,
        entry: &mut Entry<'_>,
        ctx: &Context,
        sink: &mut Sink,
    ) -> Result<(), ImportError> {
        let base = entry.location(None);
        let folder = Folder::of(&entry.path);
        if folder == Folder::Discarded {
            return Ok(());
        }
        let mut file = FileImport::new(&base, ctx, folder, sink);
        let mut scanner = Scanner::new(&mut entry.reader);
        let mut first = true;
        loop {
            let head = match scanner.head() {
                Ok(Some(head)) => head,
                Ok(None) => break,
                Err(e) => {
                    file.finish(sink);
                    return Err(ImportError::io(base, e));
                }
            };
            if std::mem::take(&mut first)
                && head.from_line.is_none()
                && !scan::is_header_start(&head.headers)
            {
                let text = String::from_utf8_lossy(&head.headers);
                let found = text.lines().next().unwrap_or_default();
                return Err(ImportError::unexpected(
                    base,
                    "a mbox `From ` line or a mail header",
                    quote(found),
                ));
            }
            let h = (head.damage.is_none()).then(|| headers::read(&head.headers));
            let keep = h.as_ref().is_some_and(|h| h.may_invite);
            if let Err(e) = scanner.body(keep) {
                file.finish(sink);
                return Err(ImportError::io(base, e));
            }
            file.message(&head, h, scanner.kept(), sink);
        }
        if !scanner.is_mbox() && file.read == 0 && file.skipped == 0 {
            return Err(ImportError::unexpected(
                base,
                "a mail message",
                "an empty file",
            ));
        }
        file.finish(sink);
        Ok(())
    }
}

/// What a folder's name says about its messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Folder {
    Plain,
    /// The owner's sent mail (Thunderbird `Sent`, Apple Mail `Sent
    /// Messages.mbox`, Maildir `.Sent`).
    Sent,
    /// Spam, trash, drafts, templates or an outbox: never read.
    Discarded,
}

/// Folder and Gmail label names of sent mail, lowercased: English and the
/// common localized ones.
const SENT: &[&str] = &[
    "sent",
    "sent mail",
    "sent messages",
    "sent items",
    "sent-mail",
    "envoyés",
    "messages envoyés",
    "éléments envoyés",
    "gesendet",
    "gesendete elemente",
    "gesendete objekte",
    "enviados",
    "inviati",
    "posta inviata",
    "verzonden",
    "verzonden items",
];

/// Folder and label names of spam, trash, drafts and mail never sent
/// (templates, an outbox), lowercased.
const DISCARDED: &[&str] = &[
    "templates",
    "unsent messages",
    "outbox",
    "spam",
    "junk",
    "junk e-mail",
    "junk email",
    "trash",
    "bin",
    "deleted items",
    "deleted messages",
    "drafts",
    "draft",
    "corbeille",
    "brouillons",
    "papierkorb",
    "entwürfe",
    "papelera",
    "borradores",
    "cestino",
    "bozze",
    "prullenbak",
    "concepten",
];

impl Folder {
    /// From the entry's path: any folder (or the mbox file itself) named
    /// as sent mail or as discarded, after a Maildir's leading `.`, an
    /// Apple Mail `.mbox` or a Thunderbird `.sbd` suffix. A Maildir file's
    /// own name (`1700000000.M1P2.host:2,S`) says nothing.
    fn of(path: &str) -> Folder {
        let mut role = Folder::Plain;
        for part in path.split(['/', '\\']) {
            let lower = part.to_lowercase();
            let name = lower.trim_start_matches('.');
            let name = name
                .strip_suffix(".mbox")
                .or_else(|| name.strip_suffix(".sbd"))
                .unwrap_or(name);
            // Maildir++ names nest with dots: `.Sent`, `.INBOX.Trash`.
            let last = name.rsplit('.').next().unwrap_or(name);
            if DISCARDED.contains(&name) || DISCARDED.contains(&last) {
                return Folder::Discarded;
            }
            if SENT.contains(&name) || SENT.contains(&last) {
                role = Folder::Sent;
            }
        }
        role
    }
}

/// Addresses that are never a person.
fn is_robot(email: &Email) -> bool {
    let local = email
        .as_str()
        .rsplit_once('@')
        .map_or(email.as_str(), |(l, _)| l);
    let squashed: String = local
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.'))
        .collect();
    ["noreply", "donotreply", "mailerdaemon"]
        .iter()
        .any(|w| squashed.contains(w))
        || squashed == "postmaster"
}

/// How a message was sent, from its headers and folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Class {
    /// No list or bulk marker.
    Personal,
    /// Labelled or filed as sent by the owner.
    Sent,
    /// A mailing-list post.
    List,
    /// A newsletter or another bulk sender (`List-Unsubscribe`).
    Bulk,
}

/// Messages with the same sender, recipients and class fold together.
type Key = (u32, u32, Class);

/// One address across the entry.
struct Addr {
    /// Each spelling met (Gmail's dots and tags differ).
    emails: Vec<Email>,
    names: Vec<String>,
    /// Where first met.
    line: u64,
}

/// The most display names kept per address.
const MAX_NAMES: usize = 4;

/// A mailed invitation: its calendar text and the message it came in.
struct Invite {
    when: Timestamp,
    line: u64,
    text: Vec<u8>,
}

/// What one entry has given so far.
struct FileImport<'a> {
    base: &'a Location,
    ctx: &'a Context,
    folder: Folder,
    addrs: Vec<Addr>,
    /// By [`Email::match_key`].
    index: HashMap<String, u32>,
    /// Each distinct recipient set, sorted.
    sets: Vec<Box<[u32]>>,
    set_index: HashMap<Box<[u32]>, u32>,
    later: Later<Key>,
    /// The fingerprints given to `later`: a message met again in the entry
    /// (the same `Message-ID`) counts as the first time it was read, so
    /// folding by day and whole agree on it.
    prints: HashSet<u64>,
    /// Messages labelled or filed as sent, by sender.
    sent_by: HashMap<u32, u64>,
    /// Personal messages each address takes part in, and how many there are.
    part_in: HashMap<u32, u64>,
    personal: u64,
    /// The latest invitation per event (`UID` and `RECURRENCE-ID`).
    invites: BTreeMap<Vec<u8>, Invite>,
    /// Messages read and skipped.
    read: u64,
    skipped: u64,
}

impl<'a> FileImport<'a> {
    fn new(base: &'a Location, ctx: &'a Context, folder: Folder, sink: &Sink) -> FileImport<'a> {
        FileImport {
            base,
            ctx,
            folder,
            addrs: Vec::new(),
            index: HashMap::new(),
            sets: Vec::new(),
            set_index: HashMap::new(),
            later: sink.later(),
            prints: HashSet::new(),
            sent_by: HashMap::new(),
            part_in: HashMap::new(),
            personal: 0,
            invites: BTreeMap::new(),
            read: 0,
            skipped: 0,
        }
    }

    /// The address's number, adding it (and the name beside it).
    fn intern(&mut self, p: &Party, line: u64) -> u32 {
        let key = p.email.match_key();
        let i = if let Some(&i) = self.index.get(key.as_ref()) {
            i
        } else {
            let i = u32::try_from(self.addrs.len()).expect("fewer than 2^32 addresses");
            self.index.insert(key.into_owned(), i);
            self.addrs.push(Addr {
                emails: Vec::new(),
                names: Vec::new(),
                line,
            });
            i
        };
        let a = &mut self.addrs[i as usize];
        if !a.emails.contains(&p.email) && a.emails.len() < MAX_NAMES {
            a.emails.push(p.email.clone());
        }
        if let Some(name) = &p.name {
            if !a.names.contains(name) && a.names.len() < MAX_NAMES {
                a.names.push(name.clone());
            }
        }
        i
    }

    fn set(&mut self, mut ids: Vec<u32>) -> u32 {
        ids.sort_unstable();
        ids.dedup();
        if let Some(&i) = self.set_index.get(ids.as_slice()) {
            return i;
        }
        let ids = ids.into_boxed_slice();
        let i = u32::try_from(self.sets.len()).expect("fewer than 2^32 recipient sets");
        self.sets.push(ids.clone());
        self.set_index.insert(ids, i);
        i
    }

    fn skip(&mut self, sink: &mut Sink, line: u64, why: String) {
        self.skipped += 1;
        sink.warn(self.base.at_line(line), why);
    }

    /// Takes in one message.
    fn message(&mut self, head: &Head, h: Option<Headers>, body: &[u8], sink: &mut Sink) {
        let line = head.line;
        let Some(h) = h else {
            let why = match head.damage {
                Some(Damage::EndOfFile) => "message cut off in its headers; skipped",
                Some(Damage::NextMessage) => {
                    "message cut off in its headers by the next `From ` line; skipped"
                }
                _ => "header block longer than 1 MiB; message skipped",
            };
            return self.skip(sink, line, why.to_owned());
        };
        if h.expunged {
            return;
        }
        let lower: Vec<String> = h.labels.iter().map(|l| l.to_lowercase()).collect();
        if lower.iter().any(|l| DISCARDED.contains(&l.as_str())) {
            return;
        }
        let sent = self.folder == Folder::Sent || lower.iter().any(|l| SENT.contains(&l.as_str()));
        let Some(from) = &h.from else {
            return self.skip(
                sink,
                line,
                "expected a From: address, found none; message skipped".to_owned(),
            );
        };
        let date = h
            .date
            .or_else(|| head.from_line.as_deref().and_then(headers::from_line_date));
        let Some(date) = date else {
            let found = h
                .bad_date
                .as_deref()
                .map_or_else(|| "none".to_owned(), quote);
            return self.skip(
                sink,
                line,
                format!(
                    "expected a date in Date: or the `From ` line, found {found}; message skipped"
                ),
            );
        };
        self.read += 1;
        if !body.is_empty() {
            self.invitations(body, &head.headers, date, line);
        }
        if is_robot(&from.email) {
            return;
        }
        let class = if h.list {
            Class::List
        } else if h.unsubscribe {
            Class::Bulk
        } else if sent {
            Class::Sent
        } else {
            Class::Personal
        };
        let sender = self.intern(from, line);
        let mut to = Vec::with_capacity(h.recipients.len());
        for p in h.recipients.iter().filter(|p| !is_robot(&p.email)) {
            let i = self.intern(p, line);
            if i != sender {
                to.push(i);
            }
        }
        if class == Class::Sent {
            *self.sent_by.entry(sender).or_default() += 1;
        }
        if matches!(class, Class::Personal | Class::Sent) {
            self.personal += 1;
            let mut seen: Vec<u32> = to.clone();
            seen.push(sender);
            if let Some(d) = &h.delivered_to {
                let party = Party {
                    email: d.clone(),
                    name: None,
                };
                seen.push(self.intern(&party, line));
            }
            seen.sort_unstable();
            seen.dedup();
            for i in seen {
                *self.part_in.entry(i).or_default() += 1;
            }
        }
        let set = self.set(to);
        let print = match &h.message_id {
            Some(id) => fingerprint(&[b"mail", id.as_bytes()]),
            None => {
                let mut parts: Vec<Vec<u8>> = vec![
                    from.email.as_str().as_bytes().to_vec(),
                    date.as_second().to_le_bytes().to_vec(),
                ];
                parts.extend(
                    h.recipients
                        .iter()
                        .map(|p| p.email.as_str().as_bytes().to_vec()),
                );
                let mut refs: Vec<&[u8]> = vec![b"mail-no-id"];
                refs.extend(parts.iter().map(Vec::as_slice));
                fingerprint(&refs)
            }
        };
        if self.prints.insert(print) {
            self.later
                .message(sink, (sender, set, class), When::Instant(date), print, line);
        }
    }

    /// Keeps the `text/calendar` parts of a message, the latest message's
    /// per event.
    fn invitations(&mut self, body: &[u8], block: &[u8], date: Timestamp, line: u64) {
        if memchr::memmem::find(body, b"text/calendar").is_none()
            && memchr::memmem::find(block, b"text/calendar").is_none()
        {
            return;
        }
        let mut whole = Vec::with_capacity(block.len() + body.len() + 2);
        whole.extend_from_slice(block);
        whole.extend_from_slice(b"\r\n");
        whole.extend_from_slice(body);
        let Some(msg) = MessageParser::default().parse(&whole) else {
            return;
        };
        for part in &msg.parts {
            let is_calendar = part.content_type().is_some_and(|ct| {
                ct.ctype().eq_ignore_ascii_case("text")
                    && ct
                        .subtype()
                        .is_some_and(|s| s.eq_ignore_ascii_case("calendar"))
            });
            if !is_calendar {
                continue;
            }
            let text = part.contents();
            let key = event_key(text);
            let newer = self.invites.get(&key).is_none_or(|old| old.when <= date);
            if newer {
                self.invites.insert(
                    key,
                    Invite {
                        when: date,
                        line,
                        text: text.to_vec(),
                    },
                );
            }
        }
    }

    /// The owner's addresses: the config's, else inferred from the entry.
    fn owners(&self) -> HashSet<u32> {
        let configured = &self.ctx.mail.owner;
        if !configured.is_empty() {
            return configured
                .iter()
                .filter_map(|e| self.index.get(e.match_key().as_ref()).copied())
                .collect();
        }
        let top = |counts: &HashMap<u32, u64>| {
            counts
                .iter()
                .max_by_key(|&(&i, &n)| (n, std::cmp::Reverse(i)))
                .map(|(&i, &n)| (i, n))
        };
        if let Some((i, _)) = top(&self.sent_by) {
            return HashSet::from([i]);
        }
        match top(&self.part_in) {
            Some((i, n)) if self.personal >= MIN_TO_INFER && 2 * n > self.personal => {
                HashSet::from([i])
            }
            _ => HashSet::new(),
        }
    }

    /// Pushes records, events and invitations into the sink.
    fn finish(self, sink: &mut Sink) {
        let owners = self.owners();
        let known = !owners.is_empty() || !self.ctx.mail.owner.is_empty();
        let max = self.ctx.mail.max_recipients;
        let others = |set: u32| -> Vec<u32> {
            self.sets[set as usize]
                .iter()
                .copied()
                .filter(|i| !owners.contains(i))
                .collect()
        };
        // Who the owner has written to personally.
        let mut written: HashSet<u32> = HashSet::new();
        for (&(sender, set, class), _) in self.later.keys() {
            let outgoing =
                class == Class::Sent || (class == Class::Personal && owners.contains(&sender));
            if outgoing {
                let to = others(set);
                if to.len() <= max {
                    written.extend(to);
                }
            }
        }
        let mut refs: Vec<Option<RecordRef>> = vec![None; self.addrs.len()];
        let addrs = &self.addrs;
        let base = self.base;
        let mut record = |i: u32, sink: &mut Sink| -> RecordRef {
            *refs[i as usize].get_or_insert_with(|| {
                let a = &addrs[i as usize];
                let mut r = Record::new(SourceKind::Mail, base.at_line(a.line));
                for n in &a.names {
                    r.add_name(n);
                }
                for e in &a.emails {
                    r.add_email(e.clone());
                }
                r.owner = owners.contains(&i);
                sink.record(r)
            })
        };
        let sets = &self.sets;
        sink.take(self.later, |&(sender, set, class), line, sink, push| {
            let location = base.at_line(line);
            let recipients = &sets[set as usize];
            let to_owner: Vec<u32> = recipients
                .iter()
                .copied()
                .filter(|i| owners.contains(i))
                .collect();
            let others = others(set);
            let (kind, with): (EventKind, Vec<u32>) = match class {
                Class::List | Class::Bulk => {
                    if !written.contains(&sender) || owners.contains(&sender) {
                        return;
                    }
                    (EventKind::Seen, vec![])
                }
                _ if class == Class::Sent || owners.contains(&sender) => {
                    if others.is_empty() {
                        return;
                    }
                    let kind = if others.len() > max {
                        EventKind::Seen
                    } else {
                        EventKind::Online
                    };
                    (kind, others)
                }
                _ if known => {
                    if to_owner.is_empty() {
                        return;
                    }
                    let kind = if others.len() > max {
                        EventKind::Seen
                    } else {
                        EventKind::Online
                    };
                    (kind, to_owner)
                }
                _ => {
                    if recipients.len() > max {
                        (EventKind::Seen, vec![])
                    } else {
                        (EventKind::Online, recipients.to_vec())
                    }
                }
            };
            let s = record(sender, sink);
            let mut participants = vec![s];
            for i in with {
                participants.push(record(i, sink));
            }
            push(
                sink,
                super::Shared {
                    kind,
                    channel: &Channel::Email,
                    sender: Some(s),
                    participants: &participants,
                    location: &location,
                },
            );
        });
        let owner_emails: Vec<Email> = if self.ctx.mail.owner.is_empty() {
            owners
                .iter()
                .flat_map(|&i| addrs[i as usize].emails.iter().cloned())
                .collect()
        } else {
            self.ctx.mail.owner.clone()
        };
        for invite in self.invites.into_values() {
            calendar::import_invitation(
                &invite.text,
                &base.at_line(invite.line),
                &owner_emails,
                SourceKind::Mail,
                self.ctx,
                sink,
            );
        }
    }
}

/// An invitation's event: its `UID` and `RECURRENCE-ID` lines, as written.
fn event_key(text: &[u8]) -> Vec<u8> {
    let mut key = Vec::new();
    for line in text.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let upper = line
            .get(..13)
            .map(<[u8]>::to_ascii_uppercase)
            .unwrap_or_default();
        if upper.starts_with(b"UID") || upper.starts_with(b"RECURRENCE-ID") {
            key.extend_from_slice(line);
            key.push(b'\n');
        }
    }
    key
}

#[cfg(test)]
mod tests;
