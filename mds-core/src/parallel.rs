//! Work spread over the cores there are, results kept in input order; and a [`Gate`] that
//! lets work wait for a step it would otherwise compete with for a core.

use std::sync::PoisonError;

/// A signal between threads: shut until [`Gate::open`], then open for good. A step that other
/// work waits on opens it when it is done, so that work beside it that is not needed yet waits
/// for a free core rather than slowing that step down (the shared strings of a workbook, which
/// its sheets wait for: [`crate::xlsx::read_workbook_with`]).
///
/// ```
/// use mds_core::parallel::Gate;
/// let gate = Gate::new();
/// std::thread::scope(|s| {
///     let waiting = s.spawn(|| { gate.wait(); gate.is_open() });
///     gate.open();
///     assert!(waiting.join().unwrap());
/// });
/// ```
#[derive(Debug, Default)]
pub struct Gate {
    open: std::sync::Mutex<bool>,
    opened: std::sync::Condvar,
}

impl Gate {
    /// A shut gate.
    pub fn new() -> Gate {
        Gate::default()
    }

    /// Opens the gate; those waiting go on. Opening an open gate does nothing.
    pub fn open(&self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        *open = true;
        self.opened.notify_all();
    }

    /// Waits until the gate is open.
    pub fn wait(&self) {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let _open = self
            .opened
            .wait_while(open, |open| !*open)
            .unwrap_or_else(PoisonError::into_inner);
    }

    /// Whether the gate is open.
    pub fn is_open(&self) -> bool {
        *self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `f`, then the gate opened, however `f` ends (a panic too): nothing waits for ever.
    pub fn open_after<R>(&self, f: impl FnOnce() -> R) -> R {
        let _opens = OpensOnDrop(self);
        f()
    }
}

/// Opens its gate when dropped: on every way out of a step.
struct OpensOnDrop<'g>(&'g Gate);

impl Drop for OpensOnDrop<'_> {
    fn drop(&mut self) {
        self.0.open();
    }
}

/// `f` of every item (with its index), in input order, on up to `max_threads` threads (no more
/// than the machine's cores), each given at least `min_per_thread` items; on the calling thread
/// alone when there is not enough for two. Err with the panic of a thread that stopped.
pub(crate) fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    min_per_thread: usize,
    max_threads: usize,
    f: impl Fn(usize, &T) -> R + Sync,
) -> std::thread::Result<Vec<R>> {
    let mut none = vec![(); items.len()];
    zip_in_order(items, &mut none, min_per_thread, max_threads, |i, x, ()| {
        f(i, x)
    })
}

/// [`map_in_order`] with a slot beside each item that `f` may change in place: what a result
/// would otherwise be moved into is written where it stays. Items and slots are paired as far
/// as both go.
pub(crate) fn zip_in_order<T: Sync, S: Send, R: Send>(
    items: &[T],
    slots: &mut [S],
    min_per_thread: usize,
    max_threads: usize,
    f: impl Fn(usize, &T, &mut S) -> R + Sync,
) -> std::thread::Result<Vec<R>> {
    let n = items.len().min(slots.len());
    let (items, slots) = (&items[..n], &mut slots[..n]);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores
        .min(max_threads)
        .min(items.len() / min_per_thread.max(1));
    if threads < 2 {
        return Ok(items
            .iter()
            .zip(slots)
            .enumerate()
            .map(|(i, (x, s))| f(i, x, s))
            .collect());
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let mut parts = items.chunks(chunk).zip(slots.chunks_mut(chunk)).enumerate();
        let first = parts.next();
        let handles: Vec<_> = parts
            .map(|(k, (part, slots))| {
                scope.spawn(move || {
                    part.iter()
                        .zip(slots)
                        .enumerate()
                        .map(|(i, (x, s))| f(k * chunk + i, x, s))
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        // The first part is done here, straight into the result: one thread fewer to start,
        // and memory this thread has freed is used again.
        let mut all = Vec::with_capacity(items.len());
        let mine = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Some((_, (part, slots))) = first {
                all.extend(
                    part.iter()
                        .zip(slots)
                        .enumerate()
                        .map(|(i, (x, s))| f(i, x, s)),
                );
            }
        }));
        let mut stopped = mine.err();
        for h in handles {
            match h.join() {
                Ok(part) => all.extend(part),
                Err(e) => stopped = stopped.or(Some(e)),
            }
        }
        match stopped {
            Some(e) => Err(e),
            None => Ok(all),
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<usize> = (0..10_000).collect();
        for (min, max) in [(1, 8), (100, 2), (20_000, 8), (1, 1)] {
            let out = super::map_in_order(&items, min, max, |i, x| (i, x * 2)).unwrap_or_default();
            assert_eq!(out.len(), items.len());
            assert!(
                out.iter()
                    .enumerate()
                    .all(|(k, (i, x))| k == *i && *x == 2 * k)
            );
        }
        assert!(super::map_in_order(&[] as &[u8], 1, 8, |_, x| *x).is_ok_and(|v| v.is_empty()));
    }

    #[test]
    fn slots_are_changed_in_place_beside_their_items() {
        let items: Vec<usize> = (0..10_000).collect();
        for (min, max) in [(1, 8), (100, 2), (20_000, 8), (1, 1)] {
            let mut slots = vec![0usize; items.len()];
            let out = super::zip_in_order(&items, &mut slots, min, max, |i, x, s| {
                *s = x * 3;
                i
            })
            .unwrap_or_default();
            assert!(out.iter().enumerate().all(|(k, i)| k == *i));
            assert!(slots.iter().enumerate().all(|(k, s)| *s == 3 * k));
        }
    }

    #[test]
    fn a_stopped_part_is_an_error_wherever_it_ran() {
        if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
            return;
        }
        let items: Vec<usize> = (0..100).collect();
        // The first part runs on the calling thread, the last on another.
        for bad in [0, 99] {
            let out = super::map_in_order(&items, 10, 2, |i, x| {
                assert!(i != bad, "stopped");
                *x
            });
            assert!(out.is_err(), "{bad}");
        }
    }

    #[test]
    fn a_gate_opens_however_its_step_ends() {
        let gate = super::Gate::new();
        assert!(!gate.is_open());
        let stopped = std::panic::catch_unwind(|| gate.open_after(|| panic!("stopped")));
        assert!(stopped.is_err() && gate.is_open());
        // The workbook readers open theirs on success, on failure and for every format.
        let limits = crate::xlsx::Limits::default();
        for bytes in [
            &b"PK\x03\x04 not a zip"[..],
            &b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"[..],
            "項番,回答\n1,はい\n".as_bytes(),
            &b""[..],
        ] {
            let gate = super::Gate::new();
            let _ = crate::xlsx::read_workbook_with(bytes, &limits, crate::Lang::Ja, &gate);
            assert!(gate.is_open(), "{bytes:?}");
            gate.wait();
        }
    }
}
