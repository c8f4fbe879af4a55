//! Instagram "Download your information" archive, JSON format
//! (docs/formats.md, Instagram).
//!
//! Instagram writes its direct messages in Messenger's shape, mojibake
//! included, so thread files are read by the Facebook importer's thread
//! reader (`facebook::threads`) and credited to `instagram`. What
//! is Instagram's own is telling its archive from Facebook's: the 2024+
//! layout says so in its paths (`your_instagram_activity/messages/…`), the
//! 2020–2023 layout has Facebook's `messages/inbox/…` at the top. So
//! `discover` asks [`archive_roots`] of each zip and folder given, from
//! its name and the paths it holds, and roots the paths of an Instagram
//! archive that do not say so at [`ROOT`] ([`rooted`]); detection here and
//! in the Facebook importer then goes by path alone.
//!
//! Read: thread files (`message_N.json` below `messages/<folder>/<thread>/`)
//! and the owner's `personal_information.json`. Followers and following
//! lists hold user names only, which no other source links to a person:
//! they are not read.

use serde::Deserialize;

use super::facebook::{self, Fixed, Platform};
use super::text::quote;
use super::{Context, Entry, ImportError, Importer, Scope};
use crate::import::Sink;
use crate::model::{Email, Phone, Record, SourceKind};

/// The Instagram importer.
pub struct Instagram;

/// The folder `discover` roots an Instagram archive's paths at when they
/// do not name Instagram themselves.
pub const ROOT: &str = "instagram";

/// Whether a directory name marks its contents as Instagram's: the 2024+
/// `your_instagram_activity`, an unpacked `instagram-<user>-<date>-<id>`
/// folder, or [`ROOT`].
pub fn is_instagram_dir(dir: &str) -> bool {
    ["your_instagram_activity", "instagram"].iter().any(|p| {
        dir.len() >= p.len() && dir.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    })
}

/// Where the Instagram archives inside a zip or folder start, from its
/// file name and the paths it holds (`/`-separated, relative to it): `""`
/// for all of it when its name is an Instagram archive's
/// (`instagram-<user>-<date>-<id>.zip`, or `<user>_<YYYYMMDD>.zip` with an
/// optional `_part_N`, as the 2020–2023 archives are named); otherwise
/// the folder above each path only Instagram writes (`your_instagram_activity/`,
/// `followers_and_following/`, `personal_information.json`), so a folder
/// holding a Facebook and an Instagram archive side by side keeps them
/// apart. Each root is empty or ends in `/`.
pub fn archive_roots<'a>(name: &str, paths: impl Iterator<Item = &'a str>) -> Vec<String> {
    let stem = name.to_ascii_lowercase();
    let stem = stem.strip_suffix(".zip").unwrap_or(&stem);
    let dated = |s: &str| {
        s.rsplit_once('_').is_some_and(|(user, date)| {
            !user.is_empty() && date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit())
        })
    };
    let part_of_dated = stem
        .rsplit_once("_part_")
        .is_some_and(|(head, n)| dated(head) && n.bytes().all(|b| b.is_ascii_digit()));
    if stem.starts_with("instagram")
        || (!stem.contains("facebook") && (dated(stem) || part_of_dated))
    {
        return vec![String::new()];
    }
    let mut roots: Vec<String> = Vec::new();
    let starts = |s: &str, p: &str| {
        s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    for path in paths {
        let segs: Vec<&str> = path.split(['/', '\\']).collect();
        let at = segs.iter().position(|s| {
            starts(s, "your_instagram_activity")
                || s.eq_ignore_ascii_case("followers_and_following")
        });
        let at = match at {
            // 2024+: `connections/followers_and_following/`.
            Some(i)
                if i > 0
                    && segs[i].eq_ignore_ascii_case("followers_and_following")
                    && segs[i - 1].eq_ignore_ascii_case("connections") =>
            {
                Some(i - 1)
            }
            Some(i) => Some(i),
            None if segs
                .last()
                .is_some_and(|s| s.eq_ignore_ascii_case("personal_information.json")) =>
            {
                segs.iter().position(|s| {
                    s.eq_ignore_ascii_case("personal_information")
                        || s.eq_ignore_ascii_case("account_information")
                })
            }
            None => None,
        };
        if let Some(i) = at {
            let root: String = segs[..i].iter().map(|s| format!("{s}/")).collect();
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
    }
    roots
}

/// The path `discover` gives an entry at `rel` of a zip or folder whose
/// Instagram archives start at `roots` ([`archive_roots`]): rooted at
/// [`ROOT`] when it lies in one of them and does not name Instagram itself.
pub fn rooted(rel: &str, roots: &[String]) -> Option<String> {
    let inside = roots.iter().any(|r| rel.starts_with(r.as_str()));
    let named = rel.split(['/', '\\']).any(is_instagram_dir);
    (inside && !named).then(|| format!("{ROOT}/{rel}"))
}

/// The files read, by path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Thread,
    Owner,
}

/// Recognizes a file by its path: only inside an Instagram archive.
fn classify(path: &str) -> Option<FileKind> {
    let segs: Vec<&str> = path.split(['/', '\\']).filter(|s| !s.is_empty()).collect();
    let (&name, dirs) = segs.split_last()?;
    if !dirs.iter().any(|d| is_instagram_dir(d)) {
        return None;
    }
    let name = name.to_ascii_lowercase();
    let stem = name.strip_suffix(".json")?;
    if facebook::is_message_stem(stem) && facebook::in_thread_folder(dirs) {
        Some(FileKind::Thread)
    } else if stem == "personal_information" {
        Some(FileKind::Owner)
    } else {
        None
    }
}

impl Importer for Instagram {
    fn kind(&self) -> SourceKind {
        SourceKind::Instagram
    }

    fn detect(&self, path: &str, _head: &[u8]) -> bool {
        classify(path).is_some()
    }

    fn scope(&self, path: &str, _head: &[u8]) -> Option<Scope> {
        self.scope_by_path(path)
    }

    /// A thread file: its thread, the folder name, as Facebook's.
    fn scope_by_path(&self, path: &str) -> Option<Scope> {
        (classify(path) == Some(FileKind::Thread))
            .then(|| facebook::thread_scope(Platform::Instagram, path))
    }

    fn import(
        &self,
        entry: &mut Entry<'_>,
        ctx: &Context,
        sink: &mut Sink,
    ) -> Result<(), ImportError> {
        match classify(&entry.path) {
            Some(FileKind::Owner) => import_owner(entry, ctx, sink),
            _ => facebook::threads::import(entry, Platform::Instagram, sink),
        }
    }
}

/// `personal_information.json`: `profile_user[0].string_map_data`, each
/// field a `{"value": …}`.
#[derive(Deserialize)]
struct PersonalFile {
    #[serde(default)]
    profile_user: Vec<ProfileUser>,
}

#[derive(Deserialize)]
struct ProfileUser {
    #[serde(default)]
    string_map_data: std::collections::BTreeMap<String, Field>,
}

#[derive(Deserialize)]
struct Field {
    #[serde(default)]
    value: Option<Fixed>,
}

/// The owner's record: the account's name, email and phone number. The
/// user name is not kept: no other source names people by it.
fn import_owner(entry: &mut Entry<'_>, ctx: &Context, sink: &mut Sink) -> Result<(), ImportError> {
    let file: PersonalFile = facebook::parse(entry)?;
    let location = entry.location(None);
    let Some(user) = file.profile_user.first() else {
        return Err(ImportError::unexpected(
            location,
            "a \"profile_user\" list with the account",
            "none",
        ));
    };
    let value = |key: &str| -> Option<&str> {
        user.string_map_data
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, f)| f.value.as_ref())
            .map(|v| v.as_str().trim())
            .filter(|v| !v.is_empty())
    };
    let mut record = Record::new(SourceKind::Instagram, location.clone());
    record.owner = true;
    if let Some(name) = value("Name") {
        record.add_name(name);
    }
    if let Some(raw) = value("Email").or_else(|| value("Email address")) {
        match Email::parse(raw) {
            Some(e) => record.add_email(e),
            None => sink.warn(
                location.clone(),
                format!("Email: expected an email address, found {}", quote(raw)),
            ),
        }
    }
    if let Some(raw) = value("Phone Number").or_else(|| value("Phone number")) {
        match Phone::parse(raw, ctx.region) {
            Some(p) => record.add_phone(p),
            None => sink.warn(
                location.clone(),
                format!(
                    "Phone Number: expected a phone number, found {}",
                    quote(raw)
                ),
            ),
        }
    }
    if record.is_empty() {
        sink.warn(
            location,
            "expected the account's name, email or phone number, found none",
        );
        return Ok(());
    }
    sink.record(record);
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::sync::Arc;

    use jiff::civil::date;
    use jiff::tz::TimeZone;

    use super::*;
    use crate::model::{Channel, EventKind, Region};

    fn ctx() -> Context {
        Context {
            region: Region::default(),
            tz: TimeZone::UTC,
            as_of: date(2026, 11, 1),
            limits: crate::limits::Limits::default(),
            mail: crate::import::mail::Settings::default(),
        }
    }

    fn run(path: &str, input: &str) -> Result<Sink, ImportError> {
        let mut entry = Entry {
            path: path.to_owned(),
            display: Arc::from(path),
            reader: Box::new(Cursor::new(input.as_bytes().to_vec())),
        };
        let mut sink = Sink::new();
        Instagram.import(&mut entry, &ctx(), &mut sink)?;
        sink.settle();
        Ok(sink)
    }

    const THREAD: &str = r#"{
      "participants": [{"name": "Ana L\u00c3\u00b3pez"}, {"name": "Jane Roe"}],
      "messages": [
        {"sender_name": "Jane Roe", "timestamp_ms": 1719900000000, "content": "hi", "is_geoblocked_for_viewer": false},
        {"sender_name": "Ana L\u00c3\u00b3pez", "timestamp_ms": 1719800000000, "content": "Liked a message"},
        {"sender_name": "Ana L\u00c3\u00b3pez", "timestamp_ms": 1719700000000, "call_duration": 300}
      ],
      "title": "Ana L\u00c3\u00b3pez",
      "is_still_participant": true,
      "thread_path": "inbox/analopez_17845512345",
      "magic_words": []
    }"#;

    #[test]
    fn instagram_archives_are_told_from_facebook_ones_by_name_and_paths() {
        let none = std::iter::empty::<&str>;
        let all = [String::new()];
        assert_eq!(
            archive_roots("instagram-janeroe-2026-01-05-AbCdEfGh.zip", none()),
            all
        );
        assert_eq!(archive_roots("janeroe_20210315.zip", none()), all);
        assert_eq!(archive_roots("janeroe_20210315_part_2.zip", none()), all);
        assert!(archive_roots("facebook-janeroe.zip", none()).is_empty());
        assert!(archive_roots("facebook-janeroe-2024-01-05-XyZ.zip", none()).is_empty());
        assert!(archive_roots("export_2021.zip", none()).is_empty());
        let old = [
            "messages/inbox/analopez_17845512345/message_1.json",
            "followers_and_following/followers.json",
        ];
        assert_eq!(archive_roots("download.zip", old.iter().copied()), all);
        let side_by_side = [
            "fb/messages/inbox/alice_ABC123/message_1.json",
            "fb/friends_and_followers/friends.json",
            "ig/messages/inbox/analopez_17845512345/message_1.json",
            "ig/connections/followers_and_following/following.json",
            "ig2/personal_information/personal_information/personal_information.json",
        ];
        let roots = archive_roots("exports", side_by_side.iter().copied());
        assert_eq!(roots, ["ig/", "ig2/"]);
        assert_eq!(rooted(side_by_side[0], &roots), None);
        assert_eq!(
            rooted(side_by_side[2], &roots).as_deref(),
            Some("instagram/ig/messages/inbox/analopez_17845512345/message_1.json")
        );
        let fb = [
            "messages/inbox/alice_ABC123/message_1.json",
            "friends_and_followers/friends.json",
            "profile_information/profile_information.json",
        ];
        assert!(archive_roots("download.zip", fb.iter().copied()).is_empty());
        // Paths that say Instagram already are left as they are.
        let new = "your_instagram_activity/messages/inbox/a_1/message_1.json";
        assert_eq!(rooted(new, &all), None);
    }

    #[test]
    fn thread_paths_are_instagram_only_below_an_instagram_folder() {
        for path in [
            "your_instagram_activity/messages/inbox/analopez_17845512345/message_1.json",
            "instagram/messages/message_requests/bo_1/message_2.json",
            "instagram-janeroe-2026-01-05-AbCdEfGh/your_instagram_activity/messages/inbox/a_1/message_1.json",
        ] {
            assert_eq!(classify(path), Some(FileKind::Thread), "{path}");
            assert!(Instagram.scope_by_path(path).is_some());
            let readers: Vec<SourceKind> = crate::import::IMPORTERS
                .iter()
                .filter(|imp| imp.detect(path, THREAD.as_bytes()))
                .map(|imp| imp.kind())
                .collect();
            assert_eq!(readers, [SourceKind::Instagram], "{path}");
        }
        for path in [
            "messages/inbox/analopez_17845512345/message_1.json",
            "your_facebook_activity/messages/inbox/a_1/message_1.json",
            "instagram/media/posts/1.json",
            "instagram/connections/followers_and_following/followers_1.json",
        ] {
            assert_eq!(classify(path), None, "{path}");
        }
        assert_eq!(
            classify(
                "instagram/personal_information/personal_information/personal_information.json"
            ),
            Some(FileKind::Owner)
        );
    }

    #[test]
    fn a_thread_is_read_like_messenger_and_credited_to_instagram() {
        let path = "your_instagram_activity/messages/inbox/analopez_17845512345/message_1.json";
        let sink = run(path, THREAD).unwrap();
        let names: Vec<&str> = sink.records.iter().map(|r| r.names[0].as_str()).collect();
        assert_eq!(names, ["Ana López", "Jane Roe"]);
        assert!(sink
            .records
            .iter()
            .all(|r| r.source == Some(SourceKind::Instagram)));
        let kinds: Vec<(EventKind, &Channel)> =
            sink.events.iter().map(|e| (e.kind, e.channel())).collect();
        assert_eq!(
            kinds,
            [
                (EventKind::Online, &Channel::InstagramMessage),
                (EventKind::Online, &Channel::InstagramMessage),
                (EventKind::Direct, &Channel::MessengerCall),
            ]
        );
        assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    }

    #[test]
    fn the_owner_comes_from_personal_information() {
        let path = "instagram/personal_information/personal_information.json";
        let sink = run(
            path,
            r#"{"profile_user": [{"title": "", "string_map_data": {
                "Email": {"href": "", "value": "jane.roe@example.com", "timestamp": 0},
                "Phone Number": {"href": "", "value": "+1 555 010 0199", "timestamp": 0},
                "Username": {"href": "", "value": "janeroe", "timestamp": 0},
                "Name": {"href": "", "value": "Jane Ro\u00c3\u00a9", "timestamp": 0}
            }}]}"#,
        )
        .unwrap();
        let owner = &sink.records[0];
        assert!(owner.owner);
        assert_eq!(owner.names, ["Jane Roé"]);
        assert_eq!(owner.emails[0].as_str(), "jane.roe@example.com");
        assert_eq!(owner.phones[0].as_str(), "+15550100199");
        let sink = run(
            path,
            r#"{"profile_user": [{"string_map_data": {"Email": {"value": "not an address"}}}]}"#,
        )
        .unwrap();
        let warnings: Vec<String> = sink.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                format!("{path}: Email: expected an email address, found \"not an address\""),
                format!("{path}: expected the account's name, email or phone number, found none"),
            ]
        );
        assert!(run(path, r#"{"profile_user": []}"#).is_err());
    }
}
