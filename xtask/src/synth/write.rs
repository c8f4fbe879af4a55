//! The exports written in the real formats: LinkedIn CSVs, a Facebook
//! JSON archive (strings as mojibake), vCards, an SMS Backup & Restore call
//! log, a touchpoint log.

use super::*;

/// One CSV line, LF-terminated, quoted only where needed (as the exports
/// are).
pub(super) fn csv_line(fields: &[String]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(256)
        .from_writer(Vec::new());
    w.write_record(fields).expect("writing to memory");
    let bytes = w.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("the fields are text")
}

/// A JSON string as Facebook writes it: every non-ASCII character as its
/// UTF-8 bytes, each escaped as `\u00XX` (mojibake).
pub(super) fn fb_json(s: &str) -> String {
    let mut out = String::from("\"");
    for b in s.bytes() {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\u00{b:02x}");
            }
        }
    }
    out.push('"');
    out
}

fn plain_json(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

fn write_file(root: &Path, rel: &str, contents: &str) -> io::Result<()> {
    let p = root.join(rel);
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(p, contents)
}

/// `Connections.csv` with LinkedIn's `Notes:` preamble.
pub(super) fn connections_csv(o: &Out) -> String {
    let mut s = String::from("Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for c in &o.connections {
        s.push_str(&csv_line(c));
    }
    s
}

pub(super) const MESSAGES_HEADER: &str = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n";

pub(super) fn profile_csv(owner: &str) -> String {
    let (first, last) = owner.split_once(' ').unwrap_or((owner, ""));
    format!("First Name,Last Name,Maiden Name,Headline\n{first},{last},,Owner of these exports\n")
}

pub(super) fn friends_json(o: &Out) -> String {
    let mut s = String::from("{\n  \"friends_v2\": [\n");
    for (i, (name, ts)) in o.friends.iter().enumerate() {
        let sep = if i + 1 < o.friends.len() { "," } else { "" };
        let _ = writeln!(
            s,
            "    {{\"name\": {}, \"timestamp\": {ts}}}{sep}",
            fb_json(name)
        );
    }
    s.push_str("  ]\n}\n");
    s
}

pub(super) const F_PROFILE_JSON: &str =
    "personal_information/profile_information/profile_information.json";

pub(super) fn profile_json(owner: &str) -> String {
    format!(
        "{{\"profile_v2\": {{\"name\": {{\"full_name\": {}}}}}}}\n",
        fb_json(owner)
    )
}

pub(super) fn calls_xml(o: &Out) -> String {
    let mut s = format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"{}\">\n",
        o.calls.len()
    );
    s.push_str(&o.calls.concat());
    s.push_str("</calls>\n");
    s
}

pub(super) fn touchpoints_csv(o: &Out) -> String {
    let mut s = String::from("date,name,email,phone,kind,note\n");
    for t in &o.touchpoints {
        s.push_str(&csv_line(t));
    }
    s
}

pub(super) fn write_all(
    out: &Path,
    owner: &str,
    o: &Out,
    seed: u64,
    people: usize,
) -> io::Result<()> {
    let root = out.join("exports");
    // LinkedIn.
    write_file(&root, F_CONNECTIONS, &connections_csv(o))?;
    let mut s = String::from(MESSAGES_HEADER);
    for m in &o.messages {
        s.push_str(&csv_line(m));
    }
    write_file(&root, F_MESSAGES, &s)?;
    write_file(&root, "linkedin/Profile.csv", &profile_csv(owner))?;
    // Facebook.
    write_file(&root, F_FRIENDS, &friends_json(o))?;
    write_file(
        &root,
        &format!("facebook-owner/{F_PROFILE_JSON}"),
        &profile_json(owner),
    )?;
    for (i, (name, times)) in o.threads.iter().enumerate() {
        let mut s = format!(
            "{{\n  \"participants\": [{{\"name\": {}}}, {{\"name\": {}}}],\n  \"messages\": [\n",
            fb_json(name),
            fb_json(owner)
        );
        for (j, t) in times.iter().enumerate() {
            let sender = if j % 2 == 0 { name.as_str() } else { owner };
            let sep = if j + 1 < times.len() { "," } else { "" };
            let _ = writeln!(
                s,
                "    {{\"sender_name\": {}, \"timestamp_ms\": {t}, \"content\": \"hi\"}}{sep}",
                fb_json(sender)
            );
        }
        let _ = write!(
            s,
            "  ],\n  \"title\": {},\n  \"is_still_participant\": true,\n  \"thread_path\": \"inbox/thread_{}\"\n}}\n",
            fb_json(name),
            i + 1
        );
        write_file(&root, &thread_file(i + 1), &s)?;
    }
    // Address book, calls, touchpoints.
    write_file(&root, F_VCARDS, &o.vcards.concat())?;
    write_file(&root, F_CALLS, &calls_xml(o))?;
    write_file(&root, F_TOUCHPOINTS, &touchpoints_csv(o))?;
    // The truth.
    let mut s = format!("{{\n  \"seed\": {seed},\n  \"people\": {people},\n  \"records\": [\n");
    for (i, t) in o.truth.iter().enumerate() {
        let sep = if i + 1 < o.truth.len() { "," } else { "" };
        let _ = writeln!(
            s,
            "    {{\"file\": {}, \"by\": \"{}\", \"key\": {}, \"person\": {}, \"kind\": \"{}\"}}{sep}",
            plain_json(&t.file),
            t.by,
            plain_json(&t.key),
            t.person,
            t.kind.as_str()
        );
    }
    s.push_str("  ]\n}\n");
    write_file(out, "truth.json", &s)
}
