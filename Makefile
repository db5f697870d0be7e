# `make test` is the whole test suite, as CI runs it on a fresh clone.
.PHONY: test setup lint-code bench

setup:
	bash scripts/setup.sh

lint-code:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings

test: setup lint-code
	cargo test --all-targets

bench: setup
	bash bench/lint.sh

# Fuzzing (cargo-fuzz, nightly): the .env reader, the YAML loader, the whole lint pipeline and
# the redaction point. Invariants: no panic, bounded time (-timeout), and a canary secret in the
# input never shows in any output. Seeds come from fixtures/.
FUZZ_TARGETS = env_reader yaml_loader lint_pipeline redaction set_parser
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= 2000
FUZZ_FLAGS = -timeout=10 -rss_limit_mb=2048 -max_len=65536

.PHONY: fuzz fuzz-ci fuzz-seed
fuzz-seed:
	bash scripts/fuzz-seed.sh

fuzz: setup fuzz-seed
	for t in $(FUZZ_TARGETS); do \
	  cargo +nightly fuzz run $$t fuzz/corpus/$$t -- $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) || exit 1; \
	done

fuzz-ci: setup fuzz-seed
	for t in $(FUZZ_TARGETS); do \
	  cargo +nightly fuzz run $$t fuzz/corpus/$$t -- $(FUZZ_FLAGS) -runs=$(FUZZ_RUNS) -seed=1 || exit 1; \
	done
