//! The pages of one consignment, `/transfer/consignment/{id}/…`, in the journey's order
//! (`transfer::flow`).
pub mod confirm_transfer;
pub mod file_checks;
pub mod file_checks_results;
pub mod series;
pub mod transfer_agreement;
pub mod transfer_agreement_continued;
pub mod transfer_complete;
pub mod upload;
