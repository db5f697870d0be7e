#!/usr/bin/env bash
# Benchmark (not a test): `customimage lint` against `check-jsonschema` on 1,000 copies of the
# chart's values.yaml, each with a different valid `customImage` block.
#
# Targets: 1,000 files in under a second on a 2-core machine, and at least 100x faster per
# file than check-jsonschema with the same schema.
#
# usage: bench/lint.sh [COUNT]   (default 1000; needs hyperfine, python3)
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-1000}
out=target/bench
values=$out/values
venv=.venv

for tool in hyperfine jq; do
  command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
done
if [ ! -x "$venv/bin/check-jsonschema" ]; then
  echo "bench: installing check-jsonschema into $venv"
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check check-jsonschema
fi

rm -rf "$values"
python3 bench/generate.py fixtures/values/chart-values.yaml "$values" "$count"
cargo build --release --quiet
bin=target/release/customimage
files=("$values"/*.yaml)
echo "bench: ${#files[@]} files of $(wc -c <"${files[0]}") bytes each; $(nproc) cores"

# Both tools must accept every file before their time means anything.
"$bin" lint --format json "$values" >"$out/lint.json" || {
  echo "bench: customimage lint found errors in the generated files:" >&2
  jq -c '.files[] | select(.diagnostics | map(.severity == "error") | any) | .diagnostics[]' \
    "$out/lint.json" | head -5 >&2
  exit 1
}
echo "bench: customimage accepts all files ($(jq '.summary.warnings' "$out/lint.json") warnings)"

hyperfine --warmup 2 --runs 10 --export-json "$out/customimage.json" \
  -n customimage "$bin lint --format json $values"
# About 100 ms a file: two runs of 1,000 files take about three minutes. hyperfine fails if
# check-jsonschema rejects a file, so a finished run also means it accepted all of them.
hyperfine --runs 2 --export-json "$out/check-jsonschema.json" \
  -n check-jsonschema "$venv/bin/check-jsonschema --schemafile schemas/customimage.schema.json ${files[*]}"

ours=$(jq '.results[0].median' "$out/customimage.json")
theirs=$(jq '.results[0].median' "$out/check-jsonschema.json")
python3 - "$count" "$ours" "$theirs" <<'EOF'
import sys
count, ours, theirs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"customimage lint:  median {ours:.3f} s  = {count / ours:,.0f} files/s")
print(f"check-jsonschema:  median {theirs:.3f} s  = {count / theirs:,.0f} files/s")
print(f"per file: customimage is {theirs / ours:,.0f}x faster")
print(f"target: {count} files < 1 s: {'met' if ours < 1 else 'MISSED'}; "
      f">= 100x: {'met' if theirs / ours >= 100 else 'MISSED'}")
EOF
