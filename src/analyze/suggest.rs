//! `offgrid suggest`: the few people to contact this week, each with why
//! and how (docs/report.md "Suggestions").
//!
//! Works on the report's credits ([`super::credited`]), so its numbers are
//! the report's. Each person's credits become a `Timeline` of sorted days
//! with running counts, from which their numbers on any day up to `as_of`
//! come in a few binary searches: that is what lets rotation be computed
//! rather than remembered. A week's choice is made on the evidence up to
//! the Sunday before it begins ([`decided_on`]); the weeks before it are
//! chosen the same way, from the first week anyone could be suggested, and
//! the people chosen in the last `rotation_weeks` of them step aside. No
//! state is kept between runs: the same inputs give the same weeks,
//! wherever (or whether) reports are written.
//!
//! Scores are `f64`, computed in one fixed order from integers, so the same
//! inputs give the same bits; ties fall to days without direct contact,
//! then name, then person_id.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use jiff::civil::Date;
use jiff::ToSpan as _;

use super::Credit;
use crate::model::{Channel, EventKind};
use crate::resolve::Resolution;

/// How much each part of the score counts (`[suggest.weights]`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weights {
    pub wait: f64,
    pub warmth: f64,
    pub overdue: f64,
    pub reach: f64,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            wait: 1.0,
            warmth: 2.0,
            overdue: 1.0,
            reach: 1.0,
        }
    }
}

/// The choice's knobs (`[suggest]` in the config; docs/config.md).
#[derive(Clone, Debug, PartialEq)]
pub struct SuggestOptions {
    /// How many people a week.
    pub count: usize,
    pub weights: Weights,
    /// Days without direct contact at which the wait part is one half.
    pub wait_half: f64,
    /// The window, in days before the decision, whose online interactions
    /// make the warmth.
    pub warm_days: i64,
    /// Interactions in that window at which warmth is one half.
    pub warm_half: f64,
    /// What warmth is multiplied by when the window's interactions all go
    /// one way (all from them, or all from the owner).
    pub one_way: f64,
    /// People in direct contact fewer than this many days before are not
    /// suggested.
    pub min_days: i64,
    /// People suggested in this many previous weeks step aside.
    pub rotation_weeks: usize,
    /// Only people with at least this many online interactions.
    pub min_interactions: u64,
}

impl Default for SuggestOptions {
    fn default() -> SuggestOptions {
        SuggestOptions {
            count: 3,
            weights: Weights::default(),
            wait_half: 180.0,
            warm_days: 90,
            warm_half: 3.0,
            one_way: 0.5,
            min_days: 30,
            rotation_weeks: 3,
            min_interactions: 1,
        }
    }
}

/// A person's keep-in-touch cadence: their group's stale-after, else the
/// report's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cadence {
    pub days: i64,
    /// The keep-in-touch group it comes from, if any.
    pub group: Option<String>,
}

/// One way to reach a person, best first in [`Suggestion::reach`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reach {
    /// `phone`, `email`, `messenger`, `whatsapp`, `instagram`, `linkedin`.
    pub kind: &'static str,
    /// The number (E.164), the address, the profile URL, or the app's name.
    pub value: String,
}

impl Reach {
    /// How reachable this way makes a person: a phone 1, an email 0.6, a
    /// calling app 0.5, LinkedIn 0.3.
    pub fn worth(&self) -> f64 {
        match self.kind {
            "phone" => 1.0,
            "email" => 0.6,
            "messenger" | "whatsapp" | "instagram" => 0.5,
            _ => 0.3,
        }
    }

    /// A link that starts the contact: `tel:`, `mailto:` or the profile.
    pub fn link(&self) -> Option<String> {
        match self.kind {
            "phone" => Some(format!("tel:{}", self.value)),
            "email" => Some(format!("mailto:{}", self.value)),
            "linkedin" => Some(self.value.clone()),
            _ => None,
        }
    }
}

/// A person's numbers on one day.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    pub days_without_direct: i64,
    pub last_direct: Option<Date>,
    pub online: u64,
    /// Online interactions in the warm window, and how many of them the
    /// person sent.
    pub recent: u64,
    pub recent_theirs: u64,
    pub first_recent: Option<Date>,
    pub last_online: Option<Date>,
}

/// The score and its parts, each part between 0 and 1.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Score {
    /// 0 to 100: the weighted mean of the parts.
    pub total: f64,
    pub wait: f64,
    pub warmth: f64,
    pub overdue: f64,
    pub reach: f64,
}

/// One person suggested this week.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub rank: usize,
    /// Index into `resolution.persons`.
    pub person: usize,
    pub person_id: String,
    pub name: String,
    pub score: Score,
    pub stats: Stats,
    pub cadence: Cadence,
    /// One line: why this person, this week.
    pub why: String,
    pub reach: Vec<Reach>,
    /// Suggested in one of the previous `rotation_weeks` too: nobody else
    /// qualified.
    pub again: bool,
}

/// A person suggested this week and contacted since the decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Done {
    pub person_id: String,
    pub name: String,
    /// The day of the direct contact (the latest on or before `as_of`).
    pub contacted: Date,
}

/// Where a person stands this week, for `offgrid explain`.
#[derive(Clone, Debug, PartialEq)]
pub enum Standing {
    Suggested {
        rank: usize,
        again: bool,
    },
    Done {
        contacted: Date,
    },
    /// Suggested in this earlier week, so stepping aside.
    SteppedAside {
        week: String,
    },
    /// Qualified, but others scored higher.
    Outscored,
    /// Not a candidate, and why.
    Out(String),
}

/// This week's suggestions.
#[derive(Clone, Debug, PartialEq)]
pub struct Week {
    /// The ISO week, `2026-W48`.
    pub week: String,
    /// Its Monday.
    pub monday: Date,
    /// The day the choice is made on: the Sunday before the Monday.
    pub decided_on: Date,
    pub as_of: Date,
    pub suggestions: Vec<Suggestion>,
    /// Suggested this week, and contacted since.
    pub done: Vec<Done>,
    /// How many people qualified.
    pub qualified: usize,
    /// The people who stepped aside, with the latest week each was
    /// suggested in (indexes into `resolution.persons`).
    pub stepped_aside: BTreeMap<usize, String>,
}

/// `2026-W48`.
pub fn week_name(day: Date) -> String {
    let w = day.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// The Monday of the ISO week `day` is in.
pub fn monday_of(day: Date) -> Date {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    day.checked_sub(back.days()).unwrap_or(day)
}

/// The day a week's choice is made on: the Sunday before its Monday, so a
/// run on Monday and one on Friday of the same week agree.
pub fn decided_on(as_of: Date) -> Date {
    let monday = monday_of(as_of);
    monday.yesterday().unwrap_or(monday)
}

/// The Monday the weeks before `monday`'s are replayed from: the first
/// ISO week of the year before `monday`'s ISO year. Every week of one ISO
/// year replays from the same Monday, so its weeks agree with each other;
/// and a year and more of weeks before it is plenty for the rotation,
/// which remembers `rotation_weeks`, to settle, while a heavy archive's
/// decade of weeks is not replayed on every run.
fn replay_from(monday: Date) -> Date {
    let year = monday.iso_week_date().year();
    jiff::civil::ISOWeekDate::new(year.saturating_sub(1), 1, jiff::civil::Weekday::Monday)
        .map_or(monday, |w| w.date())
}

/// One person's evidence as sorted days with running counts.
#[derive(Default)]
struct Timeline {
    first_seen: Option<Date>,
    /// Online interactions: each credit's day, channel and count, sorted
    /// by day; `cum[i]` and `cum_theirs[i]` count those before `i`.
    online: Vec<(Date, u64, bool, Channel)>,
    cum: Vec<u64>,
    cum_theirs: Vec<u64>,
    /// Direct contacts, sorted by day.
    direct: Vec<(Date, Channel)>,
    /// The calling apps the person was met on.
    apps: BTreeSet<&'static str>,
}

impl Timeline {
    fn finish(&mut self) {
        self.online
            .sort_by(|a, b| a.0.cmp(&b.0).then(a.3.cmp(&b.3)));
        self.direct.sort();
        self.cum = Vec::with_capacity(self.online.len() + 1);
        self.cum_theirs = Vec::with_capacity(self.online.len() + 1);
        let (mut all, mut theirs) = (0, 0);
        self.cum.push(0);
        self.cum_theirs.push(0);
        for &(_, n, t, _) in &self.online {
            all += n;
            if t {
                theirs += n;
            }
            self.cum.push(all);
            self.cum_theirs.push(theirs);
        }
    }

    /// The numbers on `day`, `None` when the person is not known yet.
    fn stats(&self, day: Date, opts: &SuggestOptions) -> Option<Stats> {
        let first_seen = self.first_seen.filter(|&f| f <= day)?;
        let k = self.online.partition_point(|o| o.0 <= day);
        let window_start = day.checked_sub(opts.warm_days.days()).unwrap_or(Date::MIN);
        let j = self.online.partition_point(|o| o.0 <= window_start);
        let d = self.direct.partition_point(|o| o.0 <= day);
        let last_direct = d.checked_sub(1).map(|i| self.direct[i].0);
        let since = last_direct.unwrap_or(first_seen);
        Some(Stats {
            days_without_direct: days_between(since, day),
            last_direct,
            online: self.cum[k],
            recent: self.cum[k] - self.cum[j.min(k)],
            recent_theirs: self.cum_theirs[k] - self.cum_theirs[j.min(k)],
            first_recent: (j < k).then(|| self.online[j].0),
            last_online: k.checked_sub(1).map(|i| self.online[i].0),
        })
    }
}

fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |s| i64::from(s.get_days()))
}

/// The people and their timelines, ready to choose any week.
pub struct Suggester<'a> {
    res: &'a Resolution,
    opts: SuggestOptions,
    timelines: Vec<Timeline>,
    cadences: Vec<Cadence>,
    reach: Vec<Vec<Reach>>,
}

/// A qualifying person's place in one week's choice.
#[derive(Clone, Copy)]
struct Candidate {
    person: usize,
    score: f64,
    days: i64,
}

impl<'a> Suggester<'a> {
    /// Builds the timelines from the report's credits (dated on or before
    /// `as_of`, as [`super::credited`] gives them).
    pub fn new(
        res: &'a Resolution,
        credits: &[Credit],
        cadences: Vec<Cadence>,
        opts: SuggestOptions,
    ) -> Suggester<'a> {
        let mut timelines: Vec<Timeline> = std::iter::repeat_with(Timeline::default)
            .take(res.persons.len())
            .collect();
        for c in credits {
            let t = &mut timelines[c.person];
            t.first_seen = Some(t.first_seen.map_or(c.date, |f| f.min(c.date)));
            if let Some(app) = app(&c.channel) {
                t.apps.insert(app);
            }
            match c.kind {
                EventKind::Online => t
                    .online
                    .push((c.date, c.count, c.theirs, c.channel.clone())),
                EventKind::Direct => t.direct.push((c.date, c.channel.clone())),
                EventKind::Seen => {}
            }
        }
        for t in &mut timelines {
            t.finish();
        }
        let reach = res
            .persons
            .iter()
            .zip(&timelines)
            .map(|(p, t)| {
                let mut r: Vec<Reach> = Vec::new();
                r.extend(p.phones.iter().map(|v| Reach {
                    kind: "phone",
                    value: v.to_string(),
                }));
                r.extend(p.emails.iter().map(|v| Reach {
                    kind: "email",
                    value: v.to_string(),
                }));
                r.extend(t.apps.iter().map(|&a| Reach {
                    kind: a,
                    value: app_name(a).to_owned(),
                }));
                r.extend(p.linkedin.iter().map(|v| Reach {
                    kind: "linkedin",
                    value: v.to_string(),
                }));
                r
            })
            .collect();
        Suggester {
            res,
            opts,
            timelines,
            cadences,
            reach,
        }
    }

    pub fn options(&self) -> &SuggestOptions {
        &self.opts
    }

    /// A person's keep-in-touch cadence.
    pub fn cadence(&self, person: usize) -> &Cadence {
        &self.cadences[person]
    }

    /// The kind of the best way to reach a person (`phone`, `email`, ...).
    pub fn best_reach(&self, person: usize) -> Option<&str> {
        self.reach[person].first().map(|r| r.kind)
    }

    /// A person's numbers and score on `day`, `None` before any evidence.
    pub fn score(&self, person: usize, day: Date) -> Option<(Stats, Score)> {
        let s = self.timelines[person].stats(day, &self.opts)?;
        Some((s, self.score_of(person, &s)))
    }

    fn score_of(&self, person: usize, s: &Stats) -> Score {
        let o = &self.opts;
        #[allow(clippy::cast_precision_loss)]
        let (days, recent) = (s.days_without_direct as f64, s.recent as f64);
        let wait = days / (days + o.wait_half.max(f64::MIN_POSITIVE));
        let mut warmth = recent / (recent + o.warm_half.max(f64::MIN_POSITIVE));
        if s.recent > 0 && (s.recent_theirs == 0 || s.recent_theirs == s.recent) {
            warmth *= o.one_way;
        }
        #[allow(clippy::cast_precision_loss)]
        let cadence = self.cadences[person].days.max(1) as f64;
        let overdue = (days / cadence - 1.0).clamp(0.0, 1.0);
        let reach = self.reach[person]
            .iter()
            .map(Reach::worth)
            .fold(0.0, f64::max);
        let w = &o.weights;
        let sum = w.wait + w.warmth + w.overdue + w.reach;
        let total = if sum > 0.0 {
            100.0 * (w.wait * wait + w.warmth * warmth + w.overdue * overdue + w.reach * reach)
                / sum
        } else {
            0.0
        };
        Score {
            total,
            wait,
            warmth,
            overdue,
            reach,
        }
    }

    /// Why a person is not a candidate on `day`, `None` when they are.
    fn disqualified(&self, person: usize, stats: Option<&Stats>) -> Option<String> {
        let o = &self.opts;
        if self.res.persons[person].owner {
            return Some("the owner of the exports".to_owned());
        }
        let Some(s) = stats else {
            return Some("no evidence yet".to_owned());
        };
        if s.online < o.min_interactions.max(1) {
            return Some(format!(
                "{} online interaction{}, fewer than {}",
                s.online,
                if s.online == 1 { "" } else { "s" },
                o.min_interactions.max(1)
            ));
        }
        if s.last_direct.is_some() && s.days_without_direct < o.min_days {
            let days = s.days_without_direct;
            return Some(format!(
                "direct contact {days} day{} before, fewer than min-days {}",
                if days == 1 { "" } else { "s" },
                o.min_days
            ));
        }
        if self.reach[person].is_empty() {
            return Some("no known way to reach them".to_owned());
        }
        None
    }

    /// The best `count` candidates on `day` who are not in `aside`, then,
    /// when fewer qualify, the best of those who are (marked `again`).
    fn pick(&self, day: Date, aside: &BTreeSet<usize>) -> (Vec<(Candidate, bool)>, usize) {
        let n = self.opts.count;
        let mut fresh: Vec<Candidate> = Vec::new();
        let mut again: Vec<Candidate> = Vec::new();
        let mut qualified = 0;
        for person in 0..self.res.persons.len() {
            let Some(stats) = self.timelines[person].stats(day, &self.opts) else {
                continue;
            };
            if self.disqualified(person, Some(&stats)).is_some() {
                continue;
            }
            qualified += 1;
            let c = Candidate {
                person,
                score: self.score_of(person, &stats).total,
                days: stats.days_without_direct,
            };
            let list = if aside.contains(&person) {
                &mut again
            } else {
                &mut fresh
            };
            self.keep_best(list, c, n);
        }
        let mut out: Vec<(Candidate, bool)> = fresh.into_iter().map(|c| (c, false)).collect();
        let missing = n.saturating_sub(out.len());
        out.extend(again.into_iter().take(missing).map(|c| (c, true)));
        (out, qualified)
    }

    /// Inserts `c` into `list`, kept sorted best first and at most `n` long.
    fn keep_best(&self, list: &mut Vec<Candidate>, c: Candidate, n: usize) {
        let at = list.partition_point(|x| self.order(x, &c).is_lt());
        if at < n {
            list.insert(at, c);
            list.truncate(n);
        }
    }

    /// Best first: score, then days without direct contact, then name and
    /// person_id.
    fn order(&self, a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
        let (pa, pb) = (&self.res.persons[a.person], &self.res.persons[b.person]);
        b.score
            .total_cmp(&a.score)
            .then(b.days.cmp(&a.days))
            .then_with(|| pa.name.cmp(&pb.name))
            .then_with(|| pa.id.cmp(&pb.id))
    }

    /// The suggestions for the ISO week of `as_of`: every week from the
    /// first anyone could be suggested is chosen in turn, each on the day
    /// before it begins, with the people of the previous `rotation_weeks`
    /// stepping aside; this week's people contacted since its decision day
    /// (and on or before `as_of`) are done.
    pub fn week(&self, as_of: Date) -> Week {
        let monday = monday_of(as_of);
        let decided = decided_on(as_of);
        let earliest = self
            .timelines
            .iter()
            .zip(&self.res.persons)
            .filter(|(_, p)| !p.owner)
            .filter_map(|(t, _)| t.first_seen)
            .min();
        let mut history: VecDeque<(String, Vec<usize>)> = VecDeque::new();
        if let Some(earliest) = earliest.filter(|&e| e < decided) {
            let mut w = monday_of(earliest).max(replay_from(monday));
            while w < monday {
                let day = w.yesterday().unwrap_or(w);
                let aside = history
                    .iter()
                    .flat_map(|(_, p)| p.iter().copied())
                    .collect();
                let (picks, _) = self.pick(day, &aside);
                history.push_back((week_name(w), picks.iter().map(|(c, _)| c.person).collect()));
                if history.len() > self.opts.rotation_weeks {
                    history.pop_front();
                }
                w = w.checked_add(7.days()).unwrap_or(monday);
            }
        }
        let mut stepped_aside: BTreeMap<usize, String> = BTreeMap::new();
        for (name, people) in &history {
            for &p in people {
                stepped_aside.insert(p, name.clone());
            }
        }
        let aside: BTreeSet<usize> = stepped_aside.keys().copied().collect();
        let (picks, qualified) = self.pick(decided, &aside);
        let mut suggestions = Vec::new();
        let mut done = Vec::new();
        for (c, again) in picks {
            let p = &self.res.persons[c.person];
            let t = &self.timelines[c.person];
            let k = t.direct.partition_point(|d| d.0 <= as_of);
            if let Some(&(contacted, _)) = k.checked_sub(1).map(|i| &t.direct[i]) {
                if contacted > decided {
                    done.push(Done {
                        person_id: p.id.to_string(),
                        name: p.name.clone(),
                        contacted,
                    });
                    continue;
                }
            }
            let stats = t.stats(decided, &self.opts).expect("a candidate is known");
            if again {
                stepped_aside.remove(&c.person);
            }
            suggestions.push(Suggestion {
                rank: suggestions.len() + 1,
                person: c.person,
                person_id: p.id.to_string(),
                name: p.name.clone(),
                score: self.score_of(c.person, &stats),
                why: why(t, &stats, &self.cadences[c.person], decided),
                cadence: self.cadences[c.person].clone(),
                reach: self.reach[c.person].clone(),
                stats,
                again,
            });
        }
        Week {
            week: week_name(monday),
            monday,
            decided_on: decided,
            as_of,
            suggestions,
            done,
            qualified,
            stepped_aside,
        }
    }

    /// Where `person` stands in `week` (as [`Suggester::week`] chose it).
    pub fn standing(&self, week: &Week, person: usize) -> Standing {
        if let Some(s) = week.suggestions.iter().find(|s| s.person == person) {
            return Standing::Suggested {
                rank: s.rank,
                again: s.again,
            };
        }
        let id = self.res.persons[person].id.as_str();
        if let Some(d) = week.done.iter().find(|d| d.person_id == id) {
            return Standing::Done {
                contacted: d.contacted,
            };
        }
        let stats = self.timelines[person].stats(week.decided_on, &self.opts);
        if let Some(why) = self.disqualified(person, stats.as_ref()) {
            return Standing::Out(why);
        }
        match week.stepped_aside.get(&person) {
            Some(w) => Standing::SteppedAside { week: w.clone() },
            None => Standing::Outscored,
        }
    }
}

/// The calling app a channel shows the person uses.
fn app(channel: &Channel) -> Option<&'static str> {
    match channel {
        Channel::FacebookMessage | Channel::MessengerCall => Some("messenger"),
        Channel::InstagramMessage => Some("instagram"),
        Channel::WhatsappMessage | Channel::WhatsappCall => Some("whatsapp"),
        _ => None,
    }
}

fn app_name(app: &str) -> &'static str {
    match app {
        "messenger" => "Messenger",
        "instagram" => "Instagram",
        _ => "WhatsApp",
    }
}

/// An online channel as the "why" line names it.
fn online_name(channel: &Channel) -> &'static str {
    match channel {
        Channel::FacebookMessage => "Messenger",
        Channel::InstagramMessage => "Instagram",
        Channel::WhatsappMessage => "WhatsApp",
        Channel::Sms | Channel::Mms => "SMS",
        _ => "LinkedIn",
    }
}

/// A direct contact as the "why" line names one, and several.
fn direct_name(channel: &Channel) -> (String, String) {
    let (one, many) = match channel {
        Channel::PhoneCall => ("call", "calls"),
        Channel::MessengerCall => ("Messenger call", "Messenger calls"),
        Channel::WhatsappCall => ("WhatsApp call", "WhatsApp calls"),
        Channel::Meeting => ("meeting", "meetings"),
        Channel::VideoMeeting => ("video call", "video calls"),
        Channel::Touchpoint(kind) if !kind.is_empty() && kind != "contact" => {
            return (kind.clone(), "catch-ups".to_owned());
        }
        _ => ("direct contact", "catch-ups"),
    };
    (one.to_owned(), many.to_owned())
}

/// `June`, or `June 2025` when the year is not `day`'s.
fn month(d: Date, day: Date) -> String {
    let name = d.strftime("%B").to_string();
    if d.year() == day.year() {
        name
    } else {
        format!("{name} {}", d.year())
    }
}

/// `May 2025`.
fn month_year(d: Date) -> String {
    d.strftime("%B %Y").to_string()
}

/// The one-line reason for a suggestion on `day`.
fn why(t: &Timeline, s: &Stats, cadence: &Cadence, day: Date) -> String {
    let mut parts: Vec<String> = Vec::new();
    let directs: Vec<&(Date, Channel)> = t.direct.iter().filter(|d| d.0 <= day).collect();
    if let Some(pattern) = regular(&directs) {
        let mut line = format!(
            "{pattern} ended in {}",
            month(directs[directs.len() - 1].0, day)
        );
        if s.recent > 0 {
            line.push_str(", still messaging");
        }
        parts.push(line);
    } else {
        if let Some(first) = s.first_recent {
            let recent: Vec<&(Date, u64, bool, Channel)> = t
                .online
                .iter()
                .filter(|o| o.0 >= first && o.0 <= day)
                .collect();
            let mut by_channel: BTreeMap<&'static str, u64> = BTreeMap::new();
            for o in &recent {
                *by_channel.entry(online_name(&o.3)).or_default() += o.1;
            }
            let mut channels: Vec<(&'static str, u64)> = by_channel.into_iter().collect();
            channels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let names: Vec<&str> = channels.iter().map(|c| c.0).collect();
            let messages_only = recent.iter().all(|o| {
                !matches!(
                    o.3,
                    Channel::LinkedinEndorsement | Channel::LinkedinRecommendation
                )
            });
            let noun = match (s.recent, messages_only) {
                (1, true) => "message",
                (_, true) => "messages",
                (1, false) => "interaction",
                (_, false) => "interactions",
            };
            let mut line = format!(
                "{} {noun} since {} on {}",
                s.recent,
                month(first, day),
                names.join(" and ")
            );
            if s.recent_theirs == s.recent {
                line.push_str(", all from them");
            } else if s.recent_theirs == 0 {
                line.push_str(", all from you");
            }
            parts.push(line);
        } else if let Some(last) = s.last_online {
            parts.push(format!("last message in {}", month_year(last)));
        }
        match directs.last() {
            None => parts.push("never a call".to_owned()),
            Some((d, channel)) => parts.push(format!(
                "last {} in {}",
                direct_name(channel).0,
                month_year(*d)
            )),
        }
    }
    if let Some(group) = &cadence.group {
        let over = s.days_without_direct - cadence.days;
        if over > 0 {
            parts.push(format!(
                "{over} days past the {group} group's {}",
                cadence.days
            ));
        }
    }
    parts.join(", ")
}

/// `weekly meetings`, when the last direct contacts (four or more, each
/// within 45 days of the one before) came at a regular pace: weekly
/// (median gap up to 10 days), fortnightly (up to 20) or monthly.
fn regular(directs: &[&(Date, Channel)]) -> Option<String> {
    let mut days: Vec<Date> = directs.iter().map(|d| d.0).collect();
    days.dedup();
    let mut start = days.len().checked_sub(1)?;
    while start > 0 && days_between(days[start - 1], days[start]) <= 45 {
        start -= 1;
    }
    let run = &days[start..];
    if run.len() < 4 {
        return None;
    }
    let mut gaps: Vec<i64> = run.windows(2).map(|w| days_between(w[0], w[1])).collect();
    gaps.sort_unstable();
    let median = gaps[gaps.len() / 2];
    let pace = match median {
        0..=10 => "weekly",
        11..=20 => "fortnightly",
        _ => "monthly",
    };
    // The kind most of the run's contacts were.
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for d in directs.iter().filter(|d| d.0 >= run[0]) {
        *kinds.entry(direct_name(&d.1).1).or_default() += 1;
    }
    let kind = kinds
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?
        .0;
    Some(format!("{pace} {kind}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn every_week_of_an_iso_year_replays_from_one_monday() {
        use jiff::civil::date;
        for monday in [date(2026, 11, 23), date(2026, 1, 5), date(2026, 12, 28)] {
            assert_eq!(replay_from(monday), date(2024, 12, 30), "{monday}");
        }
        // 2027's first ISO week begins on 2027-01-04.
        assert_eq!(replay_from(date(2027, 1, 4)), date(2025, 12, 29));
    }

    #[test]
    fn weeks_are_iso_and_decided_the_sunday_before() {
        let thu = date(2026, 11, 26);
        assert_eq!(week_name(thu), "2026-W48");
        assert_eq!(monday_of(thu), date(2026, 11, 23));
        assert_eq!(decided_on(thu), date(2026, 11, 22));
        assert_eq!(decided_on(date(2026, 11, 29)), date(2026, 11, 22));
        assert_eq!(decided_on(date(2026, 11, 23)), date(2026, 11, 22));
        assert_eq!(week_name(date(2027, 1, 1)), "2026-W53");
    }

    #[test]
    fn a_weekly_run_of_meetings_is_named() {
        let m = |d: Date| (d, Channel::Meeting);
        let list: Vec<(Date, Channel)> = (0..6)
            .map(|i| m(date(2026, 3, 2).checked_add((7 * i).days()).unwrap()))
            .collect();
        let refs: Vec<&(Date, Channel)> = list.iter().collect();
        assert_eq!(regular(&refs).as_deref(), Some("weekly meetings"));
        assert_eq!(regular(&refs[..3]), None);
    }
}
