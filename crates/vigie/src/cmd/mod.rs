//! One module per subcommand, plus the batch runner they share.

pub mod bench;
pub mod extract;
pub mod kb;
pub mod run;
