//! Vigie's work queue on NATS JetStream.
//!
//! Publishers (`vigie ingest --queue`, `vigie watch --queue`) put each read,
//! unanalysed document on the stream `VIGIE`, subject `vigie.raw.<source>`,
//! with the publication's identity as message id, so the server drops a
//! second publish of it within the duplicate window. Workers (`vigie
//! worker`) pull batches through one durable consumer shared by all of
//! them, analyse and commit each batch, and ack its messages only then: a
//! worker that dies before its commit leaves its messages to be delivered
//! again after the ack wait. The stream's retention is work-queue: an acked
//! message is gone, the queue holds only work not yet done. A message that
//! cannot be decoded, or whose commit failed on each of its allowed
//! deliveries, is republished on `vigie.dead` (stream `VIGIE_DEAD`, kept)
//! with its error, then acked: nothing is dropped silently.
//!
//! * [`payload`]: what a message carries and what names it.
//! * [`Queue`]: the connection and the streams' set-up; [`Publisher`];
//!   [`Consumer`], whose deliveries are settled through their [`Ticket`].
#![deny(missing_docs)]
#![warn(clippy::string_slice)]
#![cfg_attr(test, allow(clippy::string_slice))]

mod error;
pub mod payload;
mod queue;

pub use error::Error;
pub use queue::{
    Consumer, DEAD_STREAM, DEAD_SUBJECT, Delivery, Fetched, PublishReport, Published, Publisher,
    Queue, QueueConfig, STREAM, Settled, Ticket,
};

/// A result whose error is this crate's.
pub type Result<T, E = Error> = std::result::Result<T, E>;
