//! Real servers for tests, on free 127.0.0.1 ports, stopped when dropped:
//!
//! - [`registry::Registry`]: Debian's `docker-registry` (the CNCF distribution registry, 2.8)
//!   with htpasswd or token auth, over plain HTTP or TLS;
//! - [`tls::SelfSigned`]: certificates made by the test (rcgen);
//! - [`token_issuer::TokenIssuer`]: a token service that checks Basic credentials and issues
//!   signed JWTs the registry verifies;
//! - [`HangingServer`]: accepts connections and never answers.
//!
//! A missing tool fails the test (`require_tool`); nothing is skipped.

// Each test crate uses part of this module.
#![allow(dead_code)]

pub mod cli;
pub mod oci;
pub mod registry;
pub mod tls;
pub mod token_issuer;

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Panics (the test fails) when `tool` is not on `PATH`; `scripts/setup.sh` installs them.
pub fn require_tool(tool: &str) -> std::path::PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{tool}` is not installed; run `scripts/setup.sh` (tests need it and do not skip)"
            )
        })
}

/// A port on 127.0.0.1 that was free a moment ago (the OS picks it).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local address").port()
}

/// Waits until something accepts connections on `port` (true), or the server exits (false);
/// panics after `limit`.
pub fn wait_for_port(port: u16, limit: Duration, mut still_running: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        if !still_running() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("nothing listens on 127.0.0.1:{port} after {limit:?}");
}

/// Writes `contents` to `dir/name` and returns the path.
pub fn write_file(dir: &Path, name: &str, contents: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write test file");
    path
}

/// A TCP server that accepts every connection and never sends a byte: a registry behind a
/// firewall that drops traffic, as far as a client's timeout is concerned.
pub struct HangingServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl HangingServer {
    pub fn start() -> HangingServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    held.push(stream);
                }
            }
        });
        HangingServer {
            port,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for HangingServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
