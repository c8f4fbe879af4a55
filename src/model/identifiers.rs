//! The normalized identifiers that link records into people: [`Email`],
//! [`Phone`] (E.164, read in a [`Region`]) and [`LinkedinUrl`], each built
//! only through its normalizing constructor, and [`Identifier`], what a
//! person typed to name someone.

use std::collections::BTreeMap;
use std::fmt;

/// A normalized email address: trimmed, `mailto:` removed, lowercased.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(String);

impl Email {
    /// Normalizes `raw`, or returns `None` when it is not an address
    /// (no `@`, spaces inside, a LinkedIn `urn:li:member:` placeholder).
    pub fn parse(raw: &str) -> Option<Email> {
        let s = raw.trim().trim_matches(|c| c == '<' || c == '>').trim();
        let s = strip_prefix_ignore_case(s, "mailto:").unwrap_or(s).trim();
        let (local, domain) = s.rsplit_once('@')?;
        if local.is_empty()
            || domain.is_empty()
            || !domain.contains('.')
            || s.chars().any(|c| c.is_whitespace() || c.is_control())
            || local.contains('@')
        {
            return None;
        }
        Some(Email(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form two addresses are compared in: the address itself, except
    /// at Gmail, which ignores dots and a `+tag` in the local part and
    /// delivers `googlemail.com` as `gmail.com` (`bo.smith+news@gmail.com`
    /// is `bosmith@gmail.com`). Other providers' rules differ, so their
    /// addresses compare whole.
    pub fn match_key(&self) -> std::borrow::Cow<'_, str> {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or((&self.0, ""));
        if domain != "gmail.com" && domain != "googlemail.com" {
            return std::borrow::Cow::Borrowed(&self.0);
        }
        let local = local.split('+').next().unwrap_or(local);
        let mut key: String = local.chars().filter(|&c| c != '.').collect();
        key.push_str("@gmail.com");
        std::borrow::Cow::Owned(key)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone number in E.164 form (`+15550102345`).
///
/// Parsed with `phonenumber` in the contact's region, but numbers it deems
/// invalid are kept (fictional 555-01xx ranges are common in address books).
/// A number written with `+` or `00` is international whatever the region.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Phone(String);

impl Phone {
    /// Normalizes `raw` in `region` (an ISO 3166 alpha-2 code such as `US`).
    /// Returns `None` for values with too few digits to be a number (hidden
    /// callers, `null`, short codes of fewer than 3 digits).
    pub fn parse(raw: &str, region: Region) -> Option<Phone> {
        let raw = raw.trim();
        let raw = strip_prefix_ignore_case(raw, "tel:").unwrap_or(raw);
        // Drop an extension or dial-string tail: "555-0100 ext. 12", ";ext=12".
        let main = raw
            .split([';', ',', 'x', 'X'])
            .next()
            .unwrap_or(raw)
            .split("ext")
            .next()
            .unwrap_or(raw);
        let digits: String = main.chars().filter(char::is_ascii_digit).collect();
        if digits.len() < 3 {
            return None;
        }
        let first = main
            .trim_start()
            .chars()
            .find(|c| c.is_ascii_digit() || *c == '+');
        let international = if first == Some('+') {
            Some(digits.clone())
        } else {
            digits.strip_prefix("00").map(str::to_owned)
        };
        if let Some(intl) = international {
            if intl.is_empty() {
                return None;
            }
            let text = format!("+{intl}");
            // A North American number (+1, then an area code that cannot
            // start with 0 or 1, ten digits in all) is already in E.164 form,
            // as `phonenumber` would give it
            // (`tests::north_american_numbers_need_no_phonenumber`).
            if is_north_american(&intl) {
                return Some(Phone(text));
            }
            return Some(remembered(&text, None, || {
                match phonenumber::parse(None, &text) {
                    Ok(n) => Phone(n.format().mode(phonenumber::Mode::E164).to_string()),
                    Err(_) => Phone(text.clone()),
                }
            }));
        }
        let country_code = phonenumber::metadata::DATABASE
            .by_id(region.code().as_str())
            .map(|m| m.country_code());
        // North American numbers: ten digits (or eleven with the trunk 1) are
        // the whole national number, valid by libphonenumber or not (the
        // fictional 555 and invalid 1xx area codes are common in address
        // books and must not lose digits). Ten digits starting with 0 are
        // not: no area code does, and it is the trunk prefix of most other
        // countries (a Paris `01 40 00 36 00`).
        if country_code == Some(1) {
            if digits.len() == 10 && !digits.starts_with('0') {
                return Some(Phone(format!("+1{digits}")));
            }
            if digits.len() == 11 && digits.starts_with('1') {
                return Some(Phone(format!("+{digits}")));
            }
        }
        Some(remembered(&digits, Some(region), || {
            match phonenumber::parse(Some(region.id()), &digits) {
                Ok(n) if phonenumber::is_valid(&n) => {
                    Phone(n.format().mode(phonenumber::Mode::E164).to_string())
                }
                // Not a number of the region (a German `(0221) 9999123`
                // read as American), or too short to be one anywhere (an
                // extension, a short code): its digits as written, with no
                // `+`, so it never equals an international number and
                // matches only the same digits written the same way.
                _ => Phone(digits.clone()),
            }
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a number of seven digits or more that was not valid
    /// in the region it was read in (kept as its digits, without `+`).
    pub fn is_foreign_to_region(&self) -> bool {
        !self.0.starts_with('+') && self.0.len() >= 7
    }
}

/// The region of a postal address's country, as address books write it:
/// a two-letter code, or the country's name in English or its own
/// language, in any case (`Germany`, `Deutschland`, `United States of
/// America`). `None` for a name not in the table.
pub fn region_of_country(country: &str) -> Option<Region> {
    const NAMES: &[(&str, &[&str])] = &[
        (
            "US",
            &[
                "united states",
                "united states of america",
                "usa",
                "u.s.a.",
                "u.s.",
                "america",
            ],
        ),
        ("CA", &["canada"]),
        ("MX", &["mexico", "méxico"]),
        ("BR", &["brazil", "brasil"]),
        ("AR", &["argentina"]),
        ("CL", &["chile"]),
        ("CO", &["colombia"]),
        ("PE", &["peru", "perú"]),
        (
            "GB",
            &[
                "united kingdom",
                "uk",
                "great britain",
                "england",
                "scotland",
                "wales",
                "northern ireland",
            ],
        ),
        ("IE", &["ireland", "éire"]),
        ("DE", &["germany", "deutschland"]),
        ("AT", &["austria", "österreich", "oesterreich"]),
        ("CH", &["switzerland", "schweiz", "suisse", "svizzera"]),
        ("FR", &["france"]),
        ("BE", &["belgium", "belgië", "belgique", "belgien"]),
        (
            "NL",
            &["netherlands", "the netherlands", "nederland", "holland"],
        ),
        ("LU", &["luxembourg", "luxemburg"]),
        ("IT", &["italy", "italia"]),
        ("ES", &["spain", "españa", "espana"]),
        ("PT", &["portugal"]),
        ("DK", &["denmark", "danmark"]),
        ("SE", &["sweden", "sverige"]),
        ("NO", &["norway", "norge"]),
        ("FI", &["finland", "suomi"]),
        ("IS", &["iceland", "ísland"]),
        ("PL", &["poland", "polska"]),
        (
            "CZ",
            &["czech republic", "czechia", "česko", "česká republika"],
        ),
        ("SK", &["slovakia", "slovensko"]),
        ("HU", &["hungary", "magyarország"]),
        ("RO", &["romania", "românia"]),
        ("GR", &["greece", "ελλάδα"]),
        ("TR", &["turkey", "türkiye"]),
        ("UA", &["ukraine", "україна"]),
        ("IL", &["israel"]),
        ("AE", &["united arab emirates", "uae"]),
        ("IN", &["india"]),
        ("CN", &["china", "中国"]),
        ("JP", &["japan", "日本"]),
        (
            "KR",
            &["south korea", "korea", "republic of korea", "대한민국"],
        ),
        ("SG", &["singapore"]),
        ("HK", &["hong kong"]),
        ("AU", &["australia"]),
        ("NZ", &["new zealand", "aotearoa"]),
        ("ZA", &["south africa"]),
        ("NG", &["nigeria"]),
        ("KE", &["kenya"]),
        ("EG", &["egypt"]),
    ];
    // Dots dropped: `U.S.A.` is `usa`.
    let folded = country.trim().to_lowercase().replace('.', "");
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&folded.as_str()))
        .and_then(|(code, _)| Region::parse(code))
        .or_else(|| {
            (folded.len() == 2 && folded.is_ascii())
                .then(|| Region::parse(&folded))
                .flatten()
        })
}

/// The numbers of `record` that are not valid in the region they were read
/// in, read again in `there` (the country of the record's own address),
/// where valid there.
pub fn reread_foreign_phones(record: &mut super::Record, there: Region) {
    if !record.phones.iter().any(Phone::is_foreign_to_region) {
        return;
    }
    let phones = std::mem::take(&mut record.phones);
    for p in phones {
        let p = if p.is_foreign_to_region() {
            Phone::parse(p.as_str(), there)
                .filter(|q| q.as_str().starts_with('+'))
                .unwrap_or(p)
        } else {
            p
        };
        record.add_phone(p);
    }
}

/// The national numbers of one file that are not valid in `region` (kept
/// as digits by [`Phone::parse`]), read again in the country most of the
/// file's international numbers belong to, where they are valid there: an
/// Austrian call log or a German address book read with `--region US`
/// writes most numbers with their country code, and the others are that
/// country's. Nothing changes in a file without such numbers, or whose
/// international numbers do not mostly share one code.
pub fn settle_foreign_phones(records: &mut [super::Record], region: Region) {
    let foreign = |p: &Phone| p.is_foreign_to_region();
    if !records.iter().any(|r| r.phones.iter().any(foreign)) {
        return;
    }
    let mut codes: BTreeMap<u16, usize> = BTreeMap::new();
    let mut international = 0usize;
    for p in records.iter().flat_map(|r| &r.phones) {
        if let Some(intl) = p.as_str().strip_prefix('+') {
            international += 1;
            if let Ok(n) = phonenumber::parse(None, format!("+{intl}")) {
                *codes.entry(n.code().value()).or_default() += 1;
            }
        }
    }
    // The commonest code, held by more than half of the international
    // numbers and by three at least.
    let Some((&code, &count)) = codes
        .iter()
        .max_by_key(|&(code, n)| (*n, std::cmp::Reverse(*code)))
    else {
        return;
    };
    if count < 3 || count * 2 <= international {
        return;
    }
    let Some(there) = phonenumber::metadata::DATABASE
        .by_code(&code)
        .and_then(|all| {
            all.iter()
                .find(|m| m.is_main_country_for_code())
                .or_else(|| all.first())
                .and_then(|m| Region::parse(m.id()))
        })
        .filter(|&there| there != region)
    else {
        return;
    };
    for r in records.iter_mut() {
        reread_foreign_phones(r, there);
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `+1` and ten digits whose area code starts with 2–9 (`intl` is the digits
/// after the `+`).
fn is_north_american(intl: &str) -> bool {
    let b = intl.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'2'..=b'9').contains(&b[1])
}

/// What `phonenumber` made of `text` in `region` (`None`: international),
/// remembered per thread. `phonenumber` takes about 15 µs a number (its
/// regular expressions are looked up by hashing their whole pattern on every
/// use), and a call log names the same few numbers again and again.
fn remembered(text: &str, region: Option<Region>, parse: impl FnOnce() -> Phone) -> Phone {
    /// Numbers kept per thread before the memory starts again.
    const KEEP: usize = 1 << 16;
    /// A scratch key, and the numbers by region code and text.
    type Seen = (String, rustc_hash::FxHashMap<Box<str>, Phone>);
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
    }
    SEEN.with_borrow_mut(|(key, seen)| {
        // National digits never start with `+`: the region code keeps the
        // keys of two regions apart from each other and from international
        // numbers.
        key.clear();
        if let Some(region) = region {
            key.push_str(&region.code());
        }
        key.push_str(text);
        if let Some(phone) = seen.get(key.as_str()) {
            return phone.clone();
        }
        let phone = parse();
        if seen.len() >= KEEP {
            seen.clear();
        }
        seen.insert(key.as_str().into(), phone.clone());
        phone
    })
}

/// The region national phone numbers are read in (`--region`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region(phonenumber::country::Id);

impl Region {
    /// Parses a two-letter region code, case-insensitively.
    pub fn parse(code: &str) -> Option<Region> {
        code.trim().to_ascii_uppercase().parse().ok().map(Region)
    }

    pub fn id(self) -> phonenumber::country::Id {
        self.0
    }

    pub fn code(self) -> String {
        format!("{:?}", self.0)
    }
}

impl Default for Region {
    fn default() -> Region {
        Region(phonenumber::country::Id::US)
    }
}

/// A canonical LinkedIn profile URL: `https://www.linkedin.com/in/<slug>`
/// with the slug percent-decoded and lowercased.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkedinUrl(String);

impl LinkedinUrl {
    /// Canonicalizes any spelling of a profile URL: with or without scheme,
    /// any host case or country subdomain (`de.linkedin.com`), a trailing
    /// slash, query or fragment, percent-encoding, `\:` escapes from vCards.
    /// Returns `None` for anything that is not a `/in/<slug>` profile.
    pub fn parse(raw: &str) -> Option<LinkedinUrl> {
        let s = raw.trim().replace("\\:", ":");
        let lower = s.to_ascii_lowercase();
        let start = lower.find("linkedin.com/in/")? + "linkedin.com/in/".len();
        // The host must be linkedin.com or a subdomain of it.
        let before = &lower[..start - "linkedin.com/in/".len()];
        let host_prefix = before.rsplit("//").next().unwrap_or(before);
        if !(host_prefix.is_empty() || host_prefix.ends_with('.')) || host_prefix.contains('/') {
            return None;
        }
        let rest = &s[start..];
        let slug = rest.split(['/', '?', '#']).next().unwrap_or("");
        let slug = percent_decode(slug).trim().to_lowercase();
        if slug.is_empty() || slug.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return None;
        }
        Some(LinkedinUrl(format!("https://www.linkedin.com/in/{slug}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LinkedinUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
    {
        Some(&s[prefix.len()..])
    } else {
        None
    }
}

/// Decodes `%XX` escapes; invalid escapes are kept as they are, and so is
/// the whole text when the bytes it decodes to are not UTF-8.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_owned(), std::borrow::Cow::into_owned)
}

/// Who a person means when they name someone on the command line or in the
/// config (`explain WHO`, `log WHO`, an `[identity]` side, a group member):
/// a LinkedIn profile, an email address, a phone number, or else a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identifier {
    Linkedin(LinkedinUrl),
    Email(Email),
    Phone(Phone),
    /// The name as written, trimmed.
    Name(String),
}

impl Identifier {
    /// Tells what `raw` is: a LinkedIn profile URL; an email address; a
    /// phone number (five digits or more and no letters, read in `region`
    /// when written without a country code); else a name. `None` when it is
    /// blank.
    pub fn parse(raw: &str, region: Region) -> Option<Identifier> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        if let Some(u) = LinkedinUrl::parse(raw) {
            return Some(Identifier::Linkedin(u));
        }
        if let Some(e) = Email::parse(raw) {
            return Some(Identifier::Email(e));
        }
        let digits = raw.chars().filter(char::is_ascii_digit).count();
        if digits >= 5 && !raw.chars().any(char::is_alphabetic) {
            if let Some(p) = Phone::parse(raw, region) {
                return Some(Identifier::Phone(p));
            }
        }
        Some(Identifier::Name(raw.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us() -> Region {
        Region::parse("US").unwrap()
    }

    #[test]
    fn identifiers_are_told_apart_once() {
        let parse = |s: &str| Identifier::parse(s, us());
        assert_eq!(
            parse(" Ada@Example.com "),
            Some(Identifier::Email(Email::parse("ada@example.com").unwrap()))
        );
        assert_eq!(
            parse("(555) 010-0102"),
            Some(Identifier::Phone(
                Phone::parse("+15550100102", us()).unwrap()
            ))
        );
        assert_eq!(
            parse("linkedin.com/in/ada-lovelace/"),
            Some(Identifier::Linkedin(
                LinkedinUrl::parse("https://www.linkedin.com/in/ada-lovelace").unwrap()
            ))
        );
        assert_eq!(
            parse("Ada Lovelace"),
            Some(Identifier::Name("Ada Lovelace".into()))
        );
        // Digits with letters are a name; a blank is nobody.
        assert_eq!(
            parse("Agent 00700"),
            Some(Identifier::Name("Agent 00700".into()))
        );
        assert_eq!(parse("   "), None);
    }

    #[test]
    fn email_normalizes() {
        assert_eq!(
            Email::parse(" MAILTO:Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
        assert_eq!(Email::parse("<a@b.org>").unwrap().as_str(), "a@b.org");
        let key = |s: &str| Email::parse(s).unwrap().match_key().into_owned();
        assert_eq!(key("Bo.Smith+news@GoogleMail.com"), "bosmith@gmail.com");
        assert_eq!(key("b.o.smith@gmail.com"), "bosmith@gmail.com");
        assert_eq!(key("bo.smith+x@example.com"), "bo.smith+x@example.com");
        assert!(Email::parse("urn:li:member:12345").is_none());
        assert!(Email::parse("not an@email.com").is_none());
        assert!(Email::parse("").is_none());
    }

    #[test]
    fn north_american_numbers_need_no_phonenumber() {
        // Every area code, with exchanges and lines across their range
        // (including the fictional 555 and N11 codes): E.164 as written.
        let mut checked = 0;
        for area in 200..1000 {
            for rest in [
                "5550100", "2000000", "9999999", "0000000", "1234567", "5551212",
            ] {
                let intl = format!("1{area}{rest}");
                assert!(is_north_american(&intl));
                let text = format!("+{intl}");
                let n = phonenumber::parse(None, &text).unwrap();
                assert_eq!(n.format().mode(phonenumber::Mode::E164).to_string(), text);
                assert_eq!(Phone::parse(&text, us()).unwrap().as_str(), text);
                checked += 1;
            }
        }
        assert_eq!(checked, 4800);
        // Not the fast path: other countries, area codes 0xx and 1xx, lengths.
        for intl in [
            "442079460000",
            "10005550100",
            "11005550100",
            "1555010234",
            "155501023456",
        ] {
            assert!(!is_north_american(intl), "{intl}");
        }
    }

    #[test]
    fn phones_parsed_again_come_out_the_same() {
        let gb = Region::parse("GB").unwrap();
        let london = Phone::parse("020 7946 0000", gb).unwrap();
        assert_eq!(london.as_str(), "+442079460000");
        // The same digits read in another region are another number.
        let elsewhere = Phone::parse("020 7946 0000", us()).unwrap();
        assert_ne!(elsewhere, london);
        for _ in 0..3 {
            assert_eq!(Phone::parse("020 7946 0000", gb).unwrap(), london);
            assert_eq!(Phone::parse("020 7946 0000", us()).unwrap(), elsewhere);
            assert_eq!(Phone::parse("+44 20 7946 0000", us()).unwrap(), london);
            assert_eq!(Phone::parse("12", us()), None);
        }
    }

    #[test]
    fn countries_by_code_and_name() {
        for (name, code) in [
            ("DE", "DE"),
            ("de", "DE"),
            ("Deutschland", "DE"),
            ("GERMANY", "DE"),
            ("United States of America", "US"),
            ("U.S.A.", "US"),
            ("Österreich", "AT"),
            (" United Kingdom ", "GB"),
        ] {
            assert_eq!(region_of_country(name), Region::parse(code), "{name}");
        }
        assert_eq!(region_of_country("Atlantis"), None);
        assert_eq!(region_of_country(""), None);
    }

    /// A file whose international numbers are mostly Austrian reads its
    /// numbers that are not American as Austrian; a file without such a
    /// majority, or a number not valid there either, keeps the digits.
    #[test]
    fn numbers_foreign_to_the_region_are_read_in_the_files_country() {
        use crate::model::{Record, SourceKind};
        let card = |phone: &str| {
            let mut r = Record::new(
                SourceKind::Calllog,
                crate::model::Location::new("calls.xml".into(), None),
            );
            r.add_phone(Phone::parse(phone, us()).unwrap());
            r
        };
        let mut records: Vec<Record> = [
            "+43 1 5323750",
            "+43 664 1234567",
            "+43 676 7654321",
            "+1 555 010 2345",
            "06612341234",
            "0123",
        ]
        .into_iter()
        .map(card)
        .collect();
        settle_foreign_phones(&mut records, us());
        let phones: Vec<&str> = records.iter().map(|r| r.phones[0].as_str()).collect();
        assert_eq!(
            phones,
            [
                "+4315323750",
                "+436641234567",
                "+436767654321",
                "+15550102345",
                "+436612341234",
                "0123"
            ]
        );
        // Two Austrian numbers of four international ones: no majority.
        let mut records: Vec<Record> = [
            "+43 1 5323750",
            "+43 664 1234567",
            "+44 20 7946 0000",
            "+49 30 1234567",
            "06612341234",
        ]
        .into_iter()
        .map(card)
        .collect();
        settle_foreign_phones(&mut records, us());
        assert_eq!(records[4].phones[0].as_str(), "06612341234");
    }

    #[test]
    fn phone_national_and_international() {
        assert_eq!(
            Phone::parse("(555) 010-2345", us()).unwrap().as_str(),
            "+15550102345"
        );
        assert_eq!(
            Phone::parse("5555550013", us()).unwrap().as_str(),
            "+15555550013"
        );
        assert_eq!(
            Phone::parse("+1 555 555 0013", us()).unwrap().as_str(),
            "+15555550013"
        );
        assert_eq!(
            Phone::parse("15555550013", us()).unwrap().as_str(),
            "+15555550013"
        );
        // 00 is international whatever the region.
        assert_eq!(
            Phone::parse("0049 30 1234567", us()).unwrap().as_str(),
            "+49301234567"
        );
        assert_eq!(
            Phone::parse("+49 (0)30 1234567", us()).unwrap().as_str(),
            "+49301234567"
        );
        let de = Region::parse("de").unwrap();
        assert_eq!(
            Phone::parse("030 1234567", de).unwrap().as_str(),
            "+49301234567"
        );
        assert_eq!(
            Phone::parse("tel:+1-555-010-2345", us()).unwrap().as_str(),
            "+15550102345"
        );
        assert!(Phone::parse("null", us()).is_none());
        assert_eq!(
            Phone::parse("(111) 555-1212", us()).unwrap().as_str(),
            "+11115551212"
        );
        assert_eq!(Phone::parse("123456", us()).unwrap().as_str(), "123456");
        // Not numbers of the region: their digits, never a made-up +1.
        for (raw, digits) in [
            ("(0221) 9999123", "02219999123"),
            ("06612341234", "06612341234"),
            ("55556666", "55556666"),
            // Ten digits, but no area code starts with 0: Paris.
            ("01 40 00 36 00", "0140003600"),
        ] {
            let phone = Phone::parse(raw, us()).unwrap();
            assert_eq!(phone.as_str(), digits, "{raw}");
            assert!(phone.is_foreign_to_region());
        }
        assert!(!Phone::parse("123456", us()).unwrap().is_foreign_to_region());
        assert!(!Phone::parse("(555) 010-2345", us())
            .unwrap()
            .is_foreign_to_region());
        // The same numbers read in their own regions.
        assert_eq!(
            Phone::parse("(0221) 9999123", de).unwrap().as_str(),
            "+492219999123"
        );
        let at = Region::parse("AT").unwrap();
        assert_eq!(
            Phone::parse("0661 2341234", at).unwrap().as_str(),
            "+436612341234"
        );
        assert_eq!(
            Phone::parse("1 (555) 010-2345", us()).unwrap().as_str(),
            "+15550102345"
        );
        assert!(Phone::parse("-2", us()).is_none());
    }

    #[test]
    fn linkedin_url_canonical() {
        let want = "https://www.linkedin.com/in/jose-alvarez";
        for raw in [
            "https://www.linkedin.com/in/jose-alvarez",
            "http://linkedin.com/in/Jose-Alvarez/",
            "www.linkedin.com/in/jose-alvarez?trk=abc",
            "HTTPS://WWW.LINKEDIN.COM/in/jose-alvarez#x",
            "https://de.linkedin.com/in/jose-alvarez/",
            "http\\://www.linkedin.com/in/jose-alvarez",
        ] {
            assert_eq!(LinkedinUrl::parse(raw).unwrap().as_str(), want, "{raw}");
        }
        assert_eq!(
            LinkedinUrl::parse("https://www.linkedin.com/in/jos%C3%A9-%C3%A1lvarez")
                .unwrap()
                .as_str(),
            "https://www.linkedin.com/in/josé-álvarez"
        );
        assert!(LinkedinUrl::parse("https://www.linkedin.com/company/acme").is_none());
        assert!(LinkedinUrl::parse("https://evil.com/x/linkedin.com/in/a").is_none());
        assert!(LinkedinUrl::parse("https://notlinkedin.com/in/a").is_none());
    }
}
