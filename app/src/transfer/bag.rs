//! Export of a consignment as a BagIt 1.0 bag packed into a deterministic `.tar.gz`,
//! following TDR's `tdr-consignment-export` (bagit-export).
//!
//! Everything here is pure except [`pack`], which reads payload through a caller-given opener
//! and writes to a caller-given `Write`. All times are inputs, so the same inputs always give
//! the same bytes.
//!
//! Payload is read twice: once to hash (so checksums are compared before a single byte is
//! written) and once to stream into the tar. The second read is hashed again and must match
//! the first, so the packed bytes can never disagree with `manifest-sha256.txt`.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};

use chrono::{DateTime, Utc};
use flate2::{Compression, GzBuilder};
use sha2::{Digest, Sha256};

use super::ids::FileId;
use super::status::ConsignmentType;

/// Exactly what BagIt 1.0 (RFC 8493 §2.1.1) requires.
pub const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/// Header of `file-metadata.csv` for standard consignments, in TDR's `BagitExportTemplate` order.
const FILE_METADATA_COLUMNS: [&str; 31] = [
    "file_reference",
    "file_name",
    "file_type",
    "file_size",
    "clientside_original_filepath",
    "rights_copyright",
    "legal_status",
    "held_by",
    "date_last_modified",
    "closure_type",
    "closure_start_date",
    "closure_period",
    "foi_exemption_code",
    "foi_exemption_asserted",
    "title_closed",
    "title_alternate",
    "description",
    "description_closed",
    "description_alternate",
    "language",
    "end_date",
    "file_name_translation",
    "original_filepath",
    "parent_reference",
    "former_reference_department",
    "UUID",
    "restrictions_on_use",
    "related_material",
    "evidence_provided_by",
    "note",
    "copyright_details",
];

/// TDR adds these (judgment-only) columns after `related_material` for judgment consignments.
/// We hold none of their values, but keep the columns so the CSV has TDR's shape.
const JUDGMENT_ONLY_COLUMNS: [&str; 7] = [
    "judgment_type",
    "judgment_update",
    "judgment_update_type",
    "judgment_update_details",
    "judgment_neutral_citation",
    "judgment_no_neutral_citation",
    "judgment_reference",
];

/// The `defaultValue`s of da-metadata-schema's config.json. TDR stores them on every file (not
/// on folders) when the transfer starts, so the export shows them for files only.
const FILE_METADATA_DEFAULTS: [(&str, &str); 7] = [
    ("rights_copyright", "Crown"),
    ("legal_status", "Public Record(s)"),
    ("held_by", "The National Archives, Kew"),
    ("closure_type", "Open"),
    ("title_closed", "false"),
    ("description_closed", "false"),
    ("language", "English"),
];

/// The columns that show a descriptive property set on the file (TDR's `BagitExportTemplate`:
/// column, then the metadata schema's property name); where it is not set, the default above.
const COLUMN_PROPERTIES: [(&str, &str); 20] = [
    ("rights_copyright", "RightsCopyright"),
    ("legal_status", "LegalStatus"),
    ("held_by", "HeldBy"),
    ("closure_type", "ClosureType"),
    ("closure_start_date", "ClosureStartDate"),
    ("closure_period", "ClosurePeriod"),
    ("foi_exemption_code", "FoiExemptionCode"),
    ("foi_exemption_asserted", "FoiExemptionAsserted"),
    ("title_closed", "TitleClosed"),
    ("title_alternate", "TitleAlternate"),
    ("description", "description"),
    ("description_closed", "DescriptionClosed"),
    ("description_alternate", "DescriptionAlternate"),
    ("language", "Language"),
    ("end_date", "end_date"),
    ("file_name_translation", "file_name_translation"),
    ("former_reference_department", "former_reference_department"),
    ("restrictions_on_use", "RestrictionsOnUse"),
    ("related_material", "RelatedMaterial"),
    ("evidence_provided_by", "EvidenceProvidedBy"),
];

const AV_COLUMNS: [&str; 3] = ["Filepath", "AV-Software", "AV-SoftwareVersion"];

const FFID_COLUMNS: [&str; 9] = [
    "Filepath",
    "Extension",
    "PUID",
    "FormatName",
    "ExtensionMismatch",
    "FFID-Software",
    "FFID-SoftwareVersion",
    "FFID-BinarySignatureFileVersion",
    "FFID-ContainerSignatureFileVersion",
];

const FILE_MODE: u32 = 0o644;
const DIRECTORY_MODE: u32 = 0o755;
/// `gzip -n` on Unix writes OS = 3; flate2 would otherwise write 255 ("unknown").
const GZIP_OS_UNIX: u8 = 3;

/// Everything `bag-info.txt` says about the consignment. Missing values are refused by
/// [`tag_files`] and [`pack`] with an error naming the bag-info field.
#[derive(Debug, Clone)]
pub struct BagInfo {
    /// Consignment reference, e.g. `TDR-2021-ABCD`; also the bag's directory and archive name.
    pub reference: String,
    /// Series code; required for standard consignments, ignored (written empty) for judgments.
    pub series: Option<String>,
    pub body_name: String,
    pub consignment_type: ConsignmentType,
    pub include_top_level_folder: bool,
    /// When the consignment was created.
    pub started_at: Option<DateTime<Utc>>,
    /// When the transfer was initiated.
    pub completed_at: Option<DateTime<Utc>>,
    /// The export's own time: goes into bag-info, `Bagging-Date` and every tar mtime.
    pub exported_at: DateTime<Utc>,
    /// Who confirmed the transfer, "first last".
    pub contact_name: String,
    pub contact_email: String,
    /// Version of this exporter; written as `Bag-Creator: TDRExportv<version>`.
    pub bag_creator_version: String,
    pub metadata_schema_library_version: Option<String>,
}

#[derive(Debug, Clone)]
pub struct BagFile {
    pub id: FileId,
    pub reference: String,
    /// Client-side original path: relative, `/`-separated; becomes `data/<path>` in the bag.
    pub path: String,
    pub parent_reference: Option<String>,
    pub kind: BagFileKind,
}

#[derive(Debug, Clone)]
pub enum BagFileKind {
    Folder,
    /// Boxed so a folder entry stays small.
    File(Box<PayloadFile>),
}

#[derive(Debug, Clone)]
pub struct PayloadFile {
    /// Client-side size, as recorded at upload (shown in `file-metadata.csv`).
    pub size: u64,
    pub last_modified: DateTime<Utc>,
    pub client_sha256: Option<String>,
    /// Its descriptive metadata (the metadata schema's property name → value), as set through
    /// the API; shown in `file-metadata.csv` instead of the defaults.
    pub properties: BTreeMap<String, String>,
    pub av: Option<AvResult>,
    pub ffid: Option<FfidResult>,
}

#[derive(Debug, Clone)]
pub struct AvResult {
    pub software: String,
    pub software_version: String,
}

#[derive(Debug, Clone)]
pub struct FfidResult {
    pub software: String,
    pub software_version: String,
    pub binary_signature_file_version: String,
    pub container_signature_file_version: String,
    pub matches: Vec<FfidMatch>,
}

#[derive(Debug, Clone)]
pub struct FfidMatch {
    pub extension: Option<String>,
    pub puid: Option<String>,
    pub format_name: Option<String>,
    pub extension_mismatch: Option<bool>,
}

/// SHA-256 and length of some bytes as actually read (a payload file) or written (the archive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentDigest {
    pub sha256_hex: String,
    pub byte_count: u64,
}

impl ContentDigest {
    pub fn compute(reader: impl Read) -> io::Result<ContentDigest> {
        let mut hashing = HashingReader::new(reader);
        io::copy(&mut hashing, &mut io::sink())?;
        Ok(hashing.digest())
    }
}

/// One file at the bag's top level (next to `data/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFile {
    pub name: &'static str,
    pub contents: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedBag {
    pub sha256_hex: String,
    pub bytes_written: u64,
    /// Contents of `<reference>.tar.gz.sha256`, as `sha256sum` prints it.
    pub sha256_line: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BagError {
    #[error("consignment has no files or folders to export")]
    EmptyConsignment,
    #[error("bag-info value {field} {problem}")]
    InvalidBagInfo {
        field: &'static str,
        problem: &'static str,
    },
    #[error("refusing path {path:?} of file {id}: {reason}")]
    InvalidPath {
        id: FileId,
        path: String,
        reason: &'static str,
    },
    #[error("{check} metadata is missing for file(s): {files}")]
    MissingFileCheck { check: &'static str, files: String },
    #[error("Checksum mismatch for file(s): {files}")]
    ChecksumMismatch { files: String },
    #[error("payload file {path:?} changed between hashing and packing")]
    PayloadChanged { path: String },
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: io::Error,
    },
}

/// Builds every tag file (bagit.txt, bag-info.txt, the three CSVs and both manifests), sorted
/// by name. `payload` maps each payload file's `path` to its digest as read from storage; any
/// file whose digest is missing or differs from its client-side checksum is refused.
pub fn tag_files(
    info: &BagInfo,
    files: &[BagFile],
    payload: &BTreeMap<String, ContentDigest>,
) -> Result<Vec<TagFile>, BagError> {
    check_consignment(info, files)?;
    let files = sorted_by_path(files);
    let payload_files = payload_files_with_digests(&files, payload)?;

    let payload_manifest = manifest(
        payload_files
            .iter()
            .map(|(file, _, digest)| (format!("data/{}", file.path), digest.sha256_hex.clone())),
    );
    let mut tags = vec![
        TagFile {
            name: "bagit.txt",
            contents: BAGIT_TXT.as_bytes().to_vec(),
        },
        TagFile {
            name: "bag-info.txt",
            contents: bag_info_txt(info, &payload_files)?.into_bytes(),
        },
        TagFile {
            name: "manifest-sha256.txt",
            contents: payload_manifest.into_bytes(),
        },
        TagFile {
            name: "file-metadata.csv",
            contents: file_metadata_csv(info.consignment_type, &files)?,
        },
        TagFile {
            name: "file-ffid.csv",
            contents: file_ffid_csv(&payload_files)?,
        },
        TagFile {
            name: "file-av.csv",
            contents: file_av_csv(&payload_files)?,
        },
    ];
    let tag_manifest = manifest(tags.iter().map(|tag| {
        (
            tag.name.to_string(),
            hex::encode(Sha256::digest(&tag.contents)),
        )
    }));
    tags.push(TagFile {
        name: "tagmanifest-sha256.txt",
        contents: tag_manifest.into_bytes(),
    });
    tags.sort_by_key(|tag| tag.name);
    Ok(tags)
}

/// Packs the bag as `<reference>/...` into a gzipped tar written to `out`, the equivalent of
/// `tar --sort=name --owner=root:0 --group=root:0 --mtime <exported_at> | gzip -n`.
///
/// `open_payload` is called twice per payload file (hash, then pack). Validation and the
/// checksum comparison happen before anything is written; an error after that (I/O, payload
/// changed) leaves a partial archive in `out`, which the caller must discard.
pub fn pack<W, R, O>(
    info: &BagInfo,
    files: &[BagFile],
    mut open_payload: O,
    out: W,
) -> Result<PackedBag, BagError>
where
    W: Write,
    R: Read,
    O: FnMut(&BagFile) -> io::Result<R>,
{
    // Refuse bad input before touching any payload.
    check_consignment(info, files)?;

    let mut payload = BTreeMap::new();
    for file in files.iter().filter(|file| is_payload(file)) {
        let reader = open_payload(file).map_err(|source| reading_error(file, source))?;
        let digest =
            ContentDigest::compute(reader).map_err(|source| reading_error(file, source))?;
        payload.insert(file.path.clone(), digest);
    }
    let tags = tag_files(info, files, &payload)?;

    let mut archive = tar::Builder::new(
        GzBuilder::new()
            .operating_system(GZIP_OS_UNIX)
            .write(HashingWriter::new(out), Compression::default()),
    );
    let mtime = tar_mtime(info.exported_at);
    for (components, entry) in tar_entries(&info.reference, files, &payload, &tags) {
        let name = components.join("/");
        let writing_error = |source| BagError::Io {
            context: format!("writing {name} to the archive"),
            source,
        };
        match entry {
            TarEntry::Directory => {
                let mut header = tar_header(tar::EntryType::Directory, DIRECTORY_MODE, 0, mtime);
                archive
                    .append_data(&mut header, format!("{name}/"), io::empty())
                    .map_err(writing_error)?;
            }
            TarEntry::Tag(contents) => {
                let size = contents.len() as u64;
                let mut header = tar_header(tar::EntryType::Regular, FILE_MODE, size, mtime);
                archive
                    .append_data(&mut header, &name, contents)
                    .map_err(writing_error)?;
            }
            TarEntry::Payload(file, expected) => {
                let reader = open_payload(file).map_err(|source| reading_error(file, source))?;
                let size = expected.byte_count;
                // `take` stops a grown file from overrunning the size in the header; the digest
                // check below catches any other change.
                let mut limited = HashingReader::new(reader).take(size);
                let mut header = tar_header(tar::EntryType::Regular, FILE_MODE, size, mtime);
                archive
                    .append_data(&mut header, &name, &mut limited)
                    .map_err(writing_error)?;
                let mut hashing = limited.into_inner();
                let at_end = hashing
                    .read(&mut [0u8; 1])
                    .map_err(|source| reading_error(file, source))?
                    == 0;
                if !at_end || hashing.digest() != *expected {
                    return Err(BagError::PayloadChanged {
                        path: file.path.clone(),
                    });
                }
            }
        }
    }
    let finishing_error = |source| BagError::Io {
        context: "finishing the archive".to_string(),
        source,
    };
    let gzip = archive.into_inner().map_err(finishing_error)?;
    let mut hashing_out = gzip.finish().map_err(finishing_error)?;
    hashing_out.flush().map_err(finishing_error)?;
    let digest = hashing_out.digest();
    Ok(PackedBag {
        sha256_line: format!("{}  {}.tar.gz\n", digest.sha256_hex, info.reference),
        sha256_hex: digest.sha256_hex,
        bytes_written: digest.byte_count,
    })
}

/// Every check that needs no payload bytes.
fn check_consignment(info: &BagInfo, files: &[BagFile]) -> Result<(), BagError> {
    if files.is_empty() {
        return Err(BagError::EmptyConsignment);
    }
    check_reference(&info.reference)?;
    check_paths(files)?;
    check_file_checks(files)?;
    consignment_fields(info)?;
    Ok(())
}

fn check_reference(reference: &str) -> Result<(), BagError> {
    required("Internal-Sender-Identifier", reference)?;
    // The reference names the bag directory and the archive, so it must be one safe segment.
    if path_problem(reference).is_some() || reference.contains('/') {
        return Err(BagError::InvalidBagInfo {
            field: "Internal-Sender-Identifier",
            problem: "must be usable as a single directory name",
        });
    }
    Ok(())
}

fn check_paths(files: &[BagFile]) -> Result<(), BagError> {
    let invalid = |file: &BagFile, reason| BagError::InvalidPath {
        id: file.id.clone(),
        path: file.path.clone(),
        reason,
    };
    let mut kinds_by_path: BTreeMap<&str, bool> = BTreeMap::new();
    for file in files {
        if let Some(reason) = path_problem(&file.path) {
            return Err(invalid(file, reason));
        }
        if kinds_by_path.insert(&file.path, is_payload(file)).is_some() {
            return Err(invalid(file, "path is used by more than one entry"));
        }
    }
    for file in files {
        let has_file_as_parent = file
            .path
            .match_indices('/')
            .any(|(end, _)| kinds_by_path.get(&file.path[..end]) == Some(&true));
        if has_file_as_parent {
            return Err(invalid(file, "a parent of this path is a file"));
        }
    }
    Ok(())
}

fn path_problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("path is empty");
    }
    if path.starts_with('/') {
        return Some("path is absolute");
    }
    if path.contains('\0') {
        return Some("path contains a NUL byte");
    }
    path.split('/').find_map(|segment| match segment {
        "" => Some("path has an empty segment"),
        "." | ".." => Some("path has a '.' or '..' segment"),
        _ => None,
    })
}

/// TDR refuses to export a file whose antivirus or file-format check has no result.
fn check_file_checks(files: &[BagFile]) -> Result<(), BagError> {
    let missing = |check, has_result: fn(&PayloadFile) -> bool| {
        let files = describe_files(files.iter().filter(|file| match &file.kind {
            BagFileKind::File(payload) => !has_result(payload),
            BagFileKind::Folder => false,
        }));
        if files.is_empty() {
            Ok(())
        } else {
            Err(BagError::MissingFileCheck { check, files })
        }
    };
    missing("Antivirus", |payload| payload.av.is_some())?;
    missing("FFID", |payload| payload.ffid.is_some())
}

type PayloadWithDigest<'a> = (&'a BagFile, &'a PayloadFile, &'a ContentDigest);

/// Pairs each payload file with its digest, refusing files whose digest is absent or differs
/// from the client-side checksum (an absent client checksum can't vouch for the file either).
fn payload_files_with_digests<'a>(
    files: &[&'a BagFile],
    payload: &'a BTreeMap<String, ContentDigest>,
) -> Result<Vec<PayloadWithDigest<'a>>, BagError> {
    let mut matched = Vec::new();
    let mut mismatched = Vec::new();
    for &file in files {
        let BagFileKind::File(payload_file) = &file.kind else {
            continue;
        };
        let digest = payload.get(&file.path);
        let client = payload_file.client_sha256.as_deref();
        match (digest, client) {
            (Some(digest), Some(client)) if digest.sha256_hex.eq_ignore_ascii_case(client) => {
                matched.push((file, payload_file.as_ref(), digest));
            }
            _ => mismatched.push(file),
        }
    }
    if mismatched.is_empty() {
        Ok(matched)
    } else {
        Err(BagError::ChecksumMismatch {
            files: describe_files(mismatched.into_iter()),
        })
    }
}

fn bag_info_txt(info: &BagInfo, payload: &[PayloadWithDigest]) -> Result<String, BagError> {
    let payload_bytes: u64 = payload.iter().map(|(_, _, digest)| digest.byte_count).sum();
    let mut fields = consignment_fields(info)?;
    // The two fields the BagIt library adds after the given ones.
    fields.push(("Payload-Oxum", format!("{payload_bytes}.{}", payload.len())));
    fields.push((
        "Bagging-Date",
        info.exported_at.format("%Y-%m-%d").to_string(),
    ));
    Ok(fields
        .iter()
        .map(|(label, value)| format!("{label}: {value}\n"))
        .collect())
}

/// The bag-info fields TDR supplies, in order; refuses a missing one by name.
fn consignment_fields(info: &BagInfo) -> Result<Vec<(&'static str, String)>, BagError> {
    let series = match info.consignment_type {
        ConsignmentType::Judgment => "",
        ConsignmentType::Standard => {
            required("Consignment-Series", info.series.as_deref().unwrap_or(""))?
        }
    };
    let contact_name = required("Contact-Name", &info.contact_name)?;
    let schema_version = info.metadata_schema_library_version.as_deref();
    Ok(vec![
        (
            "Internal-Sender-Identifier",
            required("Internal-Sender-Identifier", &info.reference)?.to_string(),
        ),
        ("Consignment-Series", series.to_string()),
        (
            "Source-Organization",
            required("Source-Organization", &info.body_name)?.to_string(),
        ),
        (
            "Consignment-Type",
            info.consignment_type.as_str().to_string(),
        ),
        (
            "Consignment-Include-Top-Level-Folder",
            info.include_top_level_folder.to_string(),
        ),
        (
            "Consignment-Start-Datetime",
            iso_datetime(required_time(
                "Consignment-Start-Datetime",
                info.started_at,
            )?),
        ),
        (
            "Consignment-Completed-Datetime",
            iso_datetime(required_time(
                "Consignment-Completed-Datetime",
                info.completed_at,
            )?),
        ),
        (
            "Consignment-Export-Datetime",
            iso_datetime(info.exported_at),
        ),
        ("Contact-Name", contact_name.to_string()),
        (
            "Contact-Email",
            required("Contact-Email", &info.contact_email)?.to_string(),
        ),
        (
            "Bag-Creator",
            format!(
                "TDRExportv{}",
                required("Bag-Creator", &info.bag_creator_version)?
            ),
        ),
        (
            "Metadata-Schema-Library-Version",
            single_line(
                "Metadata-Schema-Library-Version",
                schema_version.unwrap_or(""),
            )?
            .to_string(),
        ),
    ])
}

fn required<'a>(field: &'static str, value: &'a str) -> Result<&'a str, BagError> {
    if value.trim().is_empty() {
        return Err(BagError::InvalidBagInfo {
            field,
            problem: "is missing",
        });
    }
    single_line(field, value)
}

/// A line break would start a new bag-info field (or a continuation line).
fn single_line<'a>(field: &'static str, value: &'a str) -> Result<&'a str, BagError> {
    if value.contains(['\r', '\n']) {
        return Err(BagError::InvalidBagInfo {
            field,
            problem: "contains a line break",
        });
    }
    Ok(value)
}

fn required_time(
    field: &'static str,
    value: Option<DateTime<Utc>>,
) -> Result<DateTime<Utc>, BagError> {
    value.ok_or(BagError::InvalidBagInfo {
        field,
        problem: "is missing",
    })
}

/// ISO-8601 with offset, truncated to seconds, as TDR's `toFormattedPrecisionString`.
fn iso_datetime(value: DateTime<Utc>) -> String {
    value.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `yyyy-MM-ddTHH:mm:ss`, the date format of TDR's `file-metadata.csv`.
fn csv_datetime(value: DateTime<Utc>) -> String {
    value.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Manifest lines `<hex>  <path>`, sorted by path, LF-terminated.
fn manifest(entries: impl Iterator<Item = (String, String)>) -> String {
    let mut entries: Vec<_> = entries.collect();
    entries.sort();
    entries
        .iter()
        .map(|(path, hex)| format!("{hex}  {}\n", manifest_path(path)))
        .collect()
}

/// RFC 8493 §2.1.3: CR, LF and `%` (and only those) are percent-encoded in manifest paths.
fn manifest_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for character in path.chars() {
        match character {
            '%' => encoded.push_str("%25"),
            '\n' => encoded.push_str("%0A"),
            '\r' => encoded.push_str("%0D"),
            other => encoded.push(other),
        }
    }
    encoded
}

fn file_metadata_csv(
    consignment_type: ConsignmentType,
    files: &[&BagFile],
) -> Result<Vec<u8>, BagError> {
    let mut columns = Vec::new();
    for column in FILE_METADATA_COLUMNS {
        columns.push(column);
        if column == "related_material" && consignment_type == ConsignmentType::Judgment {
            columns.extend(JUDGMENT_ONLY_COLUMNS);
        }
    }
    let rows = files.iter().map(|file| {
        columns
            .iter()
            .map(|column| file_metadata_value(column, file))
            .collect()
    });
    write_csv("file-metadata.csv", &columns, rows)
}

/// The value of one `file-metadata.csv` column; empty for everything we do not hold.
fn file_metadata_value(column: &str, file: &BagFile) -> String {
    let payload = match &file.kind {
        BagFileKind::File(payload) => Some(payload),
        BagFileKind::Folder => None,
    };
    match column {
        "file_reference" => file.reference.clone(),
        "file_name" => file_name(&file.path).to_string(),
        "file_type" => payload.map_or("Folder", |_| "File").to_string(),
        "file_size" => payload.map_or(String::new(), |payload| payload.size.to_string()),
        "clientside_original_filepath" => format!("data/{}", file.path),
        "date_last_modified" => {
            payload.map_or(String::new(), |payload| csv_datetime(payload.last_modified))
        }
        "parent_reference" => file.parent_reference.clone().unwrap_or_default(),
        "UUID" => file.id.to_string(),
        _ => payload.map_or(String::new(), |payload| {
            let set = COLUMN_PROPERTIES
                .iter()
                .find(|(name, _)| *name == column)
                .and_then(|(_, property)| payload.properties.get(*property));
            let default = || {
                FILE_METADATA_DEFAULTS
                    .iter()
                    .find(|(name, _)| *name == column)
                    .map_or(String::new(), |(_, default)| default.to_string())
            };
            set.cloned().unwrap_or_else(default)
        }),
    }
}

fn file_av_csv(payload: &[PayloadWithDigest]) -> Result<Vec<u8>, BagError> {
    let rows = payload.iter().filter_map(|(file, payload_file, _)| {
        let av = payload_file.av.as_ref()?;
        Some(vec![
            format!("data/{}", file.path),
            av.software.clone(),
            av.software_version.clone(),
        ])
    });
    write_csv("file-av.csv", &AV_COLUMNS, rows)
}

fn file_ffid_csv(payload: &[PayloadWithDigest]) -> Result<Vec<u8>, BagError> {
    let rows = payload.iter().flat_map(|(file, payload_file, _)| {
        payload_file.ffid.iter().flat_map(move |ffid| {
            ffid.matches.iter().map(move |found| {
                vec![
                    format!("data/{}", file.path),
                    found.extension.clone().unwrap_or_default(),
                    found.puid.clone().unwrap_or_default(),
                    found.format_name.clone().unwrap_or_default(),
                    found
                        .extension_mismatch
                        .map_or(String::new(), |mismatch| mismatch.to_string()),
                    ffid.software.clone(),
                    ffid.software_version.clone(),
                    ffid.binary_signature_file_version.clone(),
                    ffid.container_signature_file_version.clone(),
                ]
            })
        })
    });
    write_csv("file-ffid.csv", &FFID_COLUMNS, rows)
}

/// CRLF-terminated, quoted only where needed: what TDR's scala-csv `DefaultCSVFormat` writes.
fn write_csv(
    name: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>, BagError> {
    let csv_error = |source: io::Error| BagError::Io {
        context: format!("writing {name}"),
        source,
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(header)
        .map_err(|error| csv_error(error.into()))?;
    for row in rows {
        writer
            .write_record(&row)
            .map_err(|error| csv_error(error.into()))?;
    }
    writer
        .into_inner()
        .map_err(|error| csv_error(error.into_error()))
}

enum TarEntry<'a> {
    Directory,
    Tag(&'a [u8]),
    Payload(&'a BagFile, &'a ContentDigest),
}

/// All archive entries keyed by path components. Comparing component lists orders siblings by
/// name and puts a directory's contents right after it, which is what `tar --sort=name` does
/// (a plain string sort would put `a/b.txt` before `a/b/`).
fn tar_entries<'a>(
    reference: &'a str,
    files: &'a [BagFile],
    payload: &'a BTreeMap<String, ContentDigest>,
    tags: &'a [TagFile],
) -> BTreeMap<Vec<&'a str>, TarEntry<'a>> {
    let mut entries = BTreeMap::new();
    entries.insert(vec![reference], TarEntry::Directory);
    entries.insert(vec![reference, "data"], TarEntry::Directory);
    for tag in tags {
        entries.insert(vec![reference, tag.name], TarEntry::Tag(&tag.contents));
    }
    for file in files {
        let mut components = vec![reference, "data"];
        for segment in file.path.split('/') {
            // Folders missing from `files` still need their own directory entries.
            entries
                .entry(components.clone())
                .or_insert(TarEntry::Directory);
            components.push(segment);
        }
        let entry = match file.kind {
            BagFileKind::Folder => TarEntry::Directory,
            BagFileKind::File(_) => TarEntry::Payload(
                file,
                payload
                    .get(&file.path)
                    .expect("tag_files refuses any payload file without a digest"),
            ),
        };
        entries.insert(components, entry);
    }
    entries
}

fn tar_header(entry_type: tar::EntryType, mode: u32, size: u64, mtime: u64) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(entry_type);
    header.set_mode(mode);
    header.set_size(size);
    header.set_mtime(mtime);
    header.set_uid(0);
    header.set_gid(0);
    // Both names are short ASCII, so these cannot fail.
    header
        .set_username("root")
        .expect("\"root\" fits a tar header");
    header
        .set_groupname("root")
        .expect("\"root\" fits a tar header");
    header
}

/// Tar stores unsigned seconds; an export before 1970 cannot happen, so clamp instead of failing.
fn tar_mtime(exported_at: DateTime<Utc>) -> u64 {
    u64::try_from(exported_at.timestamp()).unwrap_or(0)
}

fn is_payload(file: &BagFile) -> bool {
    matches!(file.kind, BagFileKind::File(_))
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn sorted_by_path(files: &[BagFile]) -> Vec<&BagFile> {
    let mut sorted: Vec<&BagFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    sorted
}

fn describe_files<'a>(files: impl Iterator<Item = &'a BagFile>) -> String {
    files
        .map(|file| format!("{} ({})", file.id, file.path))
        .collect::<Vec<_>>()
        .join(", ")
}

fn reading_error(file: &BagFile, source: io::Error) -> BagError {
    BagError::Io {
        context: format!("reading payload file {} ({})", file.id, file.path),
        source,
    }
}

struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    byte_count: u64,
}

impl<R: Read> HashingReader<R> {
    fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
            byte_count: 0,
        }
    }

    fn digest(self) -> ContentDigest {
        ContentDigest {
            sha256_hex: hex::encode(self.hasher.finalize()),
            byte_count: self.byte_count,
        }
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.hasher.update(&buf[..read]);
        self.byte_count += read as u64;
        Ok(read)
    }
}

/// Hashes and counts what reaches `out`, so the `.sha256` line needs no second pass.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    byte_count: u64,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            byte_count: 0,
        }
    }

    fn digest(self) -> ContentDigest {
        ContentDigest {
            sha256_hex: hex::encode(self.hasher.finalize()),
            byte_count: self.byte_count,
        }
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.byte_count += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::collections::HashMap;
    use std::fs;
    use std::path::PathBuf;
    use std::process::{Command, Output};

    const REFERENCE: &str = "TDR-2021-TEST";
    const LONG_FOLDER: &str =
        "Records/Correspondence with the Department for Environment Food and Rural Affairs/2020";
    const LONG_FILE: &str = "Records/Correspondence with the Department for Environment Food \
                             and Rural Affairs/2020/Letter about the consultation response.txt";

    fn utc(date: (i32, u32, u32), time: (u32, u32, u32)) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(date.0, date.1, date.2, time.0, time.1, time.2)
            .unwrap()
    }

    fn sample_info() -> BagInfo {
        BagInfo {
            reference: REFERENCE.to_string(),
            series: Some("MOCK1 123".to_string()),
            body_name: "Mock 1 Department".to_string(),
            consignment_type: ConsignmentType::Standard,
            include_top_level_folder: true,
            started_at: Some(utc((2021, 1, 15), (7, 47, 19))),
            completed_at: Some(utc((2021, 1, 15), (9, 12, 1))),
            // Sub-second part checks the truncation to seconds.
            exported_at: utc((2021, 2, 3), (10, 33, 30)) + chrono::Duration::milliseconds(414),
            contact_name: "Ada Lovelace".to_string(),
            contact_email: "ada@example.gov.uk".to_string(),
            bag_creator_version: "0.0.247".to_string(),
            metadata_schema_library_version: Some("0.0.133".to_string()),
        }
    }

    fn folder(number: u128, path: &str, parent: Option<&str>) -> BagFile {
        BagFile {
            id: format!("00000000-0000-4000-8000-{number:012x}")
                .parse()
                .unwrap(),
            reference: format!("REF{number}"),
            path: path.to_string(),
            parent_reference: parent.map(str::to_string),
            kind: BagFileKind::Folder,
        }
    }

    fn file(number: u128, path: &str, parent: Option<&str>, contents: &[u8]) -> BagFile {
        BagFile {
            id: format!("00000000-0000-4000-8000-{number:012x}")
                .parse()
                .unwrap(),
            reference: format!("REF{number}"),
            path: path.to_string(),
            parent_reference: parent.map(str::to_string),
            kind: BagFileKind::File(Box::new(PayloadFile {
                size: contents.len() as u64,
                last_modified: utc((2021, 1, 26), (17, 10, 58))
                    + chrono::Duration::milliseconds(40),
                client_sha256: Some(hex::encode(Sha256::digest(contents))),
                properties: BTreeMap::new(),
                av: Some(AvResult {
                    software: "yara".to_string(),
                    software_version: "4.2.0".to_string(),
                }),
                ffid: Some(FfidResult {
                    software: "Droid".to_string(),
                    software_version: "6.5".to_string(),
                    binary_signature_file_version: "DROID_SignatureFile_V109.xml".to_string(),
                    container_signature_file_version: "container-signature-20221102.xml"
                        .to_string(),
                    matches: vec![FfidMatch {
                        extension: Some("pdf".to_string()),
                        puid: Some("fmt/276".to_string()),
                        format_name: Some("Acrobat PDF 1.7 - Portable Document Format".to_string()),
                        extension_mismatch: Some(false),
                    }],
                }),
            })),
        }
    }

    /// Nested folders, a name with a space, an empty folder, a CSV, a PDF-ish file, a sibling
    /// pair (`Minutes/` and `Minutes.txt`) whose order differs between a string sort and
    /// `tar --sort=name`, and a path too long for a plain tar header whose folders are not listed.
    fn sample_consignment() -> (Vec<BagFile>, HashMap<String, Vec<u8>>) {
        let contents: HashMap<String, Vec<u8>> = [
            (
                "Records/Minutes/meeting notes 2021.csv",
                b"date,topic\r\n2021-01-05,\"Budget, draft\"\r\n".to_vec(),
            ),
            ("Records/Minutes.txt", b"See the Minutes folder.\n".to_vec()),
            (
                "Records/report.pdf",
                b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec(),
            ),
            (LONG_FILE, b"Dear colleagues,\n".to_vec()),
        ]
        .into_iter()
        .map(|(path, bytes)| (path.to_string(), bytes))
        .collect();
        let files = vec![
            folder(1, "Records", None),
            folder(2, "Records/Minutes", Some("REF1")),
            file(
                3,
                "Records/Minutes/meeting notes 2021.csv",
                Some("REF2"),
                &contents["Records/Minutes/meeting notes 2021.csv"],
            ),
            file(
                4,
                "Records/Minutes.txt",
                Some("REF1"),
                &contents["Records/Minutes.txt"],
            ),
            file(
                5,
                "Records/report.pdf",
                Some("REF1"),
                &contents["Records/report.pdf"],
            ),
            folder(6, "Records/Empty", Some("REF1")),
            file(7, LONG_FILE, None, &contents[LONG_FILE]),
        ];
        (files, contents)
    }

    fn opener<'a>(
        contents: &'a HashMap<String, Vec<u8>>,
    ) -> impl FnMut(&BagFile) -> io::Result<&'a [u8]> + 'a {
        |file| Ok(contents[&file.path].as_slice())
    }

    fn refuse_to_read(_: &BagFile) -> io::Result<&'static [u8]> {
        panic!("payload must not be read when the input is refused")
    }

    fn digests(contents: &HashMap<String, Vec<u8>>) -> BTreeMap<String, ContentDigest> {
        contents
            .iter()
            .map(|(path, bytes)| {
                (
                    path.clone(),
                    ContentDigest::compute(bytes.as_slice()).unwrap(),
                )
            })
            .collect()
    }

    fn tag<'a>(tags: &'a [TagFile], name: &str) -> &'a str {
        let tag = tags.iter().find(|tag| tag.name == name).unwrap();
        std::str::from_utf8(&tag.contents).unwrap()
    }

    fn run(command: &mut Command) -> Output {
        let output = command
            .output()
            .unwrap_or_else(|error| panic!("could not run {command:?}: {error}"));
        assert!(
            output.status.success(),
            "{command:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    fn stdout_of(command: &mut Command) -> String {
        String::from_utf8(run(command).stdout).unwrap()
    }

    struct PackedSample {
        _dir: tempfile::TempDir,
        packed: PackedBag,
        archive_path: PathBuf,
        unpacked: PathBuf,
        contents: HashMap<String, Vec<u8>>,
    }

    /// Packs the sample into `<tmp>/<reference>.tar.gz` and unpacks it with the system `tar`.
    fn pack_and_unpack_sample() -> PackedSample {
        let (files, contents) = sample_consignment();
        let mut archive = Vec::new();
        let packed = pack(&sample_info(), &files, opener(&contents), &mut archive).unwrap();
        assert_eq!(packed.bytes_written, archive.len() as u64);

        let dir = tempfile::tempdir().unwrap();
        let archive_path = dir.path().join(format!("{REFERENCE}.tar.gz"));
        fs::write(&archive_path, &archive).unwrap();
        let unpacked = dir.path().join("unpacked");
        fs::create_dir(&unpacked).unwrap();
        run(Command::new("tar")
            .arg("-xzf")
            .arg(&archive_path)
            .arg("-C")
            .arg(&unpacked));
        PackedSample {
            _dir: dir,
            packed,
            archive_path,
            unpacked,
            contents,
        }
    }

    fn bagit_python_available() -> bool {
        Command::new("python3")
            .args(["-c", "import bagit"])
            .output()
            .is_ok_and(|output| output.status.success())
    }

    #[test]
    fn packed_bag_unpacks_and_passes_bagit_python_validation() {
        let sample = pack_and_unpack_sample();
        let bag = sample.unpacked.join(REFERENCE);
        for (path, bytes) in &sample.contents {
            assert_eq!(&fs::read(bag.join("data").join(path)).unwrap(), bytes);
        }
        assert!(bag.join("data/Records/Empty").is_dir());
        assert_eq!(
            fs::read_to_string(bag.join("bagit.txt")).unwrap(),
            BAGIT_TXT
        );

        // scripts/setup installs it: a missing validator fails the test, never skips it.
        assert!(
            bagit_python_available(),
            "bagit-python is missing: python3 -m pip install bagit==1.9.0"
        );
        let validation = Command::new("python3")
            .args(["-m", "bagit", "--validate"])
            .arg(&bag)
            .output()
            .unwrap();
        assert!(
            validation.status.success(),
            "bagit-python rejected the bag: {}",
            String::from_utf8_lossy(&validation.stderr)
        );
    }

    #[test]
    fn sha256_line_matches_sha256sum_of_the_archive() {
        let sample = pack_and_unpack_sample();
        let sha256sum = stdout_of(
            Command::new("sha256sum")
                .arg(sample.archive_path.file_name().unwrap())
                .current_dir(sample.archive_path.parent().unwrap()),
        );
        assert_eq!(sha256sum, sample.packed.sha256_line);
        assert!(sample
            .packed
            .sha256_line
            .starts_with(&sample.packed.sha256_hex));
    }

    #[test]
    fn archive_is_sorted_like_gnu_tar_sort_name_and_owned_by_root() {
        let sample = pack_and_unpack_sample();
        let names = stdout_of(Command::new("tar").arg("-tzf").arg(&sample.archive_path));
        let long_folder = format!("{REFERENCE}/data/{LONG_FOLDER}/");
        let expected_names = [
            format!("{REFERENCE}/"),
            format!("{REFERENCE}/bag-info.txt"),
            format!("{REFERENCE}/bagit.txt"),
            format!("{REFERENCE}/data/"),
            format!("{REFERENCE}/data/Records/"),
            long_folder.strip_suffix("/2020/").unwrap().to_string() + "/",
            long_folder.clone(),
            format!("{REFERENCE}/data/{LONG_FILE}"),
            format!("{REFERENCE}/data/Records/Empty/"),
            format!("{REFERENCE}/data/Records/Minutes/"),
            format!("{REFERENCE}/data/Records/Minutes/meeting notes 2021.csv"),
            format!("{REFERENCE}/data/Records/Minutes.txt"),
            format!("{REFERENCE}/data/Records/report.pdf"),
            format!("{REFERENCE}/file-av.csv"),
            format!("{REFERENCE}/file-ffid.csv"),
            format!("{REFERENCE}/file-metadata.csv"),
            format!("{REFERENCE}/manifest-sha256.txt"),
            format!("{REFERENCE}/tagmanifest-sha256.txt"),
        ];
        assert_eq!(names.lines().collect::<Vec<_>>(), expected_names);

        let ours = stdout_of(Command::new("tar").arg("-tzvf").arg(&sample.archive_path));
        for line in ours.lines() {
            let columns: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(columns[1], "root/root", "{line}");
            assert!(["drwxr-xr-x", "-rw-r--r--"].contains(&columns[0]), "{line}");
        }

        let tar_version = stdout_of(Command::new("tar").arg("--version"));
        if !tar_version.contains("GNU tar") {
            eprintln!("SKIPPED comparison with GNU tar --sort=name: system tar is not GNU tar");
            return;
        }
        // Re-pack the unpacked bag the way TDR does and compare the verbose listings: same
        // order, names, modes, owners, sizes and mtimes.
        let gnu_archive = sample.unpacked.join("gnu.tar");
        run(Command::new("tar")
            .args(["--sort=name", "--owner=root:0", "--group=root:0"])
            .arg(format!(
                "--mtime=@{}",
                sample_info().exported_at.timestamp()
            ))
            .args(["--mode=a=rX,u+w", "--format=gnu", "-C"])
            .arg(&sample.unpacked)
            .arg("-cf")
            .arg(&gnu_archive)
            .arg(REFERENCE));
        let gnu = stdout_of(Command::new("tar").arg("-tvf").arg(&gnu_archive));
        assert_eq!(ours, gnu);
    }

    #[test]
    fn same_inputs_give_identical_bytes_and_a_new_export_time_does_not() {
        let (files, contents) = sample_consignment();
        let pack_with = |info: &BagInfo| {
            let mut archive = Vec::new();
            pack(info, &files, opener(&contents), &mut archive).unwrap();
            archive
        };
        let first = pack_with(&sample_info());
        let second = pack_with(&sample_info());
        assert_eq!(first, second);

        let mut later = sample_info();
        later.exported_at += chrono::Duration::seconds(1);
        assert_ne!(first, pack_with(&later));
    }

    #[test]
    fn checksum_mismatch_is_refused_before_anything_is_written() {
        let (mut files, contents) = sample_consignment();
        let BagFileKind::File(report) = &mut files[4].kind else {
            panic!("sample file 5 is the report")
        };
        report.client_sha256 = Some(hex::encode(Sha256::digest(b"another document")));
        let BagFileKind::File(minutes) = &mut files[3].kind else {
            panic!("sample file 4 is Minutes.txt")
        };
        minutes.client_sha256 = None;

        let mut archive = Vec::new();
        let error = pack(&sample_info(), &files, opener(&contents), &mut archive).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Checksum mismatch for file(s): \
             00000000-0000-4000-8000-000000000004 (Records/Minutes.txt), \
             00000000-0000-4000-8000-000000000005 (Records/report.pdf)"
        );
        assert!(archive.is_empty());
    }

    #[test]
    fn missing_bag_info_value_is_refused_naming_the_field() {
        let (files, _) = sample_consignment();
        type RemoveValue = fn(&mut BagInfo);
        let cases: [(&str, RemoveValue); 8] = [
            ("Internal-Sender-Identifier", |info| info.reference.clear()),
            ("Consignment-Series", |info| info.series = None),
            ("Source-Organization", |info| {
                info.body_name = " ".to_string()
            }),
            ("Consignment-Start-Datetime", |info| info.started_at = None),
            ("Consignment-Completed-Datetime", |info| {
                info.completed_at = None
            }),
            ("Contact-Name", |info| info.contact_name.clear()),
            ("Contact-Email", |info| info.contact_email.clear()),
            ("Bag-Creator", |info| info.bag_creator_version.clear()),
        ];
        for (field, remove_value) in cases {
            let mut info = sample_info();
            remove_value(&mut info);
            let mut archive = Vec::new();
            let error = pack(&info, &files, refuse_to_read, &mut archive).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("bag-info value {field} is missing")
            );
            assert!(archive.is_empty());
        }

        let mut info = sample_info();
        info.body_name = "Mock\nBag-Creator: forged".to_string();
        let error = pack(&info, &files, refuse_to_read, Vec::new()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "bag-info value Source-Organization contains a line break"
        );
    }

    #[test]
    fn unsafe_or_conflicting_paths_are_refused() {
        let cases = [
            ("../escape.txt", "path has a '.' or '..' segment"),
            ("Records/../../escape.txt", "path has a '.' or '..' segment"),
            ("Records/./report.pdf", "path has a '.' or '..' segment"),
            ("/etc/passwd", "path is absolute"),
            ("Records//report.pdf", "path has an empty segment"),
            ("Records/", "path has an empty segment"),
            ("", "path is empty"),
            ("Records/nul\0.txt", "path contains a NUL byte"),
            ("Records/report.pdf", "path is used by more than one entry"),
            (
                "Records/report.pdf/inner.txt",
                "a parent of this path is a file",
            ),
        ];
        for (path, reason) in cases {
            let (mut files, _) = sample_consignment();
            files.push(file(99, path, None, b"x"));
            let error = pack(&sample_info(), &files, refuse_to_read, Vec::new()).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!(
                    "refusing path {path:?} of file 00000000-0000-4000-8000-000000000063: {reason}"
                )
            );
        }

        let mut info = sample_info();
        info.reference = "../TDR-2021-TEST".to_string();
        let (files, _) = sample_consignment();
        let error = pack(&info, &files, refuse_to_read, Vec::new()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "bag-info value Internal-Sender-Identifier must be usable as a single directory name"
        );

        let error = pack(&sample_info(), &[], refuse_to_read, Vec::new()).unwrap_err();
        assert!(matches!(error, BagError::EmptyConsignment));
    }

    #[test]
    fn files_without_antivirus_or_ffid_results_are_refused() {
        let (mut files, _) = sample_consignment();
        let BagFileKind::File(report) = &mut files[4].kind else {
            panic!("sample file 5 is the report")
        };
        report.av = None;
        let error = pack(&sample_info(), &files, refuse_to_read, Vec::new()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Antivirus metadata is missing for file(s): \
             00000000-0000-4000-8000-000000000005 (Records/report.pdf)"
        );

        let (mut files, _) = sample_consignment();
        let BagFileKind::File(minutes) = &mut files[3].kind else {
            panic!("sample file 4 is Minutes.txt")
        };
        minutes.ffid = None;
        let error = pack(&sample_info(), &files, refuse_to_read, Vec::new()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "FFID metadata is missing for file(s): \
             00000000-0000-4000-8000-000000000004 (Records/Minutes.txt)"
        );
    }

    #[test]
    fn payload_that_changes_between_reads_is_refused() {
        let (files, contents) = sample_consignment();
        let mut reads_of_report = 0;
        let tampered = b"%PDF-1.4 tampered".to_vec();
        let error = pack(
            &sample_info(),
            &files,
            |file: &BagFile| {
                if file.path == "Records/report.pdf" {
                    reads_of_report += 1;
                    if reads_of_report == 2 {
                        return Ok(tampered.as_slice());
                    }
                }
                Ok(contents[&file.path].as_slice())
            },
            io::sink(),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "payload file \"Records/report.pdf\" changed between hashing and packing"
        );
    }

    /// One folder and one file, with every tag file checked byte for byte.
    #[test]
    fn tag_files_have_exact_contents() {
        let pdf = b"%PDF-1.7 one".to_vec();
        let files = vec![
            folder(1, "Records", None),
            file(2, "Records/report one.pdf", Some("REF1"), &pdf),
        ];
        let contents = HashMap::from([("Records/report one.pdf".to_string(), pdf.clone())]);
        let pdf_sha256 = hex::encode(Sha256::digest(&pdf));
        let tags = tag_files(&sample_info(), &files, &digests(&contents)).unwrap();

        let names: Vec<&str> = tags.iter().map(|tag| tag.name).collect();
        assert_eq!(
            names,
            [
                "bag-info.txt",
                "bagit.txt",
                "file-av.csv",
                "file-ffid.csv",
                "file-metadata.csv",
                "manifest-sha256.txt",
                "tagmanifest-sha256.txt"
            ]
        );
        assert_eq!(tag(&tags, "bagit.txt"), BAGIT_TXT);
        assert_eq!(
            tag(&tags, "bag-info.txt"),
            "Internal-Sender-Identifier: TDR-2021-TEST\n\
             Consignment-Series: MOCK1 123\n\
             Source-Organization: Mock 1 Department\n\
             Consignment-Type: standard\n\
             Consignment-Include-Top-Level-Folder: true\n\
             Consignment-Start-Datetime: 2021-01-15T07:47:19Z\n\
             Consignment-Completed-Datetime: 2021-01-15T09:12:01Z\n\
             Consignment-Export-Datetime: 2021-02-03T10:33:30Z\n\
             Contact-Name: Ada Lovelace\n\
             Contact-Email: ada@example.gov.uk\n\
             Bag-Creator: TDRExportv0.0.247\n\
             Metadata-Schema-Library-Version: 0.0.133\n\
             Payload-Oxum: 12.1\n\
             Bagging-Date: 2021-02-03\n"
        );
        assert_eq!(
            tag(&tags, "manifest-sha256.txt"),
            format!("{pdf_sha256}  data/Records/report one.pdf\n")
        );
        assert_eq!(
            tag(&tags, "file-metadata.csv"),
            "file_reference,file_name,file_type,file_size,clientside_original_filepath,\
             rights_copyright,legal_status,held_by,date_last_modified,closure_type,\
             closure_start_date,closure_period,foi_exemption_code,foi_exemption_asserted,\
             title_closed,title_alternate,description,description_closed,description_alternate,\
             language,end_date,file_name_translation,original_filepath,parent_reference,\
             former_reference_department,UUID,restrictions_on_use,related_material,\
             evidence_provided_by,note,copyright_details\r\n\
             REF1,Records,Folder,,data/Records,,,,,,,,,,,,,,,,,,,,,\
             00000000-0000-4000-8000-000000000001,,,,,\r\n\
             REF2,report one.pdf,File,12,data/Records/report one.pdf,Crown,Public Record(s),\
             \"The National Archives, Kew\",2021-01-26T17:10:58,Open,,,,,false,,,false,,English,\
             ,,,REF1,,00000000-0000-4000-8000-000000000002,,,,,\r\n"
        );
        assert_eq!(
            tag(&tags, "file-av.csv"),
            "Filepath,AV-Software,AV-SoftwareVersion\r\n\
             data/Records/report one.pdf,yara,4.2.0\r\n"
        );
        assert_eq!(
            tag(&tags, "file-ffid.csv"),
            "Filepath,Extension,PUID,FormatName,ExtensionMismatch,FFID-Software,\
             FFID-SoftwareVersion,FFID-BinarySignatureFileVersion,\
             FFID-ContainerSignatureFileVersion\r\n\
             data/Records/report one.pdf,pdf,fmt/276,Acrobat PDF 1.7 - Portable Document Format,\
             false,Droid,6.5,DROID_SignatureFile_V109.xml,container-signature-20221102.xml\r\n"
        );

        let sha256_of = |name| hex::encode(Sha256::digest(tag(&tags, name)));
        let expected_tag_manifest: String = [
            "bag-info.txt",
            "bagit.txt",
            "file-av.csv",
            "file-ffid.csv",
            "file-metadata.csv",
            "manifest-sha256.txt",
        ]
        .iter()
        .map(|name| format!("{}  {name}\n", sha256_of(name)))
        .collect();
        assert_eq!(tag(&tags, "tagmanifest-sha256.txt"), expected_tag_manifest);
    }

    #[test]
    fn manifest_percent_encodes_cr_lf_and_percent_only() {
        let odd_path = "Records/100% done\r\nfinal copy.txt";
        let files = vec![file(1, odd_path, None, b"done")];
        let contents = HashMap::from([(odd_path.to_string(), b"done".to_vec())]);
        let tags = tag_files(&sample_info(), &files, &digests(&contents)).unwrap();
        assert_eq!(
            tag(&tags, "manifest-sha256.txt"),
            format!(
                "{}  data/Records/100%25 done%0D%0Afinal copy.txt\n",
                hex::encode(Sha256::digest(b"done"))
            )
        );
        // The CSVs keep the real path; CSV quoting carries the line break.
        assert!(tag(&tags, "file-av.csv").contains("\"data/Records/100% done\r\nfinal copy.txt\""));
    }

    #[test]
    fn judgment_bag_has_empty_series_and_judgment_columns() {
        let mut info = sample_info();
        info.consignment_type = ConsignmentType::Judgment;
        info.series = None;
        info.metadata_schema_library_version = None;
        let files = vec![file(1, "judgment.docx", None, b"judgment")];
        let contents = HashMap::from([("judgment.docx".to_string(), b"judgment".to_vec())]);
        let tags = tag_files(&info, &files, &digests(&contents)).unwrap();

        let bag_info = tag(&tags, "bag-info.txt");
        assert!(bag_info.contains("\nConsignment-Series: \nSource-Organization: "));
        assert!(bag_info.contains("\nConsignment-Type: judgment\n"));
        assert!(bag_info.contains("\nMetadata-Schema-Library-Version: \n"));
        let header = tag(&tags, "file-metadata.csv").lines().next().unwrap();
        assert!(header.contains(
            ",related_material,judgment_type,judgment_update,judgment_update_type,\
             judgment_update_details,judgment_neutral_citation,judgment_no_neutral_citation,\
             judgment_reference,evidence_provided_by,"
        ));
        assert_eq!(header.split(',').count(), 38);
    }

    #[test]
    fn descriptive_metadata_set_on_a_file_replaces_the_defaults() {
        let mut described = file(1, "Records/minutes.pdf", None, b"minutes");
        if let BagFileKind::File(payload) = &mut described.kind {
            payload.properties = BTreeMap::from([
                ("ClosureType".to_string(), "Closed".to_string()),
                (
                    "description".to_string(),
                    "Board minutes, \"draft\"".to_string(),
                ),
                // Not a column of the export: left out.
                ("SHA256ServerSideChecksum".to_string(), "abc".to_string()),
            ]);
        }
        let files = vec![described, file(2, "Records/plain.pdf", None, b"plain")];
        let contents = HashMap::from([
            ("Records/minutes.pdf".to_string(), b"minutes".to_vec()),
            ("Records/plain.pdf".to_string(), b"plain".to_vec()),
        ]);
        let tags = tag_files(&sample_info(), &files, &digests(&contents)).unwrap();
        let csv = tag(&tags, "file-metadata.csv");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let value = |row: &csv::StringRecord, column: &str| {
            row[header.iter().position(|name| name == column).unwrap()].to_string()
        };
        let described = rows
            .iter()
            .find(|row| value(row, "file_reference") == "REF1")
            .unwrap();
        assert_eq!(value(described, "closure_type"), "Closed");
        assert_eq!(value(described, "description"), "Board minutes, \"draft\"");
        assert_eq!(value(described, "legal_status"), "Public Record(s)");
        assert!(!csv.contains("abc"));
        let plain = rows
            .iter()
            .find(|row| value(row, "file_reference") == "REF2")
            .unwrap();
        assert_eq!(value(plain, "closure_type"), "Open");
        assert_eq!(value(plain, "description"), "");
    }

    #[test]
    fn gzip_header_has_no_name_no_mtime_and_unix_os() {
        let (files, contents) = sample_consignment();
        let mut archive = Vec::new();
        pack(&sample_info(), &files, opener(&contents), &mut archive).unwrap();
        // ID1 ID2 CM FLG MTIME(4) XFL OS, RFC 1952 §2.3.
        assert_eq!(&archive[..3], &[0x1f, 0x8b, 8]);
        assert_eq!(archive[3], 0, "no FNAME or other optional fields");
        assert_eq!(&archive[4..8], &[0, 0, 0, 0]);
        assert_eq!(archive[9], GZIP_OS_UNIX);
    }
}
