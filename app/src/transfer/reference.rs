//! Consignment and file references. TDR makes a consignment's reference from the year the
//! transfer started and a number from a database sequence, written in base 25 with The National
//! Archives' "GCRb25" alphabet (no vowels, no digits that look like letters): `TDR-2021-K5RJ`.
//! File references use the same code for numbers from a sequence of their own.
use std::fmt;

use serde::{Deserialize, Serialize};

/// The GCRb25 alphabet of TNA's object catalogue identifiers, in digit order.
const GCR_B25: &[u8; 25] = b"BCDFGHJKLMNPQRSTVWXZ34567";

/// `number` written in GCRb25, most significant digit first.
pub fn encode_gcr_b25(mut number: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(GCR_B25[(number % 25) as usize]);
        number /= 25;
        if number == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).expect("the alphabet is ASCII")
}

/// `TDR-<year>-<code>`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConsignmentReference(String);

impl ConsignmentReference {
    pub fn new(year: i32, sequence: u64) -> Self {
        ConsignmentReference(format!("TDR-{year}-{}", encode_gcr_b25(sequence)))
    }

    /// A reference read back from the store, which only ever holds ones [`new`](Self::new) made.
    pub fn from_stored(text: String) -> Self {
        ConsignmentReference(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ConsignmentReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file's or folder's reference.
pub fn file_reference(sequence: u64) -> String {
    encode_gcr_b25(sequence)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn references_match_tdrs_own_examples() {
        // The cases of TDR's ConsignmentReferenceSpec.
        for (year, sequence, expected) in [
            (2020, 5000, "TDR-2020-LBB"),
            (2020, i64::MAX as u64, "TDR-2020-JGXSCT7Q66HVKK"),
            (2021, 123_456, "TDR-2021-K5RJ"),
            (2022, 0, "TDR-2022-B"),
        ] {
            assert_eq!(ConsignmentReference::new(year, sequence).as_str(), expected);
        }
    }

    proptest! {
        #[test]
        fn different_numbers_give_different_codes(a in any::<u64>(), b in any::<u64>()) {
            prop_assume!(a != b);
            prop_assert_ne!(encode_gcr_b25(a), encode_gcr_b25(b));
        }
    }
}
