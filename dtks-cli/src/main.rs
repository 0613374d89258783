//! The `dtks` binary. Subcommands are declared and dispatched in `lib.rs`
//! (the `Command` enum and `run`); add new ones there.

fn main() -> std::process::ExitCode {
    dtks_cli::run(std::env::args_os())
}
