//! `/stats.json` and `/stats.csv`: every month the performance platform has worked out, as data
//! to publish on data.gov.uk (the page itself is `app::pages::stats`). Public; the same figures,
//! measures and definitions as the page; cached for five minutes, as the figures change once a
//! month or when an admin works a month out again. Each address may download them 30 times at
//! once, then once a second.
use std::time::Duration;

use app::performance::figures::{csv_headings, definition, PublishedMonth};
use app::performance::server::MonthlyFigures;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::ServerError;
use crate::http::rate_limit::Limit;
use crate::state::AppState;

/// How often one address may download the figures.
pub const DOWNLOADS: Limit = Limit {
    burst: 30,
    refill_every: Duration::from_secs(1),
};

const CACHE_CONTROL: &str = "public, max-age=300";

async fn every_month(state: &AppState) -> Result<Vec<PublishedMonth>, ServerError> {
    MonthlyFigures::of(&state.backends)
        .recent(u32::MAX)
        .await
        .map_err(|error| ServerError::Internal(error.into()))
}

pub async fn json(State(state): State<AppState>) -> Response {
    let months = match every_month(&state).await {
        Ok(months) => months,
        Err(error) => return error.into_response(),
    };
    let body = serde_json::json!({
        "service": "Make a lasting power of attorney",
        "definitions": {
            "completionRate": definition::COMPLETION_RATE,
            "userSatisfaction": definition::SATISFACTION,
            "digitalTakeUp": definition::DIGITAL_TAKE_UP,
        },
        "months": months.iter().map(PublishedMonth::to_json).collect::<Vec<_>>(),
    });
    ([(header::CACHE_CONTROL, CACHE_CONTROL)], axum::Json(body)).into_response()
}

pub async fn csv(State(state): State<AppState>) -> Response {
    let months = match every_month(&state).await {
        Ok(months) => months,
        Err(error) => return error.into_response(),
    };
    // Every cell is a month, a number or empty: nothing a spreadsheet could run.
    let mut writer = csv::Writer::from_writer(Vec::new());
    let written = std::iter::once(csv_headings())
        .chain(months.iter().map(PublishedMonth::to_csv_row))
        .try_for_each(|record| writer.write_record(&record));
    let body = written
        .map_err(std::io::Error::from)
        .and_then(|()| writer.into_inner().map_err(|error| error.into_error()));
    match body {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"lpa-statistics.csv\"",
                ),
                (header::CACHE_CONTROL, CACHE_CONTROL),
            ],
            body,
        )
            .into_response(),
        Err(error) => ServerError::Internal(error.into()).into_response(),
    }
}
