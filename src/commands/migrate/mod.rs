//! `customimage migrate ENV [--into VALUES] [-f FILE…] [--set…] [-o OUT | --in-place]`: a 2.x
//! `.env`'s Image Builder settings as the 3.x `customImage` values block, alone or merged into
//! the values file 2.x layered over it, with the files and flags 2.x layered after that.
//!
//! Owns: what is written and where. [`emit`] writes YAML scalars that every reader reads back
//! unchanged; [`merge`] adds keys to a values file by editing its text; `into` finds which of
//! the `.env`'s keys 2.x really deployed once the later layers were applied, and proves the
//! result with Helm's coalescing. Reading the `.env` is `env`'s business, checking it `lint`'s.

pub mod emit;
mod into;
pub mod merge;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{Error, Globals, Outcome};
use crate::write::{atomic_write, Sensitivity};

use emit::{Entry, Value};

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The 2.x `.env` file (`-` for standard input).
    pub env: String,
    /// Merge into this values file (2.x's `helm_override/primehub.yaml`): its values win.
    #[arg(long, value_name = "VALUES")]
    pub into: Option<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT", conflicts_with = "in_place")]
    pub output: Option<PathBuf>,
    /// Rewrite the `--into` file in place, keeping the original as `VALUES.bak`.
    #[arg(long, requires = "into")]
    pub in_place: bool,
    /// The values files and flags 2.x deployed after the `.env` (and after `--into`), as `helm
    /// -f … --set …`: a `.env` key they override is not migrated, and the result layered with
    /// them must give what 2.x deployed.
    #[command(flatten)]
    pub layers: super::layers::LayerArgs,
}

/// `customimage migrate`.
pub fn run(args: &MigrateArgs, globals: &Globals) -> Result<Outcome, Error> {
    let into = args.into.as_deref();
    if args.env == "-" && into == Some(Path::new("-")) {
        return Err(Error::usage("ENV and --into cannot both be standard input"));
    }
    if args.in_place && into == Some(Path::new("-")) {
        return Err(Error::usage(
            "--in-place rewrites a file; --into - is standard input",
        ));
    }
    if let Some(output) = args.output.as_deref() {
        let mut inputs = vec![Path::new(&args.env), into.unwrap_or(Path::new("-"))];
        inputs.extend(args.layers.values.iter().map(Path::new));
        crate::write::refuse_if_input(output, &inputs).map_err(|e| Error::usage(e.to_string()))?;
    }
    let migration = if args.layers.is_layered() || into.is_some() {
        into::migrate(&args.env, into, &args.layers, globals)?
    } else {
        fragment(&args.env, globals)?
    };
    match migration {
        Migration::Merged(merged) => {
            let values_path = into.unwrap_or(Path::new("-"));
            // A values file kept private (0600) stays private in its merged copies, password
            // or not.
            let private = values_path != Path::new("-") && is_private(values_path);
            let sensitivity = secret_if(merged.merged_has_password || private);
            if args.in_place {
                let backup = secret_if(merged.original_has_password || private);
                in_place(values_path, &merged, sensitivity, backup, globals)?;
            } else {
                deliver(args.output.as_deref(), &merged.merged, sensitivity, globals)?;
            }
        }
        Migration::Fragment { text, secret } => {
            deliver(args.output.as_deref(), &text, secret_if(secret), globals)?;
        }
    }
    Ok(Outcome::Success)
}

/// What a migration writes.
pub enum Migration {
    /// The `customImage:` block alone (no `--into`); `secret` when it holds the password.
    Fragment { text: String, secret: bool },
    /// The `--into` values file with the migrated keys added.
    Merged(into::Merged),
}

impl Migration {
    /// The block of `entries` alone.
    fn fragment(entries: &[Entry]) -> Migration {
        Migration::Fragment {
            text: emit::fragment(entries, "\n"),
            secret: entries.iter().any(|e| e.secret),
        }
    }
}

/// `migrate ENV` alone: the `.env`'s block, the `.env` checked with every rule (it is all that
/// will be deployed).
fn fragment(env: &str, globals: &Globals) -> Result<Migration, Error> {
    // Read as a `.env` whatever its name: that is what `migrate` takes.
    let env = crate::analysis::load(env, true, &globals.release)?;
    globals.show_warnings(&env);
    Ok(Migration::fragment(&entries(&env)))
}

/// The `.env`'s keys with a value (an empty one is what 2.x's chart left unset too); a warning
/// when there are none.
fn entries(env: &crate::analysis::FileResult) -> Vec<Entry> {
    let migrated: Vec<Entry> = emit::entries(&env.located.custom_image)
        .into_iter()
        .filter(|e| e.value != Value::Text(String::new()))
        .collect();
    if migrated.is_empty() {
        crate::report::warning(&format!(
            "{} sets none of the 2.x Image Builder keys (PRIMEHUB_FEATURE_CUSTOM_IMAGE, \
             PRIMEHUB_CUSTOM_IMAGE_*): there is nothing to migrate",
            env.source.name
        ));
    }
    migrated
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
    globals: &Globals,
) -> Result<(), Error> {
    let Some(path) = output else {
        crate::redact::print_sensitive(text);
        return Ok(());
    };
    write_file(path, text.as_bytes(), sensitivity)?;
    crate::report::note(
        globals.quiet,
        &format!("customimage: wrote {}", path.display()),
    );
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8], sensitivity: Sensitivity) -> Result<(), Error> {
    atomic_write(path, bytes, sensitivity).map_err(|e| Error::write(path, e))
}

/// `VALUES.bak` first, then `VALUES`, each atomically: if anything fails, `VALUES` is either the
/// original or the merged file, never half of one, and the original is never lost. A symlink
/// is followed, so that the link stays a link.
fn in_place(
    values: &Path,
    merged: &into::Merged,
    sensitivity: Sensitivity,
    backup_sensitivity: Sensitivity,
    globals: &Globals,
) -> Result<(), Error> {
    let target = std::fs::canonicalize(values)
        .map_err(|e| Error::usage(format!("{}: {e}", values.display())))?;
    let backup = backup_path(values);
    // The backup takes the original's owner, group and mode.
    crate::write::atomic_write_like(&backup, &merged.original, backup_sensitivity, &target)
        .map_err(|e| Error::write(&backup, e))?;
    write_file(&target, merged.merged.as_bytes(), sensitivity)?;
    crate::report::note(
        globals.quiet,
        &format!(
            "customimage: wrote {} (the original is in {})",
            values.display(),
            backup.display()
        ),
    );
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
