//! `customimage`: everything is in the library; `cli` parses, dispatches and prints the error.

fn main() -> std::process::ExitCode {
    customimage::cli::main()
}
