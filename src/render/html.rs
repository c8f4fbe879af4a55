//! The HTML report: one self-contained page, for a browser or an email.
//!
//! Everything is inline: the CSS, the charts (SVG drawn here, on the
//! server side) and a small script that makes the table sortable (click a
//! header) and filterable (a search box). A Content-Security-Policy allows
//! nothing but the inline style and script, so the page never touches the
//! network. Every piece of input text goes through [`escape`]; the script
//! reads the table from the DOM and never builds markup from strings, so a
//! name such as `<script>alert(1)</script>` shows as text.
//!
//! The layout holds from a phone to a desktop, in light and dark colour
//! schemes: the table scrolls sideways in its own box when the window is
//! narrower than it (the page never does), names and dates stay on one
//! line, and every colour has a dark-scheme value.
//!
//! Opened with `#selftest` (`latest.html#selftest`), the script clicks the
//! name header twice and writes what it saw into `<pre id="selftest">`,
//! which the headless-browser tests read (tests/reports.rs; tests/html.rs
//! measures the layout at 400 and 1280 px, light and dark).

use std::fmt::Write as _;
use std::io::{self, Write};

use jiff::civil::Date;

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

/// Writes the page.
///
/// # Errors
///
/// When writing fails.
pub fn write(rows: &[ReportRow], meta: &Meta, out: &mut dyn Write) -> io::Result<()> {
    let mut h = String::with_capacity(16 * 1024 + rows.len() * 600);
    page(&mut h, rows, meta).map_err(io::Error::other)?;
    out.write_all(h.as_bytes())
}

fn page(h: &mut String, rows: &[ReportRow], meta: &Meta) -> std::fmt::Result {
    let title = format!("offgrid report, {}", meta.as_of);
    writeln!(h, "<!DOCTYPE html>")?;
    writeln!(h, "<html lang=\"en\">")?;
    writeln!(h, "<head>")?;
    writeln!(h, "<meta charset=\"utf-8\">")?;
    writeln!(
        h,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
    )?;
    writeln!(
        h,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(h, "<meta name=\"generator\" content=\"{GENERATED_BY}\">")?;
    writeln!(h, "<title>{}</title>", escape(&title))?;
    writeln!(h, "<style>{STYLE}</style>")?;
    writeln!(h, "</head>")?;
    writeln!(h, "<body>")?;
    writeln!(h, "<header>")?;
    writeln!(h, "<h1>{}</h1>", escape(&title))?;
    let never = rows.iter().filter(|r| r.status == Status::Never).count();
    let lapsed = rows.iter().filter(|r| r.status == Status::Lapsed).count();
    writeln!(
        h,
        "<p class=\"run\">{} of {} people: {} never met off the grid, {} lapsed. Dates in {}, phone region {}, lapsed after {} days, at least {} online interaction{}; {}.</p>",
        rows.len(),
        meta.people,
        never,
        lapsed,
        escape(&meta.tz),
        escape(&meta.region),
        meta.stale_after,
        meta.min_interactions,
        if meta.min_interactions == 1 { "" } else { "s" },
        GENERATED_BY
    )?;
    writeln!(h, "</header>")?;

    let warnings = meta.freshness_warnings();
    if !warnings.is_empty() {
        writeln!(h, "<section class=\"warnings\" id=\"freshness\">")?;
        writeln!(h, "<h2>Freshness</h2>")?;
        writeln!(h, "<ul>")?;
        for w in &warnings {
            writeln!(h, "<li>{}</li>", escape(w))?;
        }
        writeln!(h, "</ul>")?;
        writeln!(h, "</section>")?;
    }

    if let Some(c) = &meta.changes {
        writeln!(h, "<section id=\"changes\">")?;
        writeln!(
            h,
            "<h2>Changes since {} <small>({})</small></h2>",
            escape(&c.previous),
            escape(&c.previous_file)
        )?;
        writeln!(h, "<dl>")?;
        for (title, people) in c.groups() {
            writeln!(h, "<dt>{title} ({})</dt>", people.len())?;
            if people.is_empty() {
                writeln!(h, "<dd class=\"none\">none</dd>")?;
            }
            for p in people {
                writeln!(
                    h,
                    "<dd>{} <code>{}</code></dd>",
                    escape(&p.name),
                    escape(&p.person_id)
                )?;
            }
        }
        writeln!(h, "</dl>")?;
        writeln!(h, "</section>")?;
    }

    writeln!(h, "<section id=\"charts\">")?;
    writeln!(h, "<figure>")?;
    writeln!(
        h,
        "<figcaption>How long relationships have waited: days without direct contact, by status</figcaption>"
    )?;
    chart(h, rows)?;
    writeln!(h, "</figure>")?;
    writeln!(h, "<figure>")?;
    writeln!(
        h,
        "<figcaption>What the exports cover: first to last dated evidence per source</figcaption>"
    )?;
    timeline(h, meta)?;
    writeln!(h, "</figure>")?;
    writeln!(h, "</section>")?;

    writeln!(h, "<section id=\"people\">")?;
    writeln!(h, "<h2 id=\"people-title\">People</h2>")?;
    if rows.is_empty() {
        writeln!(
            h,
            "<p>Nobody is waiting for a call: no online-only or lapsed relationships found.</p>"
        )?;
    }
    writeln!(
        h,
        "<p><label>Filter <input id=\"filter\" type=\"search\" placeholder=\"name, company, source…\" autocomplete=\"off\"></label> <span id=\"count\">{} shown</span></p>",
        rows.len()
    )?;
    table(h, rows)?;
    writeln!(h, "</section>")?;
    writeln!(h, "<pre id=\"selftest\" hidden></pre>")?;
    writeln!(h, "<script>{SCRIPT}</script>")?;
    writeln!(h, "</body>")?;
    writeln!(h, "</html>")
}

/// The ranked table; `data-sort` holds the value the script sorts by.
fn table(h: &mut String, rows: &[ReportRow]) -> std::fmt::Result {
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
    writeln!(
        h,
        "<div class=\"scroll\" role=\"region\" aria-labelledby=\"people-title\" tabindex=\"0\">"
    )?;
    writeln!(h, "<table id=\"report\">")?;
    write!(h, "<thead><tr>")?;
    for (title, kind) in HEADS {
        write!(
            h,
            "<th data-type=\"{kind}\" aria-sort=\"none\"><button type=\"button\">{title}</button></th>"
        )?;
    }
    writeln!(h, "</tr></thead>")?;
    writeln!(h, "<tbody>")?;
    for r in rows {
        let reach = r
            .emails
            .first()
            .or(r.phones.first())
            .or(r.linkedin_url.as_ref())
            .map_or("", |s| s.trim_start_matches("https://www."));
        writeln!(
            h,
            "<tr class=\"{status}\"><td>{}</td><td class=\"name\">{}</td><td><span class=\"badge {status}\">{status}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.rank,
            escape(&r.name),
            r.days_without_direct,
            date_cell(r.last_direct),
            r.first_seen,
            date_cell(r.last_online),
            r.online_interactions,
            r.direct_contacts,
            escape(&r.sources.join(", ")),
            escape(reach),
            escape(r.company.as_deref().unwrap_or("")),
            escape(r.position.as_deref().unwrap_or("")),
            status = r.status.as_str(),
        )?;
    }
    writeln!(h, "</tbody>")?;
    writeln!(h, "</table>")?;
    writeln!(h, "</div>")
}

/// Stacked bars: how many people fall in each bucket of days without
/// direct contact, split by status.
fn chart(h: &mut String, rows: &[ReportRow]) -> std::fmt::Result {
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
    writeln!(
        h,
        "<svg id=\"chart\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"days without direct contact by status\">"
    )?;
    // Legend.
    for (i, s) in STATUSES.iter().enumerate() {
        let x = left + 110.0 * i as f64;
        writeln!(
            h,
            "<rect class=\"{st}\" x=\"{x}\" y=\"6\" width=\"12\" height=\"12\"/><text x=\"{tx}\" y=\"16\">{st}</text>",
            st = s.as_str(),
            tx = x + 16.0
        )?;
    }
    // Axis and grid: 0, half, top.
    for frac in [0.0, 0.5, 1.0] {
        let y = topm + plot_h * (1.0 - frac);
        let label = (top as f64 * frac).round() as usize;
        writeln!(
            h,
            "<line class=\"grid\" x1=\"{left}\" x2=\"{x2}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"axis\" x=\"{lx}\" y=\"{ty:.1}\" text-anchor=\"end\">{label}</text>",
            x2 = width - 10.0,
            lx = left - 6.0,
            ty = y + 4.0
        )?;
    }
    for (b, (_, label)) in BUCKETS.iter().enumerate() {
        let x = left + slot * b as f64 + (slot - bar_w) / 2.0;
        let mut y = topm + plot_h;
        for (s, status) in STATUSES.iter().enumerate() {
            let n = counts[b][s];
            if n == 0 {
                continue;
            }
            let bar_h = plot_h * n as f64 / top as f64;
            y -= bar_h;
            writeln!(
                h,
                "<rect class=\"{st}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar_w:.1}\" height=\"{bar_h:.1}\"><title>{label}: {n} {st}</title></rect>",
                st = status.as_str()
            )?;
        }
        let total: usize = counts[b].iter().sum();
        if total > 0 {
            writeln!(
                h,
                "<text class=\"total\" x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{total}</text>",
                cx = x + bar_w / 2.0,
                ty = y - 4.0
            )?;
        }
        writeln!(
            h,
            "<text class=\"axis\" x=\"{cx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\">{label}</text>",
            cx = x + bar_w / 2.0,
            ly = height - bottom + 18.0
        )?;
    }
    writeln!(h, "</svg>")
}

/// One bar per source kind from its first to its last dated evidence, on a
/// time axis that ends at as_of; stale sources are marked.
fn timeline(h: &mut String, meta: &Meta) -> std::fmt::Result {
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
    writeln!(
        h,
        "<svg id=\"timeline\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height:.0}\" role=\"img\" aria-label=\"coverage per source\">"
    )?;
    let axis_y = height - 24.0;
    // Year ticks (at most about ten).
    let first_year = jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(start as i64))
        .map_or(1970, |d| d.year());
    let years = (meta.as_of.year() - first_year).max(1);
    let step = (years / 10 + 1).max(1);
    let mut year = first_year + 1;
    while year <= meta.as_of.year() {
        let tx = x(day(jiff::civil::date(year, 1, 1)));
        writeln!(
            h,
            "<line class=\"grid\" x1=\"{tx:.1}\" x2=\"{tx:.1}\" y1=\"{topm}\" y2=\"{axis_y:.1}\"/><text class=\"axis\" x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{year}</text>",
            ty = axis_y + 16.0
        )?;
        year += step;
    }
    for (i, c) in meta.sources.iter().enumerate() {
        let y = topm + row_h * i as f64;
        writeln!(
            h,
            "<text class=\"axis\" x=\"{lx}\" y=\"{ty:.1}\" text-anchor=\"end\">{}</text>",
            escape(&c.kind),
            lx = left - 8.0,
            ty = y + row_h / 2.0 + 4.0
        )?;
        match (c.first, c.last) {
            (Some(first), Some(last)) => {
                let x1 = x(day(first));
                let w = (x(day(last)) - x1).max(2.0);
                let class = if c.stale_by(meta.as_of, meta.source_max_age).is_some() {
                    "span stale"
                } else {
                    "span"
                };
                writeln!(
                    h,
                    "<rect class=\"{class}\" x=\"{x1:.1}\" y=\"{ry:.1}\" width=\"{w:.1}\" height=\"{rh:.1}\"><title>{}: {first} to {last}, {}</title></rect>",
                    escape(&c.kind),
                    entries(c.entries),
                    ry = y + 5.0,
                    rh = row_h - 10.0
                )?;
            }
            _ => writeln!(
                h,
                "<text class=\"axis\" x=\"{left}\" y=\"{ty:.1}\">no dated evidence ({})</text>",
                entries(c.entries),
                ty = y + row_h / 2.0 + 4.0
            )?,
        }
    }
    let ax = x(end);
    writeln!(
        h,
        "<line class=\"asof\" x1=\"{ax:.1}\" x2=\"{ax:.1}\" y1=\"{topm}\" y2=\"{axis_y:.1}\"><title>as of {}</title></line>",
        meta.as_of
    )?;
    writeln!(h, "</svg>")
}

/// `1 entry`, `2 entries`.
fn entries(n: usize) -> String {
    if n == 1 {
        "1 entry".to_owned()
    } else {
        format!("{n} entries")
    }
}

/// Escapes text for HTML content and attribute values; control characters
/// become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
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
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("a\"b'c&d\u{1b}[2J"), "a&quot;b&#39;c&amp;d [2J");
    }
}
