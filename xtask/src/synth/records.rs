//! Each person's records in each source, and the traps that must not
//! merge (a shared landline or inbox, two people of one name, conflicting
//! profiles).

use super::*;

pub(super) fn day(rng: &mut Rng) -> (i32, i8, i8) {
    (
        2012 + i32::try_from(rng.below(14)).unwrap_or(0),
        1 + i8::try_from(rng.below(12)).unwrap_or(0),
        1 + i8::try_from(rng.below(28)).unwrap_or(0),
    )
}

fn epoch_ms(rng: &mut Rng) -> i64 {
    // 2013-01-01 .. 2026-11-01
    1_356_998_400_000 + i64::try_from(rng.next() % 436_000_000_000).unwrap_or(0)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn connected_on(rng: &mut Rng) -> String {
    let (y, m, d) = day(rng);
    format!("{d:02} {} {y}", MONTHS[usize::try_from(m - 1).unwrap_or(0)])
}

pub(super) fn connection(
    o: &mut Out,
    rng: &mut Rng,
    first: &str,
    last: &str,
    p: &Person,
    email: bool,
) {
    o.connections.push([
        first.to_owned(),
        last.to_owned(),
        format!("https://www.linkedin.com/in/{}", p.slug),
        if email {
            p.email.clone()
        } else {
            String::new()
        },
        p.company.clone(),
        p.position.clone(),
        connected_on(rng),
    ]);
}

/// A trap's LinkedIn connection, written with `given`, as person `id`'s
/// anchor.
fn anchor_connection(o: &mut Out, rng: &mut Rng, given: &str, p: &Person, id: usize) {
    connection(o, rng, given, &p.family, p, false);
    o.truth.push(Truth {
        file: F_CONNECTIONS.to_owned(),
        by: "url",
        key: format!("https://www.linkedin.com/in/{}", p.slug),
        person: id,
        kind: Kind::Anchor,
    });
}

fn vcard(
    fn_: &str,
    p: &Person,
    email: Option<&str>,
    phone: Option<&str>,
    org: Option<&str>,
    url: Option<&str>,
) -> String {
    let esc = |s: &str| {
        s.replace('\\', "\\\\")
            .replace(',', "\\,")
            .replace(';', "\\;")
    };
    let mut v = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nN:{};{};{};;\r\n",
        esc(fn_),
        esc(&p.family),
        esc(&p.given),
        esc(p.middle.as_deref().unwrap_or(""))
    );
    match (phone, &p.abroad) {
        // The person's own number, written as at home, with the address.
        (Some(ph), Some((own, national, country))) if ph == own => {
            let _ = write!(
                v,
                "TEL;TYPE=CELL:{national}\r\nADR;TYPE=HOME:;;;;;;{country}\r\n"
            );
        }
        (Some(ph), _) => {
            let _ = write!(v, "TEL;TYPE=CELL:{ph}\r\n");
        }
        (None, _) => {}
    }
    if let Some(e) = email {
        let _ = write!(v, "EMAIL;TYPE=INTERNET:{e}\r\n");
    }
    if let Some(org) = org {
        let _ = write!(v, "ORG:{}\r\n", esc(org));
    }
    if let Some(u) = url {
        let _ = write!(v, "X-SOCIALPROFILE;type=linkedin:{u}\r\n");
    }
    v.push_str("END:VCARD\r\n");
    v
}

fn xml_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub(super) fn call(rng: &mut Rng, number: &str, contact: &str) -> String {
    let answered = rng.chance(70);
    format!(
        "  <call number=\"{}\" duration=\"{}\" date=\"{}\" type=\"{}\" presentation=\"1\" contact_name=\"{}\" />\n",
        number.replace(' ', ""),
        if answered { 30 + rng.below(900) } else { 0 },
        epoch_ms(rng),
        if answered { 1 + rng.below(2) } else { 3 },
        xml_attr(contact)
    )
}

/// The records of an ordinary person: one anchor, then name variants.
#[allow(clippy::too_many_lines)]
pub(super) fn ordinary_records(rng: &mut Rng, p: &Person, id: usize, o: &mut Out) {
    let full = p.full();
    let has_linkedin = rng.chance(70);
    let mut anchored = false;
    let mut linkedin_email = false;
    let mut email_known = false;
    let mut linkedin_name: Option<String> = None;
    if has_linkedin {
        let first = match &p.middle {
            Some(m) if rng.chance(50) => format!("{} {m}", p.given),
            _ => p.given.clone(),
        };
        linkedin_email = rng.chance(20);
        connection(o, rng, &first, &p.family, p, linkedin_email);
        email_known = linkedin_email;
        linkedin_name = Some(format!("{first} {}", p.family));
        let url = format!("https://www.linkedin.com/in/{}", p.slug);
        anchored = true;
        o.truth.push(Truth {
            file: F_CONNECTIONS.to_owned(),
            by: "url",
            key: url.clone(),
            person: id,
            kind: Kind::Anchor,
        });
        if rng.chance(30) {
            for _ in 0..1 + rng.below(3) {
                let ms = epoch_ms(rng);
                let date = jiff::Timestamp::from_millisecond(ms)
                    .map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
                    .unwrap_or_default();
                o.messages.push([
                    format!("conv-{id}"),
                    String::new(),
                    p.full(),
                    url.clone(),
                    "Morgan Quill".to_owned(),
                    "https://www.linkedin.com/in/morgan-quill".to_owned(),
                    date,
                    String::new(),
                    "hello".to_owned(),
                    "INBOX".to_owned(),
                ]);
            }
            o.truth.push(Truth {
                file: F_MESSAGES.to_owned(),
                by: "url",
                key: url,
                person: id,
                kind: Kind::Strong,
            });
        }
    }
    // The address book: canonical when it is the anchor, else a variant.
    let has_vcard = rng.chance(50) || !has_linkedin;
    let mut vcard_name = None;
    if has_vcard {
        let (name, kind) = if anchored {
            variant(rng, p, true)
        } else {
            (full.clone(), Kind::Anchor)
        };
        let typo_case = anchored && rng.chance(6);
        let (name, kind) = if typo_case {
            let fam = typo(rng, &p.family);
            (format!("{} {fam}", p.given), Kind::TypoCorroborated)
        } else {
            (name, kind)
        };
        // A typo is backed by the same company, by the phone's contact
        // name, which still has the name right, or by an email address
        // that spells it.
        let backing = if typo_case { rng.below(3) } else { 3 };
        let by_contact = backing == 1;
        let by_email = backing == 2 && !linkedin_email;
        // A variant must link by its name, not by an email both share.
        let email = (by_email || (!typo_case && rng.chance(40) && !linkedin_email))
            .then_some(p.email.as_str());
        email_known |= email.is_some();
        let org = if by_contact || by_email {
            None
        } else {
            (typo_case || rng.chance(60)).then_some(p.company.as_str())
        };
        o.vcards
            .push(vcard(&name, p, email, Some(&p.phone), org, None));
        o.truth.push(Truth {
            file: F_VCARDS.to_owned(),
            by: "phone",
            key: p.phone.replace(' ', ""),
            person: id,
            kind,
        });
        vcard_name = Some(if by_contact {
            linkedin_name.clone().unwrap_or(name)
        } else {
            name
        });
        if by_contact {
            o.calls
                .push(call(rng, &p.phone, vcard_name.as_deref().unwrap_or("")));
            o.truth.push(Truth {
                file: F_CALLS.to_owned(),
                by: "phone",
                key: p.phone.replace(' ', ""),
                person: id,
                kind: Kind::Strong,
            });
        }
    }
    // Calls to the address book's number, named by the phone.
    if let Some(contact) = &vcard_name {
        let already = o
            .truth
            .last()
            .is_some_and(|t| t.file == F_CALLS && t.person == id);
        if !already && rng.chance(40) {
            for _ in 0..1 + rng.below(3) {
                o.calls.push(call(rng, &p.phone, contact));
            }
            o.truth.push(Truth {
                file: F_CALLS.to_owned(),
                by: "phone",
                key: p.phone.replace(' ', ""),
                person: id,
                kind: Kind::Strong,
            });
        }
    }
    // Facebook: one display name for the friend list and the threads.
    if rng.chance(55) {
        let typo_alone = rng.chance(4);
        let (name, kind) = if typo_alone {
            (
                format!("{} {}", p.given, typo(rng, &p.family)),
                Kind::TypoAlone,
            )
        } else if has_linkedin && rng.chance(15) {
            let (pre, post) = rng.pick(DECORATIONS);
            (
                format!("{pre}{} {}{post}", p.given, p.family),
                Kind::Decoration,
            )
        } else {
            variant(rng, p, false)
        };
        let friend = rng.chance(80);
        if friend {
            o.friends.push((name.clone(), epoch_ms(rng) / 1000));
            o.truth.push(Truth {
                file: F_FRIENDS.to_owned(),
                by: "name",
                key: name.clone(),
                person: id,
                kind,
            });
        }
        if !friend || rng.chance(40) {
            let times: Vec<i64> = (0..1 + rng.below(4)).map(|_| epoch_ms(rng)).collect();
            o.threads.push((name.clone(), times));
            let n = o.threads.len();
            o.truth.push(Truth {
                file: thread_file(n),
                by: "name",
                key: name,
                person: id,
                kind,
            });
        }
    }
    // The touchpoint log: by email, or by name.
    if rng.chance(12) {
        let (y, m, d) = day(rng);
        if email_known && rng.chance(50) {
            o.touchpoints.push([
                format!("{y}-{m:02}-{d:02}"),
                String::new(),
                p.email.clone(),
                String::new(),
                "coffee".to_owned(),
                String::new(),
            ]);
            o.truth.push(Truth {
                file: F_TOUCHPOINTS.to_owned(),
                by: "email",
                key: p.email.clone(),
                person: id,
                kind: Kind::Strong,
            });
        } else {
            let (name, kind) = variant(rng, p, true);
            // Often met more than once: the same name on several rows of
            // the log, which are one person.
            let rows = if rng.chance(40) { 2 + rng.below(2) } else { 1 };
            for row in 0..rows {
                let (y, m, d) = if row == 0 { (y, m, d) } else { day(rng) };
                o.touchpoints.push([
                    format!("{y}-{m:02}-{d:02}"),
                    name.clone(),
                    String::new(),
                    String::new(),
                    "call".to_owned(),
                    String::new(),
                ]);
            }
            o.truth.push(Truth {
                file: F_TOUCHPOINTS.to_owned(),
                by: "name",
                key: name,
                person: id,
                kind,
            });
        }
    }
}

/// The file of the n-th thread (1-based).
pub(super) fn thread_file(n: usize) -> String {
    format!("facebook-owner/your_facebook_activity/messages/inbox/thread_{n}/message_1.json")
}

/// One trap, by turn: a family landline, a shared inbox, two people with
/// one name, conflicting profiles, and two kinds of namesakes whose given
/// names fit (see [`namesakes`]).
pub(super) fn trap(
    rng: &mut Rng,
    names: &mut Names,
    persons: &mut Vec<Person>,
    t: usize,
    o: &mut Out,
) {
    let n = persons.len();
    match t % 6 {
        0 | 1 => {
            // Two people of one family on one landline (or one inbox).
            let Some(a) = invent(rng, names, n, None, 0) else {
                return;
            };
            let Some(mut b) = invent(rng, names, n + 1, Some(&a.family.clone()), 0) else {
                return;
            };
            let landline = t % 6 == 0;
            if landline {
                b.phone = a.phone.clone();
            } else {
                b.email = a.email.clone();
            }
            persons.push(a.clone());
            persons.push(b.clone());
            for (id, p) in [(n, &a), (n + 1, &b)] {
                let own = format!("{}@own.example.org", p.slug);
                let (email, phone) = if landline {
                    (own.clone(), p.phone.clone())
                } else {
                    (
                        p.email.clone(),
                        format!("+1 555 9{:02} {:04}", id / 10000, id % 10000),
                    )
                };
                o.vcards
                    .push(vcard(&p.full(), p, Some(&email), Some(&phone), None, None));
                o.truth.push(Truth {
                    file: F_VCARDS.to_owned(),
                    by: if landline { "email" } else { "phone" },
                    key: if landline {
                        own
                    } else {
                        phone.replace(' ', "")
                    },
                    person: id,
                    kind: if id == n {
                        Kind::Anchor
                    } else {
                        Kind::SharedIdentifier
                    },
                });
                o.friends.push((p.full(), epoch_ms(rng) / 1000));
                o.truth.push(Truth {
                    file: F_FRIENDS.to_owned(),
                    by: "name",
                    key: p.full(),
                    person: id,
                    kind: if id == n { Kind::Same } else { Kind::Anchor },
                });
            }
            if landline {
                // The phone names one of them: that call is theirs.
                o.calls.push(call(rng, &a.phone, &a.full()));
                o.truth.push(Truth {
                    file: F_CALLS.to_owned(),
                    by: "phone",
                    key: a.phone.replace(' ', ""),
                    person: n,
                    kind: Kind::Strong,
                });
            }
        }
        2 => {
            // Two LinkedIn connections with one name; a Facebook friend with
            // that name fits both.
            let Some(a) = invent(rng, names, n, None, 0) else {
                return;
            };
            let mut b = a.clone();
            b.slug = format!("{}-b", a.slug);
            b.company = rng.pick(COMPANIES).to_string();
            persons.push(a.clone());
            persons.push(b.clone());
            for (id, p) in [(n, &a), (n + 1, &b)] {
                anchor_connection(o, rng, &p.given, p, id);
            }
            o.friends.push((a.full(), epoch_ms(rng) / 1000));
            o.truth.push(Truth {
                file: F_FRIENDS.to_owned(),
                by: "name",
                key: a.full(),
                person: n,
                kind: Kind::Ambiguous,
            });
        }
        4 | 5 => namesakes(rng, names, persons, t, o),
        _ => {
            // One name, two profiles: a connection and an address-book card
            // naming another profile are two people.
            let Some(a) = invent(rng, names, n, None, 0) else {
                return;
            };
            let mut b = a.clone();
            b.slug = format!("{}-other", a.slug);
            b.phone = format!("+1 555 8{:02} {:04}", n / 10000, n % 10000);
            persons.push(a.clone());
            persons.push(b.clone());
            anchor_connection(o, rng, &a.given, &a, n);
            let url = format!("https://www.linkedin.com/in/{}", b.slug);
            o.vcards
                .push(vcard(&b.full(), &b, None, Some(&b.phone), None, Some(&url)));
            o.truth.push(Truth {
                file: F_VCARDS.to_owned(),
                by: "phone",
                key: b.phone.replace(' ', ""),
                person: n + 1,
                kind: Kind::ConflictingProfile,
            });
        }
    }
}

/// Two people of one of the ten commonest family names (by turn `t`) whose
/// given names fit each other, A on LinkedIn and B in the address book with a number of B's own:
/// - `chain`: A is written by one nickname on LinkedIn (`Beth`) and by the
///   formal name on Facebook (`Elizabeth`); B by another nickname of it
///   (`Lisa`). The Facebook record fits both: it must not join B (alone or
///   with A, it is right); B stays apart.
/// - otherwise: A by the formal name (`Lawrence`), B by a nickname of it
///   with a whole middle name (`Lars Alexander`): two people, kept apart.
fn namesakes(rng: &mut Rng, names: &mut Names, persons: &mut Vec<Person>, t: usize, o: &mut Out) {
    let n = persons.len();
    let chain = t % 6 == 5;
    let family = names.common_family(t / 6).to_owned();
    let Some(a) = invent(rng, names, n, Some(&family), if chain { 2 } else { 1 }) else {
        return;
    };
    let nicks = names.nicknames_of(&a.given).to_vec();
    let first = rng.below(nicks.len());
    let mut b = a.clone();
    b.slug = format!("{}-namesake", a.slug);
    b.email = format!("namesake.{n}@example.com");
    b.phone = format!("+1 555 7{:02} {:04}", n / 10000, n % 10000);
    b.nick = None;
    let mut a = a;
    if chain {
        // Two nicknames, neither a nickname of the other.
        let others: Vec<&String> = nicks
            .iter()
            .filter(|x| !names.direct(x, &nicks[first]))
            .collect();
        let Some(&second) = others.get(rng.below(others.len().max(1))) else {
            return;
        };
        a.nick = Some(nicks[first].clone());
        b.given = second.clone();
        b.middle = None;
    } else {
        a.nick = None;
        b.given = nicks[first].clone();
        let middle = rng.pick(&names.given).clone();
        b.middle = Some(middle);
    }
    persons.push(a.clone());
    persons.push(b.clone());
    let linkedin_given = a.nick.clone().unwrap_or_else(|| a.given.clone());
    anchor_connection(o, rng, &linkedin_given, &a, n);
    if chain {
        let formal = format!("{} {}", a.given, a.family);
        o.friends.push((formal.clone(), epoch_ms(rng) / 1000));
        o.truth.push(Truth {
            file: F_FRIENDS.to_owned(),
            by: "name",
            key: formal,
            person: n,
            kind: Kind::Namesake,
        });
    }
    o.vcards
        .push(vcard(&b.full(), &b, None, Some(&b.phone), None, None));
    o.truth.push(Truth {
        file: F_VCARDS.to_owned(),
        by: "phone",
        key: b.phone.replace(' ', ""),
        person: n + 1,
        kind: Kind::Namesake,
    });
}
