//! The antivirus backend's tests: the clamd scanner against a real clamd (started per test, with
//! the EICAR-only database in `backends/testdata/clamav`), and the embedded EICAR scanner.
use std::io;

use backends::antivirus::{
    self, eicar_test_string, Antivirus, AntivirusError, ClamdConfig, ClamdScanner, EmbeddedScanner,
    Scan, EICAR_THREAT,
};
use backends::objects::{body_from_bytes, BodyStream};
use backends::testing::{ClamdServer, CLAMD_STREAM_MAX_BYTES};
use bytes::Bytes;
use futures::{stream, StreamExt};

/// The size of the chunks the big bodies arrive in (as an upload's or an S3 object's would).
const CHUNK_BYTES: usize = 64 * 1024;
const BIG_FILE_BYTES: usize = 3 * 1024 * 1024;

/// `bytes` as a body arriving `chunk_bytes` at a time.
fn chunked(bytes: Vec<u8>, chunk_bytes: usize) -> BodyStream {
    let chunks: Vec<io::Result<Bytes>> = bytes
        .chunks(chunk_bytes)
        .map(|chunk| Ok(Bytes::copy_from_slice(chunk)))
        .collect();
    stream::iter(chunks).boxed()
}

/// Harmless bytes that are not all alike.
fn filler(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// A 3 MB file with the EICAR string at `offset`.
fn big_file_with_eicar_at(offset: usize) -> Vec<u8> {
    let mut file = filler(BIG_FILE_BYTES);
    let eicar = eicar_test_string();
    file[offset..offset + eicar.len()].copy_from_slice(eicar);
    file
}

/// Where the EICAR string straddles the boundary between the 20th and 21st chunk.
const ACROSS_A_CHUNK_BOUNDARY: usize = 20 * CHUNK_BYTES - 30;

fn assert_eicar_found(scan: &Scan) {
    assert_eq!(scan.threats.len(), 1, "{scan:?}");
    assert!(
        scan.threats[0].starts_with(EICAR_THREAT),
        "an EICAR threat: {scan:?}"
    );
    assert!(!scan.is_clean());
    assert_eq!(scan.result(), scan.threats[0]);
}

mod clamd {
    use super::*;

    fn scanner(server: &ClamdServer) -> ClamdScanner {
        ClamdScanner::new(server.scanner_config()).expect("a valid configuration")
    }

    #[tokio::test]
    async fn a_clean_file_has_no_threats_and_says_what_scanned_it() {
        let server = ClamdServer::start();
        let scanner = scanner(&server);
        scanner.ping().await.expect("clamd answers PING");
        let scan = scanner
            .scan(body_from_bytes("a perfectly ordinary letter\n"))
            .await
            .expect("a verdict");
        assert!(scan.is_clean(), "{scan:?}");
        assert_eq!(scan.result(), "");
        assert_eq!(scan.software, "ClamAV");
        assert!(
            scan.software_version
                .starts_with(|c: char| c.is_ascii_digit()),
            "{scan:?}"
        );
        // clamd's VERSION names official databases only, not the tests' own.
        assert_eq!(scan.database_version, "unknown");
    }

    #[tokio::test]
    async fn the_eicar_test_file_is_a_threat() {
        let server = ClamdServer::start();
        let scan = scanner(&server)
            .scan(body_from_bytes(eicar_test_string()))
            .await
            .expect("a verdict");
        assert_eicar_found(&scan);
        assert_eq!(scan.software, "ClamAV");
    }

    #[tokio::test]
    async fn eicar_inside_a_big_file_across_a_chunk_boundary_is_found() {
        let server = ClamdServer::start();
        let scanner = scanner(&server);
        let file = big_file_with_eicar_at(ACROSS_A_CHUNK_BOUNDARY);
        let scan = scanner
            .scan(chunked(file, CHUNK_BYTES))
            .await
            .expect("a verdict");
        assert_eicar_found(&scan);
        let clean = scanner
            .scan(chunked(filler(BIG_FILE_BYTES), CHUNK_BYTES))
            .await
            .expect("a verdict");
        assert!(clean.is_clean(), "{clean:?}");
    }

    #[tokio::test]
    async fn a_file_over_the_stream_limit_is_an_error_not_clean() {
        let server = ClamdServer::start();
        let scanner = scanner(&server);
        let limit = CLAMD_STREAM_MAX_BYTES as usize;
        let at_the_limit = scanner
            .scan(chunked(filler(limit), CHUNK_BYTES))
            .await
            .expect("a file at the limit is scanned");
        assert!(at_the_limit.is_clean());
        let over = scanner.scan(chunked(filler(limit + 1), CHUNK_BYTES)).await;
        assert!(matches!(over, Err(AntivirusError::TooLarge)), "{over:?}");
        assert!(!over.unwrap_err().is_retryable());

        // A scanner told a larger limit than clamd's: clamd refuses the stream itself.
        let misinformed = ClamdScanner::new(ClamdConfig {
            stream_max_bytes: 4 * CLAMD_STREAM_MAX_BYTES,
            ..server.scanner_config()
        })
        .unwrap();
        for size in [limit + CHUNK_BYTES, 3 * limit] {
            let over = misinformed.scan(chunked(filler(size), CHUNK_BYTES)).await;
            assert!(
                matches!(
                    over,
                    Err(AntivirusError::TooLarge | AntivirusError::Unavailable(_))
                ),
                "{size} bytes: {over:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_stopped_clamd_is_a_retryable_error() {
        let server = ClamdServer::start();
        let scanner = scanner(&server);
        scanner.ping().await.expect("clamd answers PING");
        drop(server);
        let scanned = scanner.scan(body_from_bytes("anything")).await;
        assert!(
            matches!(&scanned, Err(AntivirusError::Unavailable(_))),
            "{scanned:?}"
        );
        assert!(scanned.unwrap_err().is_retryable());
        assert!(scanner.ping().await.is_err());
    }

    #[tokio::test]
    async fn a_clamd_that_does_not_answer_times_out_retryably() {
        // Accepts connections and never answers.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let silent = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((connection, _)) = listener.accept().await {
                held.push(connection);
            }
        });
        let scanner = ClamdScanner::new(ClamdConfig {
            command_timeout: std::time::Duration::from_millis(300),
            ..ClamdConfig::new(address.to_string())
        })
        .unwrap();
        let scanned = scanner.scan(body_from_bytes("anything")).await;
        assert!(
            matches!(&scanned, Err(AntivirusError::Unavailable(_))),
            "{scanned:?}"
        );
        assert!(scanned.unwrap_err().is_retryable());
        assert!(scanner.ping().await.is_err());
        silent.abort();
    }

    #[tokio::test]
    async fn a_body_that_fails_to_read_is_a_body_error() {
        let server = ClamdServer::start();
        let body: BodyStream = stream::iter([
            Ok(Bytes::from_static(b"the first part")),
            Err(io::Error::other("the object store went away")),
        ])
        .boxed();
        let scanned = scanner(&server).scan(body).await;
        assert!(
            matches!(&scanned, Err(AntivirusError::Body(_))),
            "{scanned:?}"
        );
    }

    #[tokio::test]
    async fn connect_picks_clamd_when_configured_and_checks_its_address() {
        let server = ClamdServer::start();
        let scanner = antivirus::connect(Some(server.scanner_config())).unwrap();
        assert_eq!(scanner.kind(), "clamd");
        assert_eicar_found(
            &scanner
                .scan(body_from_bytes(eicar_test_string()))
                .await
                .unwrap(),
        );
        let bad = antivirus::connect(Some(ClamdConfig::new("127.0.0.1")));
        assert!(matches!(bad, Err(AntivirusError::Config(_))));
    }
}

mod embedded {
    use super::*;

    #[tokio::test]
    async fn a_clean_file_has_no_threats_and_says_what_scanned_it() {
        let scan = EmbeddedScanner
            .scan(chunked(filler(BIG_FILE_BYTES), CHUNK_BYTES))
            .await
            .unwrap();
        assert!(scan.is_clean(), "{scan:?}");
        assert_eq!(scan.software, "embedded-eicar");
        assert_eq!(scan.software_version, env!("CARGO_PKG_VERSION"));
        assert_eq!(scan.database_version, "eicar-only");
        EmbeddedScanner.ping().await.unwrap();
    }

    #[tokio::test]
    async fn the_eicar_test_file_is_a_threat() {
        let scan = EmbeddedScanner
            .scan(body_from_bytes(eicar_test_string()))
            .await
            .unwrap();
        assert_eicar_found(&scan);
    }

    #[tokio::test]
    async fn eicar_inside_a_big_file_across_a_chunk_boundary_is_found() {
        let file = big_file_with_eicar_at(ACROSS_A_CHUNK_BOUNDARY);
        let scan = EmbeddedScanner
            .scan(chunked(file, CHUNK_BYTES))
            .await
            .unwrap();
        assert_eicar_found(&scan);
    }

    #[tokio::test]
    async fn eicar_split_anywhere_and_in_tiny_chunks_is_found() {
        let eicar = eicar_test_string();
        for split in 1..eicar.len() {
            let mut file = filler(200);
            file.splice(100..100, eicar.iter().copied());
            // Chunk boundaries at 100 + split, and every 150 bytes after.
            let (head, tail) = file.split_at(100 + split);
            let chunks: Vec<io::Result<Bytes>> = std::iter::once(head)
                .chain(tail.chunks(150))
                .map(|chunk| Ok(Bytes::copy_from_slice(chunk)))
                .collect();
            let body: BodyStream = stream::iter(chunks).boxed();
            assert_eicar_found(&EmbeddedScanner.scan(body).await.unwrap());
        }
        for chunk_bytes in [1, 7, 67, 68, 69] {
            let mut file = filler(1000);
            file.splice(500..500, eicar.iter().copied());
            let scan = EmbeddedScanner
                .scan(chunked(file, chunk_bytes))
                .await
                .unwrap();
            assert_eicar_found(&scan);
        }
    }

    #[tokio::test]
    async fn part_of_the_eicar_string_is_not_a_threat() {
        let eicar = eicar_test_string();
        let almost = [&eicar[..eicar.len() - 1], b"-", &eicar[eicar.len() - 1..]].concat();
        let scan = EmbeddedScanner.scan(chunked(almost, 10)).await.unwrap();
        assert!(scan.is_clean(), "{scan:?}");
    }

    #[tokio::test]
    async fn connect_without_clamd_is_the_embedded_scanner() {
        let scanner = antivirus::connect(None).unwrap();
        assert_eq!(scanner.kind(), "embedded-eicar");
        assert_eicar_found(
            &scanner
                .scan(body_from_bytes(eicar_test_string()))
                .await
                .unwrap(),
        );
    }
}
