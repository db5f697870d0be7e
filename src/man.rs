//! Man pages generated from the command-line definitions (`clap_mangen`), so that they never
//! drift from `--help`: `customimage(1)` for the tool, and one `customimage-<command>(1)` page
//! per subcommand with its own options, as git and cargo ship theirs.

use std::io;
use std::path::{Path, PathBuf};

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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_pages_cover_every_subcommand_and_its_options() {
        let pages = super::pages(crate::cli::Cli::command()).unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[0], "customimage.1");
        for sub in [
            "lint", "migrate", "render", "diff", "check", "schema", "explain",
        ] {
            assert!(
                names.contains(&format!("customimage-{sub}.1").as_str()),
                "{names:?}"
            );
        }
        assert!(!names.contains(&"customimage-help.1"));
        let main = String::from_utf8(pages[0].1.clone()).unwrap();
        assert!(main.starts_with(".ie \\n(.g .ds Aq"), "{main}");
        assert!(main.contains(".TH customimage 1"), "{main}");
        let lint = &pages
            .iter()
            .find(|(n, _)| n == "customimage-lint.1")
            .unwrap()
            .1;
        let lint = String::from_utf8(lint.clone()).unwrap();
        assert!(
            lint.contains(&format!(
                ".TH customimage-lint 1  \"customimage {}\"",
                env!("CARGO_PKG_VERSION")
            )),
            "{lint}"
        );
        assert!(lint.contains("deny\\-warnings"), "{lint}");
    }
}
