//! The product's services, listed on the landing page. One typed table, so the landing page, the
//! docs and the tests agree on what exists and where it starts.

/// One of the public services this app provides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    pub name: &'static str,
    pub summary: &'static str,
    /// Where the service starts, once it is live here; `None` while it is still being built.
    pub start_url: Option<crate::paths::Path>,
}

pub const SERVICES: &[Service] = &[
    Service {
        name: "Make a lasting power of attorney",
        summary:
            "Create an account, fill in a lasting power of attorney for property and financial \
                  affairs or for health and welfare, download the forms to sign and check the \
                  application's progress.",
        start_url: None,
    },
    Service {
        name: "Service performance",
        summary: "User satisfaction, completion rate and digital take-up, month by month, as \
                  charts and as data to download.",
        start_url: None,
    },
    Service {
        name: "Data store",
        summary: "Reference data gathered from external sources and CSV uploads, published \
                  through an authenticated API.",
        start_url: None,
    },
    Service {
        name: "Transfer digital records",
        summary: "Upload records to The National Archives: each file is checked for viruses, \
                  checksum and file format, then exported as a BagIt package.",
        start_url: None,
    },
    Service {
        name: "Live message feed",
        summary: "Post messages through an API and watch them arrive live.",
        start_url: Some(crate::feed::paths::FEED),
    },
];
