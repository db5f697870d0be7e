#!/usr/bin/env bash
# Benchmark (not a test): does `customimage lint` cost linear time and bounded memory on every
# input shape? For each dimension (secret length, other value length, lines, continuation
# lines, keys, nesting, flow size, findings, files) the input is doubled from 64 KiB up to the
# input limit (8 MiB); each size is run three times, and the median CPU time (user + system) and
# the largest peak memory (/usr/bin/time) recorded.
# The fitted exponent is the slope of log(time) over log(size) on the upper half of the sizes
# (where start-up no longer dominates). Targets: exponent <= 1.15, peak memory <= 3x input + 20 MB.
#
# usage: bench/scaling.sh [MAX_BYTES] [DIMENSION…]   (default 8388608, every dimension)
#        BIN=target/debug/customimage bench/scaling.sh …   (default: a release build)
set -euo pipefail
cd "$(dirname "$0")/.."

max=${1:-8388608}
shift || true
out=target/bench/scaling
mkdir -p "$out"
. bench/release.sh

PYTHONPATH=bench PYTHONDONTWRITEBYTECODE=1 python3 - "$BIN" "$out" "$max" "$@" <<'PY'
import math, os, shutil, sys

from lint_run import limit as target, measure_once

bin_, out, max_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
only = set(sys.argv[4:])
HEAD = "customImage:\n  registryEndpoint: docker.io\n  registryUsername: bob\n"

def fill(unit, n):
    """`unit` repeated to about n bytes."""
    return unit * max(1, n // len(unit))

def secret(n):      # a repetitive password: the worst case of an automaton's construction
    return HEAD + "  registryPassword: " + fill("x", n) + "\n  pushRepoPrefix: docker.io/bob\n"
def value(n):
    return HEAD + "  registryPassword: pw-12345\n  pushRepoPrefix: docker.io/" + fill("a", n) + "\n"
def lines(n):
    return HEAD + "  registryPassword: pw-12345\nother:\n" + fill("  # a comment line\n", n)
def continuation(n):
    return ("PRIMEHUB_CUSTOM_IMAGE_REGISTRY_ENDPOINT=docker.io\n"
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_USERNAME=bob\n"
            "PRIMEHUB_CUSTOM_IMAGE_REGISTRY_PASSWORD=" + fill("ab\\\n", n) + "end\n")
def keys(n):
    count = n // 16
    return HEAD + "  registryPassword: pw-12345\nother:\n" + "".join(
        f"  k{i:08d}: v\n" for i in range(count))
def nesting(n):     # flow mappings nested n deep (the reader's own depth limit answers)
    depth = n // 6
    return HEAD + "other: " + "{a: " * depth + "1" + "}" * depth + "\n"
def flow(n):
    count = n // 4
    return HEAD + "other: [" + ", ".join("1" for _ in range(count)) + "]\n"
def findings(n):    # unknown keys inside customImage: one finding each
    count = n // 24  # the length of one line
    return HEAD + "".join(f"  unknownKey{i:08d}: v\n" for i in range(count))

DIMENSIONS = [
    ("secret length", "yaml", secret),
    ("other value length", "yaml", value),
    ("lines", "yaml", lines),
    ("continuation lines", "env", continuation),
    ("keys", "yaml", keys),
    ("nesting", "yaml", nesting),
    ("flow size", "yaml", flow),
    ("findings", "yaml", findings),
    ("files", "dir", None),
]

RUNS = 3  # per size: the median CPU time (single runs of a tenth of a second are noisy)

def measure(path):
    runs = sorted(measure_once(bin_, path) for _ in range(RUNS))
    return runs[len(runs) // 2][0], max(peak for _, peak in runs)

def slope(points):
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(max(t, 1e-3)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0

sizes = []
s = 64 * 1024
while s <= max_bytes:
    sizes.append(s)
    s *= 2

print(f"{'dimension':<20} {'bytes':>9} {'cpu s':>7} {'peak MB':>8} {'limit MB':>8}")
summary = []
for name, kind, gen in DIMENSIONS:
    if only and name.split()[0] not in only:
        continue
    points, over = [], []
    for size in sizes:
        if kind == "dir":
            d = os.path.join(out, "files")
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
            one = value(2000)
            for i in range(max(1, size // len(one))):
                with open(os.path.join(d, f"v{i:06d}.yaml"), "w") as f:
                    f.write(one)
            path, nbytes = d, size
        else:
            text = gen(size - 256)  # room for the fixed lines: the largest stays in the limit
            path = os.path.join(out, f"input.{kind}")
            with open(path, "w") as f:
                f.write(text)
            nbytes = len(text.encode())
        cpu, peak = measure(path)
        limit = target(nbytes)
        if peak > limit:
            over.append(nbytes)
        points.append((nbytes, cpu))
        print(f"{name:<20} {nbytes:>9} {cpu:>7.2f} {peak / 2**20:>8.1f} {limit / 2**20:>8.1f}", flush=True)
    upper = points[len(points) // 2:] if len(points) >= 4 else points
    k = slope(upper)
    summary.append((name, k, over))

print()
print(f"{'dimension':<20} {'exponent':>8}  memory")
for name, k, over in summary:
    flag = "" if k <= 1.15 else "  (above 1.15)"
    mem = "within 3x input + 20 MB" if not over else f"over at {len(over)} sizes"
    print(f"{name:<20} {k:>8.2f}  {mem}{flag}")
PY
