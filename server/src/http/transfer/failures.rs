//! `GET /transfer/consignment/{id}/file-checks-results/download-failures` (C.5): the files that
//! failed their checks, one row per failure, as TDR's error report has them — as CSV
//! (`?format=csv`) or, by default, as an Excel workbook.
use app::error::AppError;
use app::pages::transfer::frame::ssr::consignment_of;
use app::transfer::paths;
use app::transfer::server::{FileEntry, Transfers};
use app::transfer::status::failure_of;
use axum::extract::{Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::ServerError;
use crate::state::AppState;

/// TDR's columns.
pub const HEADERS: [&str; 6] = [
    "StatusType",
    "StatusValue",
    "Filepath",
    "Filename",
    "Error Details",
    "PUID",
];

pub async fn download(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let Some(user) = app::auth::ssr::signed_in_from(request.extensions()) else {
        return Redirect::to(&app::auth::sign_in_url(false, &path)).into_response();
    };
    let user = match app::auth::ssr::admit(Some(user), app::auth::Audience::Transferring) {
        Ok(user) => user,
        Err(error) => return ServerError::from(error).into_response(),
    };
    let Some(id) = paths::DOWNLOAD_FAILURES.parse(&path) else {
        return ServerError::from(AppError::NotFound).into_response();
    };
    let (consignment, _) = match consignment_of(&state.backends, &user, &id).await {
        Ok(found) => found,
        Err(error) => return ServerError::from(error).into_response(),
    };
    let transfers = Transfers::of(&state.backends);
    let files = match transfers.files(&id).await {
        Ok(files) => files,
        Err(error) => return ServerError::from(AppError::from(error)).into_response(),
    };
    let puids = match transfers.puids(&id).await {
        Ok(puids) => puids,
        Err(error) => return ServerError::from(AppError::from(error)).into_response(),
    };
    let mut rows: Vec<[String; 6]> = Vec::new();
    for file in files.iter().filter(|file| file.entry == FileEntry::File) {
        for failure in file
            .statuses
            .iter()
            .filter_map(|status| failure_of(*status))
        {
            rows.push([
                failure.status.status_type.to_string(),
                failure.status.value.to_string(),
                file.original_path.to_string(),
                file.file_name.clone(),
                failure.message.to_owned(),
                puids.get(&file.id).cloned().unwrap_or_default(),
            ]);
        }
    }
    let stamp = state.backends.clock.now().format("%Y-%m-%dT%H-%M-%S");
    let name = format!("{}-file-check-failures-{stamp}", consignment.reference);
    let csv = query_format(request.uri().query()) == Some("csv");
    let built = if csv {
        to_csv(&rows)
            .map(|bytes| (bytes, "text/csv; charset=utf-8", "csv"))
            .map_err(|error| error.to_string())
    } else {
        to_xlsx(
            &format!("File Check Failures for {}", consignment.reference),
            &rows,
        )
        .map(|bytes| {
            (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            )
        })
        .map_err(|error| error.to_string())
    };
    match built {
        Ok((bytes, content_type, extension)) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.{extension}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => ServerError::from(AppError::internal(error)).into_response(),
    }
}

fn query_format(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("format="))
}

fn to_csv(rows: &[[String; 6]]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADERS)?;
    for row in rows {
        writer.write_record(row)?;
    }
    writer
        .into_inner()
        .map_err(|error| error.into_error().into())
}

fn to_xlsx(sheet_name: &str, rows: &[[String; 6]]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    // Excel allows 31 characters in a sheet's name.
    sheet.set_name(sheet_name.chars().take(31).collect::<String>())?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (column, header) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *header, &bold)?;
    }
    for (row, values) in rows.iter().enumerate() {
        for (column, value) in values.iter().enumerate() {
            sheet.write_string(row as u32 + 1, column as u16, value)?;
        }
    }
    sheet.autofit();
    workbook.save_to_buffer()
}
