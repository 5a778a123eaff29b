//! The datasets ("pipelines", B.3) repository: `datastore_datasets`.
use backends::clock::SharedClock;
use backends::on_pool;
use backends::store::{StoreError, StorePool};
use chrono::{DateTime, Utc};

use crate::datastore::names::{DatasetName, DatasetSlug, NamePart};

/// Where a dataset's rows come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// CSV files uploaded by staff, each a version.
    Upload,
    /// Files pulled from a configured source.
    Source,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Upload => "upload",
            Origin::Source => "source",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    pub id: i64,
    pub name: DatasetName,
    pub origin: Origin,
    pub created_at: DateTime<Utc>,
}

impl Dataset {
    pub fn slug(&self) -> DatasetSlug {
        self.name.slug()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The real service's words.
    #[error("Pipeline for organisation and dataset already exists")]
    Exists,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for DatasetError {
    fn from(error: sqlx::Error) -> Self {
        DatasetError::Store(StoreError::Database(error))
    }
}

type Row = (i64, String, String, String, DateTime<Utc>);

fn dataset_of((id, organisation, dataset, origin, created_at): Row) -> Result<Dataset, StoreError> {
    let part = |text: String| {
        NamePart::try_from(text)
            .map_err(|error| StoreError::Database(sqlx::Error::Decode(error.into())))
    };
    Ok(Dataset {
        id,
        name: DatasetName {
            organisation: part(organisation)?,
            dataset: part(dataset)?,
        },
        origin: if origin == "source" {
            Origin::Source
        } else {
            Origin::Upload
        },
        created_at,
    })
}

const COLUMNS: &str = "id, organisation, dataset, origin, created_at";

/// The datasets. Cheap to clone.
#[derive(Clone)]
pub struct Datasets {
    pool: StorePool,
    clock: SharedClock,
}

impl Datasets {
    pub fn of(backends: &backends::Backends) -> Self {
        Datasets {
            pool: backends.store.pool(),
            clock: backends.clock.clone(),
        }
    }

    /// A new dataset; [`DatasetError::Exists`] if the organisation already has one of the name.
    pub async fn create(
        &self,
        name: &DatasetName,
        origin: Origin,
        created_by: Option<&str>,
    ) -> Result<Dataset, DatasetError> {
        let now = self.clock.now();
        let row: Option<Row> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "INSERT INTO datastore_datasets (organisation, dataset, slug, origin, created_at, created_by) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING {COLUMNS}"
            ))
            .bind(name.organisation.as_str())
            .bind(name.dataset.as_str())
            .bind(name.slug().as_str())
            .bind(origin.as_str())
            .bind(now)
            .bind(created_by)
            .fetch_optional(pool)
            .await?
        });
        Ok(dataset_of(row.ok_or(DatasetError::Exists)?)?)
    }

    /// The dataset named `name`, made if there is none (a source's, on its first file).
    pub async fn ensure(&self, name: &DatasetName, origin: Origin) -> Result<Dataset, StoreError> {
        match self.create(name, origin, None).await {
            Ok(dataset) => Ok(dataset),
            Err(DatasetError::Exists) => self
                .named(name)
                .await?
                .ok_or(StoreError::Database(sqlx::Error::RowNotFound)),
            Err(DatasetError::Store(error)) => Err(error),
        }
    }

    pub async fn named(&self, name: &DatasetName) -> Result<Option<Dataset>, StoreError> {
        self.by_slug(&name.slug()).await
    }

    pub async fn by_id(&self, id: i64) -> Result<Option<Dataset>, StoreError> {
        let row: Option<Row> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM datastore_datasets WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(dataset_of).transpose()
    }

    pub async fn by_slug(&self, slug: &DatasetSlug) -> Result<Option<Dataset>, StoreError> {
        let row: Option<Row> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM datastore_datasets WHERE slug = $1"))
                .bind(slug.as_str())
                .fetch_optional(pool)
                .await?
        });
        row.map(dataset_of).transpose()
    }

    /// Every dataset, by organisation then name.
    pub async fn all(&self) -> Result<Vec<Dataset>, StoreError> {
        let rows: Vec<Row> = on_pool!(&self.pool, pool => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM datastore_datasets ORDER BY organisation, dataset"
            ))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(dataset_of).collect()
    }
}
