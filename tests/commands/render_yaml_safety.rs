//! Any input gives valid YAML: every string field of the values, the image spec, the release
//! and the namespace is set to hostile text (YAML indicators, quotes, line breaks, control
//! characters, characters YAML 1.1 refuses raw, words YAML reads as booleans or numbers), the
//! objects are rendered, and PyYAML (a YAML 1.1 reader, strict about characters) must read
//! every value back exactly. Rendered through the library: the CLI would refuse most of these
//! values in its lint step before rendering.

use crate::support::api::{
    build_objects, chart_manifests, render_build as build, stream, values_json, BuildJob,
    BuilderImage, CustomImage, ImageSpec, Packages, Quantity, ResourceList, Resources, Secret,
    Secrets,
};
use crate::support::pyyaml::safe_load_all;
use crate::support::render::*;

fn hostile() -> Vec<String> {
    let mut texts: Vec<String> = [
        "plain",
        "",
        " lead",
        "trail ",
        "a: b",
        "#c",
        "x #y",
        "- d",
        "'q'",
        "\"dq\"",
        "back\\slash",
        "multi\nline",
        "multi\nline\n",
        "two\n\n",
        "\n lead break",
        "a \nb",
        "a\n b",
        "tab\tch",
        "cr\rlf",
        "crlf\r\n",
        "ctrl\u{1}x",
        "del\u{7f}",
        "nel\u{85}",
        "ls\u{2028}ps\u{2029}",
        "bom\u{feff}",
        "emoji \u{1F600}",
        "yes",
        "No",
        "off",
        "~",
        "null",
        "1.5",
        "0x1F",
        "1_000",
        "1:20",
        "2024-01-02",
        "---",
        "...",
        "{a: 1}",
        "[x]",
        "&anchor",
        "*alias",
        "!tag",
        "|",
        ">",
        "%x",
        "@x",
        "`x",
        "?",
        "? q",
        ": c",
        "é ñ 中文",
        "a\u{a0}b",
        "\u{e000}",
        "k: v\n- item\n",
        "}{][",
        "a,b",
        "\\n",
        "key:\n  nested: 1",
        "x\u{0}y",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    texts.push("long ".repeat(30));
    texts.push(format!("{}x", "two  ".repeat(25)));
    texts.push(format!("'{}'", "q ".repeat(50)));
    texts.push(format!("tab\t{}", "z ".repeat(50)));
    texts.push(format!("{}\n{}", "line ".repeat(20), "more ".repeat(20)));
    texts
}

fn values(s: &str) -> CustomImage {
    let quantity = || Some(Quantity(s.to_string()));
    CustomImage {
        enabled: Some(true),
        registry_endpoint: Some(format!("r{s}")),
        // registryUsername is the block's last key: a line break at its very end would be lost
        // as it is in the chart (see the unit test `a_last_value_loses_its_final_line_breaks_as_in_the_chart`).
        registry_username: Some(format!("{s}u")),
        registry_password: Some(Secret::new(s)),
        push_repo: None,
        push_repo_prefix: Some(format!("p{s}")),
        push_secret_name: Some(s.to_string()),
        insecure_skip_verify: Some(true),
        build_job: Some(BuildJob {
            image: Some(BuilderImage {
                repository: Some(s.to_string()),
                tag: Some(s.to_string()),
            }),
            resources: Some(Resources {
                limits: Some(ResourceList {
                    cpu: quantity(),
                    memory: quantity(),
                }),
                requests: Some(ResourceList {
                    cpu: quantity(),
                    memory: quantity(),
                }),
            }),
            ephemeral_storage: quantity(),
        }),
    }
}

fn spec(s: &str) -> ImageSpec {
    ImageSpec {
        name: format!("n{s}"),
        namespace: Some(format!("ns{s}")),
        base_image: s.to_string(),
        pull_secret: Some(format!("ps{s}")),
        packages: Packages {
            apt: vec![s.to_string(), "curl".into()],
            pip: vec![s.to_string()],
            conda: vec![format!("c{s}")],
        },
        update_time: Some(s.to_string()),
    }
}

#[test]
fn hostile_text_in_every_field_reads_back_exactly() {
    for s in hostile() {
        let ci = values(&s);
        let release = format!("rel{s}");
        let namespace = format!("ns{s}");
        let mut objects = chart_manifests(&ci, &release, &namespace).expect("renders");
        let built = build::render(&ci, &spec(&s), &namespace).expect("renders");
        objects.extend(build_objects(&built));
        let docs = safe_load_all(&stream(&objects));
        assert_eq!(docs.len(), 4, "{s:?}");

        let secret = doc(&docs, "Secret");
        assert_eq!(
            secret["metadata"]["name"],
            format!("rel{s}-controller-custom-image-push-secret"),
            "{s:?}"
        );
        assert_eq!(secret["metadata"]["namespace"], namespace, "{s:?}");
        let (registry, credentials) = registry_and_credentials(&docker_config_text(&docs));
        assert_eq!(registry, format!("r{s}"), "{s:?}");
        assert_eq!(credentials, format!("{s}u:{s}"), "{s:?}");

        let config = doc(&docs, "ConfigMap")["data"]["config.yaml"]
            .as_str()
            .expect("config.yaml")
            .to_string();
        let inner = safe_load_all(&config);
        assert_eq!(
            inner[0]["customImage"],
            values_json(&ci, Secrets::Reveal),
            "{s:?}\n{config}"
        );

        let job = doc(&docs, "ImageSpecJob");
        assert_eq!(job["metadata"]["name"], built.job_name, "{s:?}");
        assert_eq!(job["spec"]["baseImage"], s, "{s:?}");
        assert_eq!(
            job["spec"]["packages"]["apt"],
            serde_json::json!([s, "curl"]),
            "{s:?}"
        );
        // An empty updateTime is left out, as Go's omitempty would.
        let update_time = if s.is_empty() {
            serde_json::Value::Null
        } else {
            s.clone().into()
        };
        assert_eq!(job["spec"]["updateTime"], update_time, "{s:?}");

        let pod = doc(&docs, "Pod");
        let env = &pod["spec"]["containers"][0]["env"];
        assert_eq!(env[0]["value"], built.dockerfile, "{s:?}");
        assert_eq!(env[1]["value"], s, "{s:?}");
        assert_eq!(
            pod["spec"]["containers"][0]["image"],
            format!("{s}:{s}"),
            "{s:?}"
        );
        assert_eq!(
            pod["spec"]["volumes"][3]["secret"]["secretName"],
            format!("ps{s}")
        );
    }
}
