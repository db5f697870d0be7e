//! The `.env` reader: against the real bash (fixtures and random files), and what its rules
//! report for each fixture beyond the snapshots in `tests/lint/` (passwords kept out).

mod support;

#[path = "env/bash.rs"]
mod bash;
#[path = "env/bash_fuzz.rs"]
mod bash_fuzz;
#[path = "env/fixtures.rs"]
mod fixtures;
