//! Every URL of the data store's JSON API (other-systems B.4), each HAWK-protected with its own
//! scope (`super::hawk`).
use app::paths::Path;

/// The datasets there are (ours; scope `list_datasets`).
pub const DATASETS: Path = Path::new("/api/v1/datasets");
