//! The scale set: the same invented people as [`super::generate`], with
//! their messages multiplied to a heavy user's volume and every export
//! packed the way it is downloaded (docs/performance.md).
//!
//! `<out>/exports/` receives
//!
//! - `Basic_LinkedInDataExport_11-20-2026.zip`: `Connections.csv` (with its
//!   preamble), `Profile.csv` and a `messages.csv` holding 15% of the
//!   messages;
//! - `facebook-morganquill-2026-11-20-part1.zip` and `…-part2.zip`: one
//!   JSON archive in two parts holding 85% of the messages in thread files
//!   of at most 10,000 messages each (`message_1.json` the newest, as
//!   Facebook splits them), the split between the parts falling inside a
//!   thread; every non-ASCII character as mojibake; reactions, photos and
//!   calls inside messages; and photo entries (random bytes, stored, 100
//!   KiB per 1,000 messages) that offgrid must never inflate;
//! - `contacts.vcf`, `calls-20261120.xml`, `touchpoints.csv` as the identity
//!   set has them, and a `calendar.ics` of meetings and weekly 1:1s.
//!
//! Messages come in bursts on a thread's conversation days, as chats do.
//! The same arguments always give the same bytes.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{
    build, calls_xml, connections_csv, csv_line, fb_json, friends_json, profile_csv, profile_json,
    touchpoints_csv, Rng, F_PROFILE_JSON, MESSAGES_HEADER, OWNER,
};

/// What [`generate_scale`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleSummary {
    pub people: usize,
    pub facebook_messages: u64,
    pub linkedin_messages: u64,
    /// Of the Facebook messages, calls (direct or missed, not online).
    pub facebook_calls: u64,
    pub threads: usize,
    pub thread_files: usize,
    pub media_entries: usize,
    /// Size of everything written, zips as stored.
    pub bytes: u64,
}

/// Facebook splits a thread into files of this many messages.
const PER_FILE: usize = 10_000;
/// One photo entry per this many messages.
const MESSAGES_PER_PHOTO: u64 = 1_000;
const PHOTO_BYTES: usize = 100 * 1024;

const OWNER_URL: &str = "https://www.linkedin.com/in/morgan-quill";

/// Words messages are made of, a few with characters Facebook garbles.
const WORDS: &[&str] = &[
    "ok",
    "sure",
    "see",
    "you",
    "tomorrow",
    "thanks",
    "so",
    "much",
    "the",
    "meeting",
    "went",
    "well",
    "let",
    "me",
    "know",
    "when",
    "free",
    "coffee",
    "next",
    "week",
    "sounds",
    "good",
    "haha",
    "yes",
    "no",
    "maybe",
    "later",
    "call",
    "tonight",
    "did",
    "read",
    "article",
    "café",
    "naïve",
    "über",
    "jalapeño",
    "smörgåsbord",
    "😀",
    "👍",
    "❤️",
    "happy",
    "birthday",
    "congrats",
    "on",
    "new",
    "job",
    "how",
    "are",
    "things",
    "in",
    "town",
    "lunch",
    "at",
    "noon",
    "?",
    "!",
];

/// Writes the scale set for `people` people and `messages` messages into
/// `out/exports/`.
///
/// # Errors
///
/// When a file cannot be written.
pub fn generate_scale(
    people: usize,
    messages: u64,
    seed: u64,
    out: &Path,
) -> io::Result<ScaleSummary> {
    let built = build(people, seed);
    let o = &built.out;
    let mut rng = Rng(seed ^ 0x7363_616c_6520_7365);
    let root = out.join("exports");
    std::fs::create_dir_all(&root)?;

    let facebook_messages = messages * 85 / 100;
    let linkedin_messages = messages - facebook_messages;
    let mut summary = ScaleSummary {
        people: built.people,
        facebook_messages,
        linkedin_messages,
        facebook_calls: 0,
        threads: o.threads.len(),
        thread_files: 0,
        media_entries: 0,
        bytes: 0,
    };

    // LinkedIn.
    let conversations = linkedin_conversations(&o.messages);
    let mut zip = Zip::create(&root.join("Basic_LinkedInDataExport_11-20-2026.zip"))?;
    zip.text("Connections.csv", &connections_csv(o))?;
    zip.text("Profile.csv", &profile_csv(OWNER))?;
    zip.start("messages.csv")?;
    zip.write(MESSAGES_HEADER.as_bytes())?;
    for m in &o.messages {
        zip.write(csv_line(m).as_bytes())?;
    }
    let split = shares(linkedin_messages, conversations.len());
    for (c, &n) in conversations.iter().zip(&split) {
        for _ in 0..n {
            let row = linkedin_row(&mut rng, c);
            zip.write(csv_line(&row).as_bytes())?;
        }
    }
    zip.finish()?;

    // Facebook, in two parts.
    let stem = "facebook-morganquill-2026-11-20";
    let mut part = Zip::create(&root.join(format!("{stem}-part1.zip")))?;
    part.text("connections/friends/your_friends.json", &friends_json(o))?;
    part.text(F_PROFILE_JSON, &profile_json(OWNER))?;
    let split = shares(facebook_messages, o.threads.len());
    let half = facebook_messages / 2;
    let mut written = 0_u64;
    let mut second = false;
    let mut photo_debt = 0_u64;
    for (i, ((name, times), &extra)) in o.threads.iter().zip(&split).enumerate() {
        let folder = format!(
            "your_facebook_activity/messages/inbox/{}_{}",
            slug(name),
            10_000 + i
        );
        let stamps = thread_stamps(&mut rng, times, extra);
        for (k, chunk) in stamps.chunks(PER_FILE).enumerate() {
            if !second && written >= half {
                part.finish()?;
                part = Zip::create(&root.join(format!("{stem}-part2.zip")))?;
                second = true;
            }
            let file = format!("{folder}/message_{}.json", k + 1);
            part.start(&file)?;
            summary.facebook_calls += write_thread_file(&mut part, &mut rng, name, &folder, chunk)?;
            summary.thread_files += 1;
            written += chunk.len() as u64;
            photo_debt += chunk.len() as u64;
            while photo_debt >= MESSAGES_PER_PHOTO {
                photo_debt -= MESSAGES_PER_PHOTO;
                summary.media_entries += 1;
                let photo = format!("{folder}/photos/{}_{}.jpg", summary.media_entries, k);
                part.media(&photo, &mut rng)?;
            }
        }
    }
    part.finish()?;

    // Address book, calls, touchpoints, calendar.
    std::fs::write(root.join("contacts.vcf"), o.vcards.concat())?;
    std::fs::write(root.join("calls-20261120.xml"), calls_xml(o))?;
    std::fs::write(root.join("touchpoints.csv"), touchpoints_csv(o))?;
    std::fs::write(
        root.join("calendar.ics"),
        calendar(&mut rng, &built.persons),
    )?;

    for entry in std::fs::read_dir(&root)? {
        summary.bytes += entry?.metadata()?.len();
    }
    Ok(summary)
}

/// `total` split over `n` parts, the first parts largest (a few threads hold
/// most of a heavy user's messages); the shares add up to `total`.
fn shares(total: u64, n: usize) -> Vec<u64> {
    if n == 0 {
        return Vec::new();
    }
    #[allow(clippy::cast_precision_loss)]
    let weights: Vec<f64> = (0..n).map(|i| 1.0 / (1.0 + i as f64 / 8.0)).collect();
    let sum: f64 = weights.iter().sum();
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let mut out: Vec<u64> = weights
        .iter()
        .map(|w| (total as f64 * w / sum).floor() as u64)
        .collect();
    let given: u64 = out.iter().sum();
    out[0] += total.saturating_sub(given);
    out
}

/// A conversation of the identity set's `messages.csv`: id, the other
/// person's name and profile URL.
struct Conversation {
    id: String,
    name: String,
    url: String,
}

fn linkedin_conversations(rows: &[[String; 10]]) -> Vec<Conversation> {
    let mut out: Vec<Conversation> = Vec::new();
    for r in rows {
        if out.last().is_some_and(|c| c.id == r[0]) {
            continue;
        }
        out.push(Conversation {
            id: r[0].clone(),
            name: r[2].clone(),
            url: r[3].clone(),
        });
    }
    out
}

fn linkedin_row(rng: &mut Rng, c: &Conversation) -> [String; 10] {
    let ms = 1_356_998_400_000 + i64::try_from(rng.next() % 436_000_000_000).unwrap_or(0);
    let date = jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_default();
    let (from, from_url, to, to_url) = if rng.chance(50) {
        (c.name.as_str(), c.url.as_str(), OWNER, OWNER_URL)
    } else {
        (OWNER, OWNER_URL, c.name.as_str(), c.url.as_str())
    };
    let mut content = sentence(rng);
    if rng.chance(5) {
        content.push_str(", \"quoted\"\nsecond line");
    }
    [
        c.id.clone(),
        String::new(),
        from.to_owned(),
        from_url.to_owned(),
        to.to_owned(),
        to_url.to_owned(),
        date,
        String::new(),
        content,
        "INBOX".to_owned(),
    ]
}

fn sentence(rng: &mut Rng) -> String {
    let n = 2 + rng.below(12);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        let word: &&str = rng.pick(WORDS);
        s.push_str(word);
    }
    s
}

/// A folder name as Facebook makes it: the title's letters, lowercased.
fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if s.is_empty() {
        "facebookuser".to_owned()
    } else {
        s
    }
}

/// The thread's messages: its own (`times`, from the identity set) and
/// `extra` more in bursts on conversation days; each with whether the other
/// person sent it; newest first, as Facebook writes them.
fn thread_stamps(rng: &mut Rng, times: &[i64], extra: u64) -> Vec<(i64, bool)> {
    let mut out: Vec<(i64, bool)> = times
        .iter()
        .enumerate()
        .map(|(j, &t)| (t, j % 2 == 0))
        .collect();
    let extra = usize::try_from(extra).unwrap_or(usize::MAX);
    let days: Vec<i64> = (0..(extra / 12).max(1))
        .map(|_| 15_706 + i64::try_from(rng.below(5_050)).unwrap_or(0))
        .collect();
    out.reserve(extra);
    for _ in 0..extra {
        let day = *rng.pick(&days);
        let ms = day * 86_400_000 + i64::try_from(rng.below(86_400_000)).unwrap_or(0);
        out.push((ms, rng.chance(50)));
    }
    out.sort_unstable_by(|a, b| b.cmp(a));
    out
}

/// One `message_N.json`, pretty-printed as Facebook writes it; returns how
/// many of its messages are calls.
fn write_thread_file(
    zip: &mut Zip,
    rng: &mut Rng,
    name: &str,
    folder: &str,
    messages: &[(i64, bool)],
) -> io::Result<u64> {
    let mut calls = 0;
    let (person, owner) = (fb_json(name), fb_json(OWNER));
    let mut s = format!(
        "{{\n  \"participants\": [\n    {{\n      \"name\": {person}\n    }},\n    {{\n      \"name\": {owner}\n    }}\n  ],\n  \"messages\": [\n"
    );
    for (j, &(ms, theirs)) in messages.iter().enumerate() {
        let sender = if theirs { &person } else { &owner };
        let _ = write!(
            s,
            "    {{\n      \"sender_name\": {sender},\n      \"timestamp_ms\": {ms},\n"
        );
        if rng.chance(1) {
            calls += 1;
            let duration = if rng.chance(70) { rng.below(3_600) } else { 0 };
            let _ = write!(
                s,
                "      \"content\": {},\n      \"call_duration\": {duration},\n",
                fb_json("Morgan called you.")
            );
        } else {
            let _ = writeln!(s, "      \"content\": {},", fb_json(&sentence(rng)));
        }
        if rng.chance(3) {
            let _ = write!(
                s,
                "      \"photos\": [\n        {{\n          \"uri\": \"{folder}/photos/{ms}.jpg\",\n          \"creation_timestamp\": {}\n        }}\n      ],\n",
                ms / 1000
            );
        }
        if rng.chance(5) {
            let _ = write!(
                s,
                "      \"reactions\": [\n        {{\n          \"reaction\": {},\n          \"actor\": {}\n        }}\n      ],\n",
                fb_json("❤"),
                if theirs { &owner } else { &person }
            );
        }
        s.push_str("      \"is_geoblocked_for_viewer\": false\n    }");
        s.push_str(if j + 1 < messages.len() { ",\n" } else { "\n" });
        if s.len() > 1 << 20 {
            zip.write(s.as_bytes())?;
            s.clear();
        }
    }
    let _ = write!(
        s,
        "  ],\n  \"title\": {person},\n  \"is_still_participant\": true,\n  \"thread_path\": \"{}\",\n  \"magic_words\": []\n}}\n",
        folder.trim_start_matches("your_facebook_activity/messages/")
    );
    zip.write(s.as_bytes())?;
    Ok(calls)
}

/// Meetings with one person in 30, weekly 1:1s with one in 200.
fn calendar(rng: &mut Rng, persons: &[super::Person]) -> String {
    let mut s = String::from(
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nX-WR-CALNAME:morgan.quill@example.com\r\nX-WR-TIMEZONE:UTC\r\n",
    );
    for (i, p) in persons.iter().enumerate() {
        let weekly = rng.chance(1) && i % 2 == 0;
        if !weekly && !rng.chance(3) {
            continue;
        }
        let (y, m, d) = super::day(rng);
        let hour = 8 + rng.below(9);
        let _ = write!(
            s,
            "BEGIN:VEVENT\r\nDTSTART:{y}{m:02}{d:02}T{hour:02}0000Z\r\nDTEND:{y}{m:02}{d:02}T{:02}0000Z\r\n",
            hour + 1
        );
        if weekly {
            s.push_str("RRULE:FREQ=WEEKLY;COUNT=20\r\n");
        }
        let _ = write!(
            s,
            "UID:scale-{i}@example.com\r\nSUMMARY:{} / Morgan\r\nORGANIZER;CN=Morgan Quill:mailto:morgan.quill@example.com\r\nATTENDEE;CN={};PARTSTAT=ACCEPTED:mailto:{}\r\nATTENDEE;CN=Morgan Quill;PARTSTAT=ACCEPTED:mailto:morgan.quill@example.com\r\nLOCATION:Café Central\r\nSTATUS:CONFIRMED\r\nEND:VEVENT\r\n",
            p.given,
            p.full(),
            p.email
        );
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

/// A zip being written: deflated text entries, stored media.
struct Zip {
    writer: ZipWriter<BufWriter<File>>,
}

impl Zip {
    fn create(path: &Path) -> io::Result<Zip> {
        Ok(Zip {
            writer: ZipWriter::new(BufWriter::new(File::create(path)?)),
        })
    }

    fn start(&mut self, name: &str) -> io::Result<()> {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .large_file(false);
        self.writer
            .start_file(name, options)
            .map_err(io::Error::other)
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.writer.write_all(bytes)
    }

    fn text(&mut self, name: &str, contents: &str) -> io::Result<()> {
        self.start(name)?;
        self.write(contents.as_bytes())
    }

    /// A photo: random bytes, stored as they are (JPEGs do not deflate).
    fn media(&mut self, name: &str, rng: &mut Rng) -> io::Result<()> {
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        self.writer
            .start_file(name, options)
            .map_err(io::Error::other)?;
        let mut bytes = Vec::with_capacity(PHOTO_BYTES);
        bytes.extend_from_slice(b"\xFF\xD8\xFF\xE0");
        while bytes.len() < PHOTO_BYTES {
            bytes.extend_from_slice(&rng.next().to_le_bytes());
        }
        self.writer.write_all(&bytes)
    }

    fn finish(self) -> io::Result<()> {
        self.writer.finish().map_err(io::Error::other)?.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_and_fall() {
        let s = shares(1_000_003, 500);
        assert_eq!(s.iter().sum::<u64>(), 1_000_003);
        assert!(s[0] > s[10] && s[10] > s[400]);
        assert!(shares(5, 0).is_empty());
    }

    #[test]
    fn stamps_are_newest_first_and_counted() {
        let mut rng = Rng(7);
        let s = thread_stamps(&mut rng, &[5, 9], 1_000);
        assert_eq!(s.len(), 1_002);
        assert!(s.windows(2).all(|w| w[0].0 >= w[1].0));
    }
}
