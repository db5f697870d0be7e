//! The pre-commit hooks with the real `pre-commit` (PyPI, in the test venv): a temporary git
//! repository uses this repository's `.pre-commit-hooks.yaml`, and a commit of a bad values file
//! or `.env` is refused with the finding, a good one goes through.
//!
//! pre-commit installs a `language: rust` hook with `cargo install --bins --root <env> --path .`
//! of the hook repository. To keep that from being a full release build each run, the build
//! shares one target directory across runs (CARGO_TARGET_DIR, under cargo's test tmp dir) and
//! the release profile is compiled without optimisation (CARGO_PROFILE_RELEASE_OPT_LEVEL=0):
//! the same sources, the same `cargo install` command, only cheaper code generation. Measured on
//! the shared 2-core development machine under heavy load (load average 18): the first commit,
//! hook install included, 993 s from a cold target directory; a commit once the hooks are
//! installed, 4 s. With the target directory warm, the install is a link step. The test prints
//! both figures (`-- --nocapture`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, cwd: &Path, program: &str, args: &[&str]) -> Output {
        Command::new(program)
            .args(args)
            .current_dir(cwd)
            .env("PRE_COMMIT_HOME", self.dir.path().join("pre-commit-cache"))
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-target"),
            )
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_NET_OFFLINE", "true")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE")
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e}"))
    }

    fn ok(&self, cwd: &Path, program: &str, args: &[&str]) -> String {
        let out = self.run(cwd, program, args);
        assert!(out.status.success(), "{program} {args:?}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A git repository holding this checkout's files as they are now (tracked and new, not
/// ignored), committed: what pre-commit clones at `rev`.
fn hook_repository(env: &Env) -> (PathBuf, String) {
    let repo = env.dir.path().join("customimage");
    let listed = env.ok(
        Path::new(ROOT),
        "git",
        &["ls-files", "--cached", "--others", "--exclude-standard"],
    );
    for file in listed.lines() {
        let from = Path::new(ROOT).join(file);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = repo.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    env.ok(&repo, "git", &["init", "-q"]);
    env.ok(&repo, "git", &["add", "-A"]);
    env.ok(&repo, "git", &["commit", "-q", "-m", "hooks"]);
    let rev = env.ok(&repo, "git", &["rev-parse", "HEAD"]);
    (repo, rev)
}

fn pre_commit() -> String {
    Path::new(ROOT)
        .join(".venv/bin/pre-commit")
        .display()
        .to_string()
}

const BAD_VALUES: &str = "customImage:\n  registryEndpoint: docker.io\n  registryUsername: me\n  registryPassword: dckr_pat_pre-commit-0042\n  pushRepoPerfix: docker.io/me\n";
const GOOD_VALUES: &str = "customImage:\n  registryEndpoint: docker.io\n  registryUsername: me\n  registryPassword: dckr_pat_pre-commit-0042\n  pushRepoPrefix: docker.io/me\n";
const BAD_ENV: &str = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=me\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=dckr_pat_pre-commit-0042\nPRIMEHUB_CUSTOM_IMAGE_REPO_PREFX=docker.io/me\n";
const GOOD_ENV: &str = "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=me\nPRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=dckr_pat_pre-commit-0042\nPRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/me\n";

#[test]
fn a_bad_values_file_or_env_blocks_the_commit_and_a_good_one_passes() {
    let env = Env::new();
    let (hooks, rev) = hook_repository(&env);
    let project = env.dir.path().join("project");
    std::fs::create_dir_all(project.join("deploy")).unwrap();
    env.ok(&project, "git", &["init", "-q"]);
    std::fs::write(
        project.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: customimage-lint\n      - id: customimage-lint-env\n",
            hooks.display()
        ),
    )
    .unwrap();
    env.ok(&project, &pre_commit(), &["install"]);

    // The first commit installs the hooks (cargo install of the hook repository).
    std::fs::write(project.join("deploy/values.yaml"), BAD_VALUES).unwrap();
    env.ok(&project, "git", &["add", "-A"]);
    let started = Instant::now();
    let refused = env.run(&project, "git", &["commit", "-m", "bad values"]);
    eprintln!(
        "pre-commit: first commit (hook install included) took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(!refused.status.success(), "{}", text(&refused));
    let out = text(&refused);
    assert!(out.contains("customimage lint (Helm values)"), "{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(out.contains("unknown-key"), "{out}");
    assert!(out.contains("pushRepoPrefix"), "{out}");
    assert!(!out.contains("dckr_pat_pre-commit-0042"), "{out}");
    assert!(!env
        .run(&project, "git", &["rev-parse", "HEAD"])
        .status
        .success());

    std::fs::write(project.join("deploy/values.yaml"), GOOD_VALUES).unwrap();
    // YAML that is not a values file is not the hook's business.
    std::fs::write(project.join("deploy/list.yaml"), "- a\n- b\n").unwrap();
    env.ok(&project, "git", &["add", "-A"]);
    let started = Instant::now();
    let passed = env.run(&project, "git", &["commit", "-m", "good values"]);
    eprintln!(
        "pre-commit: a commit with the hooks installed took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(passed.status.success(), "{}", text(&passed));
    assert!(text(&passed).contains("Passed"), "{}", text(&passed));

    std::fs::write(project.join("primehub.env"), BAD_ENV).unwrap();
    env.ok(&project, "git", &["add", "-A"]);
    let refused = env.run(&project, "git", &["commit", "-m", "bad env"]);
    assert!(!refused.status.success(), "{}", text(&refused));
    let out = text(&refused);
    assert!(out.contains("customimage lint (.env)"), "{out}");
    assert!(out.contains("PRIMEHUB_CUSTOM_IMAGE_REPO_PREFX"), "{out}");
    assert!(!out.contains("dckr_pat_pre-commit-0042"), "{out}");

    std::fs::write(project.join("primehub.env"), GOOD_ENV).unwrap();
    env.ok(&project, "git", &["add", "-A"]);
    let passed = env.run(&project, "git", &["commit", "-m", "good env"]);
    assert!(passed.status.success(), "{}", text(&passed));
    let log = env.ok(&project, "git", &["log", "--format=%s"]);
    assert_eq!(log.lines().collect::<Vec<_>>(), ["good env", "good values"]);
}
