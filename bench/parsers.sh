#!/usr/bin/env bash
# Parser choice, measured: see bench/parsers/src/main.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_TARGET_DIR=target/bench-parsers cargo run --quiet --release \
  --manifest-path bench/parsers/Cargo.toml -- fixtures/values/chart-values.yaml
