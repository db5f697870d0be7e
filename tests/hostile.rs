//! Hostile inputs (SPEC §8) and canary passwords through every command: bounded refusals, never
//! a panic or a hang, and no secret in any output.

mod support;

#[path = "hostile/input_hygiene.rs"]
mod input_hygiene;
#[path = "hostile/inputs.rs"]
mod inputs;
#[path = "hostile/redaction.rs"]
mod redaction;
#[path = "hostile/secrets_from_environment.rs"]
mod secrets_from_environment;
#[path = "hostile/write_targets.rs"]
mod write_targets;
