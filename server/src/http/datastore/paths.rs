//! Every URL of the data store's JSON API (other-systems B.4), each HAWK-protected with its own
//! scope (`super::hawk`) but the OpenAPI document, which is public.
use app::paths::Path;

/// The datasets there are (ours; scope `list_datasets`).
pub const DATASETS: Path = Path::new("/api/v1/datasets");
/// One dataset by its schema (`org.dataset`), with its table and versions (ours; `list_datasets`).
pub const DATASET: Path<String> = Path::new("/api/v1/datasets/{schema}");
/// A table's columns (`get_table_structure`).
pub const TABLE_STRUCTURE: Path<(String, String)> =
    Path::new("/api/v1/table-structure/{schema}/{table}");
/// A table's rows, a page at a time (`get_table_data`).
pub const TABLE_DATA: Path<(String, String)> = Path::new("/api/v1/table-data/{schema}/{table}");
/// The API's OpenAPI document (the message feed's is `/api/v1/openapi.json`).
pub const OPENAPI: Path = Path::new("/api/v1/datastore/openapi.json");
