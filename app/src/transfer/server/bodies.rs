//! Transferring bodies, their series, and their members (other-systems C.1).
use backends::on_pool;
use chrono::{DateTime, Utc};

use super::{undecodable, TransferError, Transfers};
use crate::transfer::ids::{BodyId, SeriesId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body {
    pub id: BodyId,
    pub name: String,
    pub tdr_code: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    pub id: SeriesId,
    pub body_id: BodyId,
    pub code: String,
    pub name: String,
    pub description: String,
}

type BodyRow = (String, String, String);
type SeriesRow = (String, String, String, String, String);

fn body_of((id, name, tdr_code): BodyRow) -> Result<Body, TransferError> {
    Ok(Body {
        id: id.parse().map_err(undecodable)?,
        name,
        tdr_code,
    })
}

fn series_of((id, body_id, code, name, description): SeriesRow) -> Result<Series, TransferError> {
    Ok(Series {
        id: id.parse().map_err(undecodable)?,
        body_id: body_id.parse().map_err(undecodable)?,
        code,
        name,
        description,
    })
}

/// A code or name as the CLI takes it: one line of text, not empty.
fn one_line(what: &str, text: &str) -> Result<String, TransferError> {
    let text = text.trim();
    if text.is_empty() || text.chars().any(char::is_control) {
        return Err(TransferError::Refused(format!(
            "the {what} must be one line of text"
        )));
    }
    Ok(text.to_owned())
}

impl Transfers {
    /// A new transferring body; refused if its code is taken.
    pub async fn add_body(&self, name: &str, tdr_code: &str) -> Result<Body, TransferError> {
        let body = Body {
            id: BodyId::random(),
            name: one_line("body's name", name)?,
            tdr_code: one_line("body's code", tdr_code)?,
        };
        let now: DateTime<Utc> = self.clock.now();
        let added = on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO transfer_bodies (id, name, tdr_code, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(body.id.as_str())
            .bind(&body.name)
            .bind(&body.tdr_code)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if added == 0 {
            return Err(TransferError::Refused(format!(
                "a body with the code {} already exists",
                body.tdr_code
            )));
        }
        Ok(body)
    }

    pub async fn body_by_code(&self, tdr_code: &str) -> Result<Option<Body>, TransferError> {
        let row: Option<BodyRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as("SELECT id, name, tdr_code FROM transfer_bodies WHERE tdr_code = $1")
                .bind(tdr_code)
                .fetch_optional(pool)
                .await?
        });
        row.map(body_of).transpose()
    }

    /// Every body, by code.
    pub async fn bodies(&self) -> Result<Vec<Body>, TransferError> {
        let rows: Vec<BodyRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as("SELECT id, name, tdr_code FROM transfer_bodies ORDER BY tdr_code")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(body_of).collect()
    }

    /// A new series of the body with the code `body_code`; refused if the series code is taken.
    pub async fn add_series(
        &self,
        body_code: &str,
        code: &str,
        name: &str,
        description: &str,
    ) -> Result<Series, TransferError> {
        let body = self
            .body_by_code(body_code)
            .await?
            .ok_or(TransferError::NotFound)?;
        let series = Series {
            id: SeriesId::random(),
            body_id: body.id,
            code: one_line("series code", code)?,
            name: one_line("series name", name)?,
            description: description.trim().to_owned(),
        };
        let now = self.clock.now();
        let added = on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO transfer_series (id, body_id, code, name, description, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .bind(series.id.as_str())
            .bind(series.body_id.as_str())
            .bind(&series.code)
            .bind(&series.name)
            .bind(&series.description)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if added == 0 {
            return Err(TransferError::Refused(format!(
                "a series with the code {} already exists",
                series.code
            )));
        }
        Ok(series)
    }

    /// The series of a body, by code (`getSeries`).
    pub async fn series_of_body(&self, body: &BodyId) -> Result<Vec<Series>, TransferError> {
        let rows: Vec<SeriesRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT id, body_id, code, name, description FROM transfer_series \
                 WHERE body_id = $1 ORDER BY code",
            )
            .bind(body.as_str())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(series_of).collect()
    }

    pub async fn series(&self, id: &SeriesId) -> Result<Option<Series>, TransferError> {
        let row: Option<SeriesRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT id, body_id, code, name, description FROM transfer_series WHERE id = $1",
            )
            .bind(id.as_str())
            .fetch_optional(pool)
            .await?
        });
        row.map(series_of).transpose()
    }

    /// Makes the account a member of the body with the code `body_code` (its only body).
    pub async fn add_member(&self, user_id: &str, body_code: &str) -> Result<Body, TransferError> {
        let body = self
            .body_by_code(body_code)
            .await?
            .ok_or(TransferError::NotFound)?;
        let now = self.clock.now();
        on_pool!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO transfer_members (user_id, body_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id) DO UPDATE SET body_id = excluded.body_id",
            )
            .bind(user_id)
            .bind(body.id.as_str())
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(body)
    }

    /// The body the account transfers for, if any.
    pub async fn body_of_member(&self, user_id: &str) -> Result<Option<Body>, TransferError> {
        let row: Option<BodyRow> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT b.id, b.name, b.tdr_code FROM transfer_members m \
                 JOIN transfer_bodies b ON b.id = m.body_id WHERE m.user_id = $1",
            )
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        });
        row.map(body_of).transpose()
    }
}
