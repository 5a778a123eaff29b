use super::options::Options;

/// Not built yet.
pub fn render(_options: Options<'_>) -> Option<String> {
    None
}
