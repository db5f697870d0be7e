//! `customimage man [--output-dir DIR]`: man pages generated from the command-line definitions
//! (`clap_mangen`), so that they never drift from `--help`: `customimage(1)` for the tool, and
//! one `customimage-<command>(1)` page per subcommand with its own options, as git and cargo
//! ship theirs.

use std::io;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{Error, Globals, Outcome};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write every page (`customimage.1`, `customimage-lint.1`, …) into this directory instead
    /// of printing the main page (e.g. `/usr/local/share/man/man1`).
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
}

/// Prints the main page, or writes all of them, for `command` (the whole command line, as `cli`
/// defines it).
pub fn run(args: &ManArgs, command: clap::Command, globals: &Globals) -> Result<Outcome, Error> {
    match &args.output_dir {
        None => {
            let text = page(command).map_err(|e| Error::Internal(e.to_string()))?;
            crate::redact::print_stdout(&String::from_utf8_lossy(&text));
        }
        Some(dir) => {
            let written = write_pages(command, dir).map_err(|e| Error::write(dir, e))?;
            for path in written {
                crate::report::note(
                    globals.quiet,
                    &format!("customimage: wrote {}", path.display()),
                );
            }
        }
    }
    Ok(Outcome::Success)
}

/// The main page, `customimage.1`, in roff.
pub fn page(cmd: clap::Command) -> io::Result<Vec<u8>> {
    let source = source(&cmd);
    render(cmd, source)
}

/// The footer's source: the tool and its version (`customimage 0.1.0`) on every page.
fn source(cmd: &clap::Command) -> String {
    match cmd.get_version() {
        Some(version) => format!("{} {version}", cmd.get_name()),
        None => cmd.get_name().to_string(),
    }
}

fn render(cmd: clap::Command, source: String) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).source(source).render(&mut out)?;
    Ok(out)
}

/// Every page: the main one, then one per subcommand (`customimage-lint.1`, …), each with its
/// file name. The `help` subcommand clap adds has none.
pub fn pages(cmd: clap::Command) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = cmd;
    cmd.build();
    let name = cmd.get_name().to_string();
    let source = source(&cmd);
    let mut pages = vec![(format!("{name}.1"), render(cmd.clone(), source.clone())?)];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        // Once built, a subcommand's display name is `customimage-lint`: the page's title.
        let file = format!("{name}-{}.1", sub.get_name());
        pages.push((file, render(sub.clone(), source.clone())?));
    }
    Ok(pages)
}

/// Writes [`pages`] into `dir` (created if missing); returns the files written.
pub fn write_pages(cmd: clap::Command, dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (file, text) in pages(cmd)? {
        let path = dir.join(file);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}
