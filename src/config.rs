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
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
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

/// The channel policy: which kinds of evidence count as direct contact.
/// A channel switched off still counts as evidence for `first_seen`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct DirectPolicy {
    /// Answered phone calls (call log types 1 and 2, duration > 0).
    pub phone_call: bool,
    /// Answered Messenger audio/video calls.
    pub messenger_call: bool,
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
            Channel::Meeting => self.meeting,
            Channel::VideoMeeting => self.video_meeting,
            Channel::Touchpoint(kind) => self
                .touchpoint_kinds
                .iter()
                .any(|k| k == "*" || k.eq_ignore_ascii_case(kind)),
            Channel::LinkedinMessage
            | Channel::LinkedinConnection
            | Channel::FacebookMessage
            | Channel::FacebookFriend
            | Channel::Sms
            | Channel::Mms => false,
        }
    }
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
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
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let mut config = Config::parse(path, &text)?;
        // Relative paths in the file are relative to the file.
        let base = path.parent().unwrap_or(Path::new("."));
        for input in &mut config.inputs {
            *input = expand(base, input);
        }
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
"#;
        let c = Config::parse(Path::new("c.toml"), text).unwrap();
        assert_eq!(c.stale_after, Some(180));
        assert_eq!(c.me.names, ["Morgan Reyes"]);
        assert!(!c.direct.video_meeting);
        assert!(c.direct.phone_call);
        assert!(c.direct.is_direct(&Channel::Touchpoint("Coffee".into())));
        assert!(!c.direct.is_direct(&Channel::Touchpoint("email".into())));
        assert!(!c.direct.is_direct(&Channel::VideoMeeting));
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
            "c.toml:4: unknown field `phone-calls`, expected one of `phone-call`, `messenger-call`, `meeting`, `video-meeting`, `touchpoint-kinds`"
        );
        let err = Config::parse(Path::new("c.toml"), "stale-after = \"soon\"\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("c.toml:1: invalid type: string \"soon\", expected u32"),
            "{err}"
        );
    }

    #[test]
    fn default_policy_counts_every_direct_channel() {
        let p = DirectPolicy::default();
        for c in [
            Channel::PhoneCall,
            Channel::MessengerCall,
            Channel::Meeting,
            Channel::VideoMeeting,
            Channel::Touchpoint("x".into()),
        ] {
            assert!(p.is_direct(&c));
        }
        assert!(!p.is_direct(&Channel::Sms));
    }
}
