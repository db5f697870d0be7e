//! Amazon ECR registry hosts: `<12-digit account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`.

use std::sync::OnceLock;

use regex::Regex;

/// A well-formed ECR registry host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcrHost {
    pub account: String,
    pub region: String,
}

/// What is wrong with a host that looks like ECR.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EcrHostError {
    #[error("the account ID `{0}` has {len} digits, not 12", len = .0.len())]
    AccountLength(String),
    #[error("the account ID `{0}` is not 12 digits")]
    Account(String),
    #[error("it is not a `dkr.ecr` registry host (`ecr.<region>.amazonaws.com` is ECR's API, not its registry)")]
    NotDkr,
    #[error("it has no region")]
    NoRegion,
    #[error("`{0}` is not an AWS region")]
    Region(String),
    #[error("it has a port; ECR registries are reached on the default HTTPS port")]
    Port,
}

/// Whether `host` (without port) is meant to be an ECR registry: an `amazonaws.com[.cn]` host
/// with an `ecr` or `dkr` label.
pub(crate) fn looks_like_ecr(host: &str) -> bool {
    use super::strip_suffix_ignore_case as strip;
    let Some(rest) = strip(host, ".amazonaws.com").or_else(|| strip(host, ".amazonaws.com.cn"))
    else {
        return false;
    };
    rest.split('.').any(|label| {
        label.eq_ignore_ascii_case("dkr")
            || label
                .as_bytes()
                .get(..3)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"ecr"))
    })
}

fn region_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[a-z]{2}(?:-[a-z]+)+-[0-9]+$").unwrap_or_else(|e| panic!("bad pattern: {e}"))
    })
}

impl EcrHost {
    /// Parses an ECR registry host (with or without port; a port is an error).
    pub fn parse(host: &str) -> Result<EcrHost, EcrHostError> {
        if super::host_without_port(host) != host {
            return Err(EcrHostError::Port);
        }
        let host = host.to_ascii_lowercase();
        let rest = host
            .strip_suffix(".amazonaws.com")
            .or_else(|| host.strip_suffix(".amazonaws.com.cn"))
            .unwrap_or(&host);
        let labels: Vec<&str> = rest.split('.').collect();
        let Some(dkr) = labels.iter().position(|l| *l == "dkr") else {
            return Err(EcrHostError::NotDkr);
        };
        if !labels
            .get(dkr + 1)
            .is_some_and(|l| *l == "ecr" || *l == "ecr-fips")
        {
            return Err(EcrHostError::NotDkr);
        }
        let account = labels[..dkr].join(".");
        if !account.bytes().all(|b| b.is_ascii_digit()) || account.is_empty() {
            return Err(EcrHostError::Account(account));
        }
        if account.len() != 12 {
            return Err(EcrHostError::AccountLength(account));
        }
        let region = labels[dkr + 2..].join(".");
        if region.is_empty() {
            return Err(EcrHostError::NoRegion);
        }
        if !region_re().is_match(&region) {
            return Err(EcrHostError::Region(region));
        }
        Ok(EcrHost { account, region })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_ecr_hosts() {
        for (host, region) in [
            ("123456789012.dkr.ecr.us-east-1.amazonaws.com", "us-east-1"),
            (
                "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com",
                "ap-northeast-1",
            ),
            (
                "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn",
                "cn-north-1",
            ),
            (
                "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com",
                "us-gov-west-1",
            ),
        ] {
            let ecr = EcrHost::parse(host).unwrap_or_else(|e| panic!("{host}: {e}"));
            assert_eq!(
                (ecr.account.as_str(), ecr.region.as_str()),
                ("123456789012", region)
            );
        }
    }

    #[test]
    fn names_what_is_wrong() {
        use EcrHostError::*;
        for (host, error) in [
            (
                "8123456789012.dkr.ecr.us-east-1.amazonaws.com",
                AccountLength("8123456789012".into()),
            ),
            (
                "12345.dkr.ecr.us-east-1.amazonaws.com",
                AccountLength("12345".into()),
            ),
            (
                "<aws_account_id>.dkr.ecr.us-east-1.amazonaws.com",
                Account("<aws_account_id>".into()),
            ),
            ("123456789012.dkr.ecr.amazonaws.com", NoRegion),
            (
                "123456789012.dkr.ecr.useast1.amazonaws.com",
                Region("useast1".into()),
            ),
            ("ecr.us-east-1.amazonaws.com", NotDkr),
            ("123456789012.dkr.ecr.us-east-1.amazonaws.com:443", Port),
        ] {
            assert_eq!(EcrHost::parse(host), Err(error), "{host}");
        }
    }

    #[test]
    fn recognises_hosts_meant_as_ecr() {
        assert!(looks_like_ecr("ecr.us-east-1.amazonaws.com"));
        assert!(looks_like_ecr("1.dkr.ecr.us-east-1.amazonaws.com.cn"));
        assert!(!looks_like_ecr("s3.amazonaws.com"));
        assert!(!looks_like_ecr("dkr.ecr.example.com"));
    }
}
