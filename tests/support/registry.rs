//! A real registry for a test: Debian's `docker-registry serve CONFIG` (distribution 2.8.2)
//! on a free 127.0.0.1 port, filesystem storage in a temporary directory, killed on drop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::tls::SelfSigned;
use super::{free_port, require_tool, wait_for_port, write_file};

/// How the registry authenticates.
pub enum RegistryAuth {
    /// `auth.htpasswd`: bcrypt users (`htpasswd -Bbn`), Basic challenge.
    Htpasswd(Vec<(String, String)>),
    /// `auth.token`: a Bearer challenge naming `realm`; tokens must be signed by the key of
    /// `root_cert_pem` (distribution 2.8 finds it from the token's `x5c` header).
    Token {
        realm: String,
        service: String,
        issuer: String,
        root_cert_pem: String,
    },
}

pub struct Registry {
    pub port: u16,
    /// The temporary directory holding config, storage, certificates and the registry's log.
    pub dir: tempfile::TempDir,
    child: Child,
}

impl Registry {
    /// Starts a registry with `auth`, over TLS with `tls` when given, else plain HTTP.
    pub fn start(auth: RegistryAuth, tls: Option<&SelfSigned>) -> Registry {
        let binary = require_tool("docker-registry");
        let dir = tempfile::tempdir().expect("tempdir");
        // The port was free a moment ago; another process may take it first, so retry.
        for _ in 0..5 {
            let port = free_port();
            let config = config(dir.path(), port, &auth, tls);
            let config_path = write_file(dir.path(), "config.yml", &config);
            let log = std::fs::File::create(dir.path().join("registry.log")).expect("log file");
            let mut child = Command::new(&binary)
                .arg("serve")
                .arg(&config_path)
                // REGISTRY_* variables would override the config.
                .env_clear()
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("log file"))
                .stderr(log)
                .spawn()
                .expect("start docker-registry");
            let listening = wait_for_port(port, Duration::from_secs(20), || {
                matches!(child.try_wait(), Ok(None))
            });
            if listening {
                return Registry { port, dir, child };
            }
            let _ = child.wait();
        }
        panic!("docker-registry did not start; see its log in the test's temporary directory");
    }

    /// `127.0.0.1:<port>`.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The registry's log so far (for assertion messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("registry.log")).unwrap_or_default()
    }

    /// Files below the storage directory of `repository`'s upload sessions: empty when every
    /// upload was completed or cancelled.
    pub fn pending_uploads(&self, repository: &str) -> Vec<PathBuf> {
        let uploads = self
            .dir
            .path()
            .join("data/docker/registry/v2/repositories")
            .join(repository)
            .join("_uploads");
        let mut found = Vec::new();
        collect_files(&uploads, &mut found);
        found
    }

    /// Whether the registry ever saw `repository` (its storage directory exists).
    pub fn repository_exists(&self, repository: &str) -> bool {
        self.dir
            .path()
            .join("data/docker/registry/v2/repositories")
            .join(repository)
            .exists()
    }
}

fn collect_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, found);
        } else {
            found.push(path);
        }
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A bcrypt htpasswd line, as `htpasswd -Bbn user password` writes it.
pub fn htpasswd_line(user: &str, password: &str) -> String {
    let binary = require_tool("htpasswd");
    let output = Command::new(binary)
        .args(["-Bbn", user, password])
        .output()
        .expect("run htpasswd");
    assert!(output.status.success(), "htpasswd failed");
    String::from_utf8(output.stdout)
        .expect("htpasswd output")
        .trim()
        .to_string()
}

fn config(dir: &Path, port: u16, auth: &RegistryAuth, tls: Option<&SelfSigned>) -> String {
    let data = dir.join("data");
    let mut config = format!(
        "version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: {data}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:{port}
  secret: customimage-test-secret
",
        data = data.display()
    );
    if let Some(tls) = tls {
        let (cert, key) = tls.write(dir, "registry");
        config.push_str(&format!(
            "  tls:\n    certificate: {}\n    key: {}\n",
            cert.display(),
            key.display()
        ));
    }
    match auth {
        RegistryAuth::Htpasswd(users) => {
            let lines: Vec<String> = users.iter().map(|(u, p)| htpasswd_line(u, p)).collect();
            let path = write_file(dir, "htpasswd", &(lines.join("\n") + "\n"));
            config.push_str(&format!(
                "auth:\n  htpasswd:\n    realm: customimage-test\n    path: {}\n",
                path.display()
            ));
        }
        RegistryAuth::Token {
            realm,
            service,
            issuer,
            root_cert_pem,
        } => {
            let bundle = write_file(dir, "token-root.pem", root_cert_pem);
            config.push_str(&format!(
                "auth:\n  token:\n    realm: {realm}\n    service: {service}\n    issuer: {issuer}\n    rootcertbundle: {}\n",
                bundle.display()
            ));
        }
    }
    config
}
