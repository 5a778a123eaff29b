//! The queries: a body's series, one consignment, a page of consignments, the consignments
//! under review and the files whose checks failed.
use async_graphql::{Context, Object, Result};

use super::inputs::{
    ConsignmentFilters, ConsignmentOrderBy, ConsignmentOrderField, Direction,
    GetFileCheckFailuresInput, PaginationInput,
};
use super::types::{
    transfers, ConsignmentConnection, ConsignmentEdge, ConsignmentNode, ConsignmentReviewDetails,
    FileCheckFailureNode, PageInfo, SeriesNode,
};
use super::{answer, coded, codes, invalid_input, user_id_of, Client, MAX_PAGE};
use crate::transfer::server::{
    ConsignmentFilter, ConsignmentListing, ConsignmentOrder, FailureFilter, ReviewStatus,
};
use crate::transfer::status::ConsignmentType;

pub struct Query;

/// Who is calling: the server puts it in every request it executes.
pub(super) fn client<'a>(ctx: &Context<'a>) -> Result<&'a Client> {
    ctx.data::<Client>().map_err(|_| {
        coded(
            codes::NOT_AUTHORISED,
            "Sign in, or send a service token as Authorization: Bearer <token>",
        )
    })
}

/// A consignment type as TDR names it, in its words when it is not one.
pub(super) fn consignment_type(name: &str) -> Result<ConsignmentType> {
    name.parse()
        .map_err(|_| invalid_input(format!("Invalid consignment type '{name}' for consignment")))
}

/// The repository's filter for `consignmentFiltersInput`.
pub(super) fn filter_of(filters: ConsignmentFilters) -> Result<ConsignmentFilter> {
    Ok(ConsignmentFilter {
        user_id: filters.user_id.as_ref().map(user_id_of),
        consignment_type: filters
            .consignment_type
            .as_deref()
            .map(consignment_type)
            .transpose()?,
    })
}

#[Object]
impl Query {
    /// The series of the body with the TDR code `body`. A member may ask only for their own
    /// body's; an admin or a service client for any.
    async fn get_series(&self, ctx: &Context<'_>, body: String) -> Result<Vec<SeriesNode>> {
        let client = client(ctx)?;
        let transfers = transfers(ctx)?;
        if let Client::Member(user) = client {
            let own = transfers
                .body_of_member(&user.id.to_string())
                .await
                .map_err(answer)?;
            let admin = user.role == crate::account::server::Role::Admin;
            if !admin && own.is_none_or(|own| own.tdr_code != body) {
                return Err(coded(
                    codes::NOT_AUTHORISED,
                    format!("You do not transfer records for the body {body}"),
                ));
            }
        }
        let Some(found) = transfers.body_by_code(&body).await.map_err(answer)? else {
            return Ok(Vec::new());
        };
        Ok(transfers
            .series_of_body(&found.id)
            .await
            .map_err(answer)?
            .into_iter()
            .map(SeriesNode::from)
            .collect())
    }

    /// One consignment: null, with a `NOT_FOUND` error, if there is none or the caller may not
    /// see it (the two answer the same). `paginationInput` is the page of its `paginatedFiles`
    /// when that field is given none of its own.
    async fn get_consignment(
        &self,
        ctx: &Context<'_>,
        consignmentid: super::Uuid,
        pagination_input: Option<PaginationInput>,
    ) -> Result<Option<ConsignmentNode>> {
        let caller = client(ctx)?.caller();
        let consignment = transfers(ctx)?
            .consignment(&caller, &consignmentid.consignment())
            .await
            .map_err(answer)?;
        Ok(Some(
            ConsignmentNode::new(consignment).with_pagination(pagination_input),
        ))
    }

    /// The consignments whose metadata is under review (they have a `MetadataReview` status)
    /// that the caller may see — TDR keeps this to The National Archives' staff; here a member
    /// sees their body's, an admin or a service client all — only those whose `reviewStatus` is
    /// `statusFilter` if given (`Requested`, `Rejected`, `Approved`, `Transferred`; another
    /// value is `INVALID_INPUT_DATA`). Requested first, then rejected, approved and
    /// transferred, the latest first within each, as TDR orders them.
    async fn get_consignment_review_details(
        &self,
        ctx: &Context<'_>,
        status_filter: Option<String>,
    ) -> Result<Vec<ConsignmentReviewDetails>> {
        let caller = client(ctx)?.caller();
        let status = status_filter
            .as_deref()
            .map(str::parse::<ReviewStatus>)
            .transpose()
            .map_err(invalid_input)?;
        Ok(transfers(ctx)?
            .review_details(&caller, status)
            .await
            .map_err(answer)?
            .into_iter()
            .map(ConsignmentReviewDetails::from)
            .collect())
    }

    /// The failed checks (antivirus, file format, checksum match, client file path,
    /// redaction: any value but `Success`) of the files of the consignments the caller may
    /// see — TDR keeps this to its reporting role; here a member sees their body's, an admin or
    /// a service client all — or of one (`NOT_FOUND` if they may not see it), recorded after
    /// `startDateTime` and before `endDateTime` if given. By consignment and path; a file
    /// identified as several formats has a row for each.
    async fn get_file_check_failures(
        &self,
        ctx: &Context<'_>,
        get_file_check_failures_input: Option<GetFileCheckFailuresInput>,
    ) -> Result<Vec<FileCheckFailureNode>> {
        let caller = client(ctx)?.caller();
        let filter = match get_file_check_failures_input {
            Some(input) => FailureFilter {
                consignment: input.consignment_id.as_ref().map(super::Uuid::consignment),
                after: input.start_date_time.map(|at| at.0),
                before: input.end_date_time.map(|at| at.0),
            },
            None => FailureFilter::default(),
        };
        if let (Some(after), Some(before)) = (filter.after, filter.before) {
            if after >= before {
                return Err(invalid_input("startDateTime must be before endDateTime"));
            }
        }
        Ok(transfers(ctx)?
            .file_check_failures(&caller, &filter)
            .await
            .map_err(answer)?
            .into_iter()
            .map(FileCheckFailureNode::from)
            .collect())
    }

    /// A page of the consignments the caller may see (TDR's `view-transfers`), by default the
    /// newest reference first. `currentCursor` is the `endCursor` of the page before (a
    /// consignment's reference); `currentPage` skips that many pages of `limit` after it.
    async fn consignments(
        &self,
        ctx: &Context<'_>,
        limit: i32,
        current_cursor: Option<String>,
        current_page: Option<i32>,
        consignment_filters_input: Option<ConsignmentFilters>,
        order_by: Option<ConsignmentOrderBy>,
    ) -> Result<ConsignmentConnection> {
        let caller = client(ctx)?.caller();
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(invalid_input(format!(
                "limit must be between 1 and {MAX_PAGE}"
            )));
        }
        let page = current_page.unwrap_or(0);
        let page =
            u64::try_from(page).map_err(|_| invalid_input("currentPage must not be negative"))?;
        let filter = match consignment_filters_input {
            Some(filters) => filter_of(filters)?,
            None => ConsignmentFilter::default(),
        };
        let order_by = order_by.unwrap_or(ConsignmentOrderBy {
            consignment_order_field: ConsignmentOrderField::ConsignmentReference,
            order_direction: Direction::Descending,
        });
        let limit_count = limit as u64;
        let listing = ConsignmentListing {
            filter: filter.clone(),
            order: match order_by.consignment_order_field {
                ConsignmentOrderField::ConsignmentReference => ConsignmentOrder::Reference,
                ConsignmentOrderField::CreatedAtTimestamp => ConsignmentOrder::Created,
            },
            ascending: order_by.order_direction == Direction::Ascending,
            after: current_cursor.clone(),
            offset: page.saturating_mul(limit_count),
            limit: limit_count,
        };
        let (consignments, more) = transfers(ctx)?
            .list_consignments(&caller, &listing)
            .await
            .map_err(answer)?;
        let edges: Vec<ConsignmentEdge> = consignments
            .into_iter()
            .map(|consignment| ConsignmentEdge {
                cursor: consignment.reference.to_string(),
                node: ConsignmentNode::new(consignment),
            })
            .collect();
        Ok(ConsignmentConnection {
            page_info: PageInfo {
                has_next_page: more,
                has_previous_page: current_cursor.is_some() || page > 0,
                start_cursor: edges.first().map(|edge| edge.cursor.clone()),
                end_cursor: edges.last().map(|edge| edge.cursor.clone()),
            },
            edges,
            limit,
            filter,
            caller,
        })
    }
}
