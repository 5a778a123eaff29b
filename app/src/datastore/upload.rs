//! A CSV upload's states and what the progress page says of each (other-systems B.3), shared by
//! the server, the progress JSON and the browser's progress bar.
use serde::{Deserialize, Serialize};

/// Where an uploaded file (a dataset's version) is: `DataUploaderFileState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadState {
    Uploading,
    Uploaded,
    Verified,
    ProcessingDss,
    /// The real service's wait for Airflow ("Data Flow") after loading. There is no Data Flow
    /// here: a load goes from `processing_dss` to `completed`; the state is kept so the states'
    /// names and the progress table stay the real ones.
    ProcessingDataflow,
    Completed,
    Failed,
}

/// What the progress endpoint answers: `{"state", "progress", "info"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub state: Option<UploadState>,
    /// 0 to 100.
    pub progress: u8,
    pub info: String,
}

/// The message of a failure nobody saw happen (B.3's hourly check).
pub const STUCK_MESSAGE: &str = "Failed for an unknown reason. Pipeline was automatically marked as failed because it did not complete within 24 hours.";

/// Hours a file may sit verified or processing before it is failed.
pub const STUCK_AFTER_HOURS: i64 = 24;

impl UploadState {
    pub const ALL: [UploadState; 7] = [
        UploadState::Uploading,
        UploadState::Uploaded,
        UploadState::Verified,
        UploadState::ProcessingDss,
        UploadState::ProcessingDataflow,
        UploadState::Completed,
        UploadState::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UploadState::Uploading => "uploading",
            UploadState::Uploaded => "uploaded",
            UploadState::Verified => "verified",
            UploadState::ProcessingDss => "processing_dss",
            UploadState::ProcessingDataflow => "processing_dataflow",
            UploadState::Completed => "completed",
            UploadState::Failed => "failed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == name)
    }

    /// Verified or being processed: what the hourly check fails after 24 hours.
    pub fn is_under_way(self) -> bool {
        matches!(
            self,
            UploadState::Verified | UploadState::ProcessingDss | UploadState::ProcessingDataflow
        )
    }

    /// Listed among a dataset's versions (B.3 step 3).
    pub fn is_listed(self) -> bool {
        matches!(
            self,
            UploadState::Uploaded
                | UploadState::ProcessingDss
                | UploadState::ProcessingDataflow
                | UploadState::Completed
        )
    }
}

impl Progress {
    /// The real service's table (B.3 step 6). While rows are being loaded, the bar also moves
    /// with the share of the file loaded, from 40 towards 70, so a large file shows it is going.
    pub fn of(state: Option<UploadState>, share_loaded: f64) -> Self {
        let (progress, info) = match state {
            None => (0, "Starting new data upload"),
            Some(UploadState::Uploading) => (10, "Uploading data"),
            Some(UploadState::Uploaded) => (20, "Data successfully uploaded"),
            Some(UploadState::Verified) => (30, "Data successfully verified"),
            Some(UploadState::ProcessingDss) => (
                40 + (share_loaded.clamp(0.0, 1.0) * 29.0) as u8,
                "Data is being processed by Data Store Service",
            ),
            Some(UploadState::ProcessingDataflow) => (70, "Data is being processed by Data Flow"),
            Some(UploadState::Completed) => (100, "Data successfully processed"),
            Some(UploadState::Failed) => (
                100,
                "Sorry, there is a problem with the service. Try again later.",
            ),
        };
        Progress {
            state,
            progress,
            info: info.to_owned(),
        }
    }

    /// Whether the page should stop asking.
    pub fn is_finished(&self) -> bool {
        matches!(
            self.state,
            Some(UploadState::Completed) | Some(UploadState::Failed)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_table_is_the_real_services() {
        let table: Vec<(Option<&str>, u8)> = std::iter::once(None)
            .chain(UploadState::ALL.map(Some))
            .map(|state| {
                let progress = Progress::of(state, 0.0);
                (state.map(UploadState::as_str), progress.progress)
            })
            .collect();
        assert_eq!(
            table,
            [
                (None, 0),
                (Some("uploading"), 10),
                (Some("uploaded"), 20),
                (Some("verified"), 30),
                (Some("processing_dss"), 40),
                (Some("processing_dataflow"), 70),
                (Some("completed"), 100),
                (Some("failed"), 100),
            ]
        );
        assert_eq!(
            Progress::of(Some(UploadState::Failed), 0.0).info,
            "Sorry, there is a problem with the service. Try again later."
        );
    }

    #[test]
    fn loading_moves_the_bar_without_reaching_the_next_step() {
        let at = |share| Progress::of(Some(UploadState::ProcessingDss), share).progress;
        assert_eq!((at(0.5), at(1.0), at(7.0), at(-1.0)), (54, 69, 69, 40));
    }

    #[test]
    fn states_round_trip_and_serialise_as_their_names() {
        for state in UploadState::ALL {
            assert_eq!(UploadState::parse(state.as_str()), Some(state));
            assert_eq!(
                serde_json::to_string(&state).unwrap(),
                format!("\"{}\"", state.as_str())
            );
        }
    }
}
