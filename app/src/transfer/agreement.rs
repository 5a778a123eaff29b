//! What the transfer agreement and the final confirmation record (other-systems C.2 steps 3 and
//! 8), in one place for the pages and the GraphQL API: the answers' names and values as the
//! consignment's metadata keeps them, and TDR's words when a declaration is missing.

/// The legal statuses TDR offers (part 1), which are also what it records.
pub const LEGAL_STATUSES: [&str; 3] = [
    "Public Record(s)",
    "Welsh Public Record(s)",
    "Not Public Record(s)",
];
/// The answer `addTransferAgreementPrivateBeta { allPublicRecords: true }` stands for.
pub const PUBLIC_RECORDS: &str = LEGAL_STATUSES[0];
/// The answer `allPublicRecords: false` stands for.
pub const NOT_PUBLIC_RECORDS: &str = LEGAL_STATUSES[2];
/// The consignment metadata the legal status is kept as (TDR's metadata schema name).
pub const LEGAL_STATUS_PROPERTY: &str = "LegalStatus";

/// The Departmental Records Officer's sign-offs (part 2): the metadata each is kept as, and
/// TDR's words when it is not confirmed.
pub const APPRAISAL_SELECTION_SIGN_OFF: &str = "AppraisalSelectionSignOff";
pub const APPRAISAL_SELECTION_MISSING: &str = "Departmental Records Officer (DRO) must have signed off the appraisal and selection decision for records";
pub const SENSITIVITY_REVIEW_SIGN_OFF: &str = "SensitivityReviewSignOff";
pub const SENSITIVITY_REVIEW_MISSING: &str =
    "Departmental Records Officer (DRO) must have signed off sensitivity review";
/// What a confirmed sign-off is recorded as.
pub const CONFIRMED: &str = "true";

/// TDR's words when the transfer of custody is not confirmed (C.2 step 8).
pub const CUSTODY_MISSING: &str =
    "Transferral of custody of all records must be confirmed before proceeding";
/// Whether the records are all open (`initialOpenRecords`), when the API is told: the metadata
/// it is kept as. The pages do not ask.
pub const INITIAL_OPEN_RECORDS: &str = "InitialOpenRecords";
