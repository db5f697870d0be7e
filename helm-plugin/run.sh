#!/bin/sh
# `helm customimage …`: runs customimage with the user's arguments, in the user's directory.
#
# Helm takes its own global flags (-n/--namespace, --kube-context, …) out of the arguments and
# passes them in the environment instead, so Helm's namespace arrives as HELM_NAMESPACE. It is
# given to customimage as `--namespace` for the commands whose `--help` lists that option.
set -eu

here=$(cd -P "$(dirname "$0")" && pwd)
root=$(cd -P "$here/.." && pwd)

# The binary the install hook built (bin/ under the plugin's checkout), else one on PATH.
if [ -x "$root/bin/customimage" ]; then
  bin="$root/bin/customimage"
elif command -v customimage >/dev/null 2>&1; then
  bin=$(command -v customimage)
else
  echo "helm customimage: no customimage binary: run \`helm plugin update customimage\` with cargo on PATH, or put customimage on PATH" >&2
  exit 2
fi

if [ "$#" -gt 0 ] && [ -n "${HELM_NAMESPACE:-}" ]; then
  case "$1" in
    -*) ;;
    *)
      if "$bin" "$1" --help 2>/dev/null | grep -q -e '--namespace'; then
        cmd=$1
        shift
        exec "$bin" "$cmd" --namespace "$HELM_NAMESPACE" "$@"
      fi
      ;;
  esac
fi
exec "$bin" "$@"
