//! vCard (placeholder until the importer lands).
use super::{Context, Entry, ImportError, Importer};
use crate::model::{Sink, SourceKind};

pub struct Vcard;

impl Importer for Vcard {
    fn kind(&self) -> SourceKind {
        SourceKind::Vcard
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
