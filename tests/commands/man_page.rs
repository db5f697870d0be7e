//! The man pages as `man` shows them: groff formats every page without a warning, and the text a
//! reader sees has each subcommand's options with their help.

use std::io::Write;
use std::process::{Command, Stdio};

use clap::CommandFactory;

/// Formats a page as `man` does (preconv for UTF-8, groff's man macros); returns (text,
/// warnings).
fn groff(page: &[u8]) -> (String, String) {
    let mut child = Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-P-cbou"])
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
    assert_eq!(pages[0].0, "customimage.1");
    let roff = |name: &str| -> String {
        let page = &pages.iter().find(|(n, _)| n == name).unwrap().1;
        String::from_utf8(page.clone()).unwrap()
    };
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        roff("customimage.1").contains(&format!(".TH customimage 1  \"customimage {version}\"")),
        "{}",
        roff("customimage.1")
    );
    assert!(
        roff("customimage-lint.1").contains(&format!(
            ".TH customimage-lint 1  \"customimage {version}\""
        )),
        "{}",
        roff("customimage-lint.1")
    );
    assert!(!pages.iter().any(|(n, _)| n == "customimage-help.1"));
    let (main, _) = groff(&pages[0].1);
    for sub in [
        "migrate", "lint", "render", "diff", "check", "schema", "explain", "man",
    ] {
        assert!(main.contains(sub), "{sub}: {main}");
    }
    let lint = pages
        .iter()
        .find(|(n, _)| n == "customimage-lint.1")
        .unwrap();
    let (text, _) = groff(&lint.1);
    assert!(text.contains("customimage lint"), "{text}");
    assert!(text.contains("--strict"), "{text}");
    assert!(text.contains("junit") && text.contains("gitlab"), "{text}");
    assert!(text.contains("Exit 1 on warnings too"), "{text}");
}

#[test]
fn customimage_man_prints_the_main_page_or_writes_them_all() {
    let out = Command::new(env!("CARGO_BIN_EXE_customimage"))
        .arg("man")
        .output()
        .unwrap();
    assert!(out.status.success());
    let (text, warnings) = groff(&out.stdout);
    assert!(warnings.trim().is_empty(), "{warnings}");
    assert!(text.contains("customimage"), "{text}");
    for sub in ["lint", "diff", "schema", "man"] {
        assert!(text.contains(sub), "{sub}: {text}");
    }

    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_customimage"))
        .args(["man", "--output-dir"])
        .arg(dir.path().join("man1"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("man1"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for sub in [
        "lint", "migrate", "render", "diff", "check", "schema", "explain",
    ] {
        assert!(names.contains(&format!("customimage-{sub}.1")), "{names:?}");
    }
    assert!(names.contains(&"customimage.1".to_string()));
    assert!(!names.contains(&"customimage-help.1".to_string()));
    // `man` reads them from there.
    let page = Command::new("man")
        .args(["-l", "-P", "cat"])
        .arg(dir.path().join("man1/customimage-schema.1"))
        .env("MANWIDTH", "100")
        .output()
        .unwrap();
    let page = String::from_utf8_lossy(&page.stdout);
    assert!(page.contains("--draft"), "{page}");
}
