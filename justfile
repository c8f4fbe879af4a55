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
    cargo test {{ARGS}}

# format check and clippy with warnings denied
[group('check')]
lint:
    cargo fmt --all -- --check
    cargo clippy --all-targets -- -D warnings

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

# criterion benches per stage, then report vs the floor at 3M and 6M messages
[group('perf')]
bench:
    cargo bench --bench pipeline
    benches/e2e.sh

# only the end-to-end comparison, e.g. `just bench-e2e 300000`
[group('perf')]
bench-e2e *SIZES:
    OFFGRID_BENCH_SIZES="{{SIZES}}" benches/e2e.sh
