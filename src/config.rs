//! The configuration file (TOML): `--config PATH`, else
//! `$XDG_CONFIG_HOME/offgrid/config.toml` (or `~/.config/offgrid/config.toml`)
//! when it exists. Command-line flags override it; it overrides defaults.
//!
//! Unknown keys are errors naming their line, so a typo never silently does
//! nothing. The shape is documented in docs/config.md.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::Channel;

/// The whole file. Every field is optional.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Export files, folders or zips read when `report` gets no INPUT.
    #[serde(default)]
    pub inputs: Vec<PathBuf>,
    /// The touchpoint log `offgrid log` appends to and `report` reads.
    pub touchpoints: Option<PathBuf>,
    pub region: Option<String>,
    pub tz: Option<String>,
    pub stale_after: Option<u32>,
    pub min_interactions: Option<u64>,
    /// The account owner, never reported.
    #[serde(default)]
    pub me: Me,
    /// Which channels count as direct contact.
    #[serde(default)]
    pub direct: DirectPolicy,
    /// The user's identity decisions, applied on every run.
    #[serde(default)]
    pub identity: Identity,
    /// Days after which a source's newest evidence is stale (a freshness
    /// warning in the report); default 90.
    pub source_max_age: Option<u32>,
    /// Keep-in-touch groups, each with its own stale-after.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Bounds on what one input entry may hold; the `--max-*` flags win.
    #[serde(default)]
    pub limits: InputLimits,
    /// How `offgrid suggest` chooses and reminds.
    #[serde(default)]
    pub suggest: Suggest,
    /// How mail archives are read.
    #[serde(default)]
    pub mail: Mail,
    /// What reading the file found worth saying (which export a glob in
    /// `inputs` picked); not a key of the file.
    #[serde(skip)]
    pub notices: Vec<String>,
}

/// `[suggest]`: how `offgrid suggest` weighs people, rotates them and
/// writes its calendar reminders (docs/config.md "Suggestions"). A key
/// left out keeps its default (`crate::analyze::suggest::SuggestOptions`).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Suggest {
    /// People a week (`-n`).
    pub count: Option<usize>,
    pub min_days: Option<u32>,
    pub warm_days: Option<u32>,
    pub warm_half: Option<f64>,
    pub wait_half: Option<f64>,
    pub one_way: Option<f64>,
    pub rotation_weeks: Option<usize>,
    /// The reminder's weekday, `monday` to `sunday`.
    pub remind_day: Option<String>,
    /// The reminder's time of day, `HH:MM`, in the report's zone.
    pub remind_at: Option<String>,
    /// The reminder's length in minutes.
    pub remind_minutes: Option<u32>,
    #[serde(default)]
    pub weights: SuggestWeights,
}

/// `[suggest.weights]`: how much each part of the score counts.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SuggestWeights {
    pub wait: Option<f64>,
    pub warmth: Option<f64>,
    pub overdue: Option<f64>,
    pub reach: Option<f64>,
}

/// `[[groups]]`: people who lapse after their own number of days. A member
/// is a name, an email address, a phone number, or `category:X` for
/// everyone whose address-book card has the label X (vCard CATEGORIES).
/// A person in several groups takes the smallest stale-after.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Group {
    pub name: String,
    #[serde(default)]
    pub members: Vec<String>,
    pub stale_after: u32,
}

/// `[identity]`: pairs that are (`same`) or are not (`different`) one
/// person; each side a name, an email, a phone number or a LinkedIn profile
/// URL. They win over every rule of resolution (docs/identity.md).
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    #[serde(default)]
    pub same: Vec<[String; 2]>,
    #[serde(default)]
    pub different: Vec<[String; 2]>,
}

/// `[limits]`: the bounds every command that reads exports puts on one
/// entry (docs/errors.md "Limits"), for exports that are genuinely larger or
/// more repetitive than the defaults allow. A `--max-*` flag wins over its
/// key; a key left out keeps the default of `crate::limits::Limits`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct InputLimits {
    /// Bytes one file or archive member may inflate to: an integer, or a
    /// string such as `"8G"` (`--max-entry-size`).
    #[serde(default, deserialize_with = "max_entry_size")]
    pub max_entry_size: Option<u64>,
    /// How many times its compressed size an archive member may inflate to,
    /// 1 or more (`--max-ratio`).
    #[serde(default, deserialize_with = "max_ratio")]
    pub max_ratio: Option<u64>,
    /// Bytes one line may hold, as `max-entry-size` (`--max-line-length`).
    #[serde(default, deserialize_with = "max_line_length")]
    pub max_line_length: Option<u64>,
}

fn max_entry_size<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_any(LimitValue::size("max-entry-size"))
        .map(Some)
}

fn max_ratio<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_any(LimitValue {
        key: "max-ratio",
        size: false,
    })
    .map(Some)
}

fn max_line_length<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_any(LimitValue::size("max-line-length"))
        .map(Some)
}

/// Reads one `[limits]` value: a size (bytes as an integer, or a string
/// that `limits::parse_size` takes) or a ratio (an integer of 1 or more).
/// Its errors name the key, as `[limits] max-ratio: expected ..., found ...`;
/// the line is added by [`Config::parse`].
struct LimitValue {
    key: &'static str,
    /// A size; else a ratio.
    size: bool,
}

impl LimitValue {
    fn size(key: &'static str) -> LimitValue {
        LimitValue { key, size: true }
    }

    fn expected(&self) -> &'static str {
        if self.size {
            "a size such as 512M or 2G"
        } else {
            "a whole number of 1 or more"
        }
    }

    fn error<E: serde::de::Error>(&self, found: &str) -> E {
        E::custom(format!(
            "[limits] {}: expected {}, found {found}",
            self.key,
            self.expected()
        ))
    }
}

impl serde::de::Visitor<'_> for LimitValue {
    type Value = u64;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} for [limits] {}", self.expected(), self.key)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
        if v >= 1 {
            Ok(v)
        } else {
            Err(self.error(&v.to_string()))
        }
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(self.error(&v.to_string())),
        }
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u64, E> {
        Err(self.error(&v.to_string()))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<u64, E> {
        Err(self.error(&v.to_string()))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u64, E> {
        if self.size {
            crate::limits::parse_size(v)
                .map_err(|message| E::custom(format!("[limits] {}: {message}", self.key)))
        } else {
            Err(self.error(&format!("{v:?}")))
        }
    }
}

/// Who the owner is, beyond what the exports say.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Me {
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub phones: Vec<String>,
}

/// The `[mail]` section: how mail archives are read (docs/formats.md "Mail").
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Mail {
    /// A message to more people than this (To and Cc, the sender and the
    /// owner not counted) is evidence that they know each other, not a
    /// personal message; default [`crate::import::mail::MAX_RECIPIENTS`].
    pub max_recipients: Option<usize>,
}

/// The channel policy: which kinds of evidence count as direct contact.
/// A channel switched off still counts as evidence for `first_seen`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct DirectPolicy {
    /// Answered phone calls (call log types 1 and 2, duration > 0).
    pub phone_call: bool,
    /// Answered Messenger audio/video calls.
    pub messenger_call: bool,
    /// Answered WhatsApp calls (a call line with a duration).
    pub whatsapp_call: bool,
    /// Calendar events with a place, or no meeting link.
    pub meeting: bool,
    /// Calendar events with a meeting link (Zoom, Meet, Teams, ...).
    pub video_meeting: bool,
    /// Touchpoint kinds that count; `["*"]` (the default) means every kind.
    pub touchpoint_kinds: Vec<String>,
}

impl Default for DirectPolicy {
    fn default() -> DirectPolicy {
        DirectPolicy {
            phone_call: true,
            messenger_call: true,
            whatsapp_call: true,
            meeting: true,
            video_meeting: true,
            touchpoint_kinds: vec!["*".to_owned()],
        }
    }
}

impl DirectPolicy {
    /// Whether an event on `channel` is direct contact under this policy.
    /// Channels that are never direct (messages, connections) return false.
    pub fn is_direct(&self, channel: &Channel) -> bool {
        match channel {
            Channel::PhoneCall => self.phone_call,
            Channel::MessengerCall => self.messenger_call,
            Channel::WhatsappCall => self.whatsapp_call,
            Channel::Meeting => self.meeting,
            Channel::VideoMeeting => self.video_meeting,
            Channel::Touchpoint(kind) => self
                .touchpoint_kinds
                .iter()
                .any(|k| k == "*" || k.eq_ignore_ascii_case(kind)),
            Channel::LinkedinMessage
            | Channel::LinkedinConnection
            | Channel::LinkedinEndorsement
            | Channel::LinkedinRecommendation
            | Channel::FacebookMessage
            | Channel::FacebookFriend
            | Channel::InstagramMessage
            | Channel::Sms
            | Channel::Mms
            | Channel::WhatsappMessage
            | Channel::Email => false,
        }
    }
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {}", crate::error::describe_io(.error))]
    Read { path: String, error: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: String,
        line: usize,
        message: String,
    },
}

impl Config {
    /// Parses `text`, naming `path` and the line in errors.
    ///
    /// # Errors
    ///
    /// On invalid TOML, unknown keys and values of the wrong type.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            let message = e.message().trim().replace('\n', " ");
            ConfigError::Invalid {
                path: path.display().to_string(),
                line,
                message,
            }
        })
    }

    /// Reads the file at `path`.
    ///
    /// # Errors
    ///
    /// When it cannot be read or is invalid.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
            path: path.display().to_string(),
            error,
        })?;
        let mut config = Config::parse(path, &text)?;
        // Relative paths in the file are relative to the file.
        let base = path.parent().unwrap_or(Path::new("."));
        let mut inputs = Vec::with_capacity(config.inputs.len());
        for input in &config.inputs {
            let input = expand(base, input);
            match newest_match(&input) {
                Some((chosen, others)) => {
                    if !others.is_empty() {
                        let names: Vec<String> = others.iter().map(|p| file_name(p)).collect();
                        config.notices.push(format!(
                            "{}: {} files match; reading the newest, {}, not {}",
                            input.display(),
                            others.len() + 1,
                            file_name(&chosen),
                            names.join(", ")
                        ));
                    }
                    inputs.push(chosen);
                }
                None => inputs.push(input),
            }
        }
        config.inputs = inputs;
        if let Some(t) = &mut config.touchpoints {
            *t = expand(base, t);
        }
        Ok(config)
    }

    /// The file given with `--config`, else the default location when it
    /// exists, else the defaults.
    ///
    /// # Errors
    ///
    /// When the file cannot be read or is invalid.
    pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), ConfigError> {
        if let Some(path) = explicit {
            return Ok((Config::read(path)?, Some(path.to_owned())));
        }
        match default_path() {
            Some(path) if path.is_file() => Ok((Config::read(&path)?, Some(path))),
            _ => Ok((Config::default(), None)),
        }
    }

    /// The touchpoint log: the configured one, else
    /// `$XDG_DATA_HOME/offgrid/touchpoints.csv` (`~/.local/share/...`).
    pub fn touchpoints_path(&self) -> Option<PathBuf> {
        self.touchpoints
            .clone()
            .or_else(|| data_dir().map(|d| d.join("offgrid").join("touchpoints.csv")))
    }
}

/// `~` at the start means the home directory; relative paths are taken
/// from `base`.
fn expand(base: &Path, p: &Path) -> PathBuf {
    if let Ok(rest) = p.strip_prefix("~") {
        if let Some(home) = std::env::var_os("HOME") {
            return PathBuf::from(home).join(rest);
        }
    }
    if p.is_relative() {
        base.join(p)
    } else {
        p.to_owned()
    }
}

/// For an input whose last component has a `*` or `?` wildcard: the
/// matching file or folder with the newest modification time (ties: the
/// greatest name) and the other matches, newest first. `None` when the path
/// has no wildcard or nothing matches (then the path is used as written,
/// and reading it fails naming it).
fn newest_match(pattern: &Path) -> Option<(PathBuf, Vec<PathBuf>)> {
    let name = pattern.file_name()?.to_str()?;
    if !name.contains(['*', '?']) {
        return None;
    }
    let dir = match pattern.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_str().is_some_and(|n| wildcard(name, n)))
        .map(|e| {
            let mtime = e
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (mtime, e.path())
        })
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    let mut paths = found.into_iter().map(|(_, p)| p);
    let chosen = paths.next()?;
    Some((chosen, paths.collect()))
}

/// Whether `name` matches `pattern`, where `*` is any run of characters
/// and `?` any one character.
fn wildcard(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut i, mut j) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `$XDG_CONFIG_HOME/offgrid/config.toml`, else `~/.config/offgrid/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("offgrid").join("config.toml"))
}

fn data_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("share")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_file_parses() {
        let text = r#"
inputs = ["exports/linkedin.zip", "/abs/facebook"]
region = "DE"
tz = "Europe/Berlin"
stale-after = 180
min-interactions = 2

[me]
names = ["Morgan Reyes"]
emails = ["morgan@example.com"]

[direct]
video-meeting = false
touchpoint-kinds = ["coffee", "call"]

[identity]
same = [["Bob Smith", "robert@example.com"]]
different = [["Sam Lee", "+1 555 010 0101"]]
"#;
        let c = Config::parse(Path::new("c.toml"), text).unwrap();
        assert_eq!(c.stale_after, Some(180));
        assert_eq!(c.me.names, ["Morgan Reyes"]);
        assert!(!c.direct.video_meeting);
        assert!(c.direct.phone_call);
        assert!(c.direct.is_direct(&Channel::Touchpoint("Coffee".into())));
        assert!(!c.direct.is_direct(&Channel::Touchpoint("email".into())));
        assert!(!c.direct.is_direct(&Channel::VideoMeeting));
        assert_eq!(
            c.identity.same,
            [["Bob Smith".to_owned(), "robert@example.com".to_owned()]]
        );
        assert_eq!(c.identity.different.len(), 1);
    }

    #[test]
    fn unknown_keys_name_their_line() {
        let err = Config::parse(
            Path::new("c.toml"),
            "region = \"US\"\n\n[direct]\nphone-calls = true\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.toml:4: unknown field `phone-calls`, expected one of `phone-call`, `messenger-call`, `whatsapp-call`, `meeting`, `video-meeting`, `touchpoint-kinds`"
        );
        let err = Config::parse(Path::new("c.toml"), "stale-after = \"soon\"\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("c.toml:1: invalid type: string \"soon\", expected u32"),
            "{err}"
        );
    }

    #[test]
    fn limits_take_sizes_and_a_ratio() {
        let c = Config::parse(
            Path::new("c.toml"),
            "[limits]\nmax-entry-size = \"8G\"\nmax-ratio = 1000\nmax-line-length = 65536\n",
        )
        .unwrap();
        assert_eq!(
            c.limits,
            InputLimits {
                max_entry_size: Some(8 << 30),
                max_ratio: Some(1000),
                max_line_length: Some(65536),
            }
        );
        let c = Config::parse(
            Path::new("c.toml"),
            "[limits]\nmax-line-length = \"512K\"\n",
        )
        .unwrap();
        assert_eq!(
            c.limits,
            InputLimits {
                max_line_length: Some(512 << 10),
                ..InputLimits::default()
            }
        );
        let c = Config::parse(Path::new("c.toml"), "region = \"US\"\n").unwrap();
        assert_eq!(c.limits, InputLimits::default());
    }

    #[test]
    fn bad_limits_name_their_key_and_line() {
        for (text, want) in [
            (
                "[limits]\nmax-ratio = 0\n",
                "c.toml:2: [limits] max-ratio: expected a whole number of 1 or more, found 0",
            ),
            (
                "region = \"US\"\n\n[limits]\nmax-ratio = \"200\"\n",
                "c.toml:4: [limits] max-ratio: expected a whole number of 1 or more, found \"200\"",
            ),
            (
                "[limits]\nmax-ratio = 2.5\n",
                "c.toml:2: [limits] max-ratio: expected a whole number of 1 or more, found 2.5",
            ),
            (
                "[limits]\nmax-ratio = 10\nmax-entry-size = \"lots\"\n",
                "c.toml:3: [limits] max-entry-size: expected a size such as 512M or 2G, found \"lots\"",
            ),
            (
                "[limits]\nmax-entry-size = 0\n",
                "c.toml:2: [limits] max-entry-size: expected a size such as 512M or 2G, found 0",
            ),
            (
                "[limits]\nmax-line-length = -1\n",
                "c.toml:2: [limits] max-line-length: expected a size such as 512M or 2G, found -1",
            ),
            (
                "[limits]\nmax-line-length = true\n",
                "c.toml:2: [limits] max-line-length: expected a size such as 512M or 2G, found true",
            ),
            (
                "[limits]\nmax-entry-size = [1]\n",
                "c.toml:2: invalid type: sequence, expected a size such as 512M or 2G for [limits] max-entry-size",
            ),
            (
                "[limits]\nmax-ratios = 5\n",
                "c.toml:2: unknown field `max-ratios`, expected one of `max-entry-size`, `max-ratio`, `max-line-length`",
            ),
        ] {
            let err = Config::parse(Path::new("c.toml"), text).unwrap_err();
            assert_eq!(err.to_string(), want, "{text}");
        }
    }

    #[test]
    fn wildcards_match_whole_names() {
        assert!(wildcard(
            "Basic_LinkedInDataExport_*.zip",
            "Basic_LinkedInDataExport_11-24-2026.zip"
        ));
        assert!(!wildcard(
            "Basic_LinkedInDataExport_*.zip",
            "Basic_LinkedInDataExport_11-24-2026.zip.part"
        ));
        assert!(wildcard("a*b*c", "aXbYbc"));
        assert!(wildcard("calls-????.xml", "calls-2026.xml"));
        assert!(!wildcard("calls-????.xml", "calls-26.xml"));
        assert!(wildcard("*", ""));
    }

    #[test]
    fn groups_parse_and_need_a_stale_after() {
        let c = Config::parse(
            Path::new("c.toml"),
            "[[groups]]\nname = \"close\"\nmembers = [\"Ada Lovelace\", \"category:Family\"]\nstale-after = 60\n",
        )
        .unwrap();
        assert_eq!(c.groups[0].members, ["Ada Lovelace", "category:Family"]);
        assert_eq!(c.groups[0].stale_after, 60);
        let err = Config::parse(Path::new("c.toml"), "[[groups]]\nname = \"x\"\n").unwrap_err();
        assert_eq!(err.to_string(), "c.toml:1: missing field `stale-after`");
    }

    #[test]
    fn suggest_takes_weights_and_rejects_unknown_keys() {
        let c = Config::parse(
            Path::new("c.toml"),
            "[suggest]\ncount = 5\nremind-at = \"17:30\"\n\n[suggest.weights]\nwarmth = 3.5\n",
        )
        .unwrap();
        assert_eq!(c.suggest.count, Some(5));
        assert_eq!(c.suggest.remind_at.as_deref(), Some("17:30"));
        assert_eq!(c.suggest.weights.warmth, Some(3.5));
        assert_eq!(c.suggest.weights.wait, None);
        let err = Config::parse(Path::new("c.toml"), "[suggest]\nweeks = 2\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("c.toml:2: unknown field `weeks`"),
            "{err}"
        );
    }

    #[test]
    fn default_policy_counts_every_direct_channel() {
        let p = DirectPolicy::default();
        for c in [
            Channel::PhoneCall,
            Channel::MessengerCall,
            Channel::WhatsappCall,
            Channel::Meeting,
            Channel::VideoMeeting,
            Channel::Touchpoint("x".into()),
        ] {
            assert!(p.is_direct(&c));
        }
        assert!(!p.is_direct(&Channel::Sms));
    }
}
