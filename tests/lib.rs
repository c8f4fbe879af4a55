//! Integration tests: the real `offgrid` binary, run in scratch directories.
//! One test crate, so polars is linked once.

mod util;

mod config;
mod contacts;
mod corpus;
mod determinism;
mod docs;
mod formats;
mod help;
mod html;
mod identity;
mod inputs;
mod log;
mod mail;
mod malformed;
mod outputs;
mod people;
mod readme;
mod report;
mod scheduled;
mod sources;
mod suggest;
mod terminal;
mod whatsapp;
