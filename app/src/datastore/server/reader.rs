//! The API's reading of dataset tables (other-systems B.4): a table found through the catalogue
//! (`datastore_tables`, which the loader writes as it publishes), and a page of its rows in id
//! order. The loader's bookkeeping columns (`datafile_created`, `datafile_updated`, `data_hash`)
//! are never read: a table shows `id` and the file's own columns.
use backends::on_pool;
use backends::store::{StoreError, StorePool};
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use sqlx::Row;

use crate::datastore::api::{CheckedFilter, HIDDEN_SCHEMAS, ID};
use crate::datastore::columns::{Column, ColumnType, Value};
use crate::datastore::names::DatasetName;
use crate::datastore::server::tables::{as_text, quoted, DatasetTable};

/// A table the loader has published.
#[derive(Clone, Debug)]
pub struct PublishedTable {
    pub table: DatasetTable,
    /// The file's columns (after `id`), as staff confirmed them or the source declared them.
    pub columns: Vec<Column>,
    pub row_count: i64,
    pub loaded_at: DateTime<Utc>,
}

impl PublishedTable {
    /// What the API calls the columns, `id` first.
    pub fn headers(&self) -> Vec<String> {
        std::iter::once(ID.to_owned())
            .chain(self.columns.iter().map(|c| c.name.as_str().to_owned()))
            .collect()
    }
}

/// Rows of a table, each `id` first then the columns, as JSON values (NaN and empty as `null`).
pub type Rows = Vec<Vec<Json>>;

/// Reads dataset tables. Cheap to clone.
#[derive(Clone)]
pub struct TableReader {
    pool: StorePool,
}

impl TableReader {
    pub fn of(backends: &backends::Backends) -> Self {
        TableReader {
            pool: backends.store.pool(),
        }
    }

    /// The table `table` of the dataset whose schema is `schema` (`org.dataset`), if it has been
    /// published; never one of the schemas the API hides.
    pub async fn find(
        &self,
        schema: &str,
        table: &str,
    ) -> Result<Option<PublishedTable>, StoreError> {
        if HIDDEN_SCHEMAS.contains(&schema) {
            return Ok(None);
        }
        let Some(name) = DatasetName::from_schema(schema) else {
            return Ok(None);
        };
        type Found = (i64, sqlx::types::Json<Vec<Column>>, i64, DateTime<Utc>);
        let found: Option<Found> = on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT d.id, t.columns, t.row_count, t.loaded_at \
                 FROM datastore_datasets d JOIN datastore_tables t ON t.dataset_id = d.id \
                 WHERE d.organisation = $1 AND d.dataset = $2 AND t.table_name = $3",
            )
            .bind(name.organisation.as_str())
            .bind(name.dataset.as_str())
            .bind(table)
            .fetch_optional(pool)
            .await?
        });
        Ok(found.map(
            |(dataset_id, columns, row_count, loaded_at)| PublishedTable {
                table: DatasetTable { dataset_id, name },
                columns: columns.0,
                row_count,
                loaded_at,
            },
        ))
    }

    /// Up to `limit` rows from id `from_id` on (from the first when `None`) that pass every
    /// filter, in id order.
    pub async fn rows(
        &self,
        table: &PublishedTable,
        from_id: Option<i64>,
        filters: &[CheckedFilter],
        limit: usize,
    ) -> Result<Rows, StoreError> {
        let postgres = matches!(self.pool, StorePool::Postgres(_));
        let kinds: Vec<ColumnType> = table.columns.iter().map(|c| c.kind).collect();
        let selected: Vec<String> = table
            .columns
            .iter()
            .map(|column| {
                let name = quoted(column.name.as_str());
                match (postgres, column.kind) {
                    // NUMERIC's NaN is a float's NaN, which the answer writes as null (B.4).
                    (true, ColumnType::Numeric) => format!("{name}::float8"),
                    // As the loader writes them to SQLite: 2024-01-31, 2024-01-31 13:45:00.
                    (true, ColumnType::Date | ColumnType::Timestamp) => format!("{name}::text"),
                    _ => name,
                }
            })
            .collect();
        let mut sql = format!(
            "SELECT {ID}{}{} FROM {} WHERE {ID} >= $1",
            if selected.is_empty() { "" } else { ", " },
            selected.join(", "),
            table.table.live(&self.pool)
        );
        let mut parameter = 1;
        for filter in filters {
            let column = quoted(&filter.column);
            if filter.value.is_none() {
                sql.push_str(&format!(" AND {column} IS NULL"));
            } else {
                parameter += 1;
                let cast = if postgres && filter.kind == ColumnType::Numeric {
                    "::numeric"
                } else {
                    ""
                };
                sql.push_str(&format!(" AND {column} = ${parameter}{cast}"));
            }
        }
        sql.push_str(&format!(" ORDER BY {ID} LIMIT {limit}"));
        let from_id = from_id.unwrap_or(i64::MIN);
        let rows: Rows = on_pool!(&self.pool, pool => {
            let mut query = sqlx::query(&sql).bind(from_id);
            for filter in filters {
                query = match &filter.value {
                    None => query,
                    Some(Value::Integer(n)) => query.bind(*n),
                    Some(Value::Boolean(b)) => query.bind(*b),
                    Some(Value::Numeric(text)) if postgres => query.bind(text.clone()),
                    Some(Value::Numeric(text)) => query.bind(text.parse::<f64>().ok()),
                    Some(Value::Date(date)) if postgres => query.bind(*date),
                    Some(Value::Timestamp(time)) if postgres => query.bind(*time),
                    Some(other) => query.bind(as_text(other)),
                };
            }
            let fetched = query.fetch_all(pool).await?;
            let mut rows = Vec::with_capacity(fetched.len());
            for row in &fetched {
                let mut values = Vec::with_capacity(kinds.len() + 1);
                values.push(Json::from(row.try_get::<i64, _>(0)?));
                for (index, kind) in kinds.iter().enumerate() {
                    let at = index + 1;
                    values.push(match kind {
                        ColumnType::Integer => row.try_get::<Option<i64>, _>(at)?.map_or(Json::Null, Json::from),
                        ColumnType::Boolean => row.try_get::<Option<bool>, _>(at)?.map_or(Json::Null, Json::from),
                        ColumnType::Numeric => row
                            .try_get::<Option<f64>, _>(at)?
                            .and_then(serde_json::Number::from_f64)
                            .map_or(Json::Null, Json::Number),
                        ColumnType::Date | ColumnType::Timestamp | ColumnType::Text => {
                            row.try_get::<Option<String>, _>(at)?.map_or(Json::Null, Json::from)
                        }
                    });
                }
                rows.push(values);
            }
            rows
        });
        Ok(rows)
    }
}
