//! One small sort shared by the modules the browser build carries (the JSON reader's duplicate
//! key check, the renderer's draw order). Each `sort_by` with its own closure compiles to its
//! own copy of the standard library's sorts (2-6 KB of wasm each); this is one stable merge
//! sort of indices behind a `dyn` comparison, compiled once.

use std::cmp::Ordering;

/// The indices `0..len`, ordered by `cmp` on the elements they stand for. Stable: indices of
/// equal elements keep their order. O(n log n) comparisons.
pub fn sorted_indices(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..len).collect();
    let mut to = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = start.saturating_add(width).min(len);
            let end = start.saturating_add(width.saturating_mul(2)).min(len);
            let (mut i, mut j) = (start, mid);
            for slot in &mut to[start..end] {
                // Take from the left run unless the right one's head is strictly smaller.
                let left = j >= end || (i < mid && cmp(from[j], from[i]) != Ordering::Less);
                if left {
                    *slot = from[i];
                    i += 1;
                } else {
                    *slot = from[j];
                    j += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        width = width.saturating_mul(2);
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so the cases are the same every run.
    fn numbers(seed: u64, n: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % modulo
            })
            .collect()
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        for (seed, n, modulo) in [
            (1, 0, 5),
            (2, 1, 5),
            (3, 2, 5),
            (4, 7, 3),
            (5, 100, 10),
            (6, 1000, 1000),
            (7, 1025, 4),
            (8, 4096, 1 << 40),
        ] {
            let v = numbers(seed, n, modulo);
            let ours = sorted_indices(v.len(), &|a, b| v[a].cmp(&v[b]));
            let mut std_order: Vec<usize> = (0..v.len()).collect();
            std_order.sort_by_key(|&i| v[i]);
            assert_eq!(ours, std_order, "seed {seed}, n {n}");
        }
    }

    #[test]
    fn keeps_equal_elements_in_order_and_sorts_descending_input() {
        let keys = [2, 1, 2, 1, 0, 2];
        assert_eq!(
            sorted_indices(keys.len(), &|a, b| keys[a].cmp(&keys[b])),
            [4, 1, 3, 0, 2, 5]
        );
        let desc: Vec<u32> = (0..33).rev().collect();
        let order = sorted_indices(desc.len(), &|a, b| desc[a].cmp(&desc[b]));
        assert_eq!(order, (0..33).rev().collect::<Vec<_>>());
    }
}
