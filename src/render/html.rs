//! The HTML report: one self-contained page, for a browser or an email.
//!
//! Everything is inline: the CSS, the charts (SVG drawn here, on the
//! server side) and a small script that makes the table sortable (click a
//! header) and filterable (a search box). A Content-Security-Policy allows
//! nothing but the inline style and script, so the page never touches the
//! network. The page is a [`maud`] template, which escapes every value put
//! into it; only the page's own CSS and script go in as they are
//! ([`PreEscaped`]). Input text goes in as `Text`, which also turns
//! control characters into spaces. The script reads the table from the DOM
//! and never builds markup from strings, so a name such as
//! `<script>alert(1)</script>` shows as text.
//!
//! The layout holds from a phone to a desktop, in light and dark colour
//! schemes: the table scrolls sideways in its own box when the window is
//! narrower than it (the page never does), names and dates stay on one
//! line, and every colour has a dark-scheme value.
//!
//! The template writes a line break after each block and each table row,
//! so the page's source reads one element or row a line.
//!
//! Opened with `#selftest` (`latest.html#selftest`), the script clicks the
//! name header twice and writes what it saw into `<pre id="selftest">`,
//! which the headless-browser tests read (tests/reports.rs; tests/html.rs
//! measures the layout at 400 and 1280 px, light and dark).

use std::io::{self, Write};

use jiff::civil::Date;
use maud::{html, Markup, PreEscaped, Render, DOCTYPE};

use super::{date_cell, Meta, GENERATED_BY};
use crate::analyze::{ReportRow, Status};

/// Buckets of days_without_direct for the chart: upper bounds (inclusive)
/// and labels.
const BUCKETS: [(i64, &str); 7] = [
    (30, "0–30 d"),
    (90, "31–90 d"),
    (180, "3–6 mo"),
    (365, "6–12 mo"),
    (730, "1–2 y"),
    (1826, "2–5 y"),
    (i64::MAX, "5 y +"),
];

const STATUSES: [Status; 3] = [Status::Never, Status::Lapsed, Status::Recent];

/// The Content-Security-Policy: the inline style and script, nothing else.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/// Text from the inputs, as the page shows it: escaped by maud like every
/// value, with control characters (a terminal escape in a name) as spaces.
struct Text<'a>(&'a str);

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        if self.0.chars().any(char::is_control) {
            let clean: String = self
                .0
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            clean.render_to(buffer);
        } else {
            self.0.render_to(buffer);
        }
    }
}

/// An SVG coordinate with one decimal (`136.9`).
struct Coord(f64);

impl Render for Coord {
    fn render_to(&self, buffer: &mut String) {
        format!("{:.1}", self.0).render_to(buffer);
    }
}

/// A number as Rust prints it (`40`, `92.5`): the chart's fixed positions.
struct Num(f64);

impl Render for Num {
    fn render_to(&self, buffer: &mut String) {
        self.0.to_string().render_to(buffer);
    }
}

/// Writes the page.
///
/// # Errors
///
/// When writing fails.
pub fn write(rows: &[ReportRow], meta: &Meta, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(page(rows, meta).into_string().as_bytes())
}

fn page(rows: &[ReportRow], meta: &Meta) -> Markup {
    let title = format!("offgrid report, {}", meta.as_of);
    let never = rows.iter().filter(|r| r.status == Status::Never).count();
    let lapsed = rows.iter().filter(|r| r.status == Status::Lapsed).count();
    let run = format!(
        "{} of {} people: {} never met off the grid, {} lapsed. Dates in {}, phone region {}, lapsed after {}, at least {} online interaction{}; {}.",
        rows.len(),
        meta.people,
        never,
        lapsed,
        meta.tz,
        meta.region,
        super::days(meta.stale_after),
        meta.min_interactions,
        if meta.min_interactions == 1 { "" } else { "s" },
        GENERATED_BY
    );
    let warnings = meta.freshness_warnings();
    html! {
        (DOCTYPE) "\n"
        html lang="en" {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta http-equiv="Content-Security-Policy" content=(CSP); "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                meta name="generator" content=(GENERATED_BY); "\n"
                title { (title) } "\n"
                style { (PreEscaped(STYLE)) } "\n"
            } "\n"
            body {
                "\n"
                header {
                    "\n"
                    h1 { (title) } "\n"
                    p class="run" { (Text(&run)) } "\n"
                } "\n"
                @if !warnings.is_empty() {
                    section class="warnings" id="freshness" {
                        "\n"
                        h2 { "Freshness" } "\n"
                        ul {
                            "\n"
                            @for w in &warnings {
                                li { (Text(w)) } "\n"
                            }
                        } "\n"
                    } "\n"
                }
                @if let Some(c) = &meta.changes {
                    section id="changes" {
                        "\n"
                        h2 {
                            "Changes since " (Text(&c.previous)) " "
                            small { "(" (Text(&c.previous_file)) ")" }
                        } "\n"
                        dl {
                            "\n"
                            @for (group, people) in c.groups() {
                                dt { (group) " (" (people.len()) ")" } "\n"
                                @if people.is_empty() {
                                    dd class="none" { "none" } "\n"
                                }
                                @for p in people {
                                    dd { (Text(&p.name)) " " code { (Text(&p.person_id)) } } "\n"
                                }
                            }
                        } "\n"
                    } "\n"
                }
                section id="charts" {
                    "\n"
                    figure {
                        "\n"
                        figcaption { "How long relationships have waited: days without direct contact, by status" } "\n"
                        (chart(rows))
                    } "\n"
                    figure {
                        "\n"
                        figcaption { "What the exports cover: first to last dated evidence per source" } "\n"
                        (timeline(meta))
                    } "\n"
                } "\n"
                section id="people" {
                    "\n"
                    h2 id="people-title" { "People" } "\n"
                    @if rows.is_empty() {
                        p { "Nobody is waiting for a call: no online-only or lapsed relationships found." } "\n"
                    }
                    p {
                        label {
                            "Filter "
                            input id="filter" type="search" placeholder="name, company, source…" autocomplete="off";
                        }
                        " "
                        span id="count" { (rows.len()) " shown" }
                    } "\n"
                    (table(rows))
                } "\n"
                pre id="selftest" hidden {} "\n"
                script { (PreEscaped(SCRIPT)) } "\n"
            } "\n"
        } "\n"
    }
}

/// The ranked table; each header's `data-type` tells the script how to
/// sort its column.
fn table(rows: &[ReportRow]) -> Markup {
    const HEADS: [(&str, &str); 13] = [
        ("#", "num"),
        ("Name", "text"),
        ("Status", "text"),
        ("Days", "num"),
        ("Last direct", "text"),
        ("First seen", "text"),
        ("Last online", "text"),
        ("Online", "num"),
        ("Direct", "num"),
        ("Sources", "text"),
        ("Reach", "text"),
        ("Company", "text"),
        ("Position", "text"),
    ];
    // The table keeps its columns readable and scrolls sideways in its own
    // box on a narrow screen; the page itself never does. Focusable, so the
    // keyboard can scroll it too.
    html! {
        div class="scroll" role="region" aria-labelledby="people-title" tabindex="0" {
            "\n"
            table id="report" {
                "\n"
                thead {
                    tr {
                        @for (title, kind) in HEADS {
                            th data-type=(kind) aria-sort="none" { button type="button" { (title) } }
                        }
                    }
                } "\n"
                tbody {
                    "\n"
                    @for r in rows {
                        (row(r)) "\n"
                    }
                } "\n"
            } "\n"
        } "\n"
    }
}

fn row(r: &ReportRow) -> Markup {
    let status = r.status.as_str();
    let reach = r
        .emails
        .first()
        .or(r.phones.first())
        .or(r.linkedin_url.as_ref())
        .map_or("", |s| s.trim_start_matches("https://www."));
    html! {
        tr class=(status) {
            td { (r.rank) }
            td class="name" { (Text(&r.name)) }
            td { span class={ "badge " (status) } { (status) } }
            td { (r.days_without_direct) }
            td { (date_cell(r.last_direct)) }
            td { (r.first_seen.to_string()) }
            td { (date_cell(r.last_online)) }
            td { (r.online_interactions) }
            td { (r.direct_contacts) }
            td { (Text(&r.sources.join(", "))) }
            td { (Text(reach)) }
            td { (Text(r.company.as_deref().unwrap_or(""))) }
            td { (Text(r.position.as_deref().unwrap_or(""))) }
        }
    }
}

/// Stacked bars: how many people fall in each bucket of days without
/// direct contact, split by status.
fn chart(rows: &[ReportRow]) -> Markup {
    let mut counts = [[0usize; 3]; BUCKETS.len()];
    for r in rows {
        let b = BUCKETS
            .iter()
            .position(|(max, _)| r.days_without_direct <= *max)
            .unwrap_or(BUCKETS.len() - 1);
        let s = STATUSES.iter().position(|s| *s == r.status).unwrap_or(0);
        counts[b][s] += 1;
    }
    let top = counts
        .iter()
        .map(|c| c.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let (width, height, left, bottom, topm) = (640.0, 260.0, 40.0, 40.0, 30.0);
    let plot_h = height - bottom - topm;
    let slot = (width - left - 10.0) / BUCKETS.len() as f64;
    let bar_w = slot * 0.7;
    html! {
        svg id="chart" class="chart" xmlns="http://www.w3.org/2000/svg"
            viewBox=(format!("0 0 {width} {height}")) role="img"
            aria-label="days without direct contact by status" {
            "\n"
            // Legend.
            @for (i, s) in STATUSES.iter().enumerate() {
                @let x = left + 110.0 * i as f64;
                rect class=(s.as_str()) x=(Num(x)) y="6" width="12" height="12" {}
                text x=(Num(x + 16.0)) y="16" { (s.as_str()) } "\n"
            }
            // Axis and grid: 0, half, top.
            @for frac in [0.0, 0.5, 1.0] {
                @let y = topm + plot_h * (1.0 - frac);
                line class="grid" x1=(Num(left)) x2=(Num(width - 10.0)) y1=(Coord(y)) y2=(Coord(y)) {}
                text class="axis" x=(Num(left - 6.0)) y=(Coord(y + 4.0)) text-anchor="end" {
                    ((top as f64 * frac).round() as usize)
                } "\n"
            }
            @for (b, (_, label)) in BUCKETS.iter().enumerate() {
                @let x = left + slot * b as f64 + (slot - bar_w) / 2.0;
                (bars(counts[b], label, x, bar_w, topm, plot_h, top))
                text class="axis" x=(Coord(x + bar_w / 2.0)) y=(Coord(height - bottom + 18.0))
                    text-anchor="middle" { (label) } "\n"
            }
        } "\n"
    }
}

/// One bucket's bars, stacked from the axis up, and its total above them.
fn bars(
    counts: [usize; 3],
    label: &str,
    x: f64,
    bar_w: f64,
    topm: f64,
    plot_h: f64,
    top: usize,
) -> Markup {
    let mut y = topm + plot_h;
    let mut stack = Vec::new();
    for (s, status) in STATUSES.iter().enumerate() {
        let n = counts[s];
        if n == 0 {
            continue;
        }
        let bar_h = plot_h * n as f64 / top as f64;
        y -= bar_h;
        stack.push((status.as_str(), n, y, bar_h));
    }
    let total: usize = counts.iter().sum();
    html! {
        @for (st, n, y, bar_h) in stack {
            rect class=(st) x=(Coord(x)) y=(Coord(y)) width=(Coord(bar_w)) height=(Coord(bar_h)) {
                title { (label) ": " (n) " " (st) }
            } "\n"
        }
        @if total > 0 {
            text class="total" x=(Coord(x + bar_w / 2.0)) y=(Coord(y - 4.0)) text-anchor="middle" {
                (total)
            } "\n"
        }
    }
}

/// One bar per source kind from its first to its last dated evidence, on a
/// time axis that ends at as_of; stale sources are marked.
fn timeline(meta: &Meta) -> Markup {
    let epoch = jiff::civil::date(1970, 1, 1);
    let day = |d: Date| f64::from(epoch.until(d).map_or(0, |s| s.get_days()));
    let end = day(meta.as_of);
    let start = meta
        .sources
        .iter()
        .filter_map(|c| c.first)
        .min()
        .map_or(end - 365.0, day)
        .min(end - 30.0);
    let (width, left, right, row_h, topm) = (640.0, 100.0, 20.0, 26.0, 10.0);
    let height = topm + row_h * meta.sources.len().max(1) as f64 + 30.0;
    let plot_w = width - left - right;
    let x = |d: f64| left + plot_w * (d - start) / (end - start);
    let axis_y = height - 24.0;
    // Year ticks (at most about ten).
    let first_year = jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(start as i64))
        .map_or(1970, |d| d.year());
    let years = (meta.as_of.year() - first_year).max(1);
    let step = (years / 10 + 1).max(1);
    let ticks: Vec<(i16, f64)> = std::iter::successors(Some(first_year + 1), |y| Some(y + step))
        .take_while(|y| *y <= meta.as_of.year())
        .map(|year| (year, x(day(jiff::civil::date(year, 1, 1)))))
        .collect();
    let ax = x(end);
    html! {
        svg id="timeline" class="chart" xmlns="http://www.w3.org/2000/svg"
            viewBox=(format!("0 0 {width} {height:.0}")) role="img" aria-label="coverage per source" {
            "\n"
            @for (year, tx) in ticks {
                line class="grid" x1=(Coord(tx)) x2=(Coord(tx)) y1=(Num(topm)) y2=(Coord(axis_y)) {}
                text class="axis" x=(Coord(tx)) y=(Coord(axis_y + 16.0)) text-anchor="middle" { (year) } "\n"
            }
            @for (i, c) in meta.sources.iter().enumerate() {
                @let y = topm + row_h * i as f64;
                text class="axis" x=(Num(left - 8.0)) y=(Coord(y + row_h / 2.0 + 4.0)) text-anchor="end" {
                    (Text(&c.kind))
                } "\n"
                @if let (Some(first), Some(last)) = (c.first, c.last) {
                    @let x1 = x(day(first));
                    @let stale = c.stale_by(meta.as_of, meta.source_max_age).is_some();
                    rect class=(if stale { "span stale" } else { "span" })
                        x=(Coord(x1)) y=(Coord(y + 5.0))
                        width=(Coord((x(day(last)) - x1).max(2.0))) height=(Coord(row_h - 10.0)) {
                        title {
                            (Text(&c.kind)) ": " (first.to_string()) " to " (last.to_string())
                            ", " (entries(c.entries))
                        }
                    } "\n"
                } @else {
                    text class="axis" x=(Num(left)) y=(Coord(y + row_h / 2.0 + 4.0)) {
                        "no dated evidence (" (entries(c.entries)) ")"
                    } "\n"
                }
            }
            line class="asof" x1=(Coord(ax)) x2=(Coord(ax)) y1=(Num(topm)) y2=(Coord(axis_y)) {
                title { "as of " (meta.as_of.to_string()) }
            } "\n"
        } "\n"
    }
}

/// `1 entry`, `2 entries`.
fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".to_owned()
    } else {
        format!("{n} entries")
    }
}

/// The page's CSS. Every colour is a variable with a dark-scheme value
/// (`color-scheme` makes the browser's own parts follow too); white on the
/// badges and every text on the page keep a 4.5:1 contrast. Table columns
/// 1 to 7 (rank to last online) and 11 (reach) never wrap; 12 (company)
/// may break anywhere, so one long unbroken value cannot widen the table.
/// Below 60rem the table takes its one-line width and scrolls in its box.
const STYLE: &str = r"
:root{color-scheme:light dark;--never:#b3261e;--lapsed:#a65c00;--recent:#2e7d32;--span:#4a6fa5;--fg:#1d1d1f;--muted:#6b6b70;--line:#e3e3e8;--bg:#fff;--field:#fff;--field-line:#8a8a90;--warn:#fff4e0}
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);background:var(--bg);margin:2rem auto;max-width:1320px;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:1.6rem 0 .5rem}
.run{color:var(--muted);margin:0}
.warnings{background:var(--warn);border-left:4px solid var(--lapsed);padding:.2rem 1rem}
#changes dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
#changes dt{font-weight:600;grid-column:1}#changes dd{grid-column:2;margin:0}#changes .none{color:var(--muted)}
#charts{display:flex;flex-wrap:wrap;gap:2rem}figure{margin:0;flex:1 1 480px;min-width:0}figcaption{font-weight:600;margin-bottom:.4rem}
svg.chart{width:100%;height:auto;font-size:11px}svg text{fill:var(--fg)}
svg .never{fill:var(--never)}svg .lapsed{fill:var(--lapsed)}svg .recent{fill:var(--recent)}
svg .grid{stroke:var(--line)}svg .axis{fill:var(--muted)}svg .total{font-weight:600}
svg .span{fill:var(--span)}svg .span.stale{fill:var(--lapsed)}svg .asof{stroke:var(--fg);stroke-dasharray:4 3}
.scroll{overflow-x:auto}.scroll:focus-visible{outline:2px solid var(--span)}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{text-align:left;padding:.3rem .35rem;border-bottom:1px solid var(--line);vertical-align:top}
td:nth-child(1),td:nth-child(4),td:nth-child(8),td:nth-child(9){text-align:right;font-variant-numeric:tabular-nums}
td:nth-child(-n+7),td:nth-child(11){white-space:nowrap}td:nth-child(12){min-width:6rem;overflow-wrap:anywhere}
th button{all:unset;cursor:pointer;font-weight:600}th button:focus-visible{outline:2px solid var(--span);outline-offset:2px}
th[aria-sort=ascending] button::after{content:' ▲'}th[aria-sort=descending] button::after{content:' ▼'}
.badge{border-radius:.6rem;padding:0 .45rem;color:#fff;font-size:.8rem}
.badge.never{background:var(--never)}.badge.lapsed{background:var(--lapsed)}.badge.recent{background:var(--recent)}
#filter{font:inherit;color:var(--fg);background:var(--field);border:1px solid var(--field-line);border-radius:.25rem;padding:.2rem .4rem;width:18rem;max-width:100%;box-sizing:border-box}
#filter::placeholder{color:var(--muted)}#count{color:var(--muted)}
@media (max-width:60rem){#report{width:max-content}svg.chart{font-size:16px}}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--muted:#a0a0a8;--line:#38383e;--bg:#161618;--field:#242428;--field-line:#6b6b72;--warn:#3a2a10}}
";

/// Sorting, filtering and the `#selftest` hook. It only reads and reorders
/// existing DOM nodes; the one string it writes uses `textContent`.
const SCRIPT: &str = r"
(function () {
  'use strict';
  var table = document.getElementById('report');
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var filter = document.getElementById('filter');
  var count = document.getElementById('count');
  var current = -1, dir = 1;
  function key(row, i, num) {
    var t = row.cells[i].textContent;
    if (num) { return t === '' ? -Infinity : parseFloat(t); }
    return t;
  }
  function sortBy(i) {
    var num = heads[i].getAttribute('data-type') === 'num';
    dir = (current === i) ? -dir : 1;
    current = i;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, i, num), y = key(b, i, num);
      var c = num ? (x < y ? -1 : x > y ? 1 : 0) : x.localeCompare(y, 'en', {sensitivity: 'base'});
      if (c === 0) { c = parseInt(a.cells[0].textContent, 10) - parseInt(b.cells[0].textContent, 10); return c; }
      return c * dir;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var j = 0; j < heads.length; j++) {
      heads[j].setAttribute('aria-sort', j === i ? (dir > 0 ? 'ascending' : 'descending') : 'none');
    }
  }
  for (var i = 0; i < heads.length; i++) {
    (function (i) {
      heads[i].querySelector('button').addEventListener('click', function () { sortBy(i); });
    })(i);
  }
  function applyFilter() {
    var q = filter.value.trim().toLowerCase(), shown = 0;
    Array.prototype.forEach.call(body.rows, function (r) {
      var hit = q === '' || r.textContent.toLowerCase().indexOf(q) >= 0;
      r.hidden = !hit;
      if (hit) { shown++; }
    });
    count.textContent = shown + ' shown';
  }
  filter.addEventListener('input', applyFilter);
  if (location.hash === '#selftest') {
    var out = [];
    var first = function () { return body.rows.length ? body.rows[0].cells[1].textContent : ''; };
    var visible = function () { return Array.prototype.filter.call(body.rows, function (r) { return !r.hidden; }).length; };
    heads[1].querySelector('button').click();
    out.push('sorted-ascending: ' + first());
    heads[1].querySelector('button').click();
    out.push('sorted-descending: ' + first());
    heads[0].querySelector('button').click();
    out.push('sorted-rank: ' + first());
    filter.value = 'never';
    applyFilter();
    out.push('filter-never: ' + visible() + ' of ' + body.rows.length);
    filter.value = '';
    applyFilter();
    var chart = document.getElementById('chart');
    out.push('chart-bars: ' + (chart ? chart.querySelectorAll('rect title').length : 0));
    out.push('timeline-spans: ' + document.querySelectorAll('#timeline rect.span').length);
    var pre = document.getElementById('selftest');
    pre.textContent = out.join('\n');
    pre.hidden = false;
  }
})();
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_inert() {
        let page = |s: &str| html! { td { (Text(s)) } }.into_string();
        assert_eq!(
            page("<script>alert(1)</script>"),
            "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"
        );
        assert_eq!(page("a\"b'c&d\u{1b}[2J"), "<td>a&quot;b'c&amp;d [2J</td>");
        let attribute = html! { p title=(Text("\" onclick=\"x")) {} }.into_string();
        assert_eq!(attribute, "<p title=\"&quot; onclick=&quot;x\"></p>");
    }
}
