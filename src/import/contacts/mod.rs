//! Contact CSVs: Google Contacts (both header generations) and Outlook
//! (docs/formats.md, "Contact CSVs"): one record per row, no events.
//!
//! Like a vCard, a contact CSV says who someone is, never when you talked:
//! its rows are identity evidence (names, emails, phones, the LinkedIn
//! profile, company, position, labels) that link the people of the other
//! exports.
//!
//! A file is recognized by the shape of its first line alone, never by its
//! name: Google and Outlook both name their export `contacts.csv`, which is
//! also the name of a file of LinkedIn's export that is not one of these.
//! Columns are mapped by header name, case-insensitively, and Google's
//! numbered groups (`E-mail 2 - Value`, `Phone 3 - Value`) by their pattern,
//! never by position: their number follows the contact with the most
//! values. Cells may hold several values joined with ` ::: `.
//!
//! The file is streamed; only UTF-16 (Outlook's and Excel's "Unicode" saves,
//! with a byte-order mark) is decoded whole first, as the LinkedIn importer
//! does. Other bytes are UTF-8, else Windows-1252, field by field. The
//! separator is `,`, or `;` or TAB from a spreadsheet's re-save.
//!
//! What it does not do: it keeps no nicknames (as for vCards, a nickname
//! must not make two people look alike), addresses (only their country, to
//! read phone numbers), birthdays, notes or custom fields, and a row with
//! nothing that identifies a person is skipped without a warning (address
//! books hold such rows: a company's switchboard label, an empty entry).

use std::borrow::Cow;
use std::io::{BufRead, Cursor, Read};
use std::sync::Arc;

use csv::ByteRecord;

use super::csv_lines::{error_line, row_line, LineEnds};
use super::linkedin::{guess_delimiter, split_line};
use super::vcard::fields::{email_of, looks_like_number};
use super::{file_name, text, Context, Entry, ImportError, Importer, Sink};
use crate::model::{
    region_of_country, reread_foreign_phones, LinkedinUrl, Location, Phone, Record, Region,
    SourceKind,
};

#[cfg(test)]
mod tests;

/// The contact CSV importer.
pub struct Contacts;

/// A header line is short; a longer first line is not one (hostile input).
const MAX_HEADER_LINE: u64 = 256 * 1024;

/// What Google writes between the values of one cell.
const JOINED: &str = " ::: ";

/// The kinds of Google's numbered column groups (`<kind> <N> - <field>`),
/// any of which marks a Google Contacts header.
const GOOGLE_GROUPS: [&str; 10] = [
    "e-mail",
    "phone",
    "website",
    "organization",
    "address",
    "im",
    "relation",
    "event",
    "custom field",
    "external id",
];

/// Columns only Outlook's header has; with a first or last name they mark
/// one. (LinkedIn writes `Email Address`, without the hyphen.)
const OUTLOOK_ONLY: [&str; 9] = [
    "e-mail address",
    "e-mail 2 address",
    "e-mail 3 address",
    "e-mail display name",
    "business phone",
    "home phone",
    "mobile phone",
    "primary phone",
    "other phone",
];

impl Importer for Contacts {
    fn kind(&self) -> SourceKind {
        SourceKind::Contacts
    }

    /// A `.csv`, `.tsv` or `.txt` file whose first line is a Google Contacts
    /// or Outlook header (`Columns::of`); the name alone never decides.
    fn detect(&self, path: &str, head: &[u8]) -> bool {
        let name = file_name(path).to_ascii_lowercase();
        if ![".csv", ".tsv", ".txt"].iter().any(|e| name.ends_with(e)) {
            return false;
        }
        let head = text::decode(head);
        let line = text::strip_bom(&head).lines().next().unwrap_or("");
        Columns::of(&header_keys(line)).is_some()
    }

    fn import(
        &self,
        entry: &mut Entry<'_>,
        ctx: &Context,
        sink: &mut Sink,
    ) -> Result<(), ImportError> {
        let display = Arc::clone(&entry.display);
        let at = |line: Option<u64>| Location::new(Arc::clone(&display), line);

        let mut whole = Cursor::new(Vec::new());
        let reader = text::utf8_lines(&mut *entry.reader, &mut whole)
            .map_err(|e| ImportError::io(at(None), e))?;

        let mut buf = Vec::new();
        Read::take(&mut *reader, MAX_HEADER_LINE)
            .read_until(b'\n', &mut buf)
            .map_err(|e| ImportError::io(at(Some(1)), e))?;
        if !buf.ends_with(b"\n") && buf.len() as u64 == MAX_HEADER_LINE {
            return Err(ImportError::unexpected(
                at(Some(1)),
                "a header line of at most 256 KiB",
                "a longer line",
            ));
        }
        let line = text::decode(&buf);
        let line = text::strip_bom(line.trim_end_matches(['\r', '\n']));
        let delimiter = guess_delimiter(line);
        let keys = header_keys(line);
        let Some(columns) = Columns::of(&keys) else {
            return Err(ImportError::unexpected(
                at(Some(1)),
                "a Google Contacts or Outlook CSV header",
                text::quote(line),
            ));
        };

        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(LineEnds::new(reader, 2));
        let mut row = ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut row) {
                Ok(true) => {}
                Ok(false) => return Ok(()),
                Err(e) => {
                    let line = error_line(&mut reader, &e);
                    return Err(ImportError::csv(at(line), e));
                }
            }
            let line = row_line(&mut reader, row.as_slice());
            let blank = |f: &[u8]| f.iter().all(u8::is_ascii_whitespace);
            if row.iter().all(blank) {
                continue;
            }
            let found = row.len();
            if found < keys.len() || !row.iter().skip(keys.len()).all(blank) {
                sink.warn(
                    at(Some(line)),
                    format!("expected {} fields, found {found}", keys.len()),
                );
                continue;
            }
            let record = columns.record(&row, at(Some(line)), ctx.region);
            if !record.is_empty() {
                sink.record(record);
            }
        }
    }
}

/// The fields of a header line, trimmed and lowercased.
fn header_keys(line: &str) -> Vec<String> {
    split_line(line, guess_delimiter(line))
        .iter()
        .map(|k| k.to_lowercase())
        .collect()
}

/// `("e-mail", "value")` for Google's `e-mail 2 - value`: the kind and the
/// field of a numbered column group.
fn group(key: &str) -> Option<(&str, &str)> {
    let (left, field) = key.split_once(" - ")?;
    let (kind, n) = left.rsplit_once(' ')?;
    (!kind.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .then_some((kind, field.trim()))
}

/// Outlook's `E-mail Address`, `E-mail 2 Address`, ... (not its
/// `E-mail Display Name` or `E-mail Type`).
fn is_outlook_email(key: &str) -> bool {
    key.starts_with("e-mail") && key.ends_with(" address")
}

/// Outlook's telephone columns of the contact themself: `Business Phone`,
/// `Home Phone 2`, `Mobile Phone`, ...; not faxes or pagers, and not
/// `Assistant's Phone` or `Company Main Phone`, which are someone else's
/// or shared by a whole company.
fn is_outlook_phone(key: &str) -> bool {
    let key = key
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end();
    key.ends_with(" phone") && key != "assistant's phone" && key != "company main phone"
}

/// Where a contact CSV keeps each field; several columns of a kind are
/// read in header order.
#[derive(Debug, Default)]
struct Columns {
    first: Option<usize>,
    middle: Option<usize>,
    last: Option<usize>,
    /// Google's legacy whole name.
    name: Option<usize>,
    file_as: Option<usize>,
    company: Vec<usize>,
    title: Vec<usize>,
    emails: Vec<usize>,
    phones: Vec<usize>,
    websites: Vec<usize>,
    /// Google's `Labels` and `Group Membership` (` ::: `-joined).
    labels: Vec<usize>,
    /// Outlook's `Categories` (`;`-joined).
    categories: Vec<usize>,
    /// Address countries, to read national phone numbers.
    countries: Vec<usize>,
}

impl Columns {
    /// The columns of a Google Contacts or Outlook header (`keys`
    /// lowercased), or `None` when it is neither: Google's numbered groups
    /// or its fixed name columns (`Given Name` and `Family Name`, legacy;
    /// `First Name`, `Last Name` and `Labels`, `File As` or `Phonetic First
    /// Name`, current), or a first or last name with a column only Outlook
    /// writes ([`OUTLOOK_ONLY`]). LinkedIn's `Connections.csv`, its
    /// `Contacts.csv` and `Imported Contacts.csv`, and the touchpoint log
    /// have none of these.
    fn of(keys: &[String]) -> Option<Columns> {
        let has = |k: &str| keys.iter().any(|x| x == k);
        let google_groups = keys
            .iter()
            .any(|k| group(k).is_some_and(|(kind, _)| GOOGLE_GROUPS.contains(&kind)));
        let google_legacy = has("given name") && has("family name");
        let google_current = has("first name")
            && has("last name")
            && (has("labels") || has("file as") || has("phonetic first name"));
        let outlook =
            (has("first name") || has("last name")) && OUTLOOK_ONLY.iter().any(|k| has(k));
        if !(google_groups || google_legacy || google_current || outlook) {
            return None;
        }
        let mut c = Columns::default();
        for (i, key) in keys.iter().enumerate() {
            let set = |slot: &mut Option<usize>| {
                slot.get_or_insert(i);
            };
            match key.as_str() {
                "first name" | "given name" => set(&mut c.first),
                "middle name" | "additional name" => set(&mut c.middle),
                "last name" | "family name" => set(&mut c.last),
                "name" => set(&mut c.name),
                "file as" => set(&mut c.file_as),
                "organization name" | "company" => c.company.push(i),
                "organization title" | "job title" => c.title.push(i),
                "labels" | "group membership" => c.labels.push(i),
                "categories" => c.categories.push(i),
                key => match group(key) {
                    Some(("e-mail", "value")) => c.emails.push(i),
                    Some(("phone", "value")) => c.phones.push(i),
                    Some(("website", "value")) => c.websites.push(i),
                    Some(("organization", "name")) => c.company.push(i),
                    Some(("organization", "title")) => c.title.push(i),
                    Some(("address", "country")) => c.countries.push(i),
                    Some(_) => {}
                    None if is_outlook_email(key) => c.emails.push(i),
                    None if is_outlook_phone(key) => c.phones.push(i),
                    None if key.ends_with("web page") => c.websites.push(i),
                    None if key.ends_with(" country/region") || key.ends_with(" country") => {
                        c.countries.push(i);
                    }
                    None => {}
                },
            }
        }
        Some(c)
    }

    /// The record of one row; empty when nothing in it identifies anybody.
    fn record(&self, row: &ByteRecord, location: Location, region: Region) -> Record {
        let cell = |col: usize| field(row, col);
        let cells = |cols: &[usize]| cols.iter().map(|&c| cell(c)).collect::<Vec<_>>();
        let mut record = Record::new(SourceKind::Contacts, location);

        let parts: Vec<Cow<'_, str>> = [self.first, self.middle, self.last]
            .into_iter()
            .flatten()
            .map(cell)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            // Google's legacy `Name`, else `File As`; Google fills these with
            // the address or number of a contact without a name.
            let whole = [self.name, self.file_as]
                .into_iter()
                .flatten()
                .map(cell)
                .find(|v| !v.is_empty());
            if let Some(whole) = whole {
                add_whole_name(&mut record, &whole, region);
            }
        } else {
            record.add_name(&parts.join(" "));
        }

        for value in cells(&self.emails).iter().flat_map(|c| values(c)) {
            if let Some(email) = email_of(value) {
                record.add_email(email);
            }
        }
        for value in cells(&self.phones).iter().flat_map(|c| values(c)) {
            // A SIP address is no number.
            if let Some(phone) = Some(value)
                .filter(|v| !v.contains('@'))
                .and_then(|v| Phone::parse(v, region))
            {
                record.add_phone(phone);
            }
        }
        record.linkedin = cells(&self.websites)
            .iter()
            .flat_map(|c| values(c))
            .find_map(LinkedinUrl::parse);
        record.company = first_value(&cells(&self.company));
        record.position = first_value(&cells(&self.title));

        let labels = cells(&self.labels);
        let categories = cells(&self.categories);
        let all = labels.iter().flat_map(|c| values(c)).chain(
            categories
                .iter()
                .flat_map(|c| values(c))
                .flat_map(|v| v.split(';')),
        );
        for label in all.filter_map(label) {
            if !record.categories.iter().any(|have| have == label) {
                record.categories.push(label.to_owned());
            }
        }

        // A number not valid in the user's region may be one of the
        // country of the contact's own address.
        let country = cells(&self.countries)
            .iter()
            .flat_map(|c| values(c))
            .find_map(region_of_country);
        if let Some(there) = country.filter(|&there| there != region) {
            reread_foreign_phones(&mut record, there);
        }
        record
    }
}

/// A field, decoded (UTF-8, else Windows-1252) and trimmed; empty when
/// the row has no such column.
fn field(row: &ByteRecord, col: usize) -> Cow<'_, str> {
    match row.get(col).map(text::decode) {
        Some(Cow::Borrowed(s)) => Cow::Borrowed(s.trim()),
        Some(Cow::Owned(s)) => Cow::Owned(s.trim().to_owned()),
        None => Cow::Borrowed(""),
    }
}

/// The values of one cell: split at ` ::: `, trimmed, blanks dropped.
fn values(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(JOINED).map(str::trim).filter(|v| !v.is_empty())
}

/// The first value of the first non-empty cell.
fn first_value(cells: &[Cow<'_, str>]) -> Option<String> {
    cells
        .iter()
        .find_map(|c| values(c).next())
        .map(str::to_owned)
}

/// A whole name cell: the name, or, when it is really an email address or
/// a phone number, that address or number (as for a vCard's `FN`).
fn add_whole_name(record: &mut Record, whole: &str, region: Region) {
    if let Some(email) = whole.contains('@').then(|| email_of(whole)).flatten() {
        record.add_email(email);
    } else if let Some(phone) = looks_like_number(whole)
        .then(|| Phone::parse(whole, region))
        .flatten()
    {
        record.add_phone(phone);
    } else {
        record.add_name(whole);
    }
}

/// A label as a category: Google marks its own labels with `* `; the
/// marker is dropped (`* family` → `family`), and the two labels every or
/// any contact may carry, `* myContacts` (legacy `* My Contacts`) and
/// `* starred`, are no category at all.
fn label(raw: &str) -> Option<&str> {
    let raw = raw.trim();
    let (system, name) = match raw.strip_prefix('*') {
        Some(rest) => (true, rest.trim()),
        None => (false, raw),
    };
    if name.is_empty() {
        return None;
    }
    if system {
        let squeezed: String = name
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if squeezed == "mycontacts" || squeezed == "starred" {
            return None;
        }
    }
    Some(name)
}
