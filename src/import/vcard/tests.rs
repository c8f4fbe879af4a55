use super::*;

fn ctx() -> Context {
    Context {
        region: Region::parse("US").unwrap(),
        tz: jiff::tz::TimeZone::UTC,
        as_of: jiff::civil::date(2026, 1, 1),
        limits: crate::limits::Limits::default(),
        mail: crate::import::mail::Settings::default(),
    }
}

fn run_named(path: &str, input: &[u8]) -> Sink {
    let mut entry = Entry {
        path: path.to_owned(),
        display: Arc::from(path),
        reader: Box::new(Cursor::new(input.to_vec())),
    };
    let mut sink = Sink::new();
    Vcard.import(&mut entry, &ctx(), &mut sink).unwrap();
    sink
}

fn run(input: &[u8]) -> Sink {
    run_named("c.vcf", input)
}

fn warnings(sink: &Sink) -> Vec<String> {
    sink.warnings.iter().map(ToString::to_string).collect()
}

fn phones(r: &Record) -> Vec<&str> {
    r.phones.iter().map(Phone::as_str).collect()
}

fn emails(r: &Record) -> Vec<&str> {
    r.emails.iter().map(Email::as_str).collect()
}

#[test]
fn detect_by_name_and_content() {
    assert!(Vcard.detect("Contacts/All Contacts.VCF", b""));
    assert!(Vcard.detect("x.vcard", b""));
    assert!(Vcard.detect("export", b"\xEF\xBB\xBF\r\n begin:vcard\r\nVERSION:3.0"));
    assert!(Vcard.detect("export", b"BEGIN:VCARD"));
    assert!(Vcard.detect(
        "export",
        b"\xFF\xFEB\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D\0\r\0\n\0"
    ));
    assert!(!Vcard.detect("cal.ics", b"BEGIN:VCALENDAR\r\n"));
    assert!(!Vcard.detect("export", b"BEGIN:VCARDS\r\n"));
    assert!(!Vcard.detect("notes.txt", b"hello"));
}

#[test]
fn v30_basic_fields() {
    let sink = run(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Quill\r\nN:Quill;Ada;;;\r\n\
        ORG:Acme Labs;Research\r\nTITLE:Chemist\r\nEMAIL;TYPE=INTERNET:Ada@Example.org\r\n\
        TEL;TYPE=CELL:(555) 010-2345\r\nCATEGORIES:Friends,Work\r\nCATEGORIES:Work\r\n\
        END:VCARD\r\n",
    );
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    assert!(sink.events.is_empty());
    let [r] = &sink.records[..] else {
        panic!("{:?}", sink.records)
    };
    assert_eq!(r.source, Some(SourceKind::Vcard));
    assert_eq!(r.location.as_ref().unwrap().to_string(), "c.vcf:1");
    assert_eq!(r.names, ["Ada Quill"]);
    assert_eq!(emails(r), ["ada@example.org"]);
    assert_eq!(phones(r), ["+15550102345"]);
    assert_eq!(r.company.as_deref(), Some("Acme Labs"));
    assert_eq!(r.position.as_deref(), Some("Chemist"));
    assert_eq!(r.categories, ["Friends", "Work"]);
    assert!(!r.owner && !r.name_is_hint);
}

#[test]
fn name_composed_from_n_without_prefix_and_suffix() {
    let sink =
        run(b"BEGIN:VCARD\nVERSION:3.0\nN:Quill;Ada;Mae,Lou;Dr.;PhD\nEMAIL:a@b.org\nEND:VCARD\n");
    assert_eq!(sink.records[0].names, ["Ada Mae Lou Quill"]);
}

#[test]
fn fn_holding_an_address_is_not_a_name() {
    let sink = run(b"BEGIN:VCARD\nVERSION:3.0\nFN:ada@example.org\nEND:VCARD\n\
        BEGIN:VCARD\nVERSION:3.0\nFN:+1 555 010 2345\nEND:VCARD\n");
    assert!(sink.records[0].names.is_empty());
    assert_eq!(emails(&sink.records[0]), ["ada@example.org"]);
    assert_eq!(phones(&sink.records[1]), ["+15550102345"]);
}

#[test]
fn qp_soft_breaks_are_joined_and_decoded() {
    // Android 2.1: the continuation after "=" is not indented.
    let sink = run(b"BEGIN:VCARD\r\nVERSION:2.1\r\n\
        N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=81lvarez;Jos=C3=A9;;;\r\n\
        FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 =C3=81lva=\r\n\
        rez Pe=C3=B1a\r\n\
        TEL;CELL;PREF:555-010-2345\r\nEND:VCARD\r\n");
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    assert_eq!(sink.records[0].names, ["José Álvarez Peña"]);
}

#[test]
fn qp_continuation_keeps_leading_space() {
    let sink =
        run(b"BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Ada=\n Quill\nEND:VCARD\n");
    assert_eq!(sink.records[0].names, ["Ada Quill"]);
}

#[test]
fn bare_quoted_printable_param() {
    let sink = run(
        b"BEGIN:VCARD\nVERSION:2.1\nFN;QUOTED-PRINTABLE;CHARSET=UTF-8:Ren=C3=A9e Roy\nEND:VCARD\n",
    );
    assert_eq!(sink.records[0].names, ["Renée Roy"]);
}

#[test]
fn qp_without_charset_is_utf8_when_it_decodes_as_utf8() {
    let sink = run(
        b"BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Ren=C3=A9e Roy\nEND:VCARD\n\
        BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Ren=E9e Roy\nEND:VCARD\n",
    );
    assert_eq!(sink.records[0].names, ["Renée Roy"]);
    // Not UTF-8: the 2.1 default, Latin-1.
    assert_eq!(sink.records[1].names, ["Renée Roy"]);
}

#[test]
fn raw_bytes_in_declared_charset() {
    // "Анна Петрова" in Windows-1251, not quoted-printable.
    let mut card = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=WINDOWS-1251:".to_vec();
    card.extend_from_slice(b"\xC0\xED\xED\xE0 \xCF\xE5\xF2\xF0\xEE\xE2\xE0\r\nEND:VCARD\r\n");
    let sink = run(&card);
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    assert_eq!(sink.records[0].names, ["Анна Петрова"]);
}

#[test]
fn qp_in_declared_charset() {
    let sink = run(b"BEGIN:VCARD\nVERSION:2.1\n\
        FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Jos=E9 Pe=F1a\nEND:VCARD\n");
    assert_eq!(sink.records[0].names, ["José Peña"]);
}

#[test]
fn undeclared_non_utf8_is_windows_1252() {
    let sink = run(b"BEGIN:VCARD\nVERSION:3.0\nFN:Jos\xe9 \x93Pepe\x94 Pe\xf1a\nEND:VCARD\n");
    assert_eq!(sink.records[0].names, ["José \u{201c}Pepe\u{201d} Peña"]);
}

#[test]
fn shift_jis_is_honoured() {
    // CHARSET=SHIFT_JIS (Japanese Android 2.1 exports; docs/formats.md, "vCard").
    let sink = run(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:\x88\xc0\x93\xa1\r\n\
        TEL:555-010-2345\r\nEND:VCARD\r\n",
    );
    assert!(warnings(&sink).is_empty(), "{:?}", warnings(&sink));
    assert_eq!(sink.records[0].names, ["安藤"]);
    assert_eq!(phones(&sink.records[0]), ["+15550102345"]);
}

#[test]
fn value_broken_in_the_file_warns() {
    let sink = run("BEGIN:VCARD\nFN:Ada \u{FFFD}\nTEL:555-010-2345\nEND:VCARD\n".as_bytes());
    assert_eq!(warnings(&sink), ["c.vcf:1: cannot decode a value, skipped"]);
    assert!(sink.records[0].names.is_empty());
    assert_eq!(sink.records.len(), 1);
}

#[test]
fn short_numeric_fn_stays_a_name() {
    let sink = run(b"BEGIN:VCARD\nFN:2024\nEND:VCARD\n");
    assert_eq!(sink.records[0].names, ["2024"]);
}

#[test]
fn folded_lines_are_unfolded() {
    // One space is the fold; a second belongs to the value (Gmail).
    let sink = run(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Qu\r\n ill\r\nTITLE:Head of\r\n  Research\r\n\
        EMAIL;TYPE=INTERNET:ada@exa\r\n\tmple.org\r\nEND:VCARD\r\n",
    );
    let r = &sink.records[0];
    assert_eq!(r.names, ["Ada Quill"]);
    assert_eq!(r.position.as_deref(), Some("Head of Research"));
    assert_eq!(emails(r), ["ada@example.org"]);
}

#[test]
fn line_ends_lf_crlf_cr_and_crcrlf_keep_physical_numbers() {
    let sink =
        run(b"BEGIN:VCARD\r\r\nVERSION:3.0\rFN:Ada\nEND:VCARD\r\n\nBEGIN:VCARD\nEND:VCARD\n");
    assert_eq!(sink.records[0].names, ["Ada"]);
    assert_eq!(
        warnings(&sink),
        ["c.vcf:6: card has no name, email or phone"]
    );
}

#[test]
fn item_groups_and_bare_types() {
    let sink = run(b"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nitem1.TEL:555-010-2345\n\
        item1.X-ABLabel:_$!<Mobile>!$_\nTEL;CELL;PREF:555-010-9999\nitem2.EMAIL;type=INTERNET;type=pref:a@b.org\n\
        END:VCARD\n");
    let r = &sink.records[0];
    assert_eq!(phones(r), ["+15550102345", "+15550109999"]);
    assert_eq!(emails(r), ["a@b.org"]);
}

#[test]
fn tel_uri_and_extension() {
    let sink = run(b"BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nTEL;VALUE=uri;TYPE=\"voice,cell\":tel:+1-555-010-2345;ext=12\n\
        TEL;VALUE=uri:sip:ada@example.org\nEND:VCARD\n");
    assert_eq!(phones(&sink.records[0]), ["+15550102345"]);
}

#[test]
fn email_with_display_name_split_over_two_lines() {
    // AOSP v21_invalid_multiple_line: `"Omega"` then `  <omega@...>`.
    let sink = run(b"BEGIN:VCARD\nVERSION:2.1\nFN:Omega\nEMAIL;INTERNET:\"Omega\"\n  <omega@example.com>\nEND:VCARD\n");
    assert_eq!(emails(&sink.records[0]), ["omega@example.com"]);
}

#[test]
fn linkedin_from_socialprofile_url_and_impp() {
    let card = |prop: &str| {
        let s = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n{prop}\r\nEND:VCARD\r\n");
        run(s.as_bytes()).records[0]
            .linkedin
            .as_ref()
            .map(|u| u.as_str().to_owned())
    };
    let want = Some("https://www.linkedin.com/in/ada-quill".to_owned());
    assert_eq!(
        card(
            "X-SOCIALPROFILE;type=linkedin;x-user=ada-quill:http\\://www.linkedin.com/in/ada-quill"
        ),
        want
    );
    assert_eq!(
        card("X-SOCIALPROFILE;type=linkedin;x-user=ada-quill:x-apple:ada-quill"),
        want
    );
    assert_eq!(card("X-SOCIALPROFILE;type=linkedin:ada-quill"), want);
    assert_eq!(
        card("SOCIALPROFILE;SERVICE-TYPE=LinkedIn:https://www.linkedin.com/in/Ada-Quill/"),
        want
    );
    assert_eq!(
        card("item3.URL:https\\://de.linkedin.com/in/ada-quill"),
        want
    );
    assert_eq!(
        card("IMPP;X-SERVICE-TYPE=LinkedIn:https://linkedin.com/in/ada-quill"),
        want
    );
    assert_eq!(
        card("X-SOCIALPROFILE;type=twitter;x-user=ada:http://twitter.com/ada"),
        None
    );
    assert_eq!(card("URL:https://www.linkedin.com/company/acme"), None);
}

#[test]
fn linkedin_only_card_is_kept() {
    let sink =
        run(b"BEGIN:VCARD\nVERSION:3.0\nURL:https://www.linkedin.com/in/ada-quill\nEND:VCARD\n");
    assert!(sink.warnings.is_empty());
    assert_eq!(sink.records.len(), 1);
}

#[test]
fn photo_blobs_are_dropped() {
    // 3.0 folded, 2.1 unindented base64 ended by a blank line, and a
    // 2.1 indented block: none may leak into other properties.
    let sink = run(b"BEGIN:VCARD\r\nVERSION:3.0\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n SkZJRg==\r\n\
        FN:Ada\r\nEND:VCARD\r\n\
        BEGIN:VCARD\r\nVERSION:2.1\r\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ\r\nSkZJRgAB\r\nAQAAAQ==\r\n\r\n\
        FN:Bea\r\nEND:VCARD\r\n\
        BEGIN:VCARD\r\nVERSION:2.1\r\nPHOTO;TYPE=JPEG;ENCODING=BASE64:\r\n /9j/4AAQ\r\n SkZJRg==\r\n\r\n\
        EMAIL;PREF;INTERNET:cy@example.org\r\nEND:VCARD\r\n");
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    assert_eq!(sink.records[0].names, ["Ada"]);
    assert_eq!(sink.records[1].names, ["Bea"]);
    assert_eq!(emails(&sink.records[2]), ["cy@example.org"]);
}

#[test]
fn blank_lines_and_garbage_between_cards() {
    let sink = run(
        b"junk before\r\n\r\nBEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n\r\nmore junk\r\n\r\n\
        BEGIN:VCARD\r\nFN:Bea\r\nEND:VCARD\r\n",
    );
    assert_eq!(sink.records.len(), 2);
    assert_eq!(
        warnings(&sink),
        ["c.vcf:1: expected BEGIN:VCARD, found \"junk before\""]
    );
}

#[test]
fn unterminated_card_before_next_card() {
    let sink = run(
        b"BEGIN:VCARD\nFN:Ada\nEND:VCARD\nBEGIN:VCARD\nFN:Broken\nBEGIN:VCARD\nFN:Cy\nEND:VCARD\n",
    );
    let names: Vec<_> = sink.records.iter().map(|r| r.names[0].as_str()).collect();
    assert_eq!(names, ["Ada", "Cy"]);
    assert_eq!(
        warnings(&sink),
        ["c.vcf:4: expected END:VCARD, found BEGIN:VCARD on line 6"]
    );
}

#[test]
fn unterminated_card_at_eof() {
    let sink = run(b"BEGIN:VCARD\nFN:Ada\nEND:VCARD\n\nBEGIN:VCARD\nFN:Cut Off\nTEL:555");
    assert_eq!(sink.records.len(), 1);
    assert_eq!(
        warnings(&sink),
        ["c.vcf:5: expected END:VCARD, found end of file"]
    );
}

#[test]
fn dangling_soft_break_does_not_swallow_end() {
    let sink = run(b"BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Ada=\nEND:VCARD\nBEGIN:VCARD\nFN:Bea\nEND:VCARD\n");
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    assert_eq!(sink.records.len(), 2);
}

#[test]
fn card_without_identity_warns() {
    let sink = run(b"BEGIN:VCARD\nVERSION:3.0\nORG:Acme\nNOTE:hello\nEND:VCARD\n");
    assert!(sink.records.is_empty());
    assert_eq!(
        warnings(&sink),
        ["c.vcf:1: card has no name, email or phone"]
    );
}

#[test]
fn embedded_agent_card_is_dropped() {
    let sink = run(
        b"BEGIN:VCARD\nVERSION:2.1\nFN:Ada\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Her Agent\n\
        END:VCARD\nTEL:555-010-2345\nEND:VCARD\n",
    );
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    let [r] = &sink.records[..] else {
        panic!("{:?}", sink.records)
    };
    assert_eq!(r.names, ["Ada"]);
    assert_eq!(phones(r), ["+15550102345"]);
}

#[test]
fn contact_groups_are_skipped() {
    let sink = run(
        b"BEGIN:VCARD\nVERSION:4.0\nKIND:group\nFN:Family\nMEMBER:urn:uuid:1\nEND:VCARD\n\
        BEGIN:VCARD\nVERSION:3.0\nX-ADDRESSBOOKSERVER-KIND:group\nFN:Team\nEND:VCARD\n",
    );
    assert!(sink.records.is_empty());
    assert!(sink.warnings.is_empty());
}

#[test]
fn oversized_card_warns() {
    let mut input = b"BEGIN:VCARD\nFN:Ada\nNOTE:".to_vec();
    input.resize(input.len() + MAX_CARD + 10, b'a');
    input.extend_from_slice(b"\nEND:VCARD\nBEGIN:VCARD\nFN:Bea\nEND:VCARD\n");
    let sink = run(&input);
    assert_eq!(
        warnings(&sink),
        ["c.vcf:1: card exceeds 1 MiB without its photos"]
    );
    assert_eq!(sink.records[0].names, ["Bea"]);
}

#[test]
fn oversized_folded_property_warns() {
    let mut input = b"BEGIN:VCARD\nFN:Ada\nNOTE:x".to_vec();
    for _ in 0..(MAX_CARD / 1000 + 1) {
        input.extend_from_slice(b"\n ");
        input.resize(input.len() + 1000, b'a');
    }
    input.extend_from_slice(b"\nEND:VCARD\n");
    let sink = run(&input);
    assert_eq!(
        warnings(&sink),
        ["c.vcf:1: card exceeds 1 MiB without its photos"]
    );
    assert!(sink.records.is_empty());
}

#[test]
fn huge_photo_is_no_problem() {
    let mut input = b"BEGIN:VCARD\nFN:Ada\nPHOTO;ENCODING=b:".to_vec();
    input.resize(input.len() + 3 * MAX_LINE, b'A');
    input.extend_from_slice(b"\nEND:VCARD\n");
    let sink = run(&input);
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    assert_eq!(sink.records[0].names, ["Ada"]);
}

#[test]
fn utf16_file_is_decoded() {
    let text = "BEGIN:VCARD\r\nFN:Zoë\r\nEND:VCARD\r\n";
    let mut input = b"\xFF\xFE".to_vec();
    input.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let sink = run(&input);
    assert_eq!(sink.records[0].names, ["Zoë"]);
}

#[test]
fn bom_before_first_card() {
    let sink = run(b"\xEF\xBB\xBFBEGIN:VCARD\nFN:Ada\nEND:VCARD\n");
    assert!(sink.warnings.is_empty());
    assert_eq!(sink.records.len(), 1);
}

/// Runs every fixture of fixtures/vcard/ and checks what it is for.
#[test]
fn fixtures() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/vcard");
    let read = |name: &str| {
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        run_named(name, &bytes)
    };

    let s = read("android_21_qp.vcf");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let names: Vec<_> = s.records.iter().map(|r| r.names.join("|")).collect();
    assert_eq!(
        names,
        ["José Álvarez Peña", "Zoë Ångström-Öberg", "", "Łucja Wąs"]
    );
    assert_eq!(emails(&s.records[2]), ["noname@example.org"]);

    let s = read("ios_30_folded.vcf");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let [r] = &s.records[..] else {
        panic!("{:?}", s.records)
    };
    assert_eq!(r.names, ["Marguerite Okonkwo-Villanueva"]);
    assert_eq!(phones(r), ["+15550100101", "+15550100102"]);
    assert_eq!(emails(r), ["marguerite.okonkwo@example.com"]);
    assert_eq!(
        r.linkedin.as_ref().unwrap().as_str(),
        "https://www.linkedin.com/in/marguerite-okonkwo"
    );
    assert_eq!(r.company.as_deref(), Some("Northwind Ceramics"));
    assert_eq!(r.position.as_deref(), Some("Director of Kiln Operations"));

    let s = read("google_30.vcf");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let [a, b] = &s.records[..] else {
        panic!("{:?}", s.records)
    };
    assert_eq!(a.names, ["Tobias Fenwick"]);
    assert_eq!(a.categories, ["myContacts", "Climbing"]);
    assert_eq!(phones(a), ["+15550100201"]);
    assert!(b.names.is_empty());
    assert_eq!(emails(b), ["only.an.address@example.net"]);

    let s = read("outlook_21.vcf");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let [r] = &s.records[..] else {
        panic!("{:?}", s.records)
    };
    assert_eq!(r.names, ["Priya Raman-Holt"]);
    assert_eq!(phones(r), ["+15550100301", "+15550100302"]);
    assert_eq!(emails(r), ["priya.raman@example.com"]);
    assert_eq!(r.company.as_deref(), Some("Harbor & Finch LLP"));

    let s = read("v40.vcf");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let [r] = &s.records[..] else {
        panic!("{:?}", s.records)
    };
    assert_eq!(r.names, ["Élodie Brandt"]);
    assert_eq!(phones(r), ["+15550100401", "+15550100402"]);
    assert_eq!(
        r.linkedin.as_ref().unwrap().as_str(),
        "https://www.linkedin.com/in/elodie-brandt"
    );

    let s = read("broken_card.vcf");
    let names: Vec<_> = s.records.iter().map(|r| r.names.join("|")).collect();
    assert_eq!(names, ["Hugo Lindqvist", "Ines Carvalho"]);
    assert_eq!(
        warnings(&s),
        ["broken_card.vcf:8: expected END:VCARD, found BEGIN:VCARD on line 12"]
    );

    let s = read("crlf_mixed.vcf");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let names: Vec<_> = s.records.iter().map(|r| r.names.join("|")).collect();
    assert_eq!(names, ["Kofi Mensah", "Lena Voss", "Mateo Ruiz"]);
}

/// Every file of ../shared/corpus/vcard/ (docs/formats.md, "vCard"): card counts,
/// decoded values, and no panic.
#[test]
fn corpus() {
    let root = std::env::var("OFFGRID_CORPUS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").into());
    let dir = std::path::Path::new(&root).join("vcard");
    let Ok(listing) = std::fs::read_dir(&dir) else {
        println!("skipped: corpus not found at {}", dir.display());
        return;
    };
    let mut files: Vec<_> = listing.map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut seen = std::collections::BTreeMap::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        assert!(
            Vcard.detect(&name, &bytes[..bytes.len().min(8192)]),
            "{name}"
        );
        assert!(
            Vcard.detect("no-extension", &bytes[..bytes.len().min(8192)]),
            "{name}"
        );
        let sink = run_named(&name, &bytes);
        println!(
            "{name}: {} records, {:?}",
            sink.records.len(),
            warnings(&sink)
        );
        for r in &sink.records {
            println!(
                "  {:?} {:?} {:?} {:?} {:?} {:?}",
                r.names,
                emails(r),
                phones(r),
                r.company,
                r.position,
                r.linkedin
            );
        }
        seen.insert(name, sink);
    }
    assert_eq!(seen.len(), 17);
    let get = |suffix: &str| {
        seen.iter()
            .find(|(name, _)| name.ends_with(suffix))
            .map(|(_, sink)| sink)
            .unwrap_or_else(|| panic!("{suffix} missing"))
    };
    let counts = |suffix: &str| {
        let s = get(suffix);
        (s.records.len(), s.warnings.len())
    };

    // Android 2.1: 6 cards; QP names with soft breaks.
    let s = get("John_Doe_ANDROID.vcf");
    assert_eq!(counts("John_Doe_ANDROID.vcf"), (6, 0), "{:?}", s.warnings);
    assert_eq!(emails(&s.records[0]), ["john.doe@company.com"]);
    assert_eq!(s.records[0].categories, ["My Contacts"]);
    assert_eq!(s.records[2].names, ["Ñ Ñ Ñ Ñ Ñ"]);
    assert_eq!(s.records[3].names, ["Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ"]);
    assert_eq!(s.records[3].location.as_ref().unwrap().line, Some(18));
    assert_eq!(phones(&s.records[3]).len(), 4);
    assert_eq!(s.records[5].company.as_deref(), Some(&*"Ñ".repeat(44)));

    // iPhone 3.0: itemN TEL, escaped URL, 46 KB photo skipped.
    let s = get("John_Doe_IPHONE.vcf");
    assert_eq!(counts("John_Doe_IPHONE.vcf"), (1, 0), "{:?}", s.warnings);
    let r = &s.records[0];
    assert_eq!(r.names, ["Mr. John Richter James Doe Sr."]);
    assert!(phones(r).contains(&"+19052221234"), "{:?}", r.phones);
    assert_eq!(phones(r).len(), 7);
    assert_eq!(emails(r), ["john.doe@ibm.com"]);
    assert_eq!(r.company.as_deref(), Some("IBM"));
    assert_eq!(r.position.as_deref(), Some("Money Counter"));

    // Shift_JIS: decoded with the declared charset.
    let s = get("v21_japanese_2.vcf");
    assert!(warnings(s).is_empty(), "{:?}", warnings(s));
    assert_eq!(s.records.len(), 1);
    assert_eq!(s.records[0].names, ["安藤 ロイド 1"]);
    // Three Shift_JIS cards (named; their TELs are 1-2 digit test
    // values, too short to be numbers).
    assert_eq!(counts("v21_multiple_entry.vcf"), (3, 0));
    assert!(get("v21_multiple_entry.vcf")
        .records
        .iter()
        .all(|r| r.names.len() == 1 && r.phones.is_empty()));

    let s = get("v21_complicated.vcf");
    assert_eq!(counts("v21_complicated.vcf"), (1, 0), "{:?}", s.warnings);
    let r = &s.records[0];
    assert_eq!(r.names, ["Joe Due"]);
    assert_eq!(r.company.as_deref(), Some("Gump Shrimp Co."));
    assert_eq!(r.position.as_deref(), Some("Shrimp Man"));
    assert_eq!(
        emails(r),
        ["forrestgump@walladalla.com", "cell@example.com"]
    );

    let s = get("v21_invalid_multiple_line.vcf");
    assert_eq!(emails(&s.records[0]), ["omega@example.com"]);
    assert_eq!(counts("v21_adr_multiple_line.vcf"), (1, 0));
    assert_eq!(get("v21_adr_multiple_line.vcf").records[0].names, ["bogus"]);
    // Only X-ANDROID-CUSTOM lines: nothing to identify.
    assert_eq!(counts("v21_android_custom_prop.vcf"), (0, 1));
    let s = get("v21_pref_handling.vcf");
    assert_eq!(s.records[0].company.as_deref(), Some("Company"));
    assert_eq!(s.records[0].position.as_deref(), Some("Engineer"));
    let s = get("v30_ios_613_multiline.vcf");
    assert_eq!(s.records[0].names, ["Bob Smith"]);
    assert_eq!(phones(&s.records[0]), ["+16505551212"]);

    let s = get("John_Doe_GMAIL.vcf");
    assert_eq!(counts("John_Doe_GMAIL.vcf"), (1, 0));
    assert_eq!(s.records[0].names, ["Mr. John Richter, James Doe Sr."]);
    let s = get("gmail-single2.vcf");
    assert_eq!(emails(&s.records[0]).len(), 5);
    assert_eq!(phones(&s.records[0]).len(), 11);
    let s = get("John_Doe_MAC_ADDRESS_BOOK.vcf");
    assert_eq!(s.records[0].names, ["Mr. John Richter,James Doe Sr."]);
    let s = get("John_Doe_MS_OUTLOOK.vcf");
    assert_eq!(emails(&s.records[0]), ["john.doe@ibm.cm"]);
    let s = get("outlook-2007.vcf");
    assert_eq!(s.records[0].names, ["Mr. Michael Angstadt Jr."]);
    assert_eq!(emails(&s.records[0]), ["mike.angstadt@gmail.com"]);
    let s = get("John_Doe_BLACK_BERRY.vcf");
    assert_eq!(phones(&s.records[0]), ["+96123456789"]);
    let s = get("vcard3.vcf");
    assert_eq!(s.records[0].names, ["Mr. John Q. Public, Esq."]);
    assert_eq!(emails(&s.records[0]).len(), 3);
    assert_eq!(
        s.records[0].categories,
        [
            "TRAVEL AGENT",
            "INTERNET",
            "IETF",
            "INDUSTRY",
            "INFORMATION TECHNOLOGY"
        ]
    );

    let total: usize = seen.values().map(|s| s.records.len()).sum();
    assert_eq!(total, 23);
}

/// A number not valid in the user's region is read in the country of the
/// card's own address; a valid one, or a card whose country is unknown,
/// keeps what the region gave.
#[test]
fn a_foreign_number_is_read_in_the_country_of_the_cards_address() {
    let sink = run(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hans Meier\r\nTEL:(0221) 9999123\r\n\
        ADR;TYPE=home:;;Ringstr. 1;K\xc3\xb6ln;;50667;Deutschland\r\nEND:VCARD\r\n\
        BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nTEL:555-010-0001\r\n\
        ADR;TYPE=home:;;1 Rue X;Paris;;75001;France\r\nEND:VCARD\r\n\
        BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Gruber\r\nTEL:06612341234\r\n\
        ADR;TYPE=home:;;Somewhere;;;;Atlantis\r\nEND:VCARD\r\n",
    );
    let got: Vec<Vec<&str>> = sink.records.iter().map(phones).collect();
    assert_eq!(got, [["+492219999123"], ["+15550100001"], ["06612341234"]]);
}
