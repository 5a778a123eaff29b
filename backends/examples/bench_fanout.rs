//! Delivery rate of the in-process fan-out to many subscribers of one topic, against a bare tokio
//! broadcast channel carrying the same events, measured in the same run. `bench/backends` runs it.
//!
//!   cargo run --release -p backends --example bench_fanout -- [--events M] [--subscribers S]
//!       [--rounds R]   (defaults 1000, 1000 and 7)
use std::error::Error;
use std::time::{Duration, Instant};

use backends::fanout::{Delivery, Event, FanOut, InProcessFanOut, Topic};
use futures::StreamExt;
use serde_json::json;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::task::JoinSet;
use uuid::Uuid;

type BenchResult<T> = Result<T, Box<dyn Error + Send + Sync>>;

const DEFAULT_EVENTS: usize = 1000;
const DEFAULT_SUBSCRIBERS: usize = 1000;
/// One round takes about a tenth of a second, short enough for a busy machine to skew it: the
/// median of several is what is reported.
const DEFAULT_ROUNDS: usize = 7;

/// What one subscriber received.
#[derive(Default)]
struct Tally {
    events: usize,
    /// Whether it was told it fell behind (and, for the fan-out, dropped).
    lagged: bool,
}

/// One timed run: every subscriber's tally and the time from the first publication until the
/// last subscriber had every event.
struct Measured {
    tallies: Vec<Tally>,
    elapsed: Duration,
}

impl Measured {
    fn deliveries(&self) -> usize {
        self.tallies.iter().map(|tally| tally.events).sum()
    }

    fn lagged(&self) -> usize {
        self.tallies.iter().filter(|tally| tally.lagged).count()
    }
}

#[tokio::main]
async fn main() -> BenchResult<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes = sizes_from_args(&args)?;
    let Sizes {
        events,
        subscribers,
        rounds,
    } = sizes;
    println!(
        "{events} events published on one topic to {subscribers} subscriber tasks, each counting \
         until it has every event; timed from the first publication until the last subscriber is \
         done. Channel capacity {events}, so nobody should lag. Tokio multi-thread runtime, {} \
         worker threads. Baseline: a bare tokio broadcast channel with {subscribers} receivers \
         carrying the same Event values. {rounds} rounds, the two alternating; median and range \
         of the rates.",
        tokio::runtime::Handle::current().metrics().num_workers(),
    );
    let mut bare_rates = Vec::new();
    let mut fanout_rates = Vec::new();
    for _ in 0..rounds {
        bare_rates.push(complete(
            "bare broadcast",
            sizes,
            measure_bare_broadcast(sizes).await?,
        )?);
        fanout_rates.push(complete(
            "in-process fan-out",
            sizes,
            measure_in_process_fanout(sizes).await?,
        )?);
    }
    let bare = Rates::of(bare_rates);
    let fanout = Rates::of(fanout_rates);

    println!();
    println!(
        "| {events} events × {subscribers} subscribers, {rounds} rounds | median deliveries/s \
         | range | lagged |"
    );
    println!("|---|---:|---:|---:|");
    for (name, rates) in [
        ("in-process fan-out", &fanout),
        ("bare tokio broadcast", &bare),
    ] {
        println!(
            "| {name} | {} | {} – {} | 0 |",
            grouped(rates.median),
            grouped(rates.lowest),
            grouped(rates.highest),
        );
    }
    println!(
        "| **ratio fan-out / bare** | **{:.3}** | | |",
        fanout.median / bare.median
    );
    Ok(())
}

/// The deliveries per second of a run in which every subscriber got every event, or why not.
fn complete(name: &str, sizes: Sizes, measured: Measured) -> BenchResult<f64> {
    let expected = sizes.events * sizes.subscribers;
    let delivered = measured.deliveries();
    let lagged = measured.lagged();
    if delivered != expected || lagged > 0 {
        return Err(format!(
            "{name}: {delivered} of {expected} deliveries, {lagged} subscribers lagged"
        )
        .into());
    }
    Ok(delivered as f64 / measured.elapsed.as_secs_f64())
}

/// The spread of one contender's rates over the rounds.
struct Rates {
    median: f64,
    lowest: f64,
    highest: f64,
}

impl Rates {
    fn of(mut rates: Vec<f64>) -> Self {
        rates.sort_by(f64::total_cmp);
        Rates {
            median: rates[rates.len() / 2],
            lowest: rates[0],
            highest: rates[rates.len() - 1],
        }
    }
}

#[derive(Clone, Copy)]
struct Sizes {
    events: usize,
    subscribers: usize,
    rounds: usize,
}

const USAGE: &str = "usage: bench_fanout [--events M] [--subscribers S] [--rounds R]";

fn sizes_from_args(args: &[String]) -> BenchResult<Sizes> {
    let mut sizes = Sizes {
        events: DEFAULT_EVENTS,
        subscribers: DEFAULT_SUBSCRIBERS,
        rounds: DEFAULT_ROUNDS,
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value: usize = rest.next().ok_or(USAGE)?.parse()?;
        match flag.as_str() {
            "--events" => sizes.events = value,
            "--subscribers" => sizes.subscribers = value,
            "--rounds" => sizes.rounds = value.max(1),
            _ => return Err(USAGE.into()),
        }
    }
    Ok(sizes)
}

/// The events both runs send, built as the fan-out builds them, so the baseline clones the same
/// values to each receiver.
fn event(topic: &Topic, origin: Uuid, number: usize) -> Event {
    Event {
        id: Uuid::new_v4(),
        origin,
        topic: topic.clone(),
        payload: json!(number),
    }
}

fn bench_topic() -> BenchResult<Topic> {
    Ok(Topic::new("bench")?)
}

async fn measure_in_process_fanout(sizes: Sizes) -> BenchResult<Measured> {
    let Sizes {
        events,
        subscribers,
        ..
    } = sizes;
    let fanout = InProcessFanOut::new(events);
    let topic = bench_topic()?;
    let mut counting = JoinSet::new();
    // Every subscription exists before the first publication.
    for _ in 0..subscribers {
        let mut subscription = fanout.subscribe(&topic).await?;
        counting.spawn(async move {
            let mut tally = Tally::default();
            while tally.events < events {
                match subscription.next().await {
                    Some(Delivery::Event(_)) => tally.events += 1,
                    // The subscription ends after telling it lagged.
                    Some(Delivery::Lagged { .. }) => tally.lagged = true,
                    None => break,
                }
            }
            tally
        });
    }
    let started = Instant::now();
    for number in 0..events {
        fanout.publish(&topic, json!(number)).await?;
    }
    let tallies = counting.join_all().await;
    Ok(Measured {
        tallies,
        elapsed: started.elapsed(),
    })
}

async fn measure_bare_broadcast(sizes: Sizes) -> BenchResult<Measured> {
    let Sizes {
        events,
        subscribers,
        ..
    } = sizes;
    let (sender, _) = broadcast::channel::<Event>(events);
    let topic = bench_topic()?;
    let origin = Uuid::new_v4();
    let mut counting = JoinSet::new();
    for _ in 0..subscribers {
        let mut receiver = sender.subscribe();
        counting.spawn(async move {
            let mut tally = Tally::default();
            while tally.events < events {
                match receiver.recv().await {
                    Ok(_) => tally.events += 1,
                    // A lagged receiver could go on, but stops as a fan-out subscription does.
                    Err(RecvError::Lagged(_)) => {
                        tally.lagged = true;
                        break;
                    }
                    Err(RecvError::Closed) => break,
                }
            }
            tally
        });
    }
    let started = Instant::now();
    for number in 0..events {
        sender.send(event(&topic, origin, number))?;
    }
    let tallies = counting.join_all().await;
    Ok(Measured {
        tallies,
        elapsed: started.elapsed(),
    })
}

/// A rate rounded to a whole number with its thousands spaced, as in docs/benchmarks.md.
fn grouped(rate: f64) -> String {
    let digits = format!("{rate:.0}");
    let mut spaced = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            spaced.push(' ');
        }
        spaced.push(digit);
    }
    spaced
}
