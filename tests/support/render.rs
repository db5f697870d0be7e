//! Reading what `render` emits: the objects of a stream (as PyYAML loaded them) and the push
//! secret's `.dockerconfigjson`.

use base64::Engine;

pub fn b64_decode(text: &str) -> String {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("valid base64");
    String::from_utf8(bytes).expect("UTF-8")
}

/// The document of `kind` in a loaded stream.
pub fn doc<'a>(docs: &'a [serde_json::Value], kind: &str) -> &'a serde_json::Value {
    docs.iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {docs:?}"))
}

/// The push secret's `.dockerconfigjson`, decoded, as raw text.
pub fn docker_config_text(docs: &[serde_json::Value]) -> String {
    let data = doc(docs, "Secret")["data"][".dockerconfigjson"]
        .as_str()
        .expect("the secret has .dockerconfigjson");
    b64_decode(data)
}

/// The single registry of a `.dockerconfigjson` and its decoded `auth` (`user:password`):
/// what `kubectl create secret docker-registry --docker-server=S --docker-username=U
/// --docker-password=P` puts in `auths` (one key, S; `auth` = base64 of `U:P`).
pub fn registry_and_credentials(config_text: &str) -> (String, String) {
    let config: serde_json::Value = serde_json::from_str(config_text).expect("valid JSON");
    let auths = config["auths"].as_object().expect("auths");
    assert_eq!(auths.len(), 1, "one registry: {config_text}");
    let (registry, entry) = auths.iter().next().expect("one entry");
    let auth = entry["auth"].as_str().expect("auth");
    (registry.clone(), b64_decode(auth))
}

/// Compares `rendered`, what `render` printed for `fixtures/render/<case>/values.yaml`, with its
/// reviewed golden: the insta snapshot `fixtures/render/<case>/render.snap`, next to the values
/// it was rendered from (`cargo insta review` or `INSTA_UPDATE=always` updates it).
///
/// insta compares text with trailing whitespace trimmed and CRLF read as LF; output that ends
/// in exactly one newline, has none before it and no carriage return is compared byte for byte.
pub fn assert_render_golden(case: &str, rendered: &str) {
    assert!(!rendered.contains('\r'), "{case}: a carriage return");
    let body = rendered
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("{case}: no final newline"));
    assert_eq!(
        body.trim_end(),
        body,
        "{case}: whitespace before the final newline"
    );
    insta::with_settings!({
        snapshot_path => format!("../../fixtures/render/{case}"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => format!("customimage render fixtures/render/{case}/values.yaml"),
    }, {
        insta::assert_snapshot!("render", rendered);
    });
}

/// Compares a rendered Dockerfile with its golden, `fixtures/render/image-specs/<spec>.snap.Dockerfile`
/// (written by hand from the controller's Go template, not produced by this tool): a binary
/// snapshot, compared byte for byte, trailing blank lines included.
pub fn assert_dockerfile_golden(spec: &str, dockerfile: &[u8]) {
    insta::with_settings!({
        snapshot_path => "../../fixtures/render/image-specs",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => format!("the Dockerfile for fixtures/image-specs/{spec}.yaml"),
    }, {
        insta::assert_binary_snapshot!(&format!("{spec}.Dockerfile"), dockerfile.to_vec());
    });
}
