//! Work spread over the cores there are, results kept in input order.

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
}
