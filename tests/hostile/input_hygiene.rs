//! Input hygiene (issue 12, findings 5 and 9): no key or value length makes an output panic,
//! and control characters and escape sequences from the input reach neither a terminal (human
//! output, colours off or on) nor a CI log (github annotations) as themselves.

/// `customimage` with colours off, so that output can be matched as text.
fn customimage() -> assert_cmd::Command {
    crate::support::cli::command()
}

const FORMATS: [&str; 4] = ["human", "json", "sarif", "github"];

fn lint(path: &std::path::Path, format: &str) -> std::process::Output {
    customimage()
        .args(["lint", "--format", format])
        .arg(path)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_65535_character_key_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let key = "k".repeat(65_535);
    let env_key = format!("PRIMEHUB_CUSTOM_IMAGE_{}", "K".repeat(65_535));
    let files = [
        write(
            &dir,
            "explicit.yaml",
            &format!("customImage:\n  registryEndpoint: docker.io\n  ? {key}\n  : 1\n"),
        ),
        write(
            &dir,
            "implicit.yaml",
            &format!("customImage:\n  registryEndpoint: docker.io\n  {key}: 1\n"),
        ),
        write(
            &dir,
            "value.yaml",
            &format!("customImage:\n  registryEndpoint: docker.io\n  pushRepo: {key}\n"),
        ),
        write(&dir, "long.env", &format!("{env_key}=1\nA={key}\n")),
    ];
    for file in &files {
        for format in FORMATS {
            let out = lint(file, format);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{} --format {format}: {:?} {stderr}",
                file.display(),
                out.status
            );
            assert!(!stderr.contains("internal error"), "{stderr}");
        }
        // The human report cuts long lines with an ellipsis.
        let human = String::from_utf8(lint(file, "human").stdout).unwrap();
        assert!(human.contains('…'), "{}", &human[..human.len().min(500)]);
        assert!(
            human.lines().all(|l| l.chars().count() < 400),
            "no line of the report is unbounded"
        );
    }
}

#[test]
fn escape_sequences_in_input_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // OSC 52 (write the clipboard), a screen clear (CSI 2J, 7-bit and 8-bit), BEL, a bare CR
    // and a right-to-left override.
    let hostile = "\u{1b}]52;c;aGVsbG8=\u{7}\u{1b}[2J\u{9b}2J\r\u{202e}x";
    let files = [
        write(
            &dir,
            "values.yaml",
            &format!("customImage:\n  registryEndpoint: docker.io\n  pushRepo: \"A{hostile}\"\n"),
        ),
        write(
            &dir,
            "x.env",
            &format!("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\nPRIMEHUB_CUSTOM_IMAGE_PUSH_REPO='A{hostile}'\n"),
        ),
    ];
    for file in &files {
        for format in ["human", "github"] {
            for color in ["never", "always"] {
                let out = std::process::Command::new(env!("CARGO_BIN_EXE_customimage"))
                    .args(["--color", color, "lint", "--format", format])
                    .arg(file)
                    .output()
                    .unwrap();
                assert_eq!(out.status.code(), Some(1));
                let stdout = String::from_utf8(out.stdout).unwrap();
                // YAML refuses raw control characters (a syntax error, which quotes no value):
                // there only the human snippet shows the line.
                let quoted = format == "human" || file.ends_with("x.env");
                assert!(
                    !quoted || stdout.contains("\\e]52;c;aGVsbG8=\\u{7}"),
                    "{} {format}: the escape is shown escaped:\n{stdout}",
                    file.display()
                );
                for raw in ["\u{1b}]", "\u{7}", "\u{1b}[2J", "\u{9b}", "\r", "\u{202e}"] {
                    assert!(
                        !stdout.contains(raw),
                        "{} {format} --color {color}: raw {raw:?} in:\n{stdout}",
                        file.display()
                    );
                }
            }
        }
    }
}
