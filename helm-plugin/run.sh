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

if [ "$#" -eq 0 ]; then
  exec "$bin"
fi
case "$1" in
  -*) exec "$bin" "$@" ;;
esac
cmd=$1
shift
help=$("$bin" "$cmd" --help 2>/dev/null || true)

# `helm customimage lint -f values.yaml`, Helm's way of naming a values file: until customimage's
# lint takes `-f/--values` itself (its --help then says so), the files become its paths.
if [ "$cmd" = lint ] && ! printf '%s\n' "$help" | grep -q -e '--values'; then
  n=$#
  while [ "$n" -gt 0 ]; do
    arg=$1
    shift
    n=$((n - 1))
    case "$arg" in
      -f | --values)
        if [ "$n" -gt 0 ]; then
          set -- "$@" "$1"
          shift
          n=$((n - 1))
        else
          set -- "$@" "$arg"
        fi
        ;;
      --values=*) set -- "$@" "${arg#--values=}" ;;
      *) set -- "$@" "$arg" ;;
    esac
  done
fi

if [ -n "${HELM_NAMESPACE:-}" ] && printf '%s\n' "$help" | grep -q -e '--namespace'; then
  exec "$bin" "$cmd" --namespace "$HELM_NAMESPACE" "$@"
fi
exec "$bin" "$cmd" "$@"
