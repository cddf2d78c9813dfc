//! The stages, one module each, in pipeline order.
//!
//! To add a stage: write `stages/<name>.rs` with a type implementing
//! [`crate::Stage`] and a `new(&Resources) -> Result<Self>` constructor, add
//! its name to [`NAMES`] at its place in the order and one arm to [`build`].

use crate::{Error, Resources, Result, Stage};

pub mod amounts;
pub mod clean;
pub mod dates;
pub mod entities;
pub mod events;
pub mod lang;
pub mod places;
pub mod published;
pub mod quotes;
pub mod segment;
pub mod tone;

/// Every stage, in the order the standard pipeline runs them.
pub const NAMES: &[&str] = &[
    "clean",
    "lang",
    "segment",
    "published",
    "entities",
    "quotes",
    "dates",
    "amounts",
    "events",
    "places",
    "tone",
];

/// Builds a stage by name.
pub fn build(name: &str, res: &Resources) -> Result<Box<dyn Stage>> {
    Ok(match name {
        "clean" => Box::new(clean::Clean::new(res)?),
        "published" => Box::new(published::Published::new(res)?),
        "lang" => Box::new(lang::Lang::new(res)?),
        "segment" => Box::new(segment::Segment::new(res)?),
        "entities" => Box::new(entities::Entities::new(res)?),
        "quotes" => Box::new(quotes::Quotes::new(res)?),
        "dates" => Box::new(dates::Dates::new(res)?),
        "amounts" => Box::new(amounts::Amounts::new(res)?),
        "events" => Box::new(events::Events::new(res)?),
        "places" => Box::new(places::Places::new(res)?),
        "tone" => Box::new(tone::Tone::new(res)?),
        other => return Err(Error::UnknownStage(other.to_owned())),
    })
}
