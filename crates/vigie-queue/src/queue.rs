//! The connection, the streams, publishing and pulling.

use std::collections::VecDeque;
use std::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream::{self, AckKind, consumer, context::PublishAckFuture, stream};
use futures_util::StreamExt;
use vigie_doc::Doc;

use crate::payload;
use crate::{Error, Result};

/// The stream of documents waiting for a worker.
pub const STREAM: &str = "VIGIE";
/// Documents are published on `vigie.raw.<source>`.
const SUBJECT_PREFIX: &str = "vigie.raw";
/// The stream of messages no worker could handle, kept until someone looks.
pub const DEAD_STREAM: &str = "VIGIE_DEAD";
/// Where those are republished, with their error.
pub const DEAD_SUBJECT: &str = "vigie.dead";
/// The durable consumer every worker pulls from: one consumer shared by
/// all workers is what spreads the messages between them.
const CONSUMER: &str = "vigie-worker";
/// Headers of a dead letter: why, from where, after how many deliveries.
const ERROR_HEADER: &str = "Vigie-Error";
const SUBJECT_HEADER: &str = "Vigie-Subject";
const DELIVERIES_HEADER: &str = "Vigie-Deliveries";
/// The longest error kept in a dead letter's header.
const MAX_ERROR: usize = 2000;
/// Room left in a message for its headers.
const HEADER_ROOM: usize = 4096;
/// Publishes awaiting the server's ack at once: enough to keep the
/// connection busy, few enough that a failure is reported promptly.
const WINDOW: usize = 512;

/// How the streams and the consumer are set up.
#[derive(Debug, Clone)]
pub struct QueueConfig {
    /// Copies of each stream (1 on a single server, 3 on a cluster).
    pub replicas: usize,
    /// Time a worker has to ack a delivery before it is given to another.
    pub ack_wait: Duration,
    /// Deliveries of a message before it goes to the dead-letter stream.
    pub max_deliver: i64,
    /// How long the server remembers message ids to drop a re-publish.
    pub duplicate_window: Duration,
    /// The first pause before a nacked message is delivered again; it
    /// doubles with each delivery, up to the ack wait.
    pub retry_delay: Duration,
    /// Largest message accepted, in bytes (the server's own limit, from
    /// its `max_payload`, may be lower).
    pub max_bytes: usize,
}

impl Default for QueueConfig {
    /// One replica, 60 s to ack, 10 deliveries, ids remembered for a day,
    /// retries after 1, 2, 4… s (up to the ack wait: about four minutes in
    /// all, enough for a database restart), messages up to 8 MiB.
    fn default() -> QueueConfig {
        QueueConfig {
            replicas: 1,
            ack_wait: Duration::from_secs(60),
            max_deliver: 10,
            duplicate_window: Duration::from_secs(24 * 3600),
            retry_delay: Duration::from_secs(1),
            max_bytes: 8 * 1024 * 1024,
        }
    }
}

/// A connection to the queue, with its streams in place.
#[derive(Debug, Clone)]
pub struct Queue {
    client: async_nats::Client,
    js: jetstream::Context,
    cfg: QueueConfig,
    limit: usize,
}

/// How long setting up streams and the consumer is retried before its
/// error is reported.
const SETUP_PATIENCE: Duration = Duration::from_secs(30);

/// Runs `attempt` until it succeeds or [`SETUP_PATIENCE`] has passed,
/// waiting 0.25 s doubling to 4 s between tries; the last error is returned.
async fn patiently<T, F, Fut>(mut attempt: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let deadline = tokio::time::Instant::now() + SETUP_PATIENCE;
    let mut pause = Duration::from_millis(250);
    loop {
        match attempt().await {
            Ok(value) => return Ok(value),
            Err(e) if tokio::time::Instant::now() + pause >= deadline => return Err(e),
            Err(_) => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(4));
            }
        }
    }
}

impl Queue {
    /// Connects to `servers` (`nats://HOST:PORT`, several separated by
    /// commas: any one that answers will do, the client fails over to the
    /// others) and creates or updates both streams to `cfg`.
    pub async fn connect(servers: &str, cfg: QueueConfig) -> Result<Queue> {
        let addrs = servers
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<async_nats::ServerAddr>())
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| Error::Connect {
                servers: servers.to_owned(),
                source: e.into(),
            })?;
        let client = async_nats::ConnectOptions::new()
            .connection_timeout(Duration::from_secs(10))
            .max_reconnects(None)
            .connect(addrs)
            .await
            .map_err(|e| Error::Connect {
                servers: servers.to_owned(),
                source: e.into(),
            })?;
        let limit = cfg
            .max_bytes
            .min(client.server_info().max_payload)
            .saturating_sub(HEADER_ROOM);
        let js = jetstream::new(client.clone());
        let queue = Queue {
            client,
            js,
            cfg,
            limit,
        };
        queue
            .ensure_stream(stream::Config {
                name: STREAM.to_owned(),
                subjects: vec![format!("{SUBJECT_PREFIX}.>")],
                retention: stream::RetentionPolicy::WorkQueue,
                ..queue.stream_config()
            })
            .await?;
        queue
            .ensure_stream(stream::Config {
                name: DEAD_STREAM.to_owned(),
                subjects: vec![DEAD_SUBJECT.to_owned()],
                retention: stream::RetentionPolicy::Limits,
                ..queue.stream_config()
            })
            .await?;
        Ok(queue)
    }

    fn stream_config(&self) -> stream::Config {
        stream::Config {
            storage: stream::StorageType::File,
            num_replicas: self.cfg.replicas,
            duplicate_window: self.cfg.duplicate_window,
            max_message_size: i32::try_from(self.limit + HEADER_ROOM).unwrap_or(i32::MAX),
            ..stream::Config::default()
        }
    }

    /// Creates or updates a stream, retrying for [`SETUP_PATIENCE`]: a
    /// cluster that has just started (or lost its metadata leader) times out
    /// JetStream requests until its nodes agree, and publishers and workers
    /// starting together race to create the same stream; both pass.
    async fn ensure_stream(&self, config: stream::Config) -> Result<()> {
        let name = config.name.clone();
        patiently(|| async {
            match self.js.get_stream(&name).await {
                Ok(_) => self
                    .js
                    .update_stream(config.clone())
                    .await
                    .map(drop)
                    .map_err(|e| Error::setup(format!("updating stream {name}"), e)),
                Err(_) => self
                    .js
                    .create_stream(config.clone())
                    .await
                    .map(drop)
                    .map_err(|e| Error::setup(format!("creating stream {name}"), e)),
            }
        })
        .await
    }

    /// The largest encoded document this queue takes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// A publisher on this connection.
    pub fn publisher(&self) -> Publisher {
        Publisher {
            queue: self.clone(),
            pending: VecDeque::new(),
            report: PublishReport::default(),
        }
    }

    /// The workers' consumer, created or updated to the configuration.
    pub async fn consumer(&self) -> Result<Consumer> {
        let config = consumer::pull::Config {
            durable_name: Some(CONSUMER.to_owned()),
            ack_policy: consumer::AckPolicy::Explicit,
            ack_wait: self.cfg.ack_wait,
            max_deliver: self.cfg.max_deliver,
            filter_subject: format!("{SUBJECT_PREFIX}.>"),
            // Enough outstanding messages for many workers' batches.
            max_ack_pending: 20_000,
            ..consumer::pull::Config::default()
        };
        let consumer = patiently(|| async {
            self.js
                .get_stream(STREAM)
                .await
                .map_err(|e| Error::setup(format!("reading stream {STREAM}"), e))?
                .create_consumer(config.clone())
                .await
                .map_err(|e| Error::setup(format!("consumer {CONSUMER}"), e))
        })
        .await?;
        Ok(Consumer {
            queue: self.clone(),
            consumer,
        })
    }

    /// Waits until every message sent so far (acks included) has reached
    /// the server.
    pub async fn flush(&self) -> Result<()> {
        self.client
            .flush()
            .await
            .map_err(|e| Error::consume("flushing to NATS", e))
    }
}

/// What a publisher did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PublishReport {
    /// Messages the stream took.
    pub published: usize,
    /// Messages the stream dropped: the same message id was published
    /// within the duplicate window (already queued, or already done).
    pub duplicates: usize,
}

/// Whether one publish was new to the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// The stream took it.
    New,
    /// The stream already had its message id.
    Duplicate,
}

/// Publishes documents, many awaiting their acks at once.
pub struct Publisher {
    queue: Queue,
    pending: VecDeque<PublishAckFuture>,
    report: PublishReport,
}

impl Publisher {
    /// Sends `doc`; its ack is awaited later (see [`Publisher::finish`]).
    /// A document too large for the queue is [`Error::TooLarge`] and is not
    /// sent; the publisher goes on with the next.
    pub async fn send(&mut self, doc: &Doc) -> Result<()> {
        let body = payload::encode(doc)?;
        if body.len() > self.queue.limit {
            return Err(Error::TooLarge {
                bytes: body.len(),
                limit: self.queue.limit,
            });
        }
        let subject = payload::subject(SUBJECT_PREFIX, &doc.source);
        let publish = jetstream::message::PublishMessage::build()
            .payload(body.into())
            .message_id(payload::message_id(doc));
        let ack = self
            .queue
            .js
            .send_publish(subject.clone(), publish)
            .await
            .map_err(|e| Error::Publish {
                subject,
                source: e.into(),
            })?;
        self.pending.push_back(ack);
        while self.pending.len() > WINDOW {
            self.settle_one().await?;
        }
        Ok(())
    }

    /// Sends `doc` and waits for the stream's answer.
    pub async fn publish(&mut self, doc: &Doc) -> Result<Published> {
        let before = self.report;
        self.send(doc).await?;
        while !self.pending.is_empty() {
            self.settle_one().await?;
        }
        Ok(if self.report.duplicates > before.duplicates {
            Published::Duplicate
        } else {
            Published::New
        })
    }

    async fn settle_one(&mut self) -> Result<()> {
        let Some(ack) = self.pending.pop_front() else {
            return Ok(());
        };
        let ack = ack.await.map_err(|e| Error::Publish {
            subject: format!("{SUBJECT_PREFIX}.*"),
            source: e.into(),
        })?;
        if ack.duplicate {
            self.report.duplicates += 1;
        } else {
            self.report.published += 1;
        }
        Ok(())
    }

    /// What was published so far, every ack awaited.
    pub async fn finish(&mut self) -> Result<PublishReport> {
        while !self.pending.is_empty() {
            self.settle_one().await?;
        }
        Ok(self.report)
    }
}

/// The workers' side: pulls deliveries and settles them.
pub struct Consumer {
    queue: Queue,
    consumer: consumer::PullConsumer,
}

/// One delivered document and the ticket that settles its message.
pub struct Delivery {
    /// The document, as the publisher's reader gave it.
    pub doc: Doc,
    /// Acks, retries or dead-letters the message.
    pub ticket: Ticket,
}

/// A message awaiting its outcome.
pub struct Ticket {
    message: jetstream::Message,
    delivered: i64,
}

/// What one pull gave.
#[derive(Default)]
pub struct Fetched {
    /// The documents to analyse and commit.
    pub deliveries: Vec<Delivery>,
    /// Messages that were no Vigie document, sent to the dead-letter
    /// stream with their error.
    pub dead: usize,
}

/// What became of a message that could not be committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// It will be delivered again after a pause.
    Retried,
    /// It was its last delivery: it is on the dead-letter stream.
    Dead,
}

impl Consumer {
    /// Pulls up to `max` messages, waiting up to `wait` for the first.
    /// Messages that are not Vigie documents go straight to the
    /// dead-letter stream: no delivery will ever read them.
    pub async fn fetch(&self, max: usize, wait: Duration) -> Result<Fetched> {
        let mut messages = self
            .consumer
            .batch()
            .max_messages(max)
            .expires(wait)
            .messages()
            .await
            .map_err(|e| Error::consume("pulling messages", e))?;
        let mut fetched = Fetched::default();
        while let Some(message) = messages.next().await {
            let message = message.map_err(|e| Error::consume("pulling messages", e))?;
            let delivered = message.info().map_or(1, |i| i.delivered);
            let ticket = Ticket { message, delivered };
            match payload::decode(&ticket.message.payload) {
                Ok(doc) => fetched.deliveries.push(Delivery { doc, ticket }),
                Err(e) => {
                    self.dead_letter(ticket, &e.to_string()).await?;
                    fetched.dead += 1;
                }
            }
        }
        Ok(fetched)
    }

    /// True when no message waits and none is out with a worker.
    pub async fn idle(&self) -> Result<bool> {
        let info = self
            .consumer
            .get_info()
            .await
            .map_err(|e| Error::consume("reading the consumer's state", e))?;
        Ok(info.num_pending == 0 && info.num_ack_pending == 0)
    }

    /// Acks a committed message.
    pub async fn ack(&self, ticket: Ticket) -> Result<()> {
        ticket
            .message
            .ack()
            .await
            .map_err(|e| Error::consume("acking a message", e))
    }

    /// A message whose commit failed with `error`: delivered again after a
    /// pause that doubles with each delivery, or, on its last allowed
    /// delivery, republished with its error on the dead-letter stream.
    pub async fn retry_or_dead(&self, ticket: Ticket, error: &str) -> Result<Settled> {
        let cfg = &self.queue.cfg;
        if ticket.delivered >= cfg.max_deliver {
            self.dead_letter(ticket, error).await?;
            return Ok(Settled::Dead);
        }
        let doublings = u32::try_from(ticket.delivered.saturating_sub(1)).unwrap_or(u32::MAX);
        let delay = cfg
            .retry_delay
            .saturating_mul(2u32.saturating_pow(doublings.min(16)))
            .min(cfg.ack_wait);
        ticket
            .message
            .ack_with(AckKind::Nak(Some(delay).filter(|d| !d.is_zero())))
            .await
            .map_err(|e| Error::consume("nacking a message", e))?;
        Ok(Settled::Retried)
    }

    /// Republishes the message, payload untouched, on the dead-letter
    /// subject with its error, then acks it. The original message id goes
    /// with it, so a crash between the two steps, which delivers the
    /// message once more, adds no second dead letter.
    async fn dead_letter(&self, ticket: Ticket, error: &str) -> Result<()> {
        let message = &ticket.message;
        let mut headers = HeaderMap::new();
        headers.insert(ERROR_HEADER, one_line(error).as_str());
        headers.insert(SUBJECT_HEADER, message.subject.as_str());
        headers.insert(DELIVERIES_HEADER, ticket.delivered.to_string().as_str());
        if let Some(id) = message
            .headers
            .as_ref()
            .and_then(|h| h.get(async_nats::header::NATS_MESSAGE_ID))
        {
            headers.insert(async_nats::header::NATS_MESSAGE_ID, id.as_str());
        }
        self.queue
            .js
            .publish_with_headers(DEAD_SUBJECT, headers, message.payload.clone())
            .await
            .map_err(|e| Error::Publish {
                subject: DEAD_SUBJECT.to_owned(),
                source: e.into(),
            })?
            .await
            .map_err(|e| Error::Publish {
                subject: DEAD_SUBJECT.to_owned(),
                source: e.into(),
            })?;
        self.ack(ticket).await
    }
}

/// `error` fit for a header: one line, bounded.
fn one_line(error: &str) -> String {
    let mut out = String::with_capacity(error.len().min(MAX_ERROR));
    for c in error.chars() {
        if out.len() + c.len_utf8() > MAX_ERROR {
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_letter_error_fits_one_header_line() {
        assert_eq!(one_line("a\r\nb\tc"), "a  b c");
        let long = "é".repeat(5000);
        let cut = one_line(&long);
        assert!(cut.len() <= MAX_ERROR && cut.chars().all(|c| c == 'é'));
    }
}
