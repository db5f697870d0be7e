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
