//! offgrid: rank online-only relationships by how long they have gone
//! without direct contact.
//!
//! This library exists for the `offgrid` binary, its tests and benchmarks;
//! it is not a stable API. The modules are the pipeline, in order
//! (discover → import → resolve → analyze → render, with `model` as the
//! shared vocabulary); blank lines keep rustfmt from sorting them.

// Shared vocabulary: records, events, normalized identifiers.
pub mod model;

// The configuration file: inputs, owner, channel policy.
pub mod config;

// How errors are worded where offgrid words them itself.
pub mod error;

// Command-line definitions (clap types only).
pub mod cli;

// One file per subcommand.
pub mod commands;

// Expand inputs (files, folders, zips) into entries and pick an importer.
pub mod discover;

// Bounds on what one entry may hold (size, ratio, line length).
pub mod limits;

// One importer per source kind.
pub mod import;

// Link records into people; find the owner.
pub mod resolve;

// Per-person aggregates with polars; filter and rank.
pub mod analyze;

// One renderer per output format; atomic writes.
pub mod render;
