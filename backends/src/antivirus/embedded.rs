//! The embedded scanner: finds the EICAR test string and nothing else.
//!
//! **It is not an antivirus.** It exists so the app runs alone with no configuration and its
//! upload journeys can be tried and tested end to end (an EICAR file is refused, anything else
//! passes). Production must configure clamd (`CLAMD_ADDR`); a scan's `software` and
//! `database_version` (`embedded-eicar`, `eicar-only`) say plainly which scanner passed a file.
use std::sync::LazyLock;

use async_trait::async_trait;
use futures::TryStreamExt;
use memchr::memmem;

use super::{Antivirus, AntivirusError, Scan};
use crate::objects::BodyStream;

/// The threat an EICAR test string is reported as.
pub const EICAR_THREAT: &str = "Eicar-Test-Signature";

/// The 68-byte EICAR test string, as hex: the source and the binary built from it then do not
/// hold the string itself, which a scanner that looks for it anywhere (as ours and the test
/// database's body signature do) would report.
const EICAR_HEX: &str = "58354f2150254041505b345c505a58353428505e2937434329377d2445494341\
                         522d5354414e444152442d414e544956495255532d544553542d46494c45212448\
                         2b482a";

/// The EICAR test string: what the EICAR test file holds. Every antivirus reports it as a threat
/// though it is harmless, so it is how scanning is tested.
pub fn eicar_test_string() -> &'static [u8] {
    static EICAR: LazyLock<Vec<u8>> =
        LazyLock::new(|| hex::decode(EICAR_HEX).expect("EICAR_HEX is hex"));
    &EICAR
}

/// Reports the EICAR test string wherever it appears in a body. (The EICAR standard asks only
/// that a file *starting* with it be detected; finding it anywhere, as ClamAV does and as the
/// tests' clamd database does, gives both scanners the same answers.)
pub struct EmbeddedScanner;

#[async_trait]
impl Antivirus for EmbeddedScanner {
    fn kind(&self) -> &'static str {
        "embedded-eicar"
    }

    async fn ping(&self) -> Result<(), AntivirusError> {
        Ok(())
    }

    async fn scan(&self, mut body: BodyStream) -> Result<Scan, AntivirusError> {
        let eicar = eicar_test_string();
        let finder = memmem::Finder::new(eicar);
        // The last `overlap` bytes seen, so a string split across chunks is found at the seam.
        let overlap = eicar.len() - 1;
        let mut seam: Vec<u8> = Vec::with_capacity(2 * overlap);
        let mut found = false;
        while let Some(chunk) = body.try_next().await.map_err(AntivirusError::Body)? {
            seam.extend_from_slice(&chunk[..chunk.len().min(overlap)]);
            if finder.find(&seam).is_some() || finder.find(&chunk).is_some() {
                // The rest of the body cannot change the verdict.
                found = true;
                break;
            }
            if chunk.len() >= overlap {
                seam.clear();
                seam.extend_from_slice(&chunk[chunk.len() - overlap..]);
            } else {
                // `seam` now ends with the whole of this short chunk.
                seam.drain(..seam.len().saturating_sub(overlap));
            }
        }
        Ok(Scan {
            threats: if found {
                vec![EICAR_THREAT.to_owned()]
            } else {
                Vec::new()
            },
            software: "embedded-eicar".to_owned(),
            software_version: env!("CARGO_PKG_VERSION").to_owned(),
            database_version: "eicar-only".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    #[test]
    fn the_eicar_string_is_the_standard_one() {
        let eicar = eicar_test_string();
        assert_eq!(eicar.len(), 68);
        assert!(eicar.ends_with(b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"));
        // The EICAR test file's published SHA-256.
        assert_eq!(
            hex::encode(Sha256::digest(eicar)),
            "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"
        );
    }
}
