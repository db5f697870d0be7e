//! `migrate --into VALUES` and `--in-place`: the values file 2.x deployed, every byte outside the
//! added `customImage` lines kept, conflicts reported, files replaced atomically.

use std::path::Path;

use crate::support::crate_path;
use crate::support::migrate::{migrate_into, values_file, TOP_LEVEL_KEYS};
use serde_json::json;
use similar::{ChangeTag, TextDiff};

const DOCKERHUB_ENV: &str = "fixtures/migrate/dockerhub-into.env";
const PASSWORD: &str = "dckr_pat_Canary-0123";

/// The block 2.x deployed from `dockerhub-into.env` alone, as `migrate` must write it
/// (written by hand from the fixture, in the chart table's key order).
const DOCKERHUB_BLOCK: &str = "customImage:
  enabled: true
  registryEndpoint: docker.io
  registryUsername: infuseai
  registryPassword: dckr_pat_Canary-0123
  pushRepoPrefix: docker.io/infuseai
";

const KEYS: &[&str] = TOP_LEVEL_KEYS;

/// Every line of `original` is still in `merged`, in order and unchanged; every added line is
/// the `customImage:` key or one of its top-level keys.
fn assert_only_custom_image_lines_added(original: &str, merged: &str) -> Vec<String> {
    let mut added = Vec::new();
    for change in TextDiff::from_lines(original, merged).iter_all_changes() {
        let line = change.value();
        match change.tag() {
            ChangeTag::Equal => {}
            ChangeTag::Delete => panic!("a line of the values file changed: {line:?}"),
            ChangeTag::Insert => {
                let key = line.trim_start().split(':').next().unwrap_or("");
                assert!(
                    line.trim_end() == "customImage:"
                        || (line.starts_with("  ") && KEYS.contains(&key)),
                    "an added line outside customImage: {line:?}"
                );
                added.push(line.to_string());
            }
        }
    }
    added
}

#[test]
fn into_the_reference_file_appends_a_block_and_keeps_every_byte() {
    let path = crate_path("fixtures/migrate/helm_override-primehub-ee.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // The commented-out `#customImage:` block stays a comment; the new block goes at the end.
    assert_eq!(run.stdout, format!("{original}{DOCKERHUB_BLOCK}"));
    let added = assert_only_custom_image_lines_added(&original, &run.stdout);
    assert_eq!(added.concat(), DOCKERHUB_BLOCK);
    assert!(
        !run.stderr.contains(PASSWORD),
        "the password leaked to stderr"
    );

    // A YAML 1.1 reader sees the original values plus the block.
    let loaded = crate::support::pyyaml::safe_load_each(&[original, run.stdout]);
    let (before, after) = (&loaded[0], &loaded[1]);
    let mut expected = before.clone();
    expected["customImage"] = json!({
        "enabled": true,
        "registryEndpoint": "docker.io",
        "registryUsername": "infuseai",
        "registryPassword": PASSWORD,
        "pushRepoPrefix": "docker.io/infuseai",
    });
    assert_eq!(after, &expected);
}

#[test]
fn a_conflicting_key_keeps_the_values_file_and_is_reported() {
    let path = crate_path("fixtures/migrate/helm_override-conflict.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    let added = assert_only_custom_image_lines_added(&original, &run.stdout);
    assert_eq!(
        added,
        [
            "  enabled: true\n",
            "  registryEndpoint: docker.io\n",
            "  registryPassword: dckr_pat_Canary-0123\n",
        ],
        "only the keys the values file lacks are added"
    );
    // After the block's last key, before its trailing comment.
    assert!(run.stdout.contains(
        "  pushRepoPrefix: \"docker.io/infuseai-team\"   # the team's namespace\n  enabled: true\n"
    ));
    assert!(run.stdout.contains(
        "  registryPassword: dckr_pat_Canary-0123\n  # pushRepo: docker.io/infuseai-team/images\n"
    ));

    // The one disagreement, with both values and where each is written.
    let conflicts: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: customImage."))
        .collect();
    assert_eq!(conflicts.len(), 1, "{}", run.stderr);
    let line = conflicts[0];
    assert!(line.contains("customImage.pushRepoPrefix"), "{line}");
    assert!(line.contains("helm_override-conflict.yaml:7"), "{line}");
    assert!(line.contains("sets docker.io/infuseai-team"), "{line}");
    assert!(
        line.contains(
            "dockerhub-into.env:7 (PRIMEHUB_CUSTOM_IMAGE_REPO_PREFIX) sets docker.io/infuseai;"
        ),
        "{line}"
    );

    let loaded = crate::support::pyyaml::safe_load_each(&[run.stdout]);
    assert_eq!(
        loaded[0]["customImage"],
        json!({
            "registryUsername": "infuseai",
            "pushRepoPrefix": "docker.io/infuseai-team",
            "enabled": true,
            "registryEndpoint": "docker.io",
            "registryPassword": PASSWORD,
        })
    );
}

/// The chart's own `values.yaml` (1,170 lines, a duplicate key elsewhere, a `customImage` block
/// with commented-out keys and a nested `buildJob` last): the keys the block lacks go after its
/// last value, before the blank line and the next section.
#[test]
fn into_the_charts_values_file_inserts_after_the_nested_build_job() {
    let path = crate_path("fixtures/values/chart-values.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let added = assert_only_custom_image_lines_added(&original, &run.stdout);
    let block = DOCKERHUB_BLOCK.strip_prefix("customImage:\n").unwrap();
    assert_eq!(added.concat(), block);
    assert!(run.stdout.contains(&format!(
        "        memory: 100Mi\n{block}\n# Group Volume (shared volume over nfs)\n"
    )));
}

#[test]
fn a_conflicting_password_is_reported_without_either_value() {
    let (_dir, path) = values_file(
        "customImage:\n  registryPassword: 'other-Canary-pass'\n  registryEndpoint: docker.io\n",
    );
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run
        .stdout
        .contains("  registryPassword: 'other-Canary-pass'\n"));
    assert!(
        !run.stdout.contains(PASSWORD),
        "the .env's password must lose"
    );
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("customImage.registryPassword"))
        .unwrap_or_else(|| panic!("no conflict reported: {}", run.stderr));
    assert!(line.contains("different values"), "{line}");
    assert!(!run.stderr.contains(PASSWORD) && !run.stderr.contains("other-Canary-pass"));
}

#[test]
fn crlf_a_bom_and_a_missing_final_newline_are_kept() {
    let original = "\u{feff}a: 1\r\ncustomImage:\r\n  pushRepoPrefix: docker.io/infuseai\r\n# end";
    let (_dir, path) = values_file(original);
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\u{feff}a: 1\r\ncustomImage:\r\n  pushRepoPrefix: docker.io/infuseai\r\n  enabled: true\r\n  \
         registryEndpoint: docker.io\r\n  registryUsername: infuseai\r\n  \
         registryPassword: dckr_pat_Canary-0123\r\n# end"
    );
}

#[test]
fn an_empty_mapping_block_has_only_its_own_line_rewritten() {
    // (the `customImage` line as written, the line after the merge)
    for (line, kept) in [
        (
            "customImage: {}  # filled by migrate",
            "customImage: # filled by migrate",
        ),
        ("customImage: {}", "customImage:"),
    ] {
        let (_dir, path) = values_file(&format!("a: 1\n{line}\nb: 2\n"));
        let run = migrate_into(DOCKERHUB_ENV, &path);
        assert_eq!(run.code, Some(0), "{line:?}: {}", run.stderr);
        let block = DOCKERHUB_BLOCK.strip_prefix("customImage:\n").unwrap();
        assert_eq!(
            run.stdout,
            format!("a: 1\n{kept}\n{block}b: 2\n"),
            "{line:?}"
        );
    }
}

/// `customImage:` with nothing under it is `null`, as `~` and `null` are: layered after the
/// `.env`, it deleted every key the `.env` gave, so 2.x deployed none of them. The file is
/// kept as it is, and the warning says how to have them migrated after all.
#[test]
fn a_null_block_deleted_the_env_keys_in_2x_so_none_is_migrated() {
    for line in [
        "customImage:",
        "customImage:   ",
        "customImage: ~",
        "customImage: null",
    ] {
        let original = format!("a: 1\n{line}\nb: 2\n");
        let (_dir, path) = values_file(&original);
        let run = migrate_into(DOCKERHUB_ENV, &path);
        assert_eq!(run.code, Some(0), "{line:?}: {}", run.stderr);
        assert_eq!(run.stdout, original, "{line:?}");
        assert!(
            run.stderr
                .contains("values.yaml:2 sets the whole block to null")
                && run.stderr.contains("registryEndpoint (")
                && run
                    .stderr
                    .contains("dockerhub-into.env:4 (PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT)")
                && run.stderr.contains("write `customImage: {}` there"),
            "{line:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains(PASSWORD), "{}", run.stderr);
    }
}

#[test]
fn keys_go_after_the_last_value_not_after_comments_that_follow_the_block() {
    let original = "customImage:\n  buildJob:\n    resources:\n      limits:\n        cpu: 1\n  \
                    pushSecretName: >-\n    my-push-secret\n\n# store settings\nstore:\n  enabled: true\n";
    let (_dir, path) = values_file(original);
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let block = DOCKERHUB_BLOCK.strip_prefix("customImage:\n").unwrap();
    assert_eq!(
        run.stdout,
        format!(
            "customImage:\n  buildJob:\n    resources:\n      limits:\n        cpu: 1\n  \
             pushSecretName: >-\n    my-push-secret\n{block}\n# store settings\nstore:\n  enabled: true\n"
        )
    );
}

/// Each file alone is fine, but the override moves the endpoint to GCR while the `.env`'s
/// Docker Hub prefix and username stay: what 2.x deployed could not push. The merged values go
/// through the rules, and their errors refuse the merge.
#[test]
fn errors_that_only_the_merged_values_have_refuse_the_merge() {
    let (_dir, path) = values_file("customImage:\n  registryEndpoint: https://gcr.io\n");
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "", "nothing is written");
    assert!(run.stderr.contains("registry-mismatch"), "{}", run.stderr);
    assert!(
        run.stderr.contains("values.yaml (merged)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(PASSWORD), "{}", run.stderr);
}

#[test]
fn a_values_file_with_a_yaml_error_is_refused() {
    let (_dir, path) = values_file("customImage:\n  pushRepo: [unclosed\nstore: 1\n");
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("yaml-syntax"), "{}", run.stderr);
}

#[test]
fn a_flow_style_block_is_refused_rather_than_rewritten() {
    let (_dir, path) = values_file("customImage: {registryUsername: infuseai}\n");
    let run = migrate_into(DOCKERHUB_ENV, &path);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("flow style"), "{}", run.stderr);
}

#[test]
fn a_missing_values_file_is_an_io_error() {
    let run = migrate_into(DOCKERHUB_ENV, Path::new("/nonexistent/values.yaml"));
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
}
