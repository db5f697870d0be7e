//! # `ecr-endpoint`
//!
//! ## What it does
//! Reports a host meant for Amazon ECR (an `amazonaws.com` or `amazonaws.com.cn` host with an
//! `ecr` or `dkr` label) in `registryEndpoint` or the push target that is not an ECR registry
//! host: `<12-digit account>.dkr.ecr.<region>.amazonaws.com` (`.com.cn` in China; `ecr-fips`
//! allowed). It names the problem: an account ID with the wrong number of digits, a missing or
//! malformed region, the ECR API host `ecr.<region>.amazonaws.com`, a port.
//!
//! ## Why is this bad?
//! No registry answers at such a host: login and push fail with a DNS or TLS error. The PrimeHub
//! 3.8 docs themselves carry a typo (`https://8<aws_account_id>.dkr.ecr…`) that, filled in,
//! gives a 13-digit account.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://8123456789012.dkr.ecr.us-east-1.amazonaws.com
//!   pushRepo: 123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-images
//!   pushSecretName: aws-registry
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://123456789012.dkr.ecr.us-east-1.amazonaws.com
//!   pushRepo: 123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-images
//!   pushSecretName: aws-registry
//! ```
//!
//! ## References
//! - AWS, [Amazon ECR private registry](https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html)

use crate::registry::{EcrHost, EcrHostError, Endpoint, PushTarget, RegistryKind};
use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    if let Some(endpoint) = ctx.values.endpoint().and_then(|e| Endpoint::parse(e).ok()) {
        if let Some(d) = check_host(endpoint.host, "registryEndpoint", ctx.values.endpoint()) {
            out.push(ctx.at_value(d, "customImage.registryEndpoint"));
        }
    }
    if let Some(target) = PushTarget::valid(ctx.values) {
        if let Some(domain) = &target.reference.domain {
            if let Some(d) = check_host(domain, target.mode.key(), Some(&target.text)) {
                out.push(ctx.at_value(d, target.mode.path()));
            }
        }
    }
}

fn check_host(host: &str, key: &str, value: Option<&str>) -> Option<Diagnostic> {
    if RegistryKind::of(host) != RegistryKind::Ecr {
        return None;
    }
    let error = EcrHost::parse(host).err()?;
    let message = format!(
        "`{key}` `{}` is not an ECR registry host: {error}",
        value.unwrap_or(host)
    );
    let fixed = match &error {
        // The 3.8 docs' `8<aws_account_id>`: a stray leading digit.
        EcrHostError::AccountLength(account) if account.len() == 13 => {
            let candidate = host.replacen(account.as_str(), &account[1..], 1);
            EcrHost::parse(&candidate).ok().map(|_| candidate)
        }
        _ => None,
    };
    let help = match fixed {
        Some(candidate) => format!(
            "did you mean `{candidate}`? An ECR registry is \
             `<12-digit account>.dkr.ecr.<region>.amazonaws.com`"
        ),
        None => "write it as `<12-digit account>.dkr.ecr.<region>.amazonaws.com`, e.g. \
                 `123456789012.dkr.ecr.us-east-1.amazonaws.com` (the registry URI shown in the \
                 ECR console)"
            .to_string(),
    };
    Some(Rule::EcrEndpoint.diagnostic(message).help(help))
}
