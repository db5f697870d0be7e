//! Hostile inputs (SPEC §8) and canary passwords through every command: bounded refusals, never
//! a panic or a hang, and no secret in any output.

mod support;

#[path = "hostile/inputs.rs"]
mod inputs;
#[path = "hostile/redaction.rs"]
mod redaction;
