//! The threads a search runs on: the caller's and one helper per other core.
//!
//! A search reads its segments side by side, then makes its hits' snippets
//! side by side, each step a millisecond or two. tantivy's executor is a
//! rayon pool, and on a two-core virtual machine its sleeping worker
//! often missed the job handed over (in a test of pairs of 1 ms jobs, 1–3
//! ms apart, 10–50% of second jobs started a millisecond late, after the
//! other thread had done both): a search then ran on one core. Here the caller
//! takes jobs itself rather than waiting, and wakes each helper by name
//! (`unpark`, about 20 µs); a helper that has just finished a job spins for
//! a moment before it sleeps, so the next step of the same search starts at
//! once.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::error::Result;

/// How long a helper looks for more work after a job before it sleeps.
const SPIN: Duration = Duration::from_micros(500);

type Job = Box<dyn FnOnce() + Send>;

struct Shared {
    jobs: Mutex<VecDeque<Job>>,
    stop: AtomicBool,
}

impl Shared {
    /// The queue, even if a job panicked while another thread held it (the
    /// queue itself is never left half-changed).
    fn jobs(&self) -> MutexGuard<'_, VecDeque<Job>> {
        self.jobs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn next_job(&self) -> Option<Job> {
        self.jobs().pop_front()
    }
}

/// The caller's thread and `threads - 1` helpers.
pub(crate) struct SearchPool {
    shared: Arc<Shared>,
    helpers: Vec<JoinHandle<()>>,
}

impl SearchPool {
    /// A pool of `threads` threads in all, the caller's included.
    pub(crate) fn new(threads: usize) -> Self {
        let shared = Arc::new(Shared {
            jobs: Mutex::new(VecDeque::new()),
            stop: AtomicBool::new(false),
        });
        let helpers = (1..threads)
            .filter_map(|n| {
                let shared = shared.clone();
                thread::Builder::new()
                    .name(format!("bulletin-search-{n}"))
                    .spawn(move || helper(&shared))
                    .ok()
            })
            .collect();
        SearchPool { shared, helpers }
    }

    /// `work` applied to each of `items`, side by side, the results in the
    /// order of the items. The caller works too, so a pool whose helpers
    /// are all busy (or gone) still finishes.
    pub(crate) fn map<T, R, F>(&self, items: Vec<T>, work: F) -> Result<Vec<R>>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        let count = items.len();
        if count <= 1 || self.helpers.is_empty() {
            return Ok(items.into_iter().map(work).collect());
        }
        let work = Arc::new(work);
        let (sender, receiver) = mpsc::channel();
        {
            let mut jobs = self.shared.jobs();
            for (at, item) in items.into_iter().enumerate() {
                let work = work.clone();
                let sender = sender.clone();
                jobs.push_back(Box::new(move || {
                    let result = catch_unwind(AssertUnwindSafe(|| work(item)));
                    // The caller has gone only if it panicked itself.
                    let _ = sender.send((at, result));
                }));
            }
        }
        drop(sender);
        for helper in &self.helpers {
            helper.thread().unpark();
        }
        while let Some(job) = self.shared.next_job() {
            job();
        }
        let mut results: Vec<Option<R>> = (0..count).map(|_| None).collect();
        for (at, result) in receiver {
            match result {
                Ok(value) => results[at] = Some(value),
                // A job's panic (a damaged index file read out of bounds)
                // goes on in the caller, as if the caller had run the job:
                // the command or the server's request handler tells it as
                // such (see `fault`), not as a lost thread.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        results
            .into_iter()
            .map(|r| r.ok_or_else(|| internal("a search job was lost")))
            .collect()
    }
}

impl Drop for SearchPool {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
        for helper in &self.helpers {
            helper.thread().unpark();
        }
        for helper in self.helpers.drain(..) {
            let _ = helper.join();
        }
    }
}

fn internal(reason: &str) -> crate::error::Error {
    tantivy::TantivyError::InternalError(reason.to_string()).into()
}

/// A helper's life: jobs while there are any, a short spin, then sleep
/// until woken.
fn helper(shared: &Shared) {
    let mut idle_since = Instant::now();
    let mut spins: u32 = 0;
    loop {
        if let Some(job) = shared.next_job() {
            job();
            idle_since = Instant::now();
            continue;
        }
        if shared.stop.load(Ordering::Acquire) {
            return;
        }
        // The clock is read once every 64 turns of the spin.
        spins = spins.wrapping_add(1);
        if !spins.is_multiple_of(64) || idle_since.elapsed() < SPIN {
            std::hint::spin_loop();
        } else {
            thread::park();
            idle_since = Instant::now();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_in_order_on_several_threads_and_passes_a_panic_on() {
        let pool = SearchPool::new(3);
        let items: Vec<u64> = (0..50).collect();
        let threads = Arc::new(Mutex::new(std::collections::HashSet::new()));
        let seen = threads.clone();
        let squares = pool
            .map(items, move |n| {
                if let Ok(mut seen) = seen.lock() {
                    seen.insert(thread::current().id());
                }
                // Long enough that the helpers wake and take a share.
                thread::sleep(Duration::from_millis(2));
                n * n
            })
            .expect("map");
        assert_eq!(squares, (0..50).map(|n| n * n).collect::<Vec<u64>>());
        assert!(threads.lock().expect("lock").len() > 1);
        // A job's panic goes on in the caller, with its own message, for
        // the command or request handler to tell.
        let failed = catch_unwind(AssertUnwindSafe(|| {
            pool.map(vec![1, 2, 3], |n: u32| {
                assert!(n != 2, "a failing job");
                n
            })
        }));
        let payload = failed.expect_err("the panic reaches the caller");
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()));
        assert_eq!(message.as_deref(), Some("a failing job"));
        // The pool still works after a job failed.
        assert_eq!(pool.map(vec![1, 2], |n: u32| n + 1).expect("map"), [2, 3]);
    }
}
