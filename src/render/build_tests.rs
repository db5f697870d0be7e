use super::*;
use crate::render::image_spec::Packages;

fn spec(name: &str, base: &str, apt: &[&str], pip: &[&str], conda: &[&str]) -> ImageSpec {
    let list = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
    ImageSpec {
        name: name.into(),
        namespace: None,
        base_image: base.into(),
        pull_secret: None,
        packages: Packages {
            apt: list(apt),
            pip: list(pip),
            conda: list(conda),
        },
        update_time: None,
    }
}

fn values() -> CustomImage {
    CustomImage {
        registry_endpoint: Some("docker.io".into()),
        push_repo_prefix: Some("infuseai".into()),
        ..Default::default()
    }
    .with_chart_defaults()
}

#[test]
fn the_dockerfile_matches_the_specs_examples() {
    let b = render(
        &values(),
        &spec("t", "jupyter/base-notebook", &["curl"], &[], &[]),
        "hub",
    )
    .unwrap();
    assert_eq!(
        b.dockerfile,
        "FROM jupyter/base-notebook\n\nUSER root\n\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends \\\n      curl \\\n      && \\\n    apt-get purge && apt-get clean\n\n\n\n\n"
    );
    let b = render(&values(), &spec("t", "b", &[], &[], &[]), "hub").unwrap();
    assert_eq!(b.dockerfile, "FROM b\n\nUSER root\n\n\n\n\n");
}

#[test]
fn the_dockerfile_has_conda_before_pip_as_the_controller_writes_it() {
    // Derived by hand from generateDockerfile's Go template (whitespace trimmed by `{{-`).
    let b = render(
        &values(),
        &spec("t", "b", &[], &["numpy", "pandas==2.0"], &["scipy"]),
        "hub",
    )
    .unwrap();
    assert_eq!(
        b.dockerfile,
        "FROM b\n\nUSER root\n\n\n\nRUN conda install --quiet --yes \\\n      scipy \\\n      && \\\n    conda clean --all -f -y\n\n\n\nRUN pip install --no-cache-dir numpy pandas==2.0\n"
    );
}

#[test]
fn the_job_and_pod_carry_the_controllers_names_and_labels() {
    let b = render(
        &values(),
        &spec("testresource", "jupyter/base-notebook", &["curl"], &[], &[]),
        "hub",
    )
    .unwrap();
    assert_eq!(b.job_name, "testresource-96ff7925");
    assert_eq!(b.target_image, "docker.io/infuseai/testresource:96ff7925");
    assert!(
        b.job.contains("  name: \"testresource-96ff7925\"\n"),
        "{}",
        b.job
    );
    assert!(b
        .job
        .contains("    imagespecs.primehub.io/hash: \"96ff7925\"\n"));
    assert!(b.job.contains("  targetImage: \"testresource:96ff7925\"\n  pushSecret: \"primehub-controller-custom-image-push-secret\"\n  repoPrefix: \"infuseai\"\n"), "{}", b.job);
    assert!(b.pod.contains(&format!(
        "  name: \"{}\"\n",
        pod_name("testresource-96ff7925")
    )));
    assert!(
        b.pod.contains("    image: \"infuseai/buildah:v1.39.3\"\n"),
        "{}",
        b.pod
    );
    assert!(b
        .pod
        .contains("      value: \"docker.io/infuseai/testresource:96ff7925\"\n"));
    assert!(b.pod.contains("      sizeLimit: \"30Gi\"\n"));
    assert!(!b.pod.contains("pull-secret"));
}

#[test]
fn a_pull_secret_adds_a_volume_and_mount() {
    let mut s = spec("t", "b", &[], &[], &[]);
    s.pull_secret = Some("my-pull".into());
    let b = render(&values(), &s, "hub").unwrap();
    assert!(
        b.pod.contains(
            "    - name: pull-secret\n      mountPath: /pull-secret\n      readOnly: true\n"
        ),
        "{}",
        b.pod
    );
    assert!(b
        .pod
        .contains("  - name: pull-secret\n    secret:\n      secretName: \"my-pull\"\n"));
    assert!(b.job.contains("  pullSecret: \"my-pull\"\n"));
}

#[test]
fn without_a_push_target_nothing_is_rendered() {
    let custom_image = CustomImage::default().with_chart_defaults();
    assert!(matches!(
        render(&custom_image, &spec("t", "b", &[], &[], &[]), "hub"),
        Err(BuildError::NoPushTarget)
    ));
}

#[test]
fn ephemeral_storage_falls_back_to_30gi() {
    assert_eq!(ephemeral_storage(None), "30Gi");
    assert_eq!(ephemeral_storage(Some(&Quantity::from("lots"))), "30Gi");
    assert_eq!(ephemeral_storage(Some(&Quantity::from("50Gi"))), "50Gi");
    assert_eq!(ephemeral_storage(Some(&Quantity::from("1.5e3"))), "1.5e3");
}
