//! Friends lists: `friends/friends.json` (2018),
//! `friends_and_followers/friends.json` (2019–2021) and
//! `connections/friends/your_friends.json` (2022+), under `friends` or
//! `friends_v2`.
//!
//! Each friend becomes a record of their own, since two friends may share a
//! name and be two people, and a seen event on the day the friendship
//! began, which only dates when the owner first knew them (docs/formats.md,
//! Facebook, "What each becomes"). A friend without a name is skipped with
//! a located warning; one without a usable timestamp keeps its record and
//! gets a warning instead of the event. Removed friends and requests are
//! other files, never read.

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::Value;

use super::{as_integer, parse, Fixed};
use crate::import::{Entry, ImportError, Sink};
use crate::model::{Channel, EventKind, NewEvent, Record, SourceKind, When};

/// Reads one friends list into `sink`.
///
/// # Errors
///
/// When the file cannot be read, is not JSON of the expected shape, or has
/// neither a `friends` nor a `friends_v2` list.
pub(super) fn import(entry: &mut Entry<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let file: FriendsFile = parse(entry)?;
    let location = entry.location(None);
    let (field, friends) = match (file.friends_v2, file.friends) {
        (Some(list), _) => ("friends_v2", list),
        (None, Some(list)) => ("friends", list),
        (None, None) => {
            return Err(ImportError::unexpected(
                location,
                "a \"friends\" or \"friends_v2\" list",
                "none",
            ))
        }
    };
    // Two friends may share a name and be two people: one record each.
    for (i, f) in friends.iter().enumerate() {
        let name = f.name.as_ref().map_or("", |n| n.0.trim());
        if name.is_empty() {
            sink.warn(
                location.clone(),
                format!("{field}[{i}]: expected name, found none"),
            );
            continue;
        }
        let mut record = Record::new(SourceKind::Facebook, location.clone());
        record.add_name(name);
        let r = sink.record(record);
        let since = match &f.timestamp {
            None => Err(format!("{field}[{i}]: expected timestamp, found none")),
            Some(v) => as_integer(v)
                .and_then(|s| Timestamp::from_second(s).ok())
                .ok_or_else(|| {
                    format!(
                        "{field}[{i}]: expected timestamp in epoch seconds, found {}",
                        crate::import::text::shorten(&v.to_string())
                    )
                }),
        };
        match since {
            Ok(ts) => sink.event(NewEvent {
                kind: EventKind::Seen,
                channel: Channel::FacebookFriend,
                when: When::Instant(ts),
                sender: None,
                participants: [r].into(),
                location: location.clone(),
                dedup_key: Some(format!("facebook:friend:{}:{name}", ts.as_second()).into()),
            }),
            Err(w) => sink.warn(location.clone(), w),
        }
    }
    Ok(())
}

#[derive(Deserialize)]
struct FriendsFile {
    #[serde(default)]
    friends: Option<Vec<Friend>>,
    #[serde(default)]
    friends_v2: Option<Vec<Friend>>,
}

#[derive(Deserialize)]
struct Friend {
    #[serde(default)]
    name: Option<Fixed>,
    #[serde(default)]
    timestamp: Option<Value>,
}

#[cfg(test)]
mod tests {
    use crate::import::facebook::tests::{events, names, run, run_err, warnings};

    // ------------------------------------------------------------ friends

    #[test]
    fn friends_every_generation() {
        for (path, key) in [
            ("friends/friends.json", "friends"),
            ("friends_and_followers/friends.json", "friends_v2"),
            ("connections/friends/your_friends.json", "friends_v2"),
        ] {
            let sink = run(
                path,
                &format!(
                    r#"{{"{key}": [{{"name": "Jos\u00c3\u00a9 Ng", "timestamp": 1462104000}},
                                 {{"name": "Jos\u00c3\u00a9 Ng", "timestamp": 1505032200, "contact_info": "x"}}]}}"#
                ),
            );
            // Two friends with one name may be two people: two records.
            assert_eq!(names(&sink), ["José Ng", "José Ng"], "{path}");
            assert_eq!(
                events(&sink),
                [
                    "Seen FacebookFriend 2016-05-01T12:00:00Z - [José Ng]",
                    "Seen FacebookFriend 2017-09-10T08:30:00Z - [José Ng]",
                ],
                "{path}"
            );
        }
    }

    #[test]
    fn friend_warnings_and_errors() {
        let path = "connections/friends/your_friends.json";
        let sink = run(
            path,
            r#"{"friends_v2": [{"timestamp": 1}, {"name": "Bo"}, {"name": "Cy", "timestamp": "x"}]}"#,
        );
        assert_eq!(names(&sink), ["Bo", "Cy"]);
        assert!(sink.events.is_empty());
        assert_eq!(
            warnings(&sink),
            [
                format!("{path}: friends_v2[0]: expected name, found none"),
                format!("{path}: friends_v2[1]: expected timestamp, found none"),
                format!("{path}: friends_v2[2]: expected timestamp in epoch seconds, found \"x\""),
            ]
        );
        assert_eq!(
            run_err(path, r#"{"deleted_friends_v2": []}"#),
            format!("{path}: expected a \"friends\" or \"friends_v2\" list, found none")
        );
    }
}
