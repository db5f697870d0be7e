//! # `gcr-token-expiry`
//!
//! ## What it does
//! Reports `registryUsername: oauth2accesstoken`: the password is a Google OAuth access token.
//!
//! ## Why is this bad?
//! An access token (`gcloud auth print-access-token`) lasts one hour. The chart writes it into
//! the push secret once; every build after that hour fails to push, long after the install
//! looked fine.
//!
//! ## Example
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   registryUsername: oauth2accesstoken
//!   registryPassword: ya29.a0Af…
//!   pushRepo: gcr.io/my-project/custom-images
//! ```
//!
//! ## Use instead
//! ```yaml
//! customImage:
//!   registryEndpoint: https://gcr.io
//!   registryUsername: _json_key
//!   registryPassword: '{"type": "service_account", …}'
//!   pushRepo: gcr.io/my-project/custom-images
//! ```
//!
//! ## References
//! - Google Cloud, [Access token](https://cloud.google.com/container-registry/docs/advanced-authentication#token)

use crate::rules::prelude::*;

pub fn check(ctx: &ValuesContext, out: &mut Vec<Diagnostic>) {
    if ctx.values.username() != Some("oauth2accesstoken") {
        return;
    }
    let message = "`registryUsername: oauth2accesstoken` logs in with an access token, which \
                   expires after one hour: builds after that fail to push";
    let help = "use a service-account key instead: `registryUsername: _json_key` and the key \
                file JSON (`cat keyfile | jq -c .`) as `registryPassword`";
    out.push(ctx.at_value(
        Rule::GcrTokenExpiry.diagnostic(message).help(help),
        "customImage.registryUsername",
    ));
}
