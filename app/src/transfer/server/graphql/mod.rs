//! The transfer service's GraphQL API (other-systems C.7): TDR's `tdr-consignment-api` schema —
//! its names, inputs and scalars — for the operations the journey and the checks use, over the
//! same repository and the same journey rule as the pages (`flow::Progress::accepts`), so the API
//! can do nothing the pages refuse. The server answers it at `/transfer/graphql`
//! (`server/src/http/transfer/graphql.rs`), which says who is calling: a signed-in member of a
//! transferring body (or an admin), who sees their body's consignments, or a service client with
//! a bearer token, who sees every consignment and may report what the checks and the export
//! found.
//!
//! Errors carry a code in `extensions.code`: `NOT_FOUND` (no such consignment or file, or one the
//! caller may not see: the two read the same), `REFUSED` (the consignment cannot take this now;
//! the message says why, in TDR's words where it has them), `NOT_AUTHORISED` (a person asking
//! for what only a service client may do, or the reverse), `INVALID_INPUT_DATA` (TDR's code for a
//! malformed input value), `INTERNAL` (ours; its detail is logged, never sent).
mod inputs;
mod mutation;
mod query;
mod scalars;
mod types;

use std::sync::Arc;

use async_graphql::{EmptySubscription, ErrorExtensions, Schema};

use super::{Caller, ClientName, TransferError, Transfers};
use crate::account::server::User;

pub use mutation::Mutation;
pub use query::Query;
pub use scalars::{Long, Uuid, ZonedDateTime};

pub type TransferSchema = Schema<Query, Mutation, EmptySubscription>;

/// How deep a query's fields may nest: enough for any of TDR's own queries (a consignment's
/// files' format matches are 7 deep), too few for a query built to be expensive.
pub const MAX_DEPTH: usize = 8;
/// How deep an introspection query may nest: GraphiQL's asks for a type's `ofType` nine times.
/// Only for operations that ask for nothing but `__schema`, `__type` and `__typename`.
pub const MAX_INTROSPECTION_DEPTH: usize = 16;
/// How many fields one operation may ask for, every field of a fragment counted where it is
/// spread (GraphiQL's introspection query is about 200).
pub const MAX_COMPLEXITY: usize = 500;
/// The most consignments one page of `consignments` holds (TDR's `maxLimit` is larger; ours keeps
/// a page's files and statuses cheap).
pub const MAX_PAGE: i32 = 100;
/// The most files and folders one page of `paginatedFiles` holds; a larger `limit` is taken as
/// this, as TDR caps it (its `filesMaxLimit`).
pub const MAX_FILE_PAGE: i32 = 100;

/// Who is calling, as the server found out from the request.
#[derive(Clone, Debug)]
pub enum Client {
    /// A signed-in account with the `transfer` role, or an admin.
    Member(Arc<User>),
    /// A service client, by the name its bearer token was made for.
    Service(ClientName),
}

impl Client {
    /// What the repository checks every read against.
    pub fn caller(&self) -> Caller {
        match self {
            Client::Member(user) => Caller::account(user),
            Client::Service(_) => Caller::Service,
        }
    }
}

/// The schema, with the repository its resolvers use and the depth and complexity limits.
/// `depth` is [`MAX_DEPTH`], or [`MAX_INTROSPECTION_DEPTH`] for the schema the server answers
/// introspection-only operations with.
pub fn schema(transfers: Transfers, depth: usize) -> TransferSchema {
    Schema::build(Query, Mutation, EmptySubscription)
        .data(transfers)
        .limit_depth(depth)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}

/// Whether the operation asks for nothing but introspection (`__schema`, `__type`,
/// `__typename`) at its top level, so the server may answer it with the deeper limit. Anything
/// else — a fragment spread at the top, a document that does not parse — is not.
pub fn is_introspection(query: &str, operation_name: Option<&str>) -> bool {
    use async_graphql::parser::types::{DocumentOperations, Selection};

    let Ok(document) = async_graphql::parser::parse_query(query) else {
        return false;
    };
    let operation = match (&document.operations, operation_name) {
        (DocumentOperations::Single(operation), _) => Some(operation),
        (DocumentOperations::Multiple(operations), Some(name)) => operations.get(name),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.values().next()
        }
        (DocumentOperations::Multiple(_), None) => None,
    };
    operation.is_some_and(|operation| {
        let items = &operation.node.selection_set.node.items;
        !items.is_empty()
            && items.iter().all(|item| match &item.node {
                Selection::Field(field) => field.node.name.node.starts_with("__"),
                Selection::FragmentSpread(_) | Selection::InlineFragment(_) => false,
            })
    })
}

/// The error codes this API answers with, in `extensions.code`.
pub mod codes {
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const REFUSED: &str = "REFUSED";
    pub const NOT_AUTHORISED: &str = "NOT_AUTHORISED";
    pub const INVALID_INPUT_DATA: &str = "INVALID_INPUT_DATA";
    pub const INTERNAL: &str = "INTERNAL";
}

/// An error with a code.
pub fn coded(code: &'static str, message: impl Into<String>) -> async_graphql::Error {
    async_graphql::Error::new(message).extend_with(|_, extensions| extensions.set("code", code))
}

/// TDR's code for input it cannot take.
pub(crate) fn invalid_input(message: impl Into<String>) -> async_graphql::Error {
    coded(codes::INVALID_INPUT_DATA, message)
}

/// The repository's errors as the API answers them: our own failures are logged and told in
/// general terms.
pub(crate) fn answer(error: TransferError) -> async_graphql::Error {
    match error {
        TransferError::NotFound => coded(codes::NOT_FOUND, "Not found"),
        TransferError::Refused(message) => coded(codes::REFUSED, message),
        TransferError::Forbidden(message) => coded(codes::NOT_AUTHORISED, message),
        TransferError::InvalidInput(message) => coded(codes::INVALID_INPUT_DATA, message),
        other => {
            tracing::error!(error = %other, "a transfer GraphQL request failed");
            coded(codes::INTERNAL, "Internal server error")
        }
    }
}

/// Our account ids are 32 hex digits: as TDR's `userid` they are written as a UUID, hyphenated.
pub fn user_uuid(user_id: &str) -> String {
    let hex = user_id.len() == 32 && user_id.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex {
        return user_id.to_owned();
    }
    let (a, rest) = user_id.split_at(8);
    let (b, rest) = rest.split_at(4);
    let (c, rest) = rest.split_at(4);
    let (d, e) = rest.split_at(4);
    format!("{a}-{b}-{c}-{d}-{e}")
}

/// The account id a `userid` UUID stands for.
pub fn user_id_of(uuid: &Uuid) -> String {
    uuid.as_str().replace('-', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_read_as_uuids_and_back() {
        let id = "0123456789abcdef0123456789abcdef";
        let uuid = user_uuid(id);
        assert_eq!(uuid, "01234567-89ab-cdef-0123-456789abcdef");
        assert_eq!(user_id_of(&uuid.parse().unwrap()), id);
        assert_eq!(user_uuid("not-an-id"), "not-an-id");
    }

    #[test]
    fn only_operations_asking_for_introspection_alone_are_introspection() {
        assert!(is_introspection("{ __schema { types { name } } }", None));
        assert!(is_introspection(
            "query A { __type(name: \"File\") { name } } query B { getSeries(body: \"X\") { name } }",
            Some("A")
        ));
        assert!(!is_introspection(
            "query A { __schema { types { name } } } query B { x }",
            None
        ));
        assert!(!is_introspection(
            "{ __schema { types { name } } getSeries(body: \"X\") { name } }",
            None
        ));
        assert!(!is_introspection(
            "{ ...F } fragment F on Query { __typename }",
            None
        ));
        assert!(!is_introspection("{ not graphql", None));
    }

    #[test]
    fn the_schema_has_tdrs_names() {
        let sdl = Schema::build(Query, Mutation, EmptySubscription)
            .finish()
            .sdl();
        for expected in [
            "getSeries(body: String!): [Series!]!",
            "getConsignment(consignmentid: UUID!, paginationInput: PaginationInput): Consignment",
            "paginatedFiles(paginationInput: PaginationInput): FileConnection!",
            "getConsignmentReviewDetails(statusFilter: String): [ConsignmentReviewDetails!]!",
            "getFileCheckFailures(getFileCheckFailuresInput: GetFileCheckFailuresInput): [FileCheckFailure!]!",
            "addMultipleFileMetadata(addMultipleFileMetadataInput: AddFileMetadataWithFileIdInput!): [FileMetadataWithFileId!]!",
            "addOrUpdateBulkFileMetadata(addOrUpdateBulkFileMetadataInput: AddOrUpdateBulkFileMetadataInput!): [FileMetadataWithFileId!]!",
            "addOrUpdateConsignmentMetadata(addOrUpdateConsignmentMetadataInput: AddOrUpdateConsignmentMetadataInput!): [ConsignmentMetadataWithConsignmentId!]!",
            "PUID: String",
            "input PaginationInput",
            "metadataFilters: FileMetadataFilters",
            "addBulkFFIDMetadata(addBulkFFIDMetadataInput: FFIDMetadataInput!): [FFIDMetadata!]!",
            "addFilesAndMetadata(addFilesAndMetadataInput: AddFileAndMetadataInput!): [FileMatches!]!",
            "updateTransferInitiated(consignmentid: UUID!): Int",
            "scalar ZonedDateTime",
            "scalar Long",
            "enum ConsignmentOrderField",
            "consignmentid: UUID",
            "transferringBodyTdrCode: String",
        ] {
            assert!(sdl.contains(expected), "{expected} is not in\n{sdl}");
        }
    }
}
