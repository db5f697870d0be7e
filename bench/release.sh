# Sourced by the memory benches: `BIN` (a release build unless set) and `/usr/bin/time`.
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/customimage
fi
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
