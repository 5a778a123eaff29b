//! The datasets the API lists (`GET /api/v1/datasets`, scope `list_datasets`): every dataset
//! there is, whether or not it has been loaded yet.
use backends::on_pool;
use backends::store::{StoreError, StorePool};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A dataset as the API lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ListedDataset {
    pub id: i64,
    pub organisation: String,
    pub dataset: String,
    pub slug: String,
    /// `upload` (CSV files staff upload) or `source` (pulled from an external source).
    pub origin: String,
    pub created_at: DateTime<Utc>,
}

/// The datasets table, read for the API. Cheap to clone.
#[derive(Clone)]
pub struct Catalogue {
    pool: StorePool,
}

impl Catalogue {
    pub fn of(backends: &backends::Backends) -> Self {
        Catalogue {
            pool: backends.store.pool(),
        }
    }

    /// Every dataset, by organisation then dataset.
    pub async fn datasets(&self) -> Result<Vec<ListedDataset>, StoreError> {
        Ok(on_pool!(&self.pool, pool => {
            sqlx::query_as(
                "SELECT id, organisation, dataset, slug, origin, created_at \
                 FROM datastore_datasets ORDER BY organisation, dataset",
            )
            .fetch_all(pool)
            .await?
        }))
    }
}
