//! Every URL of the data store's upload pages, declared once (other-systems B.3's routes, without
//! their trailing slashes, which the router also accepts). For data store staff and admins.
use crate::datastore::names::DatasetSlug;
use crate::paths::{FromPathValues, Path, PathParams};

/// Choose the dataset to upload to, or add one.
pub const SELECT_DATASET: Path = Path::new("/upload");
/// Add a dataset ("create pipeline").
pub const CREATE_DATASET: Path = Path::new("/upload/create");
/// "Dataset pipeline created".
pub const DATASET_CREATED: Path<DatasetSlug> = Path::new("/upload/created/{slug}");
/// A dataset's versions, and the form to upload a CSV file (posted as multipart to the server).
pub const UPLOAD_DATA: Path<DatasetSlug> = Path::new("/upload/data/{slug}");
/// The preview of an uploaded file: its contents, the column types, "does it look correct?".
pub const VERIFY: Path<(DatasetSlug, String)> = Path::new("/upload/data/{slug}/verify/{id}");
/// Processing's progress.
pub const UPLOADED: Path<(DatasetSlug, String)> = Path::new("/upload/data/{slug}/uploaded/{id}");
/// A file that could not be processed.
pub const FAILED: Path<(DatasetSlug, String)> =
    Path::new("/upload/data/{slug}/uploaded/{id}/failed");
/// "Are you sure you want to restore this version of the data".
pub const RESTORE: Path<(DatasetSlug, String)> = Path::new("/upload/data/{slug}/restore/{id}");
/// The external sources: their pulls and files, and "Pull now".
pub const SOURCES: Path = Path::new("/upload/sources");
/// Processing's progress as JSON `{"state", "progress", "info"}` (answered by the server).
pub const PROGRESS: Path<String> = Path::new("/upload/progress/{id}");

impl PathParams for DatasetSlug {
    fn values(&self) -> Vec<String> {
        vec![self.to_string()]
    }
}

impl FromPathValues for DatasetSlug {
    fn from_values(values: &[String]) -> Option<Self> {
        match values {
            [slug] => DatasetSlug::try_from(slug.clone()).ok(),
            _ => None,
        }
    }
}
