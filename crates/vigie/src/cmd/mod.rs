//! One module per subcommand, plus the batch runner they share.

pub mod bench;
pub mod db;
pub mod demo;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod kb;
pub mod queue;
pub mod run;
pub mod serve;
pub mod watch;
pub mod worker;
