//! A seam for tests: functions called as soon as each file the indexer
//! writes in the index folder has its name, with its path, so that a test
//! can see what others would see of it then. None is set outside tests.
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

type Hook = Arc<dyn Fn(&Path) + Send + Sync>;

static HOOKS: Mutex<Vec<(u64, Hook)>> = Mutex::new(Vec::new());
static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Removes its hook when dropped.
pub struct Installed(u64);

impl Drop for Installed {
    fn drop(&mut self) {
        let mut hooks = HOOKS.lock().unwrap_or_else(PoisonError::into_inner);
        hooks.retain(|(id, _)| *id != self.0);
    }
}

/// Calls `hook` as each index file gets its name, until the guard is dropped.
pub fn install(hook: impl Fn(&Path) + Send + Sync + 'static) -> Installed {
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut hooks = HOOKS.lock().unwrap_or_else(PoisonError::into_inner);
    hooks.push((id, Arc::new(hook)));
    Installed(id)
}

pub(crate) fn after_create(path: &Path) {
    let hooks: Vec<Hook> = {
        let hooks = HOOKS.lock().unwrap_or_else(PoisonError::into_inner);
        if hooks.is_empty() {
            return;
        }
        hooks.iter().map(|(_, hook)| Arc::clone(hook)).collect()
    };
    for hook in hooks {
        hook(path);
    }
}
