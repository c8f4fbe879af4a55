//! offgrid's development tools, kept out of the shipped binary: the seeded
//! generator of labelled synthetic exports (identity scoring, the scale
//! sets the benchmarks read) and the benchmark's floor. The `xtask` binary
//! runs them (`cargo run -p xtask -- --help`); the tests and benches call
//! them as a library.

/// Labelled synthetic exports, and the scoring of identity resolution
/// against their labels.
pub mod synth;
