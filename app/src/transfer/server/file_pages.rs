//! A consignment's files and folders a page at a time (TDR's `paginatedFiles`, other-systems
//! C.7): by path — so within one folder by name, as TDR lists them — keyset-paged after a file,
//! so paging with cursors visits each file once however the pages are cut.
use std::collections::BTreeMap;

use backends::on_pool;

use super::files::{
    file_of, placeholders, status_of, AntivirusRecord, FfidRecord, FileRow, FilesOf, FILE_COLUMNS,
};
use super::{undecodable, TransferError, TransferFile, Transfers};
use crate::transfer::ids::{ConsignmentId, FileId};
use crate::transfer::status::FileStatus;

/// Which of a consignment's files and folders a page takes (TDR's `FileFilters`): all, or only
/// those of a type (`File`, `Folder`), only those named, only those in one folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileFilter {
    /// `File` or `Folder`; another name takes nothing.
    pub file_type: Option<String>,
    pub selected: Option<Vec<FileId>>,
    pub parent: Option<FileId>,
}

/// A page, as `paginatedFiles` asks for it: after the file whose id is the cursor (if any),
/// skip `offset`, take `limit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePageRequest {
    pub filter: FileFilter,
    /// The id of the last file of the page before.
    pub after: Option<FileId>,
    pub offset: u64,
    pub limit: u64,
}

/// One page of files and folders, with their metadata and statuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePage {
    pub files: Vec<TransferFile>,
    /// The file references of the page's files' parents (which may be on other pages).
    pub parent_references: BTreeMap<FileId, String>,
    /// Whether another page follows this one.
    pub more: bool,
    /// How many files and folders pass the filter, on every page.
    pub total: u64,
}

/// The filter's conditions on `transfer_files f`, numbered from `$2` (`$1` is the
/// consignment), and their parameters.
fn conditions(filter: &FileFilter) -> (String, Vec<String>) {
    let mut sql = String::from("f.consignment_id = $1");
    let mut parameters = Vec::new();
    if let Some(file_type) = &filter.file_type {
        parameters.push(file_type.clone());
        sql.push_str(&format!(" AND f.file_type = ${}", parameters.len() + 1));
    }
    if let Some(parent) = &filter.parent {
        parameters.push(parent.to_string());
        sql.push_str(&format!(" AND f.parent_id = ${}", parameters.len() + 1));
    }
    if let Some(selected) = &filter.selected {
        if selected.is_empty() {
            sql.push_str(" AND 1 = 0");
        } else {
            sql.push_str(&format!(
                " AND f.id IN ({})",
                placeholders(parameters.len() + 2, selected.len())
            ));
            parameters.extend(selected.iter().map(FileId::to_string));
        }
    }
    (sql, parameters)
}

impl Transfers {
    /// A page of the consignment's files and folders, by path. Refused if the cursor is not one
    /// of the consignment's files.
    pub async fn file_page(
        &self,
        consignment: &ConsignmentId,
        request: &FilePageRequest,
    ) -> Result<FilePage, TransferError> {
        let after: Option<String> = match &request.after {
            Some(after) => {
                let path: Option<String> = on_pool!(&self.pool, pool => {
                    sqlx::query_scalar(
                        "SELECT original_path FROM transfer_files WHERE id = $1 \
                         AND consignment_id = $2",
                    )
                    .bind(after.as_str())
                    .bind(consignment.as_str())
                    .fetch_optional(pool)
                    .await?
                });
                Some(path.ok_or_else(|| {
                    TransferError::Refused(format!(
                        "The cursor {after} is not the id of a file of this consignment"
                    ))
                })?)
            }
            None => None,
        };
        let (condition, parameters) = conditions(&request.filter);
        let count_sql = format!("SELECT COUNT(*) FROM transfer_files f WHERE {condition}");
        let total: i64 = on_pool!(&self.pool, pool => {
            let mut query = sqlx::query_scalar(&count_sql).bind(consignment.as_str());
            for parameter in &parameters {
                query = query.bind(parameter);
            }
            query.fetch_one(pool).await?
        });
        let next = parameters.len() + 2;
        let keyset = if after.is_some() {
            format!(" AND f.original_path > ${next}")
        } else {
            String::new()
        };
        let limit_at = next + usize::from(after.is_some());
        let page_sql = format!(
            "SELECT {FILE_COLUMNS}, p.file_reference FROM transfer_files f \
             LEFT JOIN transfer_files p ON p.id = f.parent_id WHERE {condition}{keyset} \
             ORDER BY f.original_path LIMIT ${limit_at} OFFSET ${}",
            limit_at + 1
        );
        let limit = i64::try_from(request.limit).map_err(undecodable)?;
        let offset = i64::try_from(request.offset).map_err(undecodable)?;
        type PageRow = (
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<PageRow> = on_pool!(&self.pool, pool => {
            let mut query = sqlx::query_as(&page_sql).bind(consignment.as_str());
            for parameter in &parameters {
                query = query.bind(parameter);
            }
            if let Some(after) = &after {
                query = query.bind(after);
            }
            // One more than asked for: whether another page follows.
            query
                .bind(limit.saturating_add(1))
                .bind(offset)
                .fetch_all(pool)
                .await?
        });
        let more = rows.len() as u64 > request.limit;
        let rows: Vec<PageRow> = rows.into_iter().take(request.limit as usize).collect();
        let ids: Vec<String> = rows.iter().map(|row| row.0.clone()).collect();
        let (metadata, statuses) = self.metadata_and_statuses_of(&ids).await?;
        let mut parent_references = BTreeMap::new();
        let mut files = Vec::with_capacity(rows.len());
        for (id, consignment_id, file_type, name, reference, parent, path, matched, parent_ref) in
            rows
        {
            let file_metadata = metadata.get(&id).cloned().unwrap_or_default();
            let file_statuses = statuses.get(&id).cloned().unwrap_or_default();
            let row: FileRow = (
                id,
                consignment_id,
                file_type,
                name,
                reference,
                parent,
                path,
                matched,
            );
            let file = file_of(row, file_metadata, file_statuses)?;
            if let Some(reference) = parent_ref {
                parent_references.insert(file.id.clone(), reference);
            }
            files.push(file);
        }
        Ok(FilePage {
            files,
            parent_references,
            more,
            total: u64::try_from(total).map_err(undecodable)?,
        })
    }

    /// The metadata and statuses of the files with these ids, by id.
    #[allow(clippy::type_complexity)]
    async fn metadata_and_statuses_of(
        &self,
        ids: &[String],
    ) -> Result<
        (
            BTreeMap<String, BTreeMap<String, String>>,
            BTreeMap<String, Vec<FileStatus>>,
        ),
        TransferError,
    > {
        let mut metadata: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut statuses: BTreeMap<String, Vec<FileStatus>> = BTreeMap::new();
        if ids.is_empty() {
            return Ok((metadata, statuses));
        }
        let list = placeholders(1, ids.len());
        let metadata_sql = format!(
            "SELECT file_id, property_name, value FROM file_metadata WHERE file_id IN ({list})"
        );
        let rows: Vec<(String, String, String)> = on_pool!(&self.pool, pool => {
            let mut query = sqlx::query_as(&metadata_sql);
            for id in ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await?
        });
        for (file, name, value) in rows {
            metadata.entry(file).or_default().insert(name, value);
        }
        let statuses_sql = format!(
            "SELECT file_id, status_type, value FROM file_statuses WHERE file_id IN ({list}) \
             ORDER BY id"
        );
        let rows: Vec<(String, String, String)> = on_pool!(&self.pool, pool => {
            let mut query = sqlx::query_as(&statuses_sql);
            for id in ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await?
        });
        for (file, status_type, value) in rows {
            statuses
                .entry(file)
                .or_default()
                .push(status_of(&status_type, &value)?);
        }
        Ok((metadata, statuses))
    }

    /// The antivirus results of these files, by file.
    pub async fn antivirus_records_for(
        &self,
        files: &[FileId],
    ) -> Result<BTreeMap<FileId, AntivirusRecord>, TransferError> {
        self.antivirus_records_of(FilesOf::Files(files)).await
    }

    /// The file format results of these files, by file.
    pub async fn ffid_records_for(
        &self,
        files: &[FileId],
    ) -> Result<BTreeMap<FileId, FfidRecord>, TransferError> {
        self.ffid_records_of(FilesOf::Files(files)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filters_number_their_parameters_after_the_consignment() {
        let (sql, parameters) = conditions(&FileFilter::default());
        assert_eq!(sql, "f.consignment_id = $1");
        assert!(parameters.is_empty());
        let a = FileId::random();
        let b = FileId::random();
        let parent = FileId::random();
        let (sql, parameters) = conditions(&FileFilter {
            file_type: Some("File".to_owned()),
            selected: Some(vec![a.clone(), b.clone()]),
            parent: Some(parent.clone()),
        });
        assert_eq!(
            sql,
            "f.consignment_id = $1 AND f.file_type = $2 AND f.parent_id = $3 AND f.id IN ($4, $5)"
        );
        assert_eq!(
            parameters,
            [
                "File".to_owned(),
                parent.to_string(),
                a.to_string(),
                b.to_string()
            ]
        );
        let (sql, parameters) = conditions(&FileFilter {
            selected: Some(Vec::new()),
            ..FileFilter::default()
        });
        assert_eq!(sql, "f.consignment_id = $1 AND 1 = 0");
        assert!(parameters.is_empty());
    }
}
