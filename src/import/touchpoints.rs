//! touchpoints (placeholder until the importer lands).
use super::{Context, Entry, ImportError, Importer};
use crate::model::{Sink, SourceKind};

pub struct Touchpoints;

impl Importer for Touchpoints {
    fn kind(&self) -> SourceKind {
        SourceKind::Touchpoints
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
