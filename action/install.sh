#!/usr/bin/env bash
# The action's install step: a customimage already on PATH is used; otherwise cargo (on every
# GitHub-hosted runner) builds the action's own checkout into $RUNNER_TEMP and puts it on PATH.
set -euo pipefail
if command -v customimage >/dev/null 2>&1; then
  echo "customimage: using $(command -v customimage) ($(customimage --version))"
  exit 0
fi
root="${RUNNER_TEMP:?}/customimage"
cargo install --locked --quiet --path "${GITHUB_ACTION_PATH:?}" --root "$root"
echo "$root/bin" >> "${GITHUB_PATH:?}"
echo "customimage: installed $("$root/bin/customimage" --version)"
