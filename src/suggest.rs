//! "Did you mean …?" for misspelt keys and rule names.

/// The candidate closest to `word`, when it is close enough to be a plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word_lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| *c != word && *distance <= (c.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["pushRepo", "pushRepoPrefix", "registryEndpoint"];
        assert_eq!(closest("pushRepoPerfix", keys), Some("pushRepoPrefix"));
        assert_eq!(closest("registryEndPoint", keys), Some("registryEndpoint"));
        assert_eq!(closest("somethingElse", keys), None);
    }
}
