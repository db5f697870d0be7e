//! Character positions to byte offsets.

/// saphyr-parser counts positions in characters; spans are in bytes. Pure-ASCII text (nearly
/// every values file) maps one to one; otherwise a checkpoint every 64 characters bounds the
/// walk.
pub struct CharOffsets<'a> {
    text: &'a str,
    checkpoints: Option<Vec<usize>>,
}

const CHECKPOINT_EVERY: usize = 64;

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        let checkpoints = (!text.is_ascii()).then(|| {
            text.char_indices()
                .step_by(CHECKPOINT_EVERY)
                .map(|(byte, _)| byte)
                .collect()
        });
        CharOffsets { text, checkpoints }
    }

    pub fn byte(&self, char_index: usize) -> usize {
        let Some(checkpoints) = &self.checkpoints else {
            return char_index.min(self.text.len());
        };
        let k = (char_index / CHECKPOINT_EVERY).min(checkpoints.len().saturating_sub(1));
        let from = checkpoints.get(k).copied().unwrap_or(0);
        let rest = char_index - k * CHECKPOINT_EVERY;
        self.text[from..]
            .char_indices()
            .nth(rest)
            .map_or(self.text.len(), |(i, _)| from + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_indexes_become_byte_offsets() {
        let ascii = CharOffsets::new("abc");
        assert_eq!((ascii.byte(2), ascii.byte(9)), (2, 3));
        let text = format!("{}é{}ü", "a".repeat(70), "b".repeat(70));
        let offsets = CharOffsets::new(&text);
        assert_eq!(offsets.byte(70), 70);
        assert_eq!(offsets.byte(71), 72, "after é, two bytes");
        assert_eq!(&text[offsets.byte(141)..], "ü");
        assert_eq!(offsets.byte(142), text.len());
        assert_eq!(offsets.byte(500), text.len());
    }
}
