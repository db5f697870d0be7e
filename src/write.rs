//! Writing the files `-o`, `--output-dir` and `--in-place` name, the way an operator expects:
//!
//! - a regular file (or a path that does not exist yet) is replaced atomically: a reader sees
//!   the old file or the new one, never half of one;
//! - a symlink to a regular file is written through: its target is replaced, the link stays;
//! - anything else that exists (a character device, a FIFO, a socket, a `/proc/self/fd` link
//!   such as `/dev/stdout`) is opened and written to directly, as `cp` would: renaming a file
//!   over `/dev/stdout` would replace the system's device node;
//! - a replaced file keeps its owner, group and mode, except that a secret never becomes
//!   readable by the group or others (0644 becomes 0600: the owner keeps access, which is what
//!   a root run of `--in-place` used to take away); a new file that holds a secret is created
//!   0600, any other 0644;
//! - no temporary file is ever left behind: on Linux the new contents are written to an
//!   unnamed `O_TMPFILE` and only linked into the directory once complete, immediately before
//!   the rename; elsewhere a named temporary file is removed on every exit path (and a
//!   SIGKILL between the two system calls of the Linux path leaves a name that the next write
//!   into that directory removes).
//!
//! [`refuse_if_input`] is what the commands call first: an output that is one of the inputs is
//! refused (exit 2) rather than overwritten (`migrate X.env -o X.env`).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether the written bytes hold a secret (a password, a key, a push secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitivity {
    Public,
    Secret,
}

/// The prefix of every temporary file this module names.
const TEMP_PREFIX: &str = ".customimage-tmp-";

/// An output path that names one of the inputs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{output}: the output is the input {input}; refusing to overwrite it (write to another file)"
)]
pub struct OutputIsInput {
    pub output: String,
    pub input: String,
}

/// Refuses an output that is one of `inputs`: the same file (device and inode, through any
/// symlink or hard link) or the same path. Inputs named `-` (standard input) are skipped.
pub fn refuse_if_input<P: AsRef<Path>>(output: &Path, inputs: &[P]) -> Result<(), OutputIsInput> {
    let out_id = file_id(output);
    let out_path = normalized(output);
    for input in inputs {
        let input = input.as_ref();
        if input == Path::new("-") {
            continue;
        }
        let same_file = out_id.is_some() && out_id == file_id(input);
        if same_file || out_path == normalized(input) {
            return Err(OutputIsInput {
                output: output.display().to_string(),
                input: input.display().to_string(),
            });
        }
    }
    Ok(())
}

/// Device and inode of the file at `path` (symlinks followed).
fn file_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// `path` made absolute, with its existing part's symlinks resolved and `.`/`..` removed.
fn normalized(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or(absolute.clone()),
        _ => absolute,
    }
}

/// Where a write to `path` must go.
#[derive(Debug, PartialEq, Eq)]
enum Destination {
    /// Replace this regular file (or create it) atomically.
    Replace(PathBuf),
    /// Open and write this existing non-regular file in place.
    Direct(PathBuf),
}

/// The most symlinks followed before giving up (as the kernel's `ELOOP`).
const MAX_LINKS: usize = 40;

/// Follows `path`'s symlinks one by one: a hop into `/proc` (a `/proc/self/fd/N` link, which is
/// what `/dev/stdout` is) means a direct write, whatever the link points to.
fn destination(path: &Path) -> std::io::Result<Destination> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        if current.starts_with("/proc") || current.starts_with("/dev/fd") {
            return Ok(Destination::Direct(current));
        }
        let meta = match std::fs::symlink_metadata(&current) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if current != path {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!(
                            "{} is a symlink to {}, which does not exist; not writing through a dangling link",
                            path.display(),
                            current.display()
                        ),
                    ));
                }
                return Ok(Destination::Replace(current));
            }
            Err(e) => return Err(e),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            let target = std::fs::read_link(&current)?;
            current = match current.parent() {
                Some(dir) if target.is_relative() => dir.join(target),
                _ => target,
            };
            continue;
        }
        if kind.is_file() {
            return Ok(Destination::Replace(current));
        }
        if kind.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                format!("{} is a directory", current.display()),
            ));
        }
        return Ok(Destination::Direct(current));
    }
    Err(std::io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Writes `contents` to `path` as the module documentation says.
pub fn atomic_write(path: &Path, contents: &[u8], sensitivity: Sensitivity) -> std::io::Result<()> {
    write_keeping(path, contents, sensitivity, None)
}

/// Writes a new file at `path` that takes the owner, group and mode of the file at `like` (a
/// backup beside the original keeps the original's access), atomically.
pub fn atomic_write_like(
    path: &Path,
    contents: &[u8],
    sensitivity: Sensitivity,
    like: &Path,
) -> std::io::Result<()> {
    let like = std::fs::metadata(like)?;
    write_keeping(path, contents, sensitivity, Some(like))
}

/// Writes directly into what is not a regular file; replaces a regular file atomically, keeping
/// the owner, group and mode of `like`, or else of the file it replaces.
fn write_keeping(
    path: &Path,
    contents: &[u8],
    sensitivity: Sensitivity,
    like: Option<std::fs::Metadata>,
) -> std::io::Result<()> {
    match destination(path)? {
        Destination::Direct(target) => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&target)?;
            file.write_all(contents)?;
            file.flush()
        }
        Destination::Replace(target) => {
            let keep = like.or_else(|| std::fs::metadata(&target).ok());
            replace(&target, contents, sensitivity, keep.as_ref())
        }
    }
}

/// The mode of the written file: the replaced file's (a secret narrowed to its owner), or for
/// a new file 0600 for a secret and 0644 otherwise.
fn file_mode(sensitivity: Sensitivity, like: Option<&std::fs::Metadata>) -> u32 {
    #[cfg(unix)]
    if let Some(meta) = like {
        use std::os::unix::fs::MetadataExt;
        let mode = meta.mode() & 0o7777;
        return match sensitivity {
            Sensitivity::Secret => mode & 0o700,
            Sensitivity::Public => mode,
        };
    }
    #[cfg(not(unix))]
    let _ = like;
    match sensitivity {
        Sensitivity::Secret => 0o600,
        Sensitivity::Public => 0o644,
    }
}

/// The directory a file at `path` lives in.
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Replaces the regular file `target` (or creates it) with `contents`, atomically. `like` is
/// the metadata whose owner, group and mode the new file takes.
fn replace(
    target: &Path,
    contents: &[u8],
    sensitivity: Sensitivity,
    like: Option<&std::fs::Metadata>,
) -> std::io::Result<()> {
    let dir = parent_dir(target);
    let mode = file_mode(sensitivity, like);
    #[cfg(target_os = "linux")]
    {
        remove_stale_temp_files(dir);
        match linux::replace_via_tmpfile(dir, target, contents, mode, like) {
            Err(e) if linux::tmpfile_unsupported(&e) => {}
            result => return result,
        }
    }
    replace_via_named_temp(dir, target, contents, mode, like)
}

/// The portable way: a named temporary file, removed on every exit path but a kill.
fn replace_via_named_temp(
    dir: &Path,
    target: &Path,
    contents: &[u8],
    mode: u32,
    like: Option<&std::fs::Metadata>,
) -> std::io::Result<()> {
    let mut file = tempfile::Builder::new()
        .prefix(&temp_name_prefix())
        .tempfile_in(dir)?;
    set_access(file.as_file(), mode, like)?;
    file.write_all(contents)?;
    file.as_file().sync_all()?;
    file.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// `.customimage-tmp-<pid>-`: the process id tells a later run whether the file is stale.
fn temp_name_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// Gives `file` the owner and group of `like` (as far as this process may: a user who is not
/// root keeps the file as their own), and `mode`.
fn set_access(
    file: &std::fs::File,
    mode: u32,
    like: Option<&std::fs::Metadata>,
) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        if let Some(meta) = like {
            {
                let current = file.metadata()?;
                if (current.uid(), current.gid()) != (meta.uid(), meta.gid()) {
                    // Only root may give a file away; anyone may keep it as their own.
                    match std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                            let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        file.set_permissions(std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, mode, like);
        Ok(())
    }
}

/// Removes temporary files a killed run of this tool left in `dir`: only names of this module's
/// pattern whose process is gone.
#[cfg(target_os = "linux")]
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(TEMP_PREFIX)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if !alive && is_file {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
mod linux {
    //! `O_TMPFILE`: the file has no name until it is complete, so a killed run leaves nothing.
    //! `rustix` (already in the tree through `tempfile`) gives `linkat` with
    //! `AT_SYMLINK_FOLLOW`, which std's `hard_link` does not.

    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Path;

    use rustix::fs::{linkat, AtFlags, CWD};

    /// Errors that mean the file system (or the kernel) has no `O_TMPFILE`.
    pub(super) fn tmpfile_unsupported(e: &std::io::Error) -> bool {
        matches!(
            e.raw_os_error(),
            Some(code) if code == rustix::io::Errno::OPNOTSUPP.raw_os_error()
                || code == rustix::io::Errno::ISDIR.raw_os_error()
                || code == rustix::io::Errno::INVAL.raw_os_error()
                || code == rustix::io::Errno::NOENT.raw_os_error() && !Path::new("/proc/self/fd").exists()
        )
    }

    pub(super) fn replace_via_tmpfile(
        dir: &Path,
        target: &Path,
        contents: &[u8],
        mode: u32,
        like: Option<&std::fs::Metadata>,
    ) -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .mode(0o600)
            .custom_flags(rustix::fs::OFlags::TMPFILE.bits() as i32)
            .open(dir)?;
        super::set_access(&file, mode, like)?;
        file.write_all(contents)?;
        file.sync_all()?;
        let unique = format!(
            "{}{:016x}",
            super::temp_name_prefix(),
            rand_u64(file.as_raw_fd())
        );
        let name = dir.join(unique);
        let fd_path = format!("/proc/self/fd/{}", file.as_raw_fd());
        linkat(CWD, fd_path.as_str(), CWD, &name, AtFlags::SYMLINK_FOLLOW)?;
        if let Err(e) = std::fs::rename(&name, target) {
            let _ = std::fs::remove_file(&name);
            return Err(e);
        }
        Ok(())
    }

    /// A name nobody else picks: the time, the process and the descriptor, hashed.
    fn rand_u64(fd: i32) -> u64 {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_i32(fd);
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_written_0600_and_replace_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("values.yaml");
        atomic_write(&path, b"new", Sensitivity::Secret).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        atomic_write(&path, b"newer", Sensitivity::Secret).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "newer");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_secret_stays_with_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("values.yaml");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o751)).unwrap();
        atomic_write(&path, b"new", Sensitivity::Public).unwrap();
        assert_eq!(mode(&path), 0o751);
        atomic_write(&path, b"password", Sensitivity::Secret).unwrap();
        assert_eq!(mode(&path), 0o700);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_regular_file_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.yaml");
        let link = dir.path().join("link.yaml");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink("real.yaml", &link).unwrap();
        atomic_write(&link, b"new", Sensitivity::Public).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink("nowhere.yaml", &link).unwrap();
        assert!(atomic_write(&link, b"new", Sensitivity::Public).is_err());
        assert!(!dir.path().join("nowhere.yaml").exists());
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(atomic_write(dir.path(), b"x", Sensitivity::Public).is_err());
    }

    #[test]
    fn an_output_that_is_an_input_is_refused_by_path_and_by_inode() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("x.env");
        std::fs::write(&input, "A=1\n").unwrap();
        assert!(refuse_if_input(&input, &[&input]).is_err());
        let dotted = dir.path().join(".").join("x.env");
        assert!(refuse_if_input(&dotted, &[&input]).is_err());
        #[cfg(unix)]
        {
            let hard = dir.path().join("hard.env");
            std::fs::hard_link(&input, &hard).unwrap();
            assert!(refuse_if_input(&hard, &[&input]).is_err());
        }
        let other = dir.path().join("out.yaml");
        assert!(refuse_if_input(&other, &[&input, Path::new("-")]).is_ok());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temp_files_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // No process has id 4194305 (above the kernel's pid_max limit).
        let stale = dir
            .path()
            .join(format!("{TEMP_PREFIX}4194305-00000000000000aa"));
        let live = dir
            .path()
            .join(format!("{TEMP_PREFIX}{}-00", std::process::id()));
        let unrelated = dir.path().join(".customimage-other");
        for p in [&stale, &live, &unrelated] {
            std::fs::write(p, "").unwrap();
        }
        atomic_write(&dir.path().join("out"), b"x", Sensitivity::Public).unwrap();
        assert!(!stale.exists());
        assert!(live.exists() && unrelated.exists());
    }
}
