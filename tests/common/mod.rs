//! Helpers shared by the integration tests of the `.env` reader.
#![allow(dead_code)] // each test binary uses a part

pub mod bash;
