//! `vigie kb`: inspect the knowledge base.

use std::process::ExitCode;

use anyhow::Result;

use crate::config;
use crate::flags::{KbArgs, KbCommand};

/// Runs the subcommand: exit 0 when the name resolves, 1 when it does not.
pub fn run(args: KbArgs) -> Result<ExitCode> {
    match args.command {
        KbCommand::Lookup { name, kb_files } => {
            let kb = config::knowledge_base(&kb_files)?;
            let found = kb.lookup(&name);
            if found.is_empty() {
                eprintln!(
                    "vigie: no actor is named {name:?} (folded key {:?})",
                    vigie_kb::fold(&name)
                );
                return Ok(ExitCode::from(1));
            }
            for actor in found {
                println!("{}", serde_json::to_string(actor)?);
                eprintln!(
                    "{} ({}) from {}",
                    actor.id,
                    actor.kind.as_str(),
                    actor.origin
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
