//! Criterion benches, one per pipeline stage, on seeded data
//! (docs/performance.md). `just bench` runs them and then the end-to-end
//! comparison with the floor (`benches/e2e.sh`).
//!
//! - `floor` and `import`: the scale set of 2,000 people and 200,000
//!   messages (`xtask synth --messages`), inflated only, then imported
//!   as `report` imports it (messages folded whole where no other entry
//!   can hold them);
//! - `resolve/1m`: 1,000,000 records of 450,000 people as the importers
//!   make them (LinkedIn, address book, Facebook, call log), no events;
//! - `analyze` and `render/csv`: the scale set's events and rows.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use offgrid::analyze::{analyze, AnalyzeOptions};
use offgrid::config::DirectPolicy;
use offgrid::discover::{discover, inflate_only};
use offgrid::import::Context;
use offgrid::import::Fold;
use offgrid::model::{Email, LinkedinUrl, Location, Phone, Record, Region, SourceKind};
use offgrid::resolve::{resolve, resolve_with, ResolveOptions};

fn ctx() -> Context {
    Context {
        region: Region::default(),
        tz: jiff::tz::TimeZone::UTC,
        as_of: jiff::civil::date(2026, 11, 26),
        limits: offgrid::limits::Limits::default(),
        mail: offgrid::import::mail::Settings::default(),
    }
}

/// How `report` folds messages.
fn whole() -> Fold {
    Fold::Whole { as_of: ctx().as_of }
}

/// The scale set, written once into a temporary folder.
fn scale_set() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temporary folder");
    xtask::synth::generate_scale(2_000, 200_000, 1, dir.path()).expect("scale set written");
    let inputs = vec![dir.path().join("exports")];
    (dir, inputs)
}

fn stages(c: &mut Criterion) {
    let (_dir, inputs) = scale_set();
    let (_, bytes) = inflate_only(&inputs, &offgrid::limits::Limits::default());

    let mut g = c.benchmark_group("scale-200k");
    g.sample_size(10).throughput(Throughput::Bytes(bytes));
    g.bench_function("floor", |b| {
        b.iter(|| black_box(inflate_only(&inputs, &offgrid::limits::Limits::default())));
    });
    g.bench_function("import", |b| {
        b.iter(|| black_box(discover(&inputs, &ctx(), whole(), &|_| {})));
    });
    let imported = discover(&inputs, &ctx(), whole(), &|_| {});
    let sink = &imported.sink;
    g.bench_function("resolve", |b| {
        let opts = ResolveOptions {
            events: &sink.events,
            ..ResolveOptions::default()
        };
        b.iter(|| black_box(resolve_with(&sink.records, &opts)));
    });
    let opts = ResolveOptions {
        events: &sink.events,
        ..ResolveOptions::default()
    };
    let resolution = resolve_with(&sink.records, &opts);
    let analyze_opts = AnalyzeOptions {
        as_of: jiff::civil::date(2026, 11, 26),
        tz: jiff::tz::TimeZone::UTC,
        stale_after: 365,
        min_interactions: 1,
        all: true,
        direct: DirectPolicy::default(),
    };
    g.bench_function("analyze", |b| {
        b.iter(|| black_box(analyze(&sink.events, &resolution, &analyze_opts).expect("analysis")));
    });
    let rows = analyze(&sink.events, &resolution, &analyze_opts).expect("analysis");
    g.bench_function("render-csv", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            offgrid::render::csv::write(&rows, &mut out).expect("csv");
            black_box(out)
        });
    });
    g.finish();
}

const GIVEN: &[&str] = &[
    "Ada",
    "Ben",
    "Chloé",
    "Dmitri",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "José",
    "Kai",
    "Lena",
    "Marta",
    "Nils",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tomás",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoë",
    "Robert",
    "Elizabeth",
    "William",
    "Katherine",
];
const SYLLABLES: &[&str] = &[
    "ka", "ve", "lo", "mi", "ra", "ne", "to", "su", "bi", "da", "fe", "go", "hu", "ji", "ko", "lu",
    "ma", "no", "pe", "ri",
];

/// A family name of its own for person `i` (three or more syllables).
fn family(mut i: usize) -> String {
    let mut s = String::new();
    for _ in 0..3 {
        s.push_str(SYLLABLES[i % SYLLABLES.len()]);
        i /= SYLLABLES.len();
    }
    while i > 0 {
        s.push_str(SYLLABLES[i % SYLLABLES.len()]);
        i /= SYLLABLES.len();
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// About 2.2 records per person, as the importers make them: a LinkedIn
/// connection (name, profile), an address-book card (name, phone, email),
/// a Facebook friend (name only, sometimes a nickname), a call-log number.
fn million_records() -> Vec<Record> {
    let loc = |f: &str| Location::new(Arc::from(f), None);
    let region = Region::default();
    let mut records = Vec::with_capacity(1_000_000);
    let mut i = 0;
    while records.len() < 1_000_000 {
        let given = GIVEN[i % GIVEN.len()];
        let family = family(i);
        let name = format!("{given} {family}");
        let phone = Phone::parse(
            &format!("+1 555 {:03} {:04}", 200 + i / 10_000, i % 10_000),
            region,
        );
        let email = Email::parse(&format!("{}.{i}@example.com", family.to_lowercase()));
        if i % 10 < 7 {
            let mut r = Record::new(SourceKind::Linkedin, loc("Connections.csv"));
            r.add_name(&name);
            r.linkedin = LinkedinUrl::parse(&format!("https://www.linkedin.com/in/p{i}"));
            records.push(r);
        }
        if i % 10 < 6 {
            let mut r = Record::new(SourceKind::Vcard, loc("contacts.vcf"));
            r.add_name(&if i % 3 == 0 {
                name.to_uppercase()
            } else {
                name.clone()
            });
            r.phones.extend(phone.clone());
            r.emails.extend(email);
            records.push(r);
        }
        if i % 10 < 5 {
            let mut r = Record::new(SourceKind::Facebook, loc("your_friends.json"));
            r.add_name(&name);
            records.push(r);
        }
        if i % 10 < 4 {
            let mut r = Record::new(SourceKind::Calllog, loc("calls.xml"));
            r.phones.extend(phone);
            records.push(r);
        }
        i += 1;
    }
    records.truncate(1_000_000);
    records
}

fn resolve_million(c: &mut Criterion) {
    let records = million_records();
    let mut g = c.benchmark_group("resolve");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(60))
        .throughput(Throughput::Elements(records.len() as u64));
    g.bench_function("1m-records", |b| b.iter(|| black_box(resolve(&records))));
    g.finish();
}

criterion_group!(benches, stages, resolve_million);
criterion_main!(benches);
