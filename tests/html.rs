//! The HTML report in headless Chromium: its own self-test, and its layout
//! at a phone's width (400 px) and a laptop's (1280 px), in light and dark
//! colour schemes.
//!
//! Headless Chromium will not make a window narrower than 500 px, so the
//! demo report is loaded into an iframe of the width under test, inside a
//! harness page ([`HARNESS`]) that measures it through `contentDocument`
//! (`--allow-file-access-from-files` lets one local file read another) and
//! writes what it measured into the harness's own DOM, which `--dump-dom`
//! prints. The iframe is opened with `#selftest`, so the page's own
//! self-test runs in every layout too. Screenshots of each layout go to
//! `target/html-report/layout-<width>-<scheme>.png`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{chromium, fixtures, stderr, Dir};

/// Loads `SRC` (the demo page) into an iframe of `WIDTH` px and, once it
/// has loaded, writes one `key: value` line per layout fact into `#facts`.
const HARNESS: &str = r##"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>layout harness</title>
<style>html,body{margin:0;background:#808080}iframe{border:0;display:block}</style></head>
<body>
<iframe id="page" src="SRC" width="WIDTH" height="HEIGHT"></iframe>
<pre id="facts" hidden></pre>
<script>
document.getElementById('page').addEventListener('load', function () {
  'use strict';
  var w = this.contentWindow, d = this.contentDocument, facts = [];
  function style(el, pseudo) { return w.getComputedStyle(el, pseudo || null); }
  // rgb(a) from a computed colour: [r, g, b, alpha].
  function rgba(s) {
    var m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(s || '');
    return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
  }
  // WCAG 2 relative luminance and contrast ratio.
  function luminance(c) {
    function lin(v) { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  }
  function contrast(a, b) {
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  // The first opaque background from el outwards; white if none (the
  // canvas of a page that declares no colour scheme).
  function background(el) {
    for (; el; el = el.parentElement) {
      var c = rgba(style(el).backgroundColor);
      if (c && c[3] > 0) { return c; }
    }
    return [255, 255, 255, 1];
  }
  function ink(el) {
    return rgba(el instanceof w.SVGElement ? style(el).fill : style(el).color);
  }
  function describe(el) {
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.getAttribute('class') ? '.' + el.getAttribute('class').trim().split(/\s+/).join('.') : '');
  }
  function visible(el) { return el.getClientRects().length > 0 && style(el).visibility !== 'hidden'; }
  function round(x) { return Math.round(x * 100) / 100; }

  facts.push('viewport: ' + w.innerWidth);
  facts.push('dark: ' + w.matchMedia('(prefers-color-scheme: dark)').matches);
  facts.push('page-overflow: ' + Math.max(0, d.documentElement.scrollWidth - w.innerWidth));

  // The nearest ancestor of the table that scrolls sideways.
  var table = d.getElementById('report'), scroller = null;
  for (var el = table.parentElement; el && el !== d.body; el = el.parentElement) {
    var ox = style(el).overflowX;
    if (ox === 'auto' || ox === 'scroll') { scroller = el; break; }
  }
  facts.push('table-scroller: ' + (scroller ? describe(scroller) : 'none'));
  facts.push('table-scrolls: ' + (scroller ? scroller.scrollWidth > scroller.clientWidth : 'no scroller'));
  facts.push('table-width: ' + Math.round(table.getBoundingClientRect().width) +
    ' in ' + Math.round((scroller || table.parentElement).clientWidth));

  // Name cells laid out on more than one line.
  var wrapped = [];
  Array.prototype.forEach.call(d.querySelectorAll('#report td.name'), function (td) {
    var range = d.createRange(), tops = {};
    range.selectNodeContents(td);
    Array.prototype.forEach.call(range.getClientRects(), function (r) { tops[Math.round(r.top)] = true; });
    if (Object.keys(tops).length > 1) { wrapped.push(td.textContent); }
  });
  facts.push('names-wrapped: ' + wrapped.length + (wrapped.length ? ' (' + wrapped.slice(0, 3).join(', ') + ')' : ''));

  // The chart legend's words against the page behind the chart.
  var legend = Array.prototype.filter.call(d.querySelectorAll('#chart text'), function (t) {
    return /^(never|lapsed|recent)$/.test(t.textContent);
  });
  var legendMin = Infinity;
  legend.forEach(function (t) { legendMin = Math.min(legendMin, contrast(ink(t), background(d.getElementById('chart')))); });
  facts.push('legend-contrast: ' + (legend.length ? round(legendMin) : 'no legend'));

  // The filter box: its background, and its text and placeholder on it.
  var filter = d.getElementById('filter'), filterBg = background(filter);
  facts.push('filter-background-luminance: ' + round(luminance(filterBg)));
  facts.push('filter-contrast: ' + round(Math.min(
    contrast(ink(filter), filterBg),
    contrast(rgba(style(filter, '::placeholder').color), filterBg))));

  // Every visible piece of text against what is behind it, and every
  // painted surface's lightness: the offenders, grouped.
  var low = {}, light = {};
  Array.prototype.forEach.call(d.querySelectorAll('body *'), function (el) {
    if (!visible(el) || /^(SCRIPT|STYLE|title)$/.test(el.tagName)) { return; }
    var bg = rgba(style(el).backgroundColor);
    if (bg && bg[3] > 0 && luminance(bg) > 0.3) { light[describe(el)] = true; }
    var text = Array.prototype.some.call(el.childNodes, function (n) {
      return n.nodeType === 3 && n.textContent.trim() !== '';
    });
    var c = ink(el);
    if (!text || !c) { return; }
    var back = el instanceof w.SVGElement ? background(el.ownerSVGElement) : background(el);
    var ratio = contrast(c, back);
    if (ratio < 4.5) {
      var key = describe(el) + ' ' + round(ratio);
      low[key] = (low[key] || 0) + 1;
    }
  });
  var lows = Object.keys(low).map(function (k) { return k + ' x' + low[k]; });
  facts.push('low-contrast: ' + (lows.length ? lows.join(', ') : 'none'));
  facts.push('light-surfaces: ' + (Object.keys(light).join(', ') || 'none'));
  facts.push('selftest: ' + d.getElementById('selftest').textContent.split('\n').join(' | '));
  document.getElementById('facts').textContent = facts.join('\n');
});
</script>
</body>
</html>
"##;

/// The page's own self-test, as in `html_report_works_in_headless_chromium`.
const SELFTEST: &str = "sorted-ascending: Ada Lovelace | sorted-descending: Yusuf Demir | sorted-rank: Ingrid Solberg | filter-never: 21 of 32 | chart-bars: 7 | timeline-spans: 7";

/// Height of the iframe and window: the whole demo page at either width.
const HEIGHT: u32 = 2400;

/// Runs Chromium on `url` with a fresh profile, the window `width` px wide
/// (at least 500, Chromium's minimum), in `dark` or light colour scheme.
/// `--force-dark-mode` is what a dark desktop does; the Blink setting pins
/// `prefers-color-scheme` either way, whatever the machine's theme.
fn browse(chromium: &Path, dir: &Dir, width: u32, dark: bool, mode: &str, url: &str) -> Output {
    let profile = dir.path().join(format!(
        "chromium-{width}-{dark}-{}",
        mode.trim_start_matches('-').split('=').next().unwrap()
    ));
    let mut cmd = std::process::Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
        "--allow-file-access-from-files",
    ])
    .arg(format!("--window-size={},{HEIGHT}", width.max(500)))
    .arg(format!("--user-data-dir={}", profile.display()));
    if dark {
        cmd.args([
            "--force-dark-mode",
            "--blink-settings=preferredColorScheme=0",
        ]);
    } else {
        cmd.arg("--blink-settings=preferredColorScheme=1");
    }
    cmd.arg(mode)
        .arg(url)
        .env("HOME", dir.path())
        .output()
        .expect("run chromium")
}

/// The `key: value` lines the harness wrote into `#facts`.
fn facts(dom: &str) -> BTreeMap<String, String> {
    let at = dom
        .find("<pre id=\"facts\"")
        .expect("the harness measured the page");
    let start = at + dom[at..].find('>').unwrap() + 1;
    let end = start + dom[start..].find("</pre>").unwrap();
    dom[start..end]
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| {
            let v = v
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            (k.to_owned(), v)
        })
        .collect()
}

fn number(facts: &BTreeMap<String, String>, key: &str) -> f64 {
    facts[key]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN)
}

/// The demo report at 400 and 1280 px, light and dark: the page never
/// scrolls sideways, the table scrolls inside its own container (at 400 px;
/// at 1280 px it fits), no name wraps, the chart legend, the filter box and
/// every other text contrast with what is behind them (WCAG AA, 4.5:1), and
/// in dark mode nothing paints a light surface.
#[test]
fn html_report_layout_at_phone_and_laptop_widths_light_and_dark() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = Dir::new();
    let (_, artifacts) = demo_page(&dir);

    let mut failures = Vec::new();
    for width in [400, 1280] {
        for dark in [false, true] {
            let scheme = if dark { "dark" } else { "light" };
            let layout = format!("{width} px {scheme}");
            // The self-test's clicks and its `#selftest` fragment stay out
            // of the screenshot: that loads the page as a reader opens it.
            let harness = |name: &str, src: &str| -> String {
                let path = dir.path().join(format!("{name}-{width}.html"));
                let text = HARNESS
                    .replace("SRC", src)
                    .replace("WIDTH", &width.to_string())
                    .replace("HEIGHT", &HEIGHT.to_string());
                std::fs::write(&path, text).unwrap();
                format!("file://{}", path.display())
            };
            let url = harness("measure", "demo.html#selftest");

            let dom = browse(&chromium, &dir, width, dark, "--dump-dom", &url);
            let log = String::from_utf8_lossy(&dom.stderr).into_owned();
            assert_eq!(dom.status.code(), Some(0), "{layout}: {log}");
            let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
            assert!(
                console.is_empty(),
                "{layout}: console messages: {console:?}"
            );
            let f = facts(&String::from_utf8_lossy(&dom.stdout));
            println!("{layout}: {f:#?}");
            let mut check = |ok: bool, what: &str| {
                if !ok {
                    failures.push(format!("{layout}: {what}"));
                }
            };

            check(f["viewport"] == width.to_string(), "viewport width");
            check(f["dark"] == dark.to_string(), "colour scheme");
            check(f["selftest"] == SELFTEST, "self-test");
            check(
                f["page-overflow"] == "0",
                &format!("page wider than the window by {} px", f["page-overflow"]),
            );
            check(
                f["table-scroller"] != "none",
                "no container around the table scrolls sideways",
            );
            // A phone scrolls the table; a laptop shows all of it.
            check(
                f["table-scrolls"] == (width < 1000).to_string(),
                &format!(
                    "table scrolls: {} (table {})",
                    f["table-scrolls"], f["table-width"]
                ),
            );
            check(
                f["names-wrapped"] == "0",
                &format!("names wrap: {}", f["names-wrapped"]),
            );
            check(
                number(&f, "legend-contrast") >= 4.5,
                &format!("legend contrast {}", f["legend-contrast"]),
            );
            check(
                number(&f, "filter-contrast") >= 4.5,
                &format!("filter box contrast {}", f["filter-contrast"]),
            );
            if dark {
                check(
                    number(&f, "filter-background-luminance") < 0.1,
                    &format!(
                        "filter box background luminance {}",
                        f["filter-background-luminance"]
                    ),
                );
                check(
                    f["light-surfaces"] == "none",
                    &format!("light surfaces: {}", f["light-surfaces"]),
                );
            }
            check(
                f["low-contrast"] == "none",
                &format!("low contrast text: {}", f["low-contrast"]),
            );

            let shot = artifacts.join(format!("layout-{width}-{scheme}.png"));
            let _ = std::fs::remove_file(&shot);
            let png = browse(
                &chromium,
                &dir,
                width,
                dark,
                &format!("--screenshot={}", shot.display()),
                &harness("look", "demo.html"),
            );
            assert_eq!(png.status.code(), Some(0), "{}", stderr(&png));
            let bytes = std::fs::read(&shot).expect("a screenshot");
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
            println!("screenshot: {}", shot.display());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The HTML report of the demo in headless Chromium: it loads with no
/// console message, a click on the name header sorts the table, the chart
/// is drawn. Skips (saying so) without Chromium unless CI is set.
#[test]
fn html_report_works_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = Dir::new();
    let (page, artifacts) = demo_page(&dir);
    std::fs::copy(&page, artifacts.join("demo.html")).unwrap();
    let url = format!("file://{}", page.display());
    // The desktop size in the light scheme, through the same runner as the
    // layout checks.
    let browse = |mode: &str, url: &str| browse(&chromium, &dir, 1280, false, mode, url);
    let dom = browse("--dump-dom", &format!("{url}#selftest"));
    let log = String::from_utf8_lossy(&dom.stderr).into_owned();
    let text = String::from_utf8_lossy(&dom.stdout).into_owned();
    assert_eq!(dom.status.code(), Some(0), "{log}");
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    let start = text
        .find("<pre id=\"selftest\">")
        .expect("the self-test ran")
        + 19;
    let end = start + text[start..].find("</pre>").unwrap();
    assert_eq!(
        &text[start..end],
        "sorted-ascending: Ada Lovelace\n\
         sorted-descending: Yusuf Demir\n\
         sorted-rank: Ingrid Solberg\n\
         filter-never: 21 of 32\n\
         chart-bars: 7\n\
         timeline-spans: 7"
    );
    let shot = artifacts.join("demo.png");
    let _ = std::fs::remove_file(&shot);
    let png = browse(&format!("--screenshot={}", shot.display()), &url);
    assert_eq!(
        png.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&png.stderr)
    );
    let bytes = std::fs::read(&shot).expect("a screenshot");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    println!("screenshot: {}", shot.display());
}

/// The demo's HTML report written into `dir`, and the folder its copies and
/// screenshots are kept in for reading after the run.
fn demo_page(dir: &Dir) -> (PathBuf, PathBuf) {
    let page = dir.path().join("demo.html");
    let out = dir.report(
        &[&fixtures().join("demo")],
        &["--format", "html", "-o", page.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/html-report");
    std::fs::create_dir_all(&artifacts).unwrap();
    (page, artifacts)
}
