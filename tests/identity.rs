//! Identity resolution end to end: the labelled synthetic exports of
//! `xtask synth` scored per variant kind, `offgrid people`, `offgrid
//! explain`, and the config's `[identity]` decisions.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use crate::util::{stderr, stdout, Dir};

/// `offgrid` run from the repository root, so fixture paths print short.
fn at_repo(dir: &Dir, args: &[&str]) -> Output {
    let mut cmd = dir.command();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    cmd.output().expect("run offgrid")
}

/// One row of the evaluation table.
#[derive(Debug)]
struct Row {
    records: usize,
    as_expected: usize,
    false_merges: usize,
    recall: f64,
}

fn synth_and_evaluate(dir: &Dir, people: usize, seed: u64) -> (BTreeMap<String, Row>, String) {
    let out_dir = dir.path().join(format!("synth-{seed}"));
    let summary = xtask::synth::generate(people, seed, &out_dir).expect("synthetic exports");
    assert_eq!(summary.people, people);
    let text = xtask::synth::evaluate_dir(&out_dir).expect("scored");
    let mut rows = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| kind") && !l.starts_with("| ---"))
    {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        rows.insert(
            cells[0].to_owned(),
            Row {
                records: cells[1].parse().unwrap(),
                as_expected: cells[3].parse().unwrap(),
                false_merges: cells[4].parse().unwrap(),
                recall: cells[6].parse().unwrap(),
            },
        );
    }
    (rows, text)
}

/// The acceptance bar: no false merges; recall ≥ 0.99 for case,
/// accents, order, middle names and nicknames; ambiguous names merged with
/// nobody; shared phones and emails, conflicting profiles and namesakes
/// whose given names fit kept apart.
#[test]
fn synthetic_exports_resolve_without_false_merges() {
    let dir = Dir::new();
    for seed in [1, 2] {
        let (rows, text) = synth_and_evaluate(&dir, 300, seed);
        assert!(
            text.contains("people holding records of two or more true people: 0;"),
            "{text}"
        );
        for (kind, row) in &rows {
            assert_eq!(row.false_merges, 0, "false merges in {kind}:\n{text}");
        }
        for kind in ["case", "accents", "order", "middle", "nickname"] {
            let row = &rows[kind];
            assert!(
                row.records >= 5,
                "too few {kind} records to measure:\n{text}"
            );
            assert!(
                row.recall >= 0.99,
                "{kind} recall {} < 0.99:\n{text}",
                row.recall
            );
        }
        for kind in [
            "ambiguous",
            "shared-identifier",
            "conflicting-profile",
            "typo-alone",
            "namesake",
        ] {
            let row = &rows[kind];
            assert!(row.records > 0, "no {kind} trap generated:\n{text}");
            assert_eq!(row.as_expected, row.records, "{kind}:\n{text}");
        }
        assert_eq!(
            rows.keys().map(String::as_str).collect::<Vec<_>>(),
            [
                "accents",
                "ambiguous",
                "anchor",
                "case",
                "conflicting-profile",
                "decoration",
                "middle",
                "namesake",
                "nickname",
                "order",
                "same",
                "shared-identifier",
                "strong",
                "typo-alone",
                "typo-corroborated"
            ]
        );
    }
}

#[test]
fn synth_is_deterministic() {
    let dir = Dir::new();
    let mut truths = Vec::new();
    for out in ["a", "b"] {
        xtask::synth::generate(60, 7, &dir.path().join(out)).expect("synthetic exports");
        truths.push((
            std::fs::read(dir.path().join(out).join("truth.json")).unwrap(),
            std::fs::read(dir.path().join(out).join("exports/contacts.vcf")).unwrap(),
        ));
    }
    assert_eq!(truths[0], truths[1]);
    // The shipped binary has only the user's commands.
    let help = dir.command().arg("--help").output().unwrap();
    assert!(!stdout(&help).contains("synth"), "{}", stdout(&help));
    assert!(!stdout(&help).contains("floor"), "{}", stdout(&help));
    assert!(stdout(&help).contains("people"));
    assert!(stdout(&help).contains("explain"));
    for hidden in ["synth", "floor"] {
        let out = dir.command().arg(hidden).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{hidden} is no command of offgrid"
        );
    }
}

#[test]
fn people_lists_every_record_and_link_reason_on_the_demo() {
    let dir = Dir::new();
    let out = at_repo(
        &dir,
        &[
            "people",
            "fixtures/demo",
            "--region",
            "US",
            "--tz",
            "UTC",
            "--format",
            "csv",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with(
        "person_id,person_name,record,source,location,name,identifiers,linked_to,rule,reason\n"
    ));
    let jose: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("p6108ed1feb0d,"))
        .collect();
    assert_eq!(
        jose,
        [
            "p6108ed1feb0d,José Álvarez,1,linkedin,fixtures/demo/Complete_LinkedInDataExport_11-24-2026.zip!Connections.csv:6,José Álvarez,https://www.linkedin.com/in/jose-alvarez-1,,,",
            "p6108ed1feb0d,José Álvarez,2,linkedin,fixtures/demo/Complete_LinkedInDataExport_11-24-2026.zip!messages.csv:5,José Álvarez,https://www.linkedin.com/in/jose-alvarez-1,1,linkedin,same LinkedIn profile https://www.linkedin.com/in/jose-alvarez-1",
            "p6108ed1feb0d,José Álvarez,3,vcard,fixtures/demo/phone/contacts-android.vcf:1,José Álvarez,jose@example.com; +15550100102,1,name,\"same name \"\"jose alvarez\"\", which fits one person only\"",
            "p6108ed1feb0d,José Álvarez,4,facebook,fixtures/demo/facebook-morganreyes/connections/friends/your_friends.json,Jose Alvarez,,1,name,\"same name \"\"jose alvarez\"\", which fits one person only\"",
            "p6108ed1feb0d,José Álvarez,5,calllog,fixtures/demo/phone/calls-20261124070000.xml:5,José Álvarez (contact name),'+15550100102,3,phone,same phone +15550100102",
            "p6108ed1feb0d,José Álvarez,6,facebook,fixtures/demo/facebook-morganreyes/your_facebook_activity/messages/inbox/josealvarez_101/message_1.json,Jose Alvarez,,4,name,\"same name \"\"jose alvarez\"\", which fits one person only\"",
        ]
    );
}

#[test]
fn explain_shows_records_evidence_and_the_report_numbers() {
    let dir = Dir::new();
    let args = [
        "explain",
        "jose@example.com",
        "fixtures/demo",
        "--as-of",
        "2026-11-26",
        "--tz",
        "UTC",
        "--region",
        "US",
    ];
    // The whole text is pinned in tests/outputs.rs.
    let out = at_repo(&dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let want = stdout(&out);
    // The numbers are the report's own.
    let report = dir.report(
        &[&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo")],
        &["--format", "csv", "--all"],
    );
    let row = stdout(&report)
        .lines()
        .find(|l| l.contains(",p6108ed1feb0d,"))
        .unwrap()
        .to_owned();
    assert!(
        row.contains(",lapsed,1102,2023-11-20,2012-08-01,2026-08-15,4,1,"),
        "{row}"
    );
    // By name, by phone and by person_id: the same person.
    for who in [
        "José Álvarez",
        "Alvarez, Jose",
        "(555) 010-0102",
        "p6108ed1feb0d",
    ] {
        let mut a = args;
        a[1] = who;
        let o = at_repo(&dir, &a);
        assert_eq!(stdout(&o), want, "{who}: {}", stderr(&o));
    }
}

#[test]
fn explain_refuses_a_name_that_fits_several_people() {
    let dir = Dir::new();
    let out = at_repo(
        &dir,
        &[
            "explain",
            "Sam Lee",
            "fixtures/demo",
            "--tz",
            "UTC",
            "--region",
            "US",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "offgrid: \"Sam Lee\" matches 3 people: p53180108277f (Sam Lee), p784667ee647f (Sam Lee), p7850a9ee6488 (Sam Lee); give their email, phone or person_id\n"
    );
    let out = at_repo(
        &dir,
        &["explain", "Nobody Here", "fixtures/demo", "--tz", "UTC"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("offgrid: \"Nobody Here\" matches nobody"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn config_decisions_win_over_the_rules() {
    let dir = Dir::new();
    dir.write(
        "in/contacts.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Smith\r\nEMAIL:bob@example.com\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Lee\r\nTEL:555-010-0101\r\nEND:VCARD\r\n",
    );
    dir.write(
        "in/touchpoints.csv",
        "date,name,email,phone,kind,note\n2026-01-01,Rob Smyth,robert@example.com,,call,\n2026-01-02,Sam Lee,,,coffee,\n",
    );
    let people = |config: Option<&str>| {
        let mut cmd = dir.command();
        if let Some(c) = config {
            cmd.arg("--config").arg(dir.write("config.toml", c));
        }
        let out = cmd
            .args([
                "people", "in", "--format", "csv", "--region", "US", "--tz", "UTC", "-q",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
            .lines()
            .skip(1)
            .map(|l| {
                let c: Vec<&str> = l.split(',').collect();
                format!("{} {} {}", &c[0][..5], c[5], c[8])
            })
            .collect::<Vec<_>>()
    };
    let before = people(None);
    let after = people(Some(
        "[identity]\nsame = [[\"Bob Smith\", \"robert@example.com\"]]\ndifferent = [[\"Sam Lee\", \"+1 555 010 0101\"]]\n",
    ));
    // Without decisions: Sam Lee of the log is the card's Sam Lee; Rob
    // Smyth is nobody else.
    let groups = |rows: &[String]| {
        let mut g: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for r in rows {
            g.entry(&r[..5]).or_default().push(r[6..].to_owned());
        }
        let mut v: Vec<Vec<String>> = g.into_values().collect();
        v.sort();
        v
    };
    assert_eq!(
        groups(&before),
        [
            vec!["Bob Smith ".to_owned()],
            vec!["Rob Smyth ".to_owned()],
            vec!["Sam Lee ".to_owned(), "Sam Lee name".to_owned()],
        ]
    );
    assert_eq!(
        groups(&after),
        [
            vec!["Bob Smith ".to_owned(), "Rob Smyth config".to_owned()],
            vec!["Sam Lee ".to_owned()],
            vec!["Sam Lee ".to_owned()],
        ]
    );
    // Unknown keys in [identity] are errors naming their line.
    let mut cmd = dir.command();
    let out = cmd
        .arg("--config")
        .arg(dir.write("bad.toml", "[identity]\nsame = []\nsimilar = []\n"))
        .args(["people", "in", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("bad.toml:3: unknown field `similar`"),
        "{}",
        stderr(&out)
    );
}
