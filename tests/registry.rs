//! Against a real registry (Debian's `docker-registry`) on loopback: `check` with htpasswd and
//! token auth, over plain HTTP and TLS, and the end-to-end push with `skopeo` using what
//! `render` emits.

mod support;

#[path = "registry/check.rs"]
mod check;
#[path = "registry/check_e2e.rs"]
mod check_e2e;
#[path = "registry/check_pod.rs"]
mod check_pod;
#[path = "registry/check_token.rs"]
mod check_token;
