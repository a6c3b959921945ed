//! A seam for tests: functions called after each corpus file an update
//! reads, with its path, so that a test can count the reads of a file or
//! change it between them. None is set outside tests.
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

/// Calls `hook` after each file read, until the guard is dropped.
pub fn install(hook: impl Fn(&Path) + Send + Sync + 'static) -> Installed {
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut hooks = HOOKS.lock().unwrap_or_else(PoisonError::into_inner);
    hooks.push((id, Arc::new(hook)));
    Installed(id)
}

pub(crate) fn after_read(path: &Path) {
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
