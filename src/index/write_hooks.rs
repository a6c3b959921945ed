//! A seam for tests: functions called as soon as each file the indexer
//! writes in the index folder has its name, with its path, so that a test
//! can see what others would see of it then. None is set outside tests.
use std::path::Path;

pub use crate::index::path_hooks::Installed;
use crate::index::path_hooks::PathHooks;

static HOOKS: PathHooks = PathHooks::new();

/// Calls `hook` as each index file gets its name, until the guard is dropped.
pub fn install(hook: impl Fn(&Path) + Send + Sync + 'static) -> Installed {
    HOOKS.install(hook)
}

pub(crate) fn after_create(path: &Path) {
    HOOKS.call(path);
}
