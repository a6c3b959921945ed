//! Seams for tests: functions called with a path at a point of the
//! indexer's work (a file read, an index file named), so that a test can
//! see or change what others would see then. None is set outside tests.
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

type Hook = Arc<dyn Fn(&Path) + Send + Sync>;

/// The functions installed at one point of the work.
pub struct PathHooks {
    hooks: Mutex<Vec<(u64, Hook)>>,
    next: AtomicU64,
}

/// Removes its hook when dropped.
pub struct Installed {
    hooks: &'static PathHooks,
    id: u64,
}

impl Drop for Installed {
    fn drop(&mut self) {
        let mut hooks = self
            .hooks
            .hooks
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        hooks.retain(|(id, _)| *id != self.id);
    }
}

impl PathHooks {
    pub(crate) const fn new() -> Self {
        PathHooks {
            hooks: Mutex::new(Vec::new()),
            next: AtomicU64::new(0),
        }
    }

    /// Calls `hook` at this point of the work until the guard is dropped.
    pub(crate) fn install(
        &'static self,
        hook: impl Fn(&Path) + Send + Sync + 'static,
    ) -> Installed {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let mut hooks = self.hooks.lock().unwrap_or_else(PoisonError::into_inner);
        hooks.push((id, Arc::new(hook)));
        Installed { hooks: self, id }
    }

    /// Calls every hook installed, with `path`.
    pub(crate) fn call(&self, path: &Path) {
        let hooks: Vec<Hook> = {
            let hooks = self.hooks.lock().unwrap_or_else(PoisonError::into_inner);
            if hooks.is_empty() {
                return;
            }
            hooks.iter().map(|(_, hook)| Arc::clone(hook)).collect()
        };
        for hook in hooks {
            hook(path);
        }
    }
}
