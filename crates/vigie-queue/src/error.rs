//! What can go wrong with the queue.

/// The cause an async-nats call gave, whatever its kind.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// A queue error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No server of the list answered.
    #[error("cannot connect to NATS at {servers}: {source}")]
    Connect {
        /// The servers given.
        servers: String,
        /// The cause.
        #[source]
        source: Cause,
    },
    /// A stream or the consumer could not be created, updated or read.
    #[error("setting up JetStream ({what}): {source}")]
    Setup {
        /// Which stream or consumer.
        what: String,
        /// The cause.
        #[source]
        source: Cause,
    },
    /// The server did not take a message.
    #[error("publishing on {subject}: {source}")]
    Publish {
        /// The subject.
        subject: String,
        /// The cause.
        #[source]
        source: Cause,
    },
    /// Messages could not be pulled, acked or nacked.
    #[error("{what}: {source}")]
    Consume {
        /// What was being done.
        what: &'static str,
        /// The cause.
        #[source]
        source: Cause,
    },
    /// A document's message would exceed what the server accepts.
    #[error("{bytes} bytes, more than the queue's limit of {limit} bytes per message")]
    TooLarge {
        /// The encoded size.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// A document could not be encoded.
    #[error("encoding a document: {0}")]
    Encode(#[source] serde_json::Error),
    /// A message body is not a Vigie payload.
    #[error("not a Vigie document: {0}")]
    Decode(#[source] serde_json::Error),
    /// A message body is a payload of a version this worker does not read.
    #[error("payload version {0} is not readable by this Vigie (version 1)")]
    Version(u32),
}

impl Error {
    pub(crate) fn consume(what: &'static str, source: impl Into<Cause>) -> Error {
        Error::Consume {
            what,
            source: source.into(),
        }
    }

    pub(crate) fn setup(what: impl Into<String>, source: impl Into<Cause>) -> Error {
        Error::Setup {
            what: what.into(),
            source: source.into(),
        }
    }
}
