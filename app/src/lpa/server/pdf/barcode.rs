//! The LPA's reference as a Code 39 barcode (the real service's symbology), encoded by
//! `barcoders` and drawn as bars.

/// The bars of `text` in Code 39, `(left, width)` each, starting at `left` with modules
/// `module` points wide. Empty if `text` cannot be encoded (Code 39 takes A–Z, 0–9 and a few
/// signs; an A-reference always can).
pub fn code39(text: &str, left: f32, module: f32) -> Vec<(f32, f32)> {
    let Ok(barcode) = barcoders::sym::code39::Code39::new(text) else {
        return Vec::new();
    };
    let modules = barcode.encode();
    let mut bars = Vec::new();
    let mut start = None;
    for (index, bit) in modules.iter().chain(std::iter::once(&0)).enumerate() {
        match (*bit == 1, start) {
            (true, None) => start = Some(index),
            (false, Some(first)) => {
                bars.push((
                    left + first as f32 * module,
                    (index - first) as f32 * module,
                ));
                start = None;
            }
            _ => {}
        }
    }
    bars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_becomes_bars_that_start_and_end_with_codes_start_character() {
        let bars = code39("A51072955715", 10.0, 1.0);
        // Code 39: the 12 characters and the start and stop "*" around them, 5 bars each.
        assert_eq!(bars.len(), 14 * 5);
        assert_eq!(bars[0].0, 10.0, "the first bar at the left edge");
        assert!(bars
            .iter()
            .all(|(_, width)| *width == 1.0 || *width == 2.0 || *width == 3.0));
        assert!(code39("lower case", 0.0, 1.0).is_empty());
    }
}
