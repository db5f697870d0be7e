//! Where `-o`, `--output-dir` and `--in-place` write (issue 12, finding 2): only regular files
//! are replaced (atomically); devices, FIFOs and `/proc/self/fd` links are written to directly
//! as `cp` would; an output that is an input is refused; `--in-place` keeps owner, group and
//! mode; a killed run leaves no temporary file.
#![cfg(target_os = "linux")]

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `customimage` with colours off, so that output can be matched as text.
fn customimage() -> assert_cmd::Command {
    crate::support::cli::command()
}

/// A path below the crate root.
fn root(path: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

const DOCKERHUB_ENV: &str = "fixtures/env/dockerhub.env";
const PASSWORD: &str = "dckr_pat_Fake0nlyForTests-x7Qm2Lp9Zr4Tn8Vb";

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// What `migrate` prints for the DockerHub fixture on standard output.
fn expected_fragment() -> Vec<u8> {
    let out = customimage()
        .arg("migrate")
        .arg(root(DOCKERHUB_ENV))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(PASSWORD));
    out.stdout
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_customimage"))
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo failed");
}

#[test]
fn writes_to_a_fifo_directly() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.yaml");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = Vec::new();
            std::fs::File::open(&fifo)
                .unwrap()
                .read_to_end(&mut text)
                .unwrap();
            text
        })
    };
    let out = customimage()
        .arg("migrate")
        .arg(root(DOCKERHUB_ENV))
        .arg("-o")
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(reader.join().unwrap(), expected_fragment());
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO is still a FIFO");
    assert_eq!(listing(dir.path()), ["out.yaml"], "no temp file left");
}

#[test]
fn writes_to_a_character_device_directly() {
    // A private copy of /dev/null (as root; CAP_MKNOD), never the system's.
    let dir = tempfile::tempdir().unwrap();
    let null = dir.path().join("null");
    let status = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status()
        .unwrap();
    assert!(status.success(), "mknod failed (the tests run as root)");
    customimage()
        .arg("migrate")
        .arg(root(DOCKERHUB_ENV))
        .arg("-o")
        .arg(&null)
        .assert()
        .code(0);
    let meta = std::fs::symlink_metadata(&null).unwrap();
    assert!(meta.file_type().is_char_device(), "still the device");
    assert_eq!(meta.rdev(), std::fs::metadata("/dev/null").unwrap().rdev());
    assert_eq!(listing(dir.path()), ["null"], "no temp file left");
}

/// `/dev/stdout` is a link to `/proc/self/fd/1`; this is a private link of the same kind, so
/// that a failure cannot replace the system's.
#[test]
fn dev_stdout_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();

    // Standard output a pipe.
    let out = Command::new(bin())
        .args(["--color", "never", "migrate"])
        .arg(root(DOCKERHUB_ENV))
        .arg("-o")
        .arg(&link)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, expected_fragment(), "written to the pipe");

    // Standard output a regular file: written into that file (the same inode), not renamed
    // over it.
    let captured = dir.path().join("captured.txt");
    std::fs::write(&captured, "").unwrap();
    let inode = std::fs::metadata(&captured).unwrap().ino();
    let status = Command::new(bin())
        .args(["--color", "never", "-q", "migrate"])
        .arg(root(DOCKERHUB_ENV))
        .arg("-o")
        .arg(&link)
        .stdout(std::fs::File::create(&captured).unwrap())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(std::fs::metadata(&captured).unwrap().ino(), inode);
    assert_eq!(std::fs::read(&captured).unwrap(), expected_fragment());

    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("/proc/self/fd/1"),
        "the link is still a link"
    );
    assert_eq!(listing(dir.path()), ["captured.txt", "stdout"]);
}

#[test]
fn output_that_is_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("x.env");
    let original = std::fs::read(root(DOCKERHUB_ENV)).unwrap();
    std::fs::write(&env, &original).unwrap();
    let alias = dir.path().join("alias.env");
    std::os::unix::fs::symlink("x.env", &alias).unwrap();
    let values = dir.path().join("values.yaml");
    std::fs::write(&values, "store:\n  enabled: true\n").unwrap();

    for output in [&env, &alias, &dir.path().join(".").join("x.env")] {
        let out = customimage()
            .arg("migrate")
            .arg(&env)
            .arg("-o")
            .arg(output)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", output.display());
        assert!(String::from_utf8_lossy(&out.stderr).contains("is the input"));
        assert_eq!(std::fs::read(&env).unwrap(), original, "the .env is intact");
    }
    // `--into VALUES -o VALUES` too.
    customimage()
        .arg("migrate")
        .arg(&env)
        .arg("--into")
        .arg(&values)
        .arg("-o")
        .arg(&values)
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read_to_string(&values).unwrap(),
        "store:\n  enabled: true\n"
    );
    assert_eq!(listing(dir.path()), ["alias.env", "values.yaml", "x.env"]);
}

#[test]
fn in_place_keeps_owner_group_mode() {
    // The tests run as root, as the finding did: the file belongs to another user.
    let (uid, gid) = (4321, 8765);
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("primehub.yaml");
    let original = "# Image Builder off\nstore:\n  enabled: true\n";
    std::fs::write(&values, original).unwrap();
    std::os::unix::fs::chown(&values, Some(uid), Some(gid)).unwrap();
    std::fs::set_permissions(&values, std::fs::Permissions::from_mode(0o664)).unwrap();

    let out = customimage()
        .args(["migrate", "--in-place", "--into"])
        .arg(&values)
        .arg(root("fixtures/migrate/disabled-into.env"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&values).unwrap(),
        format!("{original}customImage:\n  enabled: false\n")
    );
    for path in [values.clone(), dir.path().join("primehub.yaml.bak")] {
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(
            (meta.uid(), meta.gid(), meta.mode() & 0o7777),
            (uid, gid, 0o664),
            "{}",
            path.display()
        );
    }

    // With a password, the owner and group stay and only the owner may read it.
    std::fs::write(&values, original).unwrap();
    let out = customimage()
        .args(["migrate", "--in-place", "--into"])
        .arg(&values)
        .arg(root("fixtures/migrate/dockerhub-into.env"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let meta = std::fs::metadata(&values).unwrap();
    assert_eq!(
        (meta.uid(), meta.gid(), meta.mode() & 0o7777),
        (uid, gid, 0o600)
    );
    assert_eq!(listing(dir.path()), ["primehub.yaml", "primehub.yaml.bak"]);
}

#[test]
fn killed_run_leaves_no_temp_file() {
    // A 1 MiB password: the write itself takes a while, so that kills land in every phase.
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("big.env");
    let password = "k".repeat(1 << 20);
    std::fs::write(
        &env,
        format!(
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\n\
             PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=bob\n\
             PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD={password}\n\
             PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX=docker.io/bob\n"
        ),
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let output = out_dir.join("values.yaml");

    // How long one run takes, to spread the kills over it.
    let started = std::time::Instant::now();
    let status = Command::new(bin())
        .args(["-q", "migrate"])
        .arg(&env)
        .arg("-o")
        .arg(&output)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let run = started.elapsed();
    std::fs::remove_file(&output).unwrap();

    let kills = 24;
    for i in 0..kills {
        let mut child = Command::new(bin())
            .args(["-q", "migrate"])
            .arg(&env)
            .arg("-o")
            .arg(&output)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(run * (i + 1) / (kills + 2));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let left: Vec<String> = listing(&out_dir)
            .into_iter()
            .filter(|n| n != "values.yaml")
            .collect();
        assert!(left.is_empty(), "after kill {i}: {left:?}");
        if output.exists() {
            // Whenever the file is there, it is whole.
            let text = std::fs::read_to_string(&output).unwrap();
            assert!(text.contains(&password) && text.ends_with('\n'));
        }
    }
}
