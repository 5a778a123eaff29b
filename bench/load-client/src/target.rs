use std::net::{SocketAddr, ToSocketAddrs};

/// Where to send requests: `http://host:port[/path]`, its host resolved once.
#[derive(Clone)]
pub struct Target {
    /// The host's first IPv4 address: the clients connect over IPv4 only (feed-load binds IPv4
    /// source addresses).
    pub addr: SocketAddr,
    /// `host:port` as the URL spells it, for the `Host` header.
    pub authority: String,
    /// The URL's path, `/` where it has none.
    pub path: String,
}

impl Target {
    /// Parses an `http://` URL (the clients speak plain HTTP/1 only) and resolves its host. The
    /// error names the URL and what is wrong with it.
    pub fn parse(url: &str) -> Result<Self, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("{url}: only http:// URLs"))?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let addr = authority
            .to_socket_addrs()
            .ok()
            .and_then(|mut addrs| addrs.find(SocketAddr::is_ipv4))
            .ok_or_else(|| format!("{url}: cannot resolve {authority}"))?;
        Ok(Target {
            addr,
            authority: authority.to_owned(),
            path: path.to_owned(),
        })
    }

    /// The URL's path if it names one (anything but `/`), for a caller with a default path of
    /// its own.
    pub fn given_path(&self) -> Option<&str> {
        (self.path != "/").then_some(self.path.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Target;

    #[test]
    fn splits_the_authority_from_the_path() {
        let target = Target::parse("http://127.0.0.1:3208/bytes/12000").unwrap();
        assert_eq!(target.addr.to_string(), "127.0.0.1:3208");
        assert_eq!(target.authority, "127.0.0.1:3208");
        assert_eq!(target.path, "/bytes/12000");
        assert_eq!(target.given_path(), Some("/bytes/12000"));
    }

    #[test]
    fn a_url_without_a_path_names_the_root_and_no_path() {
        for url in ["http://127.0.0.1:3208", "http://127.0.0.1:3208/"] {
            let target = Target::parse(url).unwrap();
            assert_eq!(target.path, "/");
            assert_eq!(target.given_path(), None);
        }
    }

    #[test]
    fn refuses_other_schemes() {
        assert_eq!(
            Target::parse("https://127.0.0.1:3208").err().as_deref(),
            Some("https://127.0.0.1:3208: only http:// URLs")
        );
    }
}
