//! Bounds on what one input can cost (SPEC §8) that more than one reader shares.

/// How many findings of one rule a file gets before the rest are summed up in one: a generated
/// file with a million duplicate keys must not cost a million reports.
pub const MAX_FINDINGS_PER_RULE: usize = 100;

/// Counts findings per kind (a rule) against [`MAX_FINDINGS_PER_RULE`], so that a reader can
/// stop building findings of a kind once enough are kept and only count the rest.
#[derive(Debug)]
pub struct FindingsCap<K> {
    /// Kind → (findings admitted so far, findings refused).
    counts: Vec<(K, usize, usize)>,
}

impl<K> Default for FindingsCap<K> {
    fn default() -> Self {
        FindingsCap { counts: Vec::new() }
    }
}

impl<K: PartialEq + Copy> FindingsCap<K> {
    /// Whether one more finding of `kind` is kept; past the cap it is only counted.
    pub fn admit(&mut self, kind: K) -> bool {
        let entry = match self.counts.iter().position(|(k, _, _)| *k == kind) {
            Some(i) => &mut self.counts[i],
            None => {
                self.counts.push((kind, 0, 0));
                self.counts.last_mut().expect("just pushed")
            }
        };
        if entry.1 < MAX_FINDINGS_PER_RULE {
            entry.1 += 1;
            true
        } else {
            entry.2 += 1;
            false
        }
    }

    /// How many findings of `kind` were refused.
    pub fn omitted(&self, kind: K) -> usize {
        self.counts
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map_or(0, |&(_, _, omitted)| omitted)
    }
}

/// Keeps the first [`MAX_FINDINGS_PER_RULE`] of `items` of each kind, in order, and returns
/// for each kind with more the first item left out and how many were left out.
pub fn cap<T, K: PartialEq + Copy>(items: &mut Vec<T>, kind: impl Fn(&T) -> K) -> Vec<(T, usize)> {
    let mut cap = FindingsCap::default();
    let mut omitted: Vec<(T, usize)> = Vec::new();
    let mut kept = Vec::with_capacity(items.len().min(MAX_FINDINGS_PER_RULE));
    for item in items.drain(..) {
        let k = kind(&item);
        if cap.admit(k) {
            kept.push(item);
        } else if let Some((_, n)) = omitted.iter_mut().find(|(first, _)| kind(first) == k) {
            *n += 1;
        } else {
            omitted.push((item, 1));
        }
    }
    *items = kept;
    omitted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_keeps_its_first_hundred_and_counts_the_rest() {
        let mut items: Vec<(char, usize)> = (0..250).map(|i| ('a', i)).collect();
        items.extend((0..3).map(|i| ('b', i)));
        let omitted = cap(&mut items, |(k, _)| *k);
        assert_eq!(items.len(), 103);
        assert_eq!(items[99], ('a', 99));
        assert_eq!(items[100], ('b', 0));
        assert_eq!(omitted, vec![(('a', 100), 150)]);
        let mut counter = FindingsCap::default();
        assert!((0..100).all(|_| counter.admit(1)));
        assert!(!counter.admit(1) && !counter.admit(1) && counter.admit(2));
        assert_eq!((counter.omitted(1), counter.omitted(2)), (2, 0));
    }
}
