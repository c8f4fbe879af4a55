//! The mail scale set: one mbox as Google Takeout writes `All mail Including
//! Spam and Trash.mbox`, of the same people as the other sets, for the mail
//! benchmark (benches/mail.sh).
//!
//! Its shape follows a working mailbox, not a uniform one, because what a
//! reader of headers pays for is the bytes it skips: about two in five
//! messages are personal threads with the owner (replies quoting the one
//! before), one in four a mailing list's post, one in four a newsletter
//! with a long HTML body, the rest spam and trash; one personal message in
//! forty carries a base64 attachment of 20 to 300 KiB. Messages average
//! about 9 KB, so 500,000 of them are about 4.5 GB. Lines end in CR LF,
//! bodies hold `From ` lines escaped as mboxrd escapes them, some subjects
//! and names are RFC 2047 encoded words, and every message has Takeout's
//! `X-GM-THRID` and `X-Gmail-Labels`. The same seed and size give the same
//! bytes.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::{build, Person, Rng};

/// What [`generate_mbox`] wrote.
#[derive(Debug, Default)]
pub struct MboxSummary {
    pub messages: u64,
    pub personal: u64,
    pub lists: u64,
    pub newsletters: u64,
    pub junk: u64,
    pub attachments: u64,
    pub bytes: u64,
}

/// The owner of the mailbox.
const OWNER: (&str, &str) = ("Morgan Quill", "morgan.quill@gmail.com");

/// Mailing lists: (List-Id, posting address).
const LISTS: &[(&str, &str)] = &[
    (
        "rust-users.lists.example.org",
        "rust-users@lists.example.org",
    ),
    (
        "climbing-club.groups.example.com",
        "climbing-club@groups.example.com",
    ),
    (
        "neighbours.lists.example.net",
        "neighbours@lists.example.net",
    ),
    (
        "kernel-dev.lists.example.org",
        "kernel-dev@lists.example.org",
    ),
];

/// Newsletter senders.
const SENDERS: &[(&str, &str)] = &[
    ("Daily Brief", "newsletter@news.example.com"),
    ("Shop Deals", "no-reply@deals.example.com"),
    ("Product Updates", "noreply@updates.example.io"),
    ("Weekly Digest", "digest@mailer.example.net"),
];

const WORDS: &[&str] = &[
    "the", "meeting", "draft", "tomorrow", "review", "thanks", "plan", "ideas", "coffee", "call",
    "budget", "trip", "notes", "photos", "project", "weekend", "schedule", "update", "question",
    "dinner", "report", "soon", "great", "maybe", "Friday", "agenda", "launch", "numbers", "team",
];

/// Writes `messages` messages among `people` people (and the owner) to
/// `out`.
pub fn generate_mbox(
    people: usize,
    messages: u64,
    seed: u64,
    out: &Path,
) -> io::Result<MboxSummary> {
    let built = build(people, seed);
    let persons = &built.persons;
    let mut rng = Rng(seed ^ 0x6d62_6f78_6d62_6f78);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(out)?);
    let mut s = MboxSummary::default();
    // Correspondents: a few hundred people write most personal mail.
    let close = persons.len().clamp(1, 400);
    // Seconds since the epoch: the mailbox spans 2015 to late 2026.
    let start: i64 = 1_420_070_400;
    let span: i64 = 1_795_000_000 - start;
    let mut buf = String::with_capacity(1 << 16);
    let mut thread = 0u64;
    while s.messages < messages {
        thread += 1;
        let kind = rng.below(100);
        let base = start + (rng.next() % span as u64) as i64;
        // Threads of 2 to 6 messages are one pick in seven, so about two
        // messages in five are personal.
        if kind < 14 {
            // A personal thread: two to six messages, back and forth.
            let other = &persons[if rng.chance(80) {
                rng.below(close)
            } else {
                rng.below(persons.len())
            }];
            let cc = rng.chance(15).then(|| &persons[rng.below(persons.len())]);
            let subject = subject(&mut rng);
            let n = 2 + rng.below(5) as u64;
            for i in 0..n.min(messages - s.messages) {
                let from_owner = (i % 2 == 0) == rng.chance(50);
                let when = base + i as i64 * (600 + (rng.next() % 86_400) as i64);
                buf.clear();
                personal(
                    &mut buf, &mut rng, thread, i, when, other, cc, &subject, from_owner, &mut s,
                );
                s.personal += 1;
                finish(&mut w, &mut buf, &mut s)?;
            }
        } else if kind < 50 {
            let (id, addr) = *rng.pick(LISTS);
            let poster = &persons[rng.below(persons.len())];
            buf.clear();
            header_start(&mut buf, &mut rng, thread, base, "Inbox,Category Forums");
            let _ = write!(
                buf,
                "From: {} <{}>\r\nTo: {addr}\r\nSubject: [{}] {}\r\nList-Id: <{id}>\r\nList-Post: <mailto:{addr}>\r\nList-Unsubscribe: <mailto:{addr}?subject=unsubscribe>\r\nPrecedence: list\r\nMessage-ID: <l{thread}@lists.example.org>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n",
                poster.full(),
                poster.email,
                id.split('.').next().unwrap_or(id),
                subject(&mut rng)
            );
            body(&mut buf, &mut rng, 1_500, 6_000);
            s.lists += 1;
            finish(&mut w, &mut buf, &mut s)?;
        } else if kind < 86 {
            let (name, addr) = *rng.pick(SENDERS);
            buf.clear();
            header_start(
                &mut buf,
                &mut rng,
                thread,
                base,
                "Inbox,Category Promotions",
            );
            let _ = write!(
                buf,
                "From: {name} <{addr}>\r\nTo: {} <{}>\r\nSubject: =?UTF-8?B?{}?=\r\nList-Unsubscribe: <https://example.com/u/{thread}>\r\nPrecedence: bulk\r\nMessage-ID: <n{thread}@mailer.example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n",
                OWNER.0,
                OWNER.1,
                base64(format!("Your week: {} ✓", subject(&mut rng)).as_bytes())
            );
            buf.push_str("<html><body>\r\n");
            body(&mut buf, &mut rng, 8_000, 20_000);
            buf.push_str("</body></html>\r\n");
            s.newsletters += 1;
            finish(&mut w, &mut buf, &mut s)?;
        } else {
            let labels = if rng.chance(50) {
                "Spam"
            } else {
                "Trash,Opened"
            };
            let sender = &persons[rng.below(persons.len())];
            buf.clear();
            header_start(&mut buf, &mut rng, thread, base, labels);
            let _ = write!(
                buf,
                "From: {} <{}>\r\nTo: {}\r\nSubject: {}\r\nMessage-ID: <j{thread}@example.net>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n",
                sender.full(),
                sender.email,
                OWNER.1,
                subject(&mut rng)
            );
            body(&mut buf, &mut rng, 500, 3_000);
            s.junk += 1;
            finish(&mut w, &mut buf, &mut s)?;
        }
    }
    w.flush()?;
    Ok(s)
}

/// Takeout's separator line and its own headers.
fn header_start(buf: &mut String, rng: &mut Rng, thread: u64, when: i64, labels: &str) {
    let _ = write!(
        buf,
        "From {}@xxx {}\r\nX-GM-THRID: {}\r\nX-Gmail-Labels: {labels}\r\nDate: {}\r\n",
        1_500_000_000_000_000_000u64 + rng.next() % 1_000_000_000_000_000,
        from_line_date(when),
        1_600_000_000_000_000_000u64 + thread,
        rfc2822(when)
    );
}

#[allow(clippy::too_many_arguments)]
fn personal(
    buf: &mut String,
    rng: &mut Rng,
    thread: u64,
    i: u64,
    when: i64,
    other: &Person,
    cc: Option<&Person>,
    subject: &str,
    from_owner: bool,
    s: &mut MboxSummary,
) {
    let labels = if from_owner {
        "Sent"
    } else {
        "Inbox,Important,Opened"
    };
    header_start(buf, rng, thread, when, labels);
    let them = format!("{} <{}>", encoded_name(&other.full()), other.email);
    let me = format!("{} <{}>", OWNER.0, OWNER.1);
    let (from, to) = if from_owner {
        (&me, &them)
    } else {
        (&them, &me)
    };
    let re = if i == 0 { "" } else { "Re: " };
    let _ = write!(buf, "From: {from}\r\nTo: {to}\r\n");
    if let Some(c) = cc {
        let _ = write!(buf, "Cc: {} <{}>\r\n", c.full(), c.email);
    }
    let _ = write!(
        buf,
        "Subject: {re}{subject}\r\nMessage-ID: <t{thread}.{i}@mail.example.com>\r\n"
    );
    if i > 0 {
        let _ = write!(
            buf,
            "In-Reply-To: <t{thread}.{}@mail.example.com>\r\nReferences: <t{thread}.0@mail.example.com>\r\n",
            i - 1
        );
    }
    buf.push_str("MIME-Version: 1.0\r\n");
    if rng.below(40) == 0 {
        s.attachments += 1;
        let size = 20 * 1024 + rng.below(280 * 1024);
        let _ = write!(
            buf,
            "Content-Type: multipart/mixed; boundary=\"b{thread}{i}\"\r\n\r\n--b{thread}{i}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
        );
        body(buf, rng, 300, 2_000);
        let _ = write!(
            buf,
            "--b{thread}{i}\r\nContent-Type: application/pdf; name=\"notes.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        );
        let mut raw = vec![0u8; size * 3 / 4];
        for chunk in raw.chunks_mut(8) {
            let bytes = rng.next().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        let encoded = base64(&raw);
        for line in encoded.as_bytes().chunks(76) {
            buf.push_str(std::str::from_utf8(line).unwrap_or(""));
            buf.push_str("\r\n");
        }
        let _ = write!(buf, "--b{thread}{i}--\r\n");
    } else {
        buf.push_str("Content-Type: text/plain; charset=UTF-8\r\n\r\n");
        body(buf, rng, 400, 3_000);
        if i > 0 {
            // The quoted reply, with a line mboxrd escapes.
            buf.push_str("\r\n>From the last message:\r\n> ");
            body(buf, rng, 300, 1_500);
        }
    }
}

/// Writes the message and a blank line after it.
fn finish(w: &mut impl Write, buf: &mut String, s: &mut MboxSummary) -> io::Result<()> {
    buf.push_str("\r\n");
    w.write_all(buf.as_bytes())?;
    s.messages += 1;
    s.bytes += buf.len() as u64;
    Ok(())
}

/// `least` to `least + more` bytes of text in lines of under 78
/// characters; a line may start with `From ` (escaped as `>From `, as
/// mboxrd writes it).
fn body(buf: &mut String, rng: &mut Rng, least: usize, more: usize) {
    let end = buf.len() + least + rng.below(more);
    let mut line = 0;
    while buf.len() < end {
        if line == 0 && rng.chance(3) {
            buf.push_str(">From ");
            line += 6;
        }
        let word = rng.pick(WORDS);
        buf.push_str(word);
        line += word.len();
        if line > 70 {
            buf.push_str("\r\n");
            line = 0;
        } else {
            buf.push(' ');
            line += 1;
        }
    }
    buf.push_str("\r\n");
}

fn subject(rng: &mut Rng) -> String {
    let n = 2 + rng.below(5);
    let words: Vec<&str> = (0..n).map(|_| *rng.pick(WORDS)).collect();
    words.join(" ")
}

/// A name with a letter outside ASCII as an RFC 2047 encoded word.
fn encoded_name(name: &str) -> String {
    if name.is_ascii() {
        format!("\"{name}\"")
    } else {
        format!("=?UTF-8?B?{}?=", base64(name.as_bytes()))
    }
}

/// `Mon May 26 20:18:05 +0000 2025`, as Takeout's `From ` lines have it.
fn from_line_date(secs: i64) -> String {
    let t = jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    t.strftime("%a %b %d %H:%M:%S +0000 %Y").to_string()
}

/// `Mon, 26 May 2025 20:18:05 +0000`.
fn rfc2822(secs: i64) -> String {
    let t = jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    t.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(TABLE[(n >> shift) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("José".as_bytes()), "Sm9zw6k=");
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_every_message_its_separator() {
        let dir = std::env::temp_dir().join(format!("offgrid-mbox-test-{}", std::process::id()));
        let (a, b) = (dir.join("a.mbox"), dir.join("b.mbox"));
        let s = generate_mbox(50, 300, 7, &a).unwrap();
        generate_mbox(50, 300, 7, &b).unwrap();
        let bytes = std::fs::read(&a).unwrap();
        assert_eq!(bytes, std::fs::read(&b).unwrap());
        assert_eq!(s.messages, 300);
        assert_eq!(s.bytes, bytes.len() as u64);
        // Every message starts with `From ` at a line start; no body line
        // does (they are escaped).
        let starts = bytes
            .split(|&c| c == b'\n')
            .filter(|l| l.starts_with(b"From "))
            .count();
        assert_eq!(starts as u64, s.messages);
        assert!(s.personal > 0 && s.lists > 0 && s.newsletters > 0 && s.junk > 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
