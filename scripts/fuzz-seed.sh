#!/usr/bin/env bash
# Seeds each fuzz target's corpus from fixtures/ (idempotent; the corpus is not checked in).
set -euo pipefail
cd "$(dirname "$0")/.."
seed() { # target, files…
  local dir=fuzz/corpus/$1
  shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] && cp -n "$f" "$dir/$(echo "$f" | tr '/' '_')"
  done
  return 0
}
shopt -s nullglob globstar
envs=(fixtures/**/*.env)
yamls=(fixtures/**/*.yaml fixtures/**/*.yml)
seed env_reader "${envs[@]}"
seed yaml_loader "${yamls[@]}"
seed lint_pipeline "${envs[@]}" "${yamls[@]}"
seed redaction "${envs[@]}"
