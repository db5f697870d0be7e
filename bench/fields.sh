#!/usr/bin/env bash
# Benchmark (not a test): the peak memory of `customimage lint` when one value of the block,
# field by field, is as long as the input limit allows. `bench/scaling.sh` doubles a secret and
# one other value (pushRepoPrefix); every rule reads a different field, and each field takes
# its own path through them, so each is measured here at one size. Also a password made of the
# characters JSON escapes (`a\"b`), in YAML and in a .env, whose quoted form the redaction point
# keeps besides the password. Target as in scaling.sh: peak memory <= 3x input + 20 MB.
#
# usage: bench/fields.sh [BYTES]   (default 8388608, the input limit)
#        BIN=target/debug/customimage bench/fields.sh …   (default: a release build)
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:-8388608}
out=target/bench/fields
mkdir -p "$out"
. bench/release.sh

PYTHONPATH=bench PYTHONDONTWRITEBYTECODE=1 python3 - "$BIN" "$out" "$size" <<'PY'
import os, sys

from lint_run import limit as target, measure_once

bin_, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = size - 600  # room for the other lines: the input stays within the limit
BASE = {"registryEndpoint": "docker.io", "registryUsername": "bob",
        "registryPassword": "pw-12345", "pushRepoPrefix": "docker.io/bob"}

def values(over=None, job=""):
    block = dict(BASE, **(over or {}))
    return "customImage:\n" + "".join(f"  {k}: {v}\n" for k, v in block.items()) + job

def job(path, value):
    """`buildJob` with `value` at `path` (a list of keys under buildJob)."""
    text, indent = "  buildJob:\n", 4
    for key in path[:-1]:
        text += " " * indent + key + ":\n"
        indent += 2
    return text + " " * indent + f"{path[-1]}: {value}\n"

def env(**over):
    keys = {"REGISTRY_ENDPOINT": "docker.io", "REGISTRY_USERNAME": "bob",
            "REGISTRY_PASSWORD": "pw-12345", "REPO_PREFIX": "docker.io/bob"}
    keys.update(over)
    return "".join(f"PRIMEHUB_CUSTOM_IMAGE_{k}={v}\n" for k, v in keys.items())

CASES = [
    ("registryEndpoint", "yaml", values({"registryEndpoint": "docker.io" + "a" * n})),
    ("registryUsername", "yaml", values({"registryUsername": "u" * n})),
    ("registryPassword", "yaml", values({"registryPassword": "p" * n})),
    ("pushRepo", "yaml", values({"pushRepo": "docker.io/" + "a" * n})),
    ("pushRepoPrefix", "yaml", values({"pushRepoPrefix": "docker.io/" + "a" * n})),
    ("pushSecretName", "yaml", values({"pushSecretName": "s" * n})),
    ("image.repository", "yaml", values(job=job(["image", "repository"], "r" * n))),
    ("image.tag", "yaml", values(job=job(["image", "tag"], "t" * n))),
    ("limits.cpu", "yaml", values(job=job(["resources", "limits", "cpu"], "9" * n))),
    ("limits.memory", "yaml", values(job=job(["resources", "limits", "memory"], "9" * n + "Gi"))),
    ("requests.memory", "yaml", values(job=job(["resources", "requests", "memory"], "9" * n + "Gi"))),
    ("ephemeralStorage", "yaml", values(job=job(["ephemeralStorage"], "x" * n))),
    (".env REGISTRY_ENDPOINT", "env", env(REGISTRY_ENDPOINT="docker.io" + "a" * n)),
    (".env REPO_PREFIX", "env", env(REPO_PREFIX="docker.io/" + "a" * n)),
    (".env REGISTRY_PASSWORD", "env", env(REGISTRY_PASSWORD="p" * n)),
    ("password of a\\\"b", "yaml", values({"registryPassword": "'" + 'a\\"b' * (n // 4) + "'"})),
    (".env password of p\"q", "env", env(REGISTRY_PASSWORD="'" + 'p"q' * (n // 3) + "'")),
]

print(f"{'value':<24} {'bytes':>9} {'cpu s':>6} {'peak MB':>8} {'limit MB':>8}")
over = 0
for name, kind, text in CASES:
    path = os.path.join(out, f"input.{kind}")
    with open(path, "w") as f:
        f.write(text)
    nbytes = len(text.encode())
    cpu, peak = measure_once(bin_, path)
    limit = target(nbytes)
    over += peak > limit
    flag = "  (over)" if peak > limit else ""
    print(f"{name:<24} {nbytes:>9} {cpu:>6.2f} {peak / 2**20:>8.1f} {limit / 2**20:>8.1f}{flag}",
          flush=True)
print(f"\n{len(CASES) - over} of {len(CASES)} within 3x input + 20 MB")
PY
