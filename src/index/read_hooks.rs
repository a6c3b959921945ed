//! A seam for tests: functions called after each corpus file an update
//! reads, with its path, so that a test can count the reads of a file or
//! change it between them. None is set outside tests.
use std::path::Path;

pub use crate::index::path_hooks::Installed;
use crate::index::path_hooks::PathHooks;

static HOOKS: PathHooks = PathHooks::new();

/// Calls `hook` after each file read, until the guard is dropped.
pub fn install(hook: impl Fn(&Path) + Send + Sync + 'static) -> Installed {
    HOOKS.install(hook)
}

pub(crate) fn after_read(path: &Path) {
    HOOKS.call(path);
}
