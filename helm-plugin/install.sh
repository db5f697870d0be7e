#!/bin/sh
# The plugin's install and update hook. Helm runs it with `sh -c` from the user's working
# directory and HELM_PLUGIN_DIR set. A customimage already on PATH is used as it is; otherwise
# cargo builds this checkout into bin/ beside it (`cargo install --path`, so an update rebuilds).
set -eu

here=$(cd -P "$(dirname "$0")" && pwd)
root=$(cd -P "$here/.." && pwd)

if [ ! -x "$root/bin/customimage" ] && command -v customimage >/dev/null 2>&1; then
  echo "helm customimage: using $(command -v customimage)"
  exit 0
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "helm customimage: neither customimage nor cargo is on PATH: install Rust (https://rustup.rs) or put a customimage binary on PATH, then run \`helm plugin update customimage\`" >&2
  exit 1
fi
echo "helm customimage: building customimage with cargo (a few minutes the first time)"
cargo install --locked --quiet --force --path "$root" --root "$root"
echo "helm customimage: installed $root/bin/customimage"
