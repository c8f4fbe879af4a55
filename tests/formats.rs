//! The report's formats as programs and people read them: the JSON's
//! documented shape, hostile names inert in HTML and CSV, `--excel`, the
//! HTML page in headless Chromium, the CSV in LibreOffice, and Facebook's
//! names right in every format.

use std::path::{Path, PathBuf};

use crate::util::{fixtures, json, snapshot, stderr, stdout, Dir};

const CALENDAR_STALE: &str = "calendar: newest evidence is from 2026-08-03, 115 days before 2026-11-26; days without contact may be overstated for the 2 people reached that way";

/// A LinkedIn messages file whose senders have hostile names.
fn hostile_inputs(dir: &Dir) -> PathBuf {
    dir.write(
        "in/messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n\
         c1,,<script>alert(1)</script>,https://www.linkedin.com/in/xss,Me Owner,https://www.linkedin.com/in/me,2026-10-01 10:00:00 UTC,,hi,INBOX\n\
         c2,,\"=HYPERLINK(\"\"http://evil.example\"\")\",https://www.linkedin.com/in/formula,Me Owner,https://www.linkedin.com/in/me,2026-10-02 10:00:00 UTC,,hi,INBOX\n\
         c3,,\"Zoë \"\"<img src=x onerror=alert(2)>\"\"\",https://www.linkedin.com/in/zoe,Me Owner,https://www.linkedin.com/in/me,2026-10-03 10:00:00 UTC,,hi,INBOX\n",
    );
    dir.path().join("in")
}

/// One CSV line cut into its cells as written, quotes kept.
fn raw_cells(line: &str) -> Vec<String> {
    let (mut cells, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cell.push(c);
            }
            ',' if !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[test]
fn json_report_has_the_documented_versioned_shape() {
    let dir = Dir::new();
    let out = dir.report(&[&fixtures().join("demo")], &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&stdout(&out));
    assert_eq!(doc["version"], 1);
    let run = &doc["run"];
    assert_eq!(run["as_of"], "2026-11-26");
    assert_eq!(run["tz"], "UTC");
    assert_eq!(run["region"], "US");
    assert_eq!(
        run["generated_by"],
        concat!("offgrid ", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(run["stale_after"], 365);
    assert_eq!(run["people_considered"], 46);
    assert_eq!(run["rows"], 32);
    let sources: Vec<String> = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {} {} {} {} {}",
                s["kind"].as_str().unwrap(),
                s["entries"],
                s["first"],
                s["last"],
                s["people"],
                s["stale"]
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            "calendar 1 \"2022-11-11\" \"2026-08-03\" 2 true",
            "calllog 2 \"2021-02-02\" \"2026-11-21\" 8 false",
            "contacts 1 null null 2 false",
            "facebook 10 \"2011-01-01\" \"2026-11-12\" 6 false",
            "instagram 3 \"2026-09-05\" \"2026-10-22\" 2 false",
            "linkedin 6 \"2013-03-03\" \"2026-11-20\" 24 false",
            "touchpoints 1 \"2019-09-09\" \"2026-11-18\" 4 false",
            "vcard 2 null null 11 false",
            "whatsapp 1 \"2026-11-02\" \"2026-11-14\" 0 false",
        ]
    );
    assert_eq!(doc["warnings"], serde_json::json!([CALENDAR_STALE]));
    assert_eq!(doc["changes"], serde_json::Value::Null);
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 32);
    assert_eq!(
        rows[3],
        serde_json::json!({
            "rank": 4, "person_id": "p5a14d01f6f90", "name": "Fatima Zahra",
            "status": "never", "days_without_direct": 3429, "last_direct": null,
            "first_seen": "2017-07-07", "last_online": "2026-06-01",
            "online_interactions": 3, "direct_contacts": 0,
            "sources": ["calllog", "linkedin", "vcard"], "emails": [],
            "phones": ["+15550100107"],
            "linkedin_url": "https://www.linkedin.com/in/fatima-zahra",
            "company": "Atlas Health", "position": "Doctor"
        })
    );
    // `people` lists everyone considered, recent ones too: the 41 of --all.
    assert_eq!(doc["people"].as_array().unwrap().len(), 41);
    // The freshness warning is on stderr too.
    assert!(
        stderr(&out).contains(&format!("offgrid: warning: {CALENDAR_STALE}\n")),
        "{}",
        stderr(&out)
    );
    // JSON, like CSV, gives the same bytes for the same inputs.
    let again = dir.report(&[&fixtures().join("demo")], &["--format", "json"]);
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn hostile_names_are_inert_in_html_and_csv() {
    let dir = Dir::new();
    let input = hostile_inputs(&dir);
    let out = dir.report(&[&input], &["--format", "html"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(
        html.contains("<td class=\"name\">&lt;script&gt;alert(1)&lt;/script&gt;</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td class=\"name\">Zoë &quot;&lt;img src=x onerror=alert(2)&gt;&quot;</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td class=\"name\">=HYPERLINK(&quot;http://evil.example&quot;)</td>"),
        "{html}"
    );
    // The charts are drawn on the server side, as inline SVG.
    assert!(html.contains("<svg id=\"chart\" class=\"chart\""));
    assert!(html.contains("<rect class=\"never\" x=\"136.9\" y=\"30.0\" width=\"59.0\" height=\"190.0\"><title>31–90 d: 3 never</title></rect>"), "{html}");
    assert!(html.contains("<svg id=\"timeline\" class=\"chart\""));
    assert!(
        html.contains("<title>linkedin: 2026-10-01 to 2026-10-03, 1 entry</title>"),
        "{html}"
    );
    // One script element (the page's own), no tag built from input, nothing
    // loaded from anywhere.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(!html.contains("<img"));
    for attr in [" src=\"", " href=\"", "url(", "@import"] {
        assert!(!html.contains(attr), "{attr} in the page");
    }
    assert!(html.contains(
        "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\""
    ));

    let out = dir.report(&[&input], &["--format", "csv"]);
    let csv = stdout(&out);
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\")\",never,"),
        "{csv}"
    );
}

/// `--excel`: a byte-order mark, and each phones cell a text formula
/// (`="+15550100107"`); every other cell as in the plain CSV.
#[test]
fn excel_adds_a_byte_order_mark_and_keeps_phones_text() {
    let dir = Dir::new();
    let out = dir.report(
        &[&fixtures().join("demo")],
        &["--format", "csv", "--all", "--excel"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(&out.stdout[..3], b"\xef\xbb\xbf");
    let cells = |bytes: &[u8]| -> Vec<Vec<String>> {
        csv::Reader::from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    let excel = cells(&out.stdout[3..]);
    let plain = cells(snapshot().as_bytes());
    assert_eq!(excel.len(), plain.len());
    let phones = 12;
    for (e, p) in excel.iter().zip(&plain) {
        for (i, (e, p)) in e.iter().zip(p).enumerate() {
            if i == phones && !p.is_empty() {
                assert_eq!(*e, format!("=\"{p}\""));
            } else {
                assert_eq!(e, p, "column {i}");
            }
        }
    }
    let text = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    assert!(
        text.contains(",Fatima Zahra,never,3429,,2017-07-07,2026-06-01,3,0,calllog; linkedin; vcard,,\"=\"\"+15550100107\"\"\",https://www.linkedin.com/in/fatima-zahra,Atlas Health,Doctor\n"),
        "{text}"
    );
}

/// The CSV (with and without `--excel`) read by LibreOffice headless as
/// UTF-8 and written back: accents intact, the byte-order mark not part of
/// the first cell, the formula still text; phone numbers become numbers in
/// the plain CSV (the `+` lost) and stay text with `--excel`. Besides the
/// demo, a touchpoint log gives a long international number and a cell of
/// two. Skips, saying so, without `soffice` (CI does not install
/// LibreOffice; docs/report.md records a run).
#[test]
fn csv_opens_in_libreoffice_with_accents_intact() {
    let soffice = Path::new("/usr/bin/soffice");
    if !soffice.exists() {
        println!("skipped: /usr/bin/soffice not found (apt-get install libreoffice-calc-nogui)");
        return;
    }
    let dir = Dir::new();
    let log = dir.write(
        "more/touchpoints.csv",
        "date,name,email,phone,kind,note\n\
         2026-01-01,Hanna Schmidt,hanna@example.de,+49 30 123456789,call,\n\
         2026-02-01,Hanna Schmidt,hanna@example.de,+49 171 2345678,call,\n\
         2026-01-05,Kofi Boateng,,+233 24 123 4567,call,\n",
    );
    for (name, extra) in [("plain.csv", None), ("excel.csv", Some("--excel"))] {
        let target = dir.path().join(name);
        let mut args = vec![
            "--format",
            "csv",
            "--all",
            "--min-interactions",
            "0",
            "-o",
            target.to_str().unwrap(),
        ];
        args.extend(extra);
        let out = dir.report(&[&fixtures().join("demo"), &log], &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    // UTF-8 (76) from row 1; token 13 says whether to evaluate formulas.
    // Written back as CSV, a text cell is quoted and a number is not.
    let convert = |evaluate: bool, outdir: &str, files: &[&str]| -> PathBuf {
        let converted = dir.path().join(outdir);
        let out = std::process::Command::new(soffice)
            .arg("--headless")
            .arg(format!(
                "--infilter=CSV:44,34,76,1,,0,false,false,,,,,{evaluate}"
            ))
            .args([
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76,1",
                "--outdir",
            ])
            .arg(&converted)
            .args(files.iter().map(|f| dir.path().join(f)))
            .env("HOME", dir.path())
            .output()
            .expect("run soffice");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        converted
    };
    let converted = convert(true, "converted", &["plain.csv", "excel.csv"]);
    // The phones cell of `person`'s row as LibreOffice wrote it back:
    // `text +1555...` when quoted, `number 1555...` when not.
    let phones = |text: &str, person: &str| -> String {
        let name = format!("\"{person}\"");
        let row = text
            .lines()
            .map(raw_cells)
            .find(|cells| cells.get(2) == Some(&name))
            .unwrap_or_else(|| panic!("no row for {person}: {text}"));
        let cell = &row[12];
        match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
            Some(inner) => format!("text {}", inner.replace("\"\"", "\"")),
            None => format!("number {cell}"),
        }
    };
    for name in ["plain.csv", "excel.csv"] {
        let text = std::fs::read_to_string(converted.join(name)).unwrap();
        assert!(
            text.starts_with("\"rank\",\"person_id\",\"name\","),
            "{name}: {text}"
        );
        for person in [
            "\"Björn Ek\"",
            "\"Chloé Lefèvre\"",
            "\"Mehmet Yılmaz\"",
            "\"José Álvarez\"",
            "\"Lena Müller-Łukasiewicz\"",
            "\"Marco Bianchi 🌊\"",
        ] {
            assert!(text.contains(person), "{name}: {person} lost");
        }
        assert!(
            text.contains("\"'=HYPERLINK(\"\"http://example.com\"\")\""),
            "{name}: {text}"
        );
        let got: Vec<String> = [
            "Fatima Zahra",
            "Yusuf Demir",
            "Kofi Boateng",
            "Hanna Schmidt",
        ]
        .iter()
        .map(|p| phones(&text, p))
        .collect();
        let want = if name == "plain.csv" {
            [
                "number 15550100107",
                "number 902125550118",
                "number 233241234567",
                "text +491712345678; +4930123456789",
            ]
        } else {
            [
                "text +15550100107",
                "text +902125550118",
                "text +233241234567",
                "text +491712345678; +4930123456789",
            ]
        };
        assert_eq!(got, want, "{name}");
    }
    // Without "Evaluate formulas" the formula itself is the text.
    let literal = convert(false, "literal", &["excel.csv"]);
    let text = std::fs::read_to_string(literal.join("excel.csv")).unwrap();
    assert_eq!(phones(&text, "Fatima Zahra"), "text =\"+15550100107\"");
}

/// A mojibake-repaired name with letters that do not decompose, and
/// one with an emoji, come out right in every output format.
#[test]
fn facebook_names_come_out_right_in_every_format() {
    let dir = Dir::new();
    let demo = crate::util::fixtures().join("demo");
    for format in ["table", "csv", "json", "markdown", "html"] {
        let out = dir.report(&[&demo], &["--format", format, "--all"]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        let text = stdout(&out);
        for name in [
            "Lena Müller-Łukasiewicz",
            "Marco Bianchi 🌊",
            "José Álvarez",
        ] {
            assert!(text.contains(name), "{format} lacks {name}");
        }
        // No trace of the mojibake the archive was written in.
        assert!(!text.contains("Ã"), "{format} shows mojibake");
    }
}
