//! The network guard: content from the internet (feed items, images,
//! redirects) must not steer newsclip into the operator's own network. A
//! request may reach a loopback, private, link-local, shared or metadata
//! address only when its host is one the operator configured (a feed's host,
//! or a URL given to `newsclip fetch`), or when `allow_private_addresses` is
//! set. Names are checked where they are resolved (a DNS resolver plugged
//! into the HTTP client), so a name cannot pass a check and then resolve
//! elsewhere; IP literals are checked before the request.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, RwLock};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Which hosts may be private, shared by the resolver and the fetcher.
#[derive(Clone, Default)]
pub struct Guard {
    trusted: Arc<RwLock<HashSet<String>>>,
    allow_private: bool,
}

impl Guard {
    pub fn new(allow_private: bool) -> Guard {
        Guard {
            trusted: Arc::default(),
            allow_private,
        }
    }

    /// Trusts the host of `url`: the operator chose it.
    pub fn trust(&self, url: &Url) {
        if let Some(host) = url.host_str() {
            let mut trusted = self.trusted.write().unwrap_or_else(|p| p.into_inner());
            trusted.insert(host.to_ascii_lowercase());
        }
    }

    fn is_trusted(&self, host: &str) -> bool {
        self.allow_private
            || self
                .trusted
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .contains(&host.to_ascii_lowercase())
    }

    /// Why `url` may not be requested, if its host is an IP literal in a
    /// private range and not trusted (names are checked when resolved).
    pub fn refuse_literal(&self, url: &Url) -> Option<String> {
        let ip = match url.host()? {
            Host::Ipv4(ip) => IpAddr::V4(ip),
            Host::Ipv6(ip) => IpAddr::V6(ip),
            Host::Domain(_) => return None,
        };
        (is_internal(ip) && !self.is_trusted(url.host_str()?)).then(|| {
            format!("{ip} is a {INTERNAL} address and not a configured feed's host; {HOW_TO_ALLOW}")
        })
    }
}

/// The resolver's refusal, recognisable in the HTTP client's error chain.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

const INTERNAL: &str = "loopback, private, link-local or metadata";
const HOW_TO_ALLOW: &str = "set allow_private_addresses: true to allow it";

impl Resolve for Guard {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = self.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let resolved: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = if guard.is_trusted(&host) {
                resolved
            } else {
                resolved
                    .into_iter()
                    .filter(|a| !is_internal(a.ip()))
                    .collect()
            };
            if allowed.is_empty() {
                let why = format!(
                    "{host} resolves only to {INTERNAL} addresses and is not a configured feed's host; {HOW_TO_ALLOW}"
                );
                return Err(Box::new(Refused(why)) as Box<dyn std::error::Error + Send + Sync>);
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

/// Whether `ip` belongs to the operator's side of the network rather than
/// the public internet.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => is_internal_v6(v6),
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local() // includes 169.254.169.254, the cloud metadata service
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240 // reserved
}

fn is_internal_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_internal_v4(v4);
    }
    let segments = ip.segments();
    // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [.., hi, lo] = segments;
        return is_internal_v4(Ipv4Addr::from(((hi as u32) << 16) | lo as u32));
    }
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (segments[0] & 0xfe00) == 0xfc00 // unique local, includes fd00:ec2::254 (metadata)
        || (segments[0] & 0xffc0) == 0xfe80 // link-local
        || (segments[0] & 0xffc0) == 0xfec0 // site-local (deprecated, still routed internally)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_ranges_are_recognised() {
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(is_internal(ip(internal)), "{internal} must be internal");
        }
        for public in [
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:1.1.1.1",
        ] {
            assert!(!is_internal(ip(public)), "{public} must be public");
        }
    }

    #[test]
    fn literals_are_refused_unless_their_host_is_trusted() {
        let guard = Guard::new(false);
        let feed = Url::parse("http://127.0.0.1:8080/feed.xml").unwrap();
        let metadata = Url::parse("http://169.254.169.254/latest/meta-data/").unwrap();
        assert!(guard.refuse_literal(&feed).is_some());
        guard.trust(&feed);
        assert!(guard
            .refuse_literal(&Url::parse("http://127.0.0.1:9999/a").unwrap())
            .is_none());
        assert!(guard
            .refuse_literal(&metadata)
            .unwrap()
            .contains("allow_private_addresses"));
        assert!(Guard::new(true).refuse_literal(&metadata).is_none());
        assert!(guard
            .refuse_literal(&Url::parse("https://example.com/").unwrap())
            .is_none());
    }

    #[tokio::test]
    async fn names_resolving_to_internal_addresses_are_refused() {
        let guard = Guard::new(false);
        let name: Name = "localhost".parse().unwrap();
        let err = match guard.resolve(name).await {
            Ok(_) => panic!("localhost must not resolve for an untrusted host"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("localhost"), "{err}");
        guard.trust(&Url::parse("http://localhost/feed").unwrap());
        let addrs: Vec<SocketAddr> = guard
            .resolve("localhost".parse().unwrap())
            .await
            .unwrap()
            .collect();
        assert!(!addrs.is_empty());
    }
}
