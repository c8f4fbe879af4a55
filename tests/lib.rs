//! Integration tests (one crate).
