# offgrid's everyday commands. `just` lists them.

alias t := test

# list the recipes
default:
    @just --list

# rank the demo cast (fixtures/demo) as of a fixed day
[group('run')]
demo *ARGS:
    cargo run --quiet -- report fixtures/demo --as-of 2026-11-26 {{ARGS}}

# every test: unit tests beside the parsers, then the binary end to end
[group('check')]
test *ARGS:
    cargo test --workspace {{ARGS}}

# the terminal test on the 3M-message scale set, in a release build
[group('check')]
test-scale:
    OFFGRID_TEST_SCALE_MESSAGES=3000000 cargo test --release --test integration -- terminal::progress_shows_on_a_large_export

# format check and clippy with warnings denied
[group('check')]
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# API docs with private items, warnings denied
[group('check')]
doc:
    RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --document-private-items

# leftover debug macros, TODO and FIXME
[group('check')]
forbid:
    ! grep -rnE 'dbg!|todo!|unimplemented!|TODO|FIXME|XXX' src tests

# exactly what CI runs
[group('check')]
ci:
    bash .ci/run

# labelled synthetic exports, e.g. `just synth --people 300 --out target/s1`
[group('dev')]
synth *ARGS:
    cargo run --quiet -p xtask -- synth {{ARGS}}

# score identity resolution on a synthetic set, e.g. `just evaluate target/s1`
[group('dev')]
evaluate DIR:
    cargo run --quiet -p xtask -- evaluate {{DIR}}

# criterion benches per stage, then report vs the floor at 3M and 6M messages
[group('perf')]
bench:
    cargo bench --bench pipeline
    benches/e2e.sh

# only the end-to-end comparison, e.g. `just bench-e2e 300000`
[group('perf')]
bench-e2e *SIZES:
    OFFGRID_BENCH_SIZES="{{SIZES}}" benches/e2e.sh
