//! LinkedIn data export (placeholder until the importer lands).
use super::{Context, Entry, ImportError, Importer};
use crate::model::{Sink, SourceKind};

pub struct Linkedin;

impl Importer for Linkedin {
    fn kind(&self) -> SourceKind {
        SourceKind::Linkedin
    }
    fn detect(&self, _path: &str, _head: &[u8]) -> bool {
        false
    }
    fn import(
        &self,
        _entry: &mut Entry<'_>,
        _ctx: &Context,
        _sink: &mut Sink,
    ) -> Result<(), ImportError> {
        Ok(())
    }
}
