//! `customimage migrate ENV [--into VALUES] [-o OUT | --in-place]`: a 2.x `.env`'s Image Builder
//! settings as the 3.x `customImage` values block, alone or merged into the values file 2.x
//! layered over it.
//!
//! Owns: what is written and where. [`emit`] writes YAML scalars that every reader reads back
//! unchanged; [`merge`] adds keys to a values file by editing its text; `into` reproduces what
//! 2.x deployed from the `.env` and the values file. Reading the `.env` is `env`'s business,
//! checking it `lint`'s.

pub mod emit;
mod into;
pub mod merge;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::cli::{exit, Globals, MigrateArgs};
use crate::write::{atomic_write, Sensitivity};

use emit::{Entry, Value};

/// Runs `customimage migrate` and returns the exit status.
pub fn run(args: &MigrateArgs, globals: Globals) -> u8 {
    match migrate(args, globals) {
        Ok(()) => exit::OK,
        Err(code) => code,
    }
}

fn migrate(args: &MigrateArgs, globals: Globals) -> Result<(), u8> {
    let into = args.into.as_deref();
    if args.env == "-" && into == Some(Path::new("-")) {
        return Err(usage("ENV and --into cannot both be standard input"));
    }
    if args.in_place && into == Some(Path::new("-")) {
        return Err(usage(
            "--in-place rewrites a file; --into - is standard input",
        ));
    }
    if let Some(output) = args.output.as_deref() {
        let inputs = [Path::new(&args.env), into.unwrap_or(Path::new("-"))];
        crate::write::refuse_if_input(output, &inputs).map_err(|e| usage(&e.to_string()))?;
    }
    // Read as a `.env` whatever its name: that is what `migrate` takes.
    let env = crate::lint::load_checked(&args.env, true, &args.release, globals)?;
    let migrated: Vec<Entry> = emit::entries(&env.located.custom_image)
        .into_iter()
        .filter(|e| e.value != Value::Text(String::new()))
        .collect();
    if migrated.is_empty() {
        crate::redact::print_stderr(&format!(
            "warning: {} sets none of the 2.x Image Builder keys (PRIMEHUB_FEATURE_CUSTOM_IMAGE, \
             PRIMEHUB_CUSTOM_IMAGE_*): there is nothing to migrate\n",
            env.source.name
        ));
    }
    let Some(values_path) = into else {
        let fragment = emit::fragment(&migrated, "\n");
        let sensitivity = if migrated.iter().any(|e| e.secret) {
            Sensitivity::Secret
        } else {
            Sensitivity::Public
        };
        return deliver(args.output.as_deref(), &fragment, sensitivity, globals);
    };
    let values_name = values_path.to_string_lossy();
    let merged = into::merge_into(&env, &migrated, &values_name, &args.release, globals)?;
    // A values file kept private (0600) stays private in its merged copies, password or not.
    let private = values_name != "-" && is_private(values_path);
    let sensitivity = secret_if(merged.merged_has_password || private);
    if args.in_place {
        let backup = secret_if(merged.original_has_password || private);
        in_place(values_path, &merged, sensitivity, backup, globals)
    } else {
        deliver(args.output.as_deref(), &merged.merged, sensitivity, globals)
    }
}

fn usage(message: &str) -> u8 {
    crate::redact::print_stderr(&format!("customimage: {message}\n"));
    exit::USAGE
}

fn secret_if(secret: bool) -> Sensitivity {
    if secret {
        Sensitivity::Secret
    } else {
        Sensitivity::Public
    }
}

/// Whether only the owner may read the file at `path`.
fn is_private(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Writes `text` to `output`, or to standard output. Unscrubbed on purpose: this is the values
/// file the operator installs, so the password must be in it, and masking a registered secret
/// that happens to appear elsewhere in the file (a password `docker` in `docker.io`) would
/// corrupt it. Findings and notes go to standard error, scrubbed.
fn deliver(
    output: Option<&Path>,
    text: &str,
    sensitivity: Sensitivity,
    globals: Globals,
) -> Result<(), u8> {
    let Some(path) = output else {
        crate::redact::print_sensitive(text);
        return Ok(());
    };
    write_file(path, text.as_bytes(), sensitivity)?;
    if !globals.quiet {
        crate::redact::print_stderr(&format!("customimage: wrote {}\n", path.display()));
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8], sensitivity: Sensitivity) -> Result<(), u8> {
    atomic_write(path, bytes, sensitivity).map_err(|e| {
        crate::redact::print_stderr(&format!(
            "customimage: {}: cannot write: {e}\n",
            path.display()
        ));
        exit::USAGE
    })
}

/// `VALUES.bak` first, then `VALUES`, each atomically: if anything fails, `VALUES` is either the
/// original or the merged file, never half of one, and the original is never lost. A symlink
/// is followed, so that the link stays a link.
fn in_place(
    values: &Path,
    merged: &into::Merged,
    sensitivity: Sensitivity,
    backup_sensitivity: Sensitivity,
    globals: Globals,
) -> Result<(), u8> {
    let target = std::fs::canonicalize(values).map_err(|e| {
        crate::redact::print_stderr(&format!("customimage: {}: {e}\n", values.display()));
        exit::USAGE
    })?;
    let backup = backup_path(values);
    // The backup takes the original's owner, group and mode.
    crate::write::atomic_write_like(&backup, &merged.original, backup_sensitivity, &target)
        .map_err(|e| {
            crate::redact::print_stderr(&format!(
                "customimage: {}: cannot write: {e}\n",
                backup.display()
            ));
            exit::USAGE
        })?;
    write_file(&target, merged.merged.as_bytes(), sensitivity)?;
    if !globals.quiet {
        crate::redact::print_stderr(&format!(
            "customimage: wrote {} (the original is in {})\n",
            values.display(),
            backup.display()
        ));
    }
    Ok(())
}

/// `VALUES.bak`, beside `VALUES` as the user named it.
fn backup_path(values: &Path) -> PathBuf {
    let mut name = OsString::from(values.as_os_str());
    name.push(".bak");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backup_sits_beside_the_values_file() {
        assert_eq!(
            backup_path(Path::new("helm_override/primehub.yaml")),
            PathBuf::from("helm_override/primehub.yaml.bak")
        );
    }
}
