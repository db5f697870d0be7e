#!/usr/bin/env bash
# Installs what the tests need, idempotently: Debian's docker-registry (the CNCF distribution
# registry), skopeo and apache2-utils (htpasswd); and a virtualenv in .venv with
# kubernetes-validate (manifest validation), PyYAML (a YAML 1.1 reader, as Helm's is),
# helm-python-sdk (Helm's own Go library: chart lint against values.schema.json), pre-commit
# (runs the hooks of .pre-commit-hooks.yaml) and check-jsonschema (GitHub's action.yml schema);
# libxml2-utils (xmllint: the JUnit report against its XSD); groff-base (formats the man pages).
# Fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v docker-registry >/dev/null || need_apt+=(docker-registry)
command -v skopeo >/dev/null || need_apt+=(skopeo)
command -v htpasswd >/dev/null || need_apt+=(apache2-utils)
command -v make >/dev/null || need_apt+=(make)
command -v xmllint >/dev/null || need_apt+=(libxml2-utils)
command -v groff >/dev/null || need_apt+=(groff-base)
command -v git >/dev/null || need_apt+=(git)
if ((${#need_apt[@]})); then
  echo "setup: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

venv=.venv
py_packages=(kubernetes-validate==1.31.0 PyYAML==6.0.2 helm-python-sdk==0.2.2 pre-commit==4.7.0
  check-jsonschema==0.39.0)
stamp="$venv/.installed-$(printf '%s\n' "${py_packages[@]}" | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "setup: creating $venv with ${py_packages[*]}"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "${py_packages[@]}"
  touch "$stamp"
fi

# cargo-fuzz for `make fuzz` / `make fuzz-ci` (the targets build with the nightly toolchain).
if ! command -v cargo-fuzz >/dev/null; then
  echo "setup: installing cargo-fuzz"
  cargo install --quiet cargo-fuzz
fi
