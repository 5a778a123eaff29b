//! `/admin/feedback/export?start=YYYY-MM-DD&end=YYYY-MM-DD`: the feedback received in a range as
//! a CSV file (other-systems A.6: the real admin's columns and file name,
//! `FeedbackExport_<Y-m-d>_<H.i.s>.csv`), for admins only, in the audit log. Streamed in batches
//! of 500, so a long range never sits in memory; quoted by the csv crate (RFC 4180), and every
//! cell a spreadsheet would run as a formula made text. Its page is `app::pages::admin::feedback`.
use app::admin::audit::AuditAction;
use app::admin::server::AuditLog;
use app::auth::Audience;
use app::performance::feedback::{spreadsheet_safe, DateRange};
use app::performance::server::{columns, FeedbackEntry, FeedbackStore, COLUMN_HEADINGS};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use crate::error::ServerError;
use crate::http::auth::admit_or_sign_in;
use crate::state::AppState;

/// Rows read from the table at a time.
const BATCH: u32 = 500;

pub async fn export(State(state): State<AppState>, request: Request) -> Response {
    let admin = match admit_or_sign_in(&request, Audience::Admins) {
        Ok(admin) => admin,
        Err(refused) => return *refused,
    };
    let Some(range) = range_of(request.uri().query().unwrap_or_default()) else {
        return ServerError::Refused(axum::http::StatusCode::BAD_REQUEST).into_response();
    };
    let store = FeedbackStore::of(&state.backends);
    let counted = async {
        store.prune().await?;
        store.page(range, 1, 1).await
    };
    let total = match counted.await {
        Ok((_, total)) => total,
        Err(error) => return ServerError::Internal(error.into()).into_response(),
    };
    let audited = AuditLog::of(&state.backends)
        .record(
            &admin,
            AuditAction::FeedbackExported,
            None,
            serde_json::json!({
                "start_date": range.first(),
                "end_date": range.last(),
                "results_count": total,
            }),
        )
        .await;
    if let Err(error) = audited {
        return ServerError::Internal(error.into()).into_response();
    }
    let file_name = format!(
        "FeedbackExport_{}.csv",
        state.backends.clock.now().format("%Y-%m-%d_%H.%M.%S")
    );
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        // Fused: the compression layer polls a body once more after its end, which `unfold`
        // does not allow.
        Body::from_stream(futures::StreamExt::fuse(rows(store, range))),
    )
        .into_response()
}

/// `start=YYYY-MM-DD&end=YYYY-MM-DD`, if both are dates and in order.
fn range_of(query: &str) -> Option<DateRange> {
    let mut start = None;
    let mut end = None;
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        let date = NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok();
        match name.as_ref() {
            "start" => start = date,
            "end" => end = date,
            _ => {}
        }
    }
    DateRange::new(start?, end?)
}

/// The file: the headings, then each batch of rows as it is read. A failure part-way ends the
/// body with an error, so the download fails rather than looking complete.
fn rows(
    store: FeedbackStore,
    range: DateRange,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> {
    enum Next {
        Headings,
        After(Option<(chrono::DateTime<chrono::Utc>, i64)>),
        Done,
    }
    futures::stream::unfold(Next::Headings, move |next| {
        let store = store.clone();
        async move {
            match next {
                Next::Headings => Some((
                    csv_of(&[COLUMN_HEADINGS.map(str::to_owned)]),
                    Next::After(None),
                )),
                Next::After(after) => match store.batch_after(range, after, BATCH).await {
                    Ok(batch) if batch.is_empty() => None,
                    Ok(batch) => {
                        let last = batch.last().map(|entry| (entry.received_at, entry.id));
                        let next = if batch.len() < BATCH as usize {
                            Next::Done
                        } else {
                            Next::After(last)
                        };
                        let cells: Vec<[String; 7]> = batch.iter().map(safe_columns).collect();
                        Some((csv_of(&cells), next))
                    }
                    Err(error) => Some((Err(std::io::Error::other(error)), Next::Done)),
                },
                Next::Done => None,
            }
        }
    })
}

fn safe_columns(entry: &FeedbackEntry) -> [String; 7] {
    columns(entry).map(|cell| spreadsheet_safe(&cell).into_owned())
}

fn csv_of(records: &[[String; 7]]) -> Result<Bytes, std::io::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer.write_record(record).map_err(std::io::Error::other)?;
    }
    writer
        .into_inner()
        .map(Bytes::from)
        .map_err(|error| std::io::Error::other(error.to_string()))
}
