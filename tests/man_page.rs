//! The man pages as `man` shows them: groff formats every page without a warning, and the text a
//! reader sees has each subcommand's options with their help.

use std::io::Write;
use std::process::{Command, Stdio};

use clap::CommandFactory;

/// Formats a page with groff's man macros, as `man` does; returns (text, warnings).
fn groff(page: &[u8]) -> (String, String) {
    let mut child = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-P-cbou"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("groff (Debian groff-base, installed by scripts/setup.sh)");
    child.stdin.take().unwrap().write_all(page).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_page_formats_cleanly_and_documents_its_options() {
    let pages = customimage::commands::man::pages(customimage::cli::Cli::command()).unwrap();
    assert!(pages.len() >= 8, "{}", pages.len());
    for (name, page) in &pages {
        let (text, warnings) = groff(page);
        assert!(warnings.trim().is_empty(), "{name}: {warnings}");
        assert!(
            text.contains("NAME") && text.contains("SYNOPSIS"),
            "{name}: {text}"
        );
    }
    let (main, _) = groff(&pages[0].1);
    assert!(
        main.contains("customimage-lint(1)") || main.contains("lint"),
        "{main}"
    );
    let lint = pages
        .iter()
        .find(|(n, _)| n == "customimage-lint.1")
        .unwrap();
    let (text, _) = groff(&lint.1);
    assert!(text.contains("customimage lint"), "{text}");
    assert!(text.contains("--deny-warnings"), "{text}");
    assert!(text.contains("Exit 1 on warnings too"), "{text}");
}
