//! The `vigie` binary: flags, subcommands and the wiring between the crates.
//! It holds no analysis of its own; see ARCHITECTURE.md.

// Text from input is sliced only through `str::get`: a byte offset inside a
// character must not panic (issue 21). Tests slice directly, since a panic
// there is a failed assertion.
#![warn(clippy::string_slice)]
#![cfg_attr(test, allow(clippy::string_slice))]

mod cmd;
mod config;
mod flags;

use std::process::ExitCode;

use clap::Parser;

// Analysis allocates many short-lived strings and vectors per document;
// mimalloc serves them about twice as fast as the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = flags::Cli::parse();
    let result = match cli.command {
        flags::Command::Extract(args) => cmd::extract::run(args),
        flags::Command::Kb(args) => cmd::kb::run(args),
        flags::Command::Bench(args) => cmd::bench::run(args),
        flags::Command::Ingest(args) => cmd::ingest::run(args),
        flags::Command::Watch(args) => cmd::watch::run(args),
        flags::Command::Worker(args) => cmd::worker::run(args),
        flags::Command::Serve(args) => cmd::serve::run(args),
        flags::Command::Export(args) => cmd::export::run(args),
        flags::Command::Demo(args) => cmd::demo::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("vigie: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`vigie extract … | head`) is the reader's choice, not a failure.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
