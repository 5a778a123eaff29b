//! File format identification for the FFID check: each upload gets PRONOM PUIDs, the way TDR's
//! `tdr-file-format` Lambda gets them from DROID, and an FFID file status, the way TDR's
//! `tdr-statuses` Lambda derives one from those PUIDs.
//!
//! DROID cannot run here, so the crate `file-format` recognises the file by its signature and the
//! table below turns what it found into PUIDs. Where PRONOM splits one kind of file into versions
//! (PDF 1.4 against 1.7, OpenDocument 1.2 against 1.3, JFIF against Exif) this module reads the
//! same bytes that DROID's signatures test. Where PRONOM has no signature (CSV, plain text, JSON)
//! DROID falls back on the file name's extension, and so does this module, saying so in the match.
//!
//! Departures from DROID, each on purpose:
//! - End-of-file markers (`%%EOF`, PNG's `IEND`, JPEG's `FFD9`) are not required, so a truncated
//!   file is still named by its header rather than only by its extension.
//! - Extension-only matching returns every row of our table with that extension, without DROID's
//!   priority pruning; a damaged `.pdf` therefore gets several PUIDs, as it would from DROID, but
//!   not exactly the same list.
//! - A file with no dot in its name has no extension here; TDR passes the whole name instead.

use std::io::{self, Read, Seek, SeekFrom};

use file_format::FileFormat;

use super::status::FileStatusValue;

/// Pinned with `=` in Cargo.toml, so this cannot drift from the code that actually ran.
const FILE_FORMAT_VERSION: &str = "0.29.0";

/// Stands in for DROID's binary and container signature file versions: bump it whenever a row
/// of [`PRONOM_FORMATS`] or a detection rule changes, so stored results say which rules made them.
pub const PUID_TABLE_VERSION: &str = "tdr-puids-2026-12";

/// What the check reports for one file: the input of TDR's `addBulkFFIDMetadata`, plus the two
/// facts [`ffid_status`] needs that PUIDs cannot carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identification {
    pub software: &'static str,
    pub software_version: String,
    pub binary_signature_file_version: String,
    pub container_signature_file_version: String,
    pub method: &'static str,
    /// Never empty: TDR's API refuses an FFID result without matches.
    pub matches: Vec<FormatMatch>,
    /// No bytes, or only a UTF-8 byte order mark. TDR derives this from the file size and the
    /// SHA-256 checksum, not from DROID; it is not sent with the FFID metadata.
    pub content_is_empty: bool,
    /// An encrypted PDF, OpenDocument or ZIP entry. DROID has no PUID for these, so TDR lets them
    /// through; we refuse them. Encrypted MS Office files need no flag: their PUIDs say so.
    pub password_protected: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatMatch {
    /// The uploaded file's own extension, as given, for every match except "not identified".
    pub extension: Option<String>,
    pub identification_basis: IdentificationBasis,
    pub puid: Option<&'static str>,
    /// True when the extension is not one PRONOM lists for the identified format.
    pub file_extension_mismatch: bool,
    /// PRONOM's name for the format; empty when nothing was identified.
    pub format_name: &'static str,
}

/// DROID's identification methods, which TDR stores as `IdentificationBasis`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentificationBasis {
    Signature,
    Container,
    Extension,
    /// TDR records an empty string when DROID returns no result at all.
    NotIdentified,
}

impl IdentificationBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Signature => "Signature",
            Self::Container => "Container",
            Self::Extension => "Extension",
            Self::NotIdentified => "",
        }
    }
}

/// A PUID TDR refuses, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DisallowedPuid {
    /// `""` stands for "no PUID"; `zeroByteFile` and `nonJudgmentFormat` are TDR's placeholders,
    /// kept so the table stays a faithful copy.
    pub puid: &'static str,
    pub description: &'static str,
    pub reason: FileStatusValue,
}

const fn disallowed(
    puid: &'static str,
    description: &'static str,
    reason: FileStatusValue,
) -> DisallowedPuid {
    DisallowedPuid {
        puid,
        description,
        reason,
    }
}

/// TDR's disallowed PUIDs, copied row for row and in order from `puids/disallowed-puids.json` in
/// nationalarchives/da-metadata-schema (commit 73d8905, June 2026), which replaced the database
/// table `DisallowedPuids` (dropped by tdr-consignment-api-data migration V185). Every row there
/// is `"active": true`, so the flag is left out. Order matters: TDR reports the first row that
/// matches any of a file's PUIDs.
#[rustfmt::skip]
pub const DISALLOWED_PUIDS: &[DisallowedPuid] = &[
    disallowed("", "Unidentified file", FileStatusValue::Unidentified),
    disallowed("fmt/1070", "Preferred Executable Format", FileStatusValue::Zip),
    disallowed("fmt/1071", "Apple Disk Image", FileStatusValue::Zip),
    disallowed("fmt/1087", "FAT Disk Image", FileStatusValue::Zip),
    disallowed("fmt/1095", "PEA Archive Format", FileStatusValue::Zip),
    disallowed("fmt/1096", "FreeArc Archive Format", FileStatusValue::Zip),
    disallowed("fmt/1097", "ZPAQ Archive Format", FileStatusValue::Zip),
    disallowed("fmt/1098", "XZ File Format", FileStatusValue::Zip),
    disallowed("fmt/1100", "yEnc Encoded File", FileStatusValue::Zip),
    disallowed("fmt/1102", "Uuencoded File", FileStatusValue::Zip),
    disallowed("fmt/1105", "Hierarchical File System", FileStatusValue::Zip),
    disallowed("fmt/111", "OLE2 Compound Document Format", FileStatusValue::Zip),
    disallowed("fmt/1190", "Adobe SWC Package", FileStatusValue::Zip),
    disallowed("fmt/1242", "ZFO (Form) File", FileStatusValue::Zip),
    disallowed("fmt/1243", "ZFO (Message) File", FileStatusValue::Zip),
    disallowed("fmt/1244", "ZFO (Sent Message)", FileStatusValue::Zip),
    disallowed("fmt/1245", "ZFO (Proof of Delivery) File", FileStatusValue::Zip),
    disallowed("fmt/1251", "Electronically Certified Document (EDOC)", FileStatusValue::Zip),
    disallowed("fmt/1252", "Raw Flux Image", FileStatusValue::Zip),
    disallowed("fmt/1340", "BDOC 1", FileStatusValue::Zip),
    disallowed("fmt/1341", "ASICS", FileStatusValue::Zip),
    disallowed("fmt/1361", "Amiga Disk File", FileStatusValue::Zip),
    disallowed("fmt/1399", "DiskDoubler.", FileStatusValue::Zip),
    disallowed("fmt/1672", "Linux/i386 Binary Executable File ZMAGIC", FileStatusValue::Executable),
    disallowed("fmt/289", "WARC Web ARChive file format", FileStatusValue::Zip),
    disallowed("fmt/329", "Shell Archive Format", FileStatusValue::Zip),
    disallowed("fmt/394", "DS_Store File (MAC)", FileStatusValue::OperatingSystemMac),
    disallowed("fmt/473", "Microsoft Office Owner File", FileStatusValue::NonRecord),
    disallowed("fmt/494", "Microsoft Office Encrypted Document", FileStatusValue::PasswordProtected),
    disallowed("fmt/503", "AppleDouble Resource Fork", FileStatusValue::OperatingSystemMac),
    disallowed("fmt/508", "Quarter Inch Cartridge Host Interchange Format", FileStatusValue::Zip),
    disallowed("fmt/600", "eXtensible ARchive format", FileStatusValue::Zip),
    disallowed("fmt/610", "ARJ File Format", FileStatusValue::Zip),
    disallowed("fmt/613", "RAR Archive", FileStatusValue::Zip),
    disallowed("fmt/614", "Windows Imaging Format", FileStatusValue::Zip),
    disallowed("fmt/625", "Apple Disk Copy Image", FileStatusValue::Zip),
    disallowed("fmt/626", "LHA File Format", FileStatusValue::Zip),
    disallowed("fmt/639", "Stuffit Archive File", FileStatusValue::Zip),
    disallowed("fmt/656", "KryoFlux", FileStatusValue::Zip),
    disallowed("fmt/682", "Thumbs DB file", FileStatusValue::SystemFile),
    disallowed("fmt/726", "Virtual Disk Image", FileStatusValue::Zip),
    disallowed("fmt/754", "Microsoft Word Document", FileStatusValue::PasswordProtected),
    disallowed("fmt/755", "Microsoft Word Document Template", FileStatusValue::PasswordProtected),
    disallowed("fmt/842", "AccessData Custom Content Image", FileStatusValue::Zip),
    disallowed("fmt/843", "AccessData Custom Content Image (Encrypted)", FileStatusValue::Zip),
    disallowed("fmt/844", "Advanced Forensic Format", FileStatusValue::Zip),
    disallowed("fmt/850", "NuFile Exchange Archival Library", FileStatusValue::Zip),
    disallowed("fmt/866", "Apple Safari Webarchive", FileStatusValue::Zip),
    disallowed("fmt/887", "SafeGuard Encrypted Virtual Disk", FileStatusValue::Zip),
    disallowed("fmt/899", "Windows Portable Executable 32 bit", FileStatusValue::Executable),
    disallowed("fmt/900", "Windows Portable Executable 64 bit", FileStatusValue::Executable),
    disallowed("fmt/941", "Back Up File", FileStatusValue::Backup),
    disallowed("nonJudgmentFormat", "No specific identifier for non judgment", FileStatusValue::NonJudgmentFormat),
    disallowed("x-fmt/157", "Interchange File", FileStatusValue::Zip),
    disallowed("x-fmt/219", "Alexa Archive File", FileStatusValue::Zip),
    disallowed("x-fmt/263", "ZIP Format", FileStatusValue::Zip),
    disallowed("x-fmt/265", "Tape Archive Format", FileStatusValue::Zip),
    disallowed("x-fmt/266", "GZIP Format", FileStatusValue::Zip),
    disallowed("x-fmt/267", "BZIP Compressed Archive", FileStatusValue::Zip),
    disallowed("x-fmt/268", "BZIP2 Compressed Archive", FileStatusValue::Zip),
    disallowed("x-fmt/269", "ZOO Compressed Archive", FileStatusValue::Zip),
    disallowed("x-fmt/409", "MS-DOS Executable", FileStatusValue::Executable),
    disallowed("x-fmt/410", "Windows New Executable", FileStatusValue::Executable),
    disallowed("x-fmt/411", "Windows Portable Executable", FileStatusValue::Executable),
    disallowed("x-fmt/412", "Java Archive Format", FileStatusValue::Zip),
    disallowed("x-fmt/416", "BinHex Binary Text", FileStatusValue::Zip),
    disallowed("x-fmt/426", "License file", FileStatusValue::LicenseContainsRegistrationInformation),
    disallowed("x-fmt/428", "Microsoft Windows Shortcut", FileStatusValue::Shortcut),
    disallowed("x-fmt/429", "MHTML", FileStatusValue::Zip),
    disallowed("x-fmt/45", "Microsoft Word Document Template", FileStatusValue::NonRecord),
    disallowed("x-fmt/454", "Microsoft Internet Shortcut", FileStatusValue::Shortcut),
    disallowed("zeroByteFile", "Identifier for empty file not in PRONOM", FileStatusValue::ZeroByteFile),
];

/// The only formats a judgment may be, from `puids/allowed-puids.json` (same commit): Word 2007+
/// documents, transitional or strict, and generic Office Open XML.
pub const JUDGMENT_ALLOWED_PUIDS: &[&str] = &["fmt/412", "fmt/1827", "fmt/189"];

/// The FFID status TDR would record for this file, following `StatusProcessor.ffid` in
/// nationalarchives/tdr-statuses: judgment format first, then empty file, then several PUIDs,
/// then the first disallowed row. TDR records exactly one FFID status per file, so this returns
/// one. The one addition is [`Identification::password_protected`], checked last.
pub fn ffid_status(identification: &Identification, judgment: bool) -> FileStatusValue {
    let puids: Vec<&str> = identification
        .matches
        .iter()
        .map(|m| m.puid.unwrap_or(""))
        .collect();
    ffid_status_of(
        &puids,
        judgment,
        identification.content_is_empty,
        identification.password_protected,
    )
}

/// The same rules over what a file format check found, wherever it ran: each match's PUID (an
/// empty string for none), whether the file has no content and whether it is encrypted. A result
/// a service client reports through the GraphQL API is judged by it too.
pub fn ffid_status_of(
    puids: &[&str],
    judgment: bool,
    content_is_empty: bool,
    password_protected: bool,
) -> FileStatusValue {
    if judgment
        && !puids
            .iter()
            .all(|puid| JUDGMENT_ALLOWED_PUIDS.contains(puid))
    {
        return FileStatusValue::NonJudgmentFormat;
    }
    if content_is_empty {
        return FileStatusValue::ZeroByteFile;
    }
    if puids.iter().filter(|puid| !puid.is_empty()).count() > 1 {
        return FileStatusValue::MultipleFormats;
    }
    if let Some(row) = DISALLOWED_PUIDS
        .iter()
        .find(|row| puids.contains(&row.puid))
    {
        return row.reason;
    }
    if password_protected {
        return FileStatusValue::PasswordProtected;
    }
    FileStatusValue::Success
}

/// Identifies one file. `file_name` may be a path; only its last component counts. Reads nothing
/// but `reader`, and never more than a bounded amount of it.
pub fn identify<R: Read + Seek>(file_name: &str, reader: R) -> io::Result<Identification> {
    let mut source = Source::new(reader)?;
    let extension = file_extension(file_name);
    let head = source.read_up_to(0, HEAD_LEN)?;
    let detected = if head.is_empty() {
        None
    } else {
        detect(&mut source, &head)?
    };
    let (matches, password_protected) = match detected {
        Some(found) => (
            vec![signature_match(found, extension)],
            found.password_protected,
        ),
        None => (extension_matches(extension), false),
    };
    Ok(Identification {
        software: "file-format",
        software_version: FILE_FORMAT_VERSION.to_owned(),
        binary_signature_file_version: PUID_TABLE_VERSION.to_owned(),
        container_signature_file_version: PUID_TABLE_VERSION.to_owned(),
        method: "pronom",
        matches,
        content_is_empty: head.is_empty() || head == UTF8_BOM,
        password_protected,
    })
}

struct PronomFormat {
    puid: &'static str,
    /// Exactly as PRONOM names it, which is what DROID reports and TDR stores.
    name: &'static str,
    /// The extensions PRONOM lists, lower case.
    extensions: &'static [&'static str],
}

const fn pronom(
    puid: &'static str,
    name: &'static str,
    extensions: &'static [&'static str],
) -> PronomFormat {
    PronomFormat {
        puid,
        name,
        extensions,
    }
}

/// Every PUID this module can report. Names and extensions are copied from DROID signature file
/// V120 (as shipped in nationalarchives/tdr-file-format); the trailing comment is PRONOM's version.
#[rustfmt::skip]
const PRONOM_FORMATS: &[PronomFormat] = &[
    // PDF: one PUID per header version; a PDF/A claim in the XMP metadata outranks the version.
    pronom("fmt/14", "Acrobat PDF 1.0 - Portable Document Format", &["pdf"]), // 1.0
    pronom("fmt/15", "Acrobat PDF 1.1 - Portable Document Format", &["pdf"]), // 1.1
    pronom("fmt/16", "Acrobat PDF 1.2 - Portable Document Format", &["pdf"]), // 1.2
    pronom("fmt/17", "Acrobat PDF 1.3 - Portable Document Format", &["pdf"]), // 1.3
    pronom("fmt/18", "Acrobat PDF 1.4 - Portable Document Format", &["pdf"]), // 1.4
    pronom("fmt/19", "Acrobat PDF 1.5 - Portable Document Format", &["pdf"]), // 1.5
    pronom("fmt/20", "Acrobat PDF 1.6 - Portable Document Format", &["pdf"]), // 1.6
    pronom("fmt/276", "Acrobat PDF 1.7 - Portable Document Format", &["pdf"]), // 1.7
    pronom("fmt/1129", "PDF 2.0 - Portable Document Format", &["pdf"]), // 2.0
    pronom("fmt/95", "Acrobat PDF/A - Portable Document Format", &["pdf"]), // 1a
    pronom("fmt/354", "Acrobat PDF/A - Portable Document Format", &["pdf"]), // 1b
    pronom("fmt/476", "Acrobat PDF/A - Portable Document Format", &["pdf"]), // 2a
    pronom("fmt/477", "Acrobat PDF/A - Portable Document Format", &["pdf"]), // 2b
    pronom("fmt/478", "Acrobat PDF/A - Portable Document Format", &["pdf"]), // 2u
    pronom("fmt/479", "Acrobat PDF/A - Portable Document Format", &["pdf"]), // 3a
    pronom("fmt/480", "Acrobat PDF/A - Portable Document Format", &["pdf"]), // 3b
    pronom("fmt/481", "Acrobat PDF/A - Portable Document Format", &["pdf"]), // 3u
    // Images.
    pronom("fmt/11", "Portable Network Graphics", &["png"]), // 1.0
    pronom("fmt/12", "Portable Network Graphics", &["png"]), // 1.1
    pronom("fmt/13", "Portable Network Graphics", &["png"]), // 1.2
    pronom("fmt/935", "Animated Portable Network Graphics", &["apng", "png"]),
    pronom("fmt/41", "Raw JPEG Stream", &["jfi", "jfif", "jif", "jpe", "jpeg", "jpg"]),
    pronom("fmt/42", "JPEG File Interchange Format", &["jfi", "jfif", "jif", "jpe", "jpeg", "jpg"]), // 1.00
    pronom("fmt/43", "JPEG File Interchange Format", &["jfi", "jfif", "jif", "jpe", "jpeg", "jpg"]), // 1.01
    pronom("fmt/44", "JPEG File Interchange Format", &["jfi", "jfif", "jif", "jpe", "jpeg", "jpg"]), // 1.02
    pronom("x-fmt/398", "Exchangeable Image File Format (Compressed)", &["jpeg", "jpg"]), // 2.0
    pronom("x-fmt/390", "Exchangeable Image File Format (Compressed)", &["jpeg", "jpg"]), // 2.1
    pronom("x-fmt/391", "Exchangeable Image File Format (Compressed)", &["jpeg", "jpg"]), // 2.2
    pronom("fmt/645", "Exchangeable Image File Format (Compressed)", &["jpeg", "jpg"]), // 2.21
    pronom("fmt/1507", "Exchangeable Image File Format (Compressed)", &["jpeg", "jpg"]), // 2.3.x
    pronom("fmt/353", "Tagged Image File Format", &["tif", "tiff"]),
    pronom("fmt/3", "Graphics Interchange Format", &["gif"]), // 87a
    pronom("fmt/4", "Graphics Interchange Format", &["gif"]), // 89a
    // No PRONOM signature: DROID names these by extension alone.
    pronom("x-fmt/18", "Comma Separated Values", &["csv"]),
    pronom("x-fmt/111", "Plain Text File", &["txt"]),
    pronom("fmt/817", "JSON Data Interchange Format", &["json"]),
    // Office Open XML, recognised inside the ZIP container.
    pronom("fmt/412", "Microsoft Word for Windows", &["docx", "wbk"]), // 2007 onwards
    pronom("fmt/1827", "DOCX Strict OOXML Document", &["docx"]), // 2007 onwards
    pronom("fmt/214", "Microsoft Excel for Windows", &["xlsx"]), // 2007 onwards
    pronom("fmt/1828", "XLSX Strict OOXML Spreadsheet", &["xlsx"]), // 2007 onwards
    pronom("fmt/215", "Microsoft Powerpoint for Windows", &["pptx"]), // 2007 onwards
    pronom("fmt/1829", "PPTX Strict OOXML Presentation", &["pptx"]), // 2007 onwards
    // OLE2 (Compound File Binary) containers, recognised by their stream names.
    pronom("fmt/40", "Microsoft Word Document", &["doc", "wbk"]), // 97-2003
    pronom("fmt/754", "Microsoft Word Document (Password Protected)", &["doc", "wbk"]), // 97-2003
    pronom("fmt/61", "Microsoft Excel 97 Workbook (xls)", &["xls", "xlw"]), // 8
    pronom("fmt/126", "Microsoft Powerpoint Presentation", &["ppt"]), // 97-2003
    pronom("x-fmt/430", "Microsoft Outlook Email Message", &["msg", "oft"]), // 97-2003
    pronom("fmt/494", "Microsoft Office Encrypted Document", &["docx", "pptx", "xlsx"]), // 2007 Onwards
    pronom("fmt/111", "OLE2 Compound Document Format", &[]),
    // OpenDocument, versioned by `office:version` in content.xml.
    pronom("fmt/136", "OpenDocument Text", &["odt", "ott"]), // 1.0
    pronom("fmt/290", "OpenDocument Text", &["odt", "ott"]), // 1.1
    pronom("fmt/291", "OpenDocument Text", &["odt", "ott"]), // 1.2
    pronom("fmt/1756", "OpenDocument Text", &["odt"]), // 1.3
    pronom("fmt/137", "OpenDocument Spreadsheet", &["ods", "ots"]), // 1.0
    pronom("fmt/294", "OpenDocument Spreadsheet", &["ods", "ots"]), // 1.1
    pronom("fmt/295", "OpenDocument Spreadsheet", &["ods", "ots"]), // 1.2
    pronom("fmt/1755", "OpenDocument Spreadsheet", &["ods"]), // 1.3
    pronom("fmt/138", "OpenDocument Presentation", &["odp", "otp"]), // 1.0
    pronom("fmt/292", "OpenDocument Presentation", &["odp", "otp"]), // 1.1
    pronom("fmt/293", "OpenDocument Presentation", &["odp", "otp"]), // 1.2
    pronom("fmt/1754", "OpenDocument Presentation", &["odp"]), // 1.3
    // Archives, compressed files and disk images.
    pronom("x-fmt/263", "ZIP Format", &["zip"]),
    pronom("x-fmt/412", "Java Archive Format", &["jar"]),
    pronom("fmt/484", "7Zip format", &["7z"]),
    pronom("x-fmt/264", "RAR Archive", &["rar"]), // 2.0
    pronom("fmt/411", "RAR Archive", &["rar"]), // 2.9
    pronom("fmt/613", "RAR Archive", &["rar"]), // 5.0
    pronom("fmt/468", "ISO 9660 Disk Image File", &["bin", "cdr", "dmg", "iso", "toast"]),
    pronom("x-fmt/266", "GZIP Format", &["gz", "z"]),
    pronom("x-fmt/265", "Tape Archive Format", &["tar"]),
    pronom("x-fmt/268", "BZIP2 Compressed Archive", &["bz2"]),
    pronom("fmt/1098", "XZ File Format", &["xz"]),
    // Markup.
    pronom("fmt/101", "Extensible Markup Language", &["xml"]), // 1.0
    pronom("fmt/471", "Hypertext Markup Language", &["htm", "html"]), // 5
    pronom("fmt/96", "Hypertext Markup Language", &["htm", "html"]),
    // Rich Text Format, versioned by the control words DROID looks for.
    pronom("fmt/969", "Rich Text Format", &["rtf"]), // 0
    pronom("fmt/45", "Rich Text Format", &["rtf"]), // 1.0-1.4
    pronom("fmt/50", "Rich Text Format", &["rtf"]), // 1.5-1.6
    pronom("fmt/52", "Rich Text Format", &["rtf"]), // 1.7
    pronom("fmt/53", "Rich Text Format", &["rtf"]), // 1.8
    pronom("fmt/355", "Rich Text Format", &["rtf"]), // 1.9
    // Audio and video.
    pronom("fmt/134", "MPEG 1/2 Audio Layer 3", &["mp3"]),
    pronom("fmt/199", "MPEG-4 Media File", &["f4a", "f4v", "m4a", "m4v", "mp4"]),
    pronom("fmt/6", "Waveform Audio", &["wav"]),
    pronom("fmt/141", "Waveform Audio (PCMWAVEFORMAT)", &["wav", "wave"]),
    pronom("fmt/142", "Waveform Audio (WAVEFORMATEX)", &["wav", "wave"]),
    pronom("fmt/1", "Broadcast WAVE", &["wav"]), // 0 Generic
    pronom("fmt/2", "Broadcast WAVE", &["wav"]), // 1 Generic
    // Executables and shortcuts, which TDR refuses.
    pronom("x-fmt/409", "MS-DOS Executable", &["exe"]),
    pronom("x-fmt/410", "Windows New Executable", &["exe"]),
    pronom("x-fmt/411", "Windows Portable Executable", &["dll", "exe", "sys"]),
    pronom("fmt/899", "Windows Portable Executable", &["dll", "exe", "sys"]), // 32 bit
    pronom("fmt/900", "Windows Portable Executable", &["dll", "exe", "sys"]), // 64 bit
    pronom("x-fmt/428", "Microsoft Windows Shortcut", &["lnk"]),
];

/// Enough for every header test here; later bytes are read only where a format needs them.
const HEAD_LEN: usize = 64 * 1024;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Clone, Copy, Debug)]
struct Detected {
    puid: &'static str,
    basis: IdentificationBasis,
    password_protected: bool,
}

impl Detected {
    fn signature(puid: &'static str) -> Self {
        Self {
            puid,
            basis: IdentificationBasis::Signature,
            password_protected: false,
        }
    }

    fn container(puid: &'static str) -> Self {
        Self {
            puid,
            basis: IdentificationBasis::Container,
            password_protected: false,
        }
    }

    fn encrypted(self, password_protected: bool) -> Self {
        Self {
            password_protected,
            ..self
        }
    }
}

fn pronom_format(puid: &str) -> Option<&'static PronomFormat> {
    PRONOM_FORMATS.iter().find(|format| format.puid == puid)
}

fn file_extension(file_name: &str) -> Option<&str> {
    let base_name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    base_name
        .rsplit_once('.')
        .map(|(_, extension)| extension)
        .filter(|extension| !extension.is_empty())
}

fn lists_extension(format: &PronomFormat, extension: &str) -> bool {
    format
        .extensions
        .iter()
        .any(|listed| listed.eq_ignore_ascii_case(extension))
}

fn signature_match(found: Detected, extension: Option<&str>) -> FormatMatch {
    let format = pronom_format(found.puid);
    // Like DROID: a format PRONOM lists no extensions for never mismatches; a missing one always does.
    let file_extension_mismatch = format.is_some_and(|format| {
        !format.extensions.is_empty()
            && extension.is_none_or(|extension| !lists_extension(format, extension))
    });
    FormatMatch {
        extension: extension.map(str::to_owned),
        identification_basis: found.basis,
        puid: format.map(|format| format.puid),
        file_extension_mismatch,
        format_name: format.map_or("", |format| format.name),
    }
}

fn extension_matches(extension: Option<&str>) -> Vec<FormatMatch> {
    let matches: Vec<FormatMatch> = extension
        .map(|extension| {
            PRONOM_FORMATS
                .iter()
                .filter(|format| lists_extension(format, extension))
                .map(|format| FormatMatch {
                    extension: Some(extension.to_owned()),
                    identification_basis: IdentificationBasis::Extension,
                    puid: Some(format.puid),
                    file_extension_mismatch: false,
                    format_name: format.name,
                })
                .collect()
        })
        .unwrap_or_default();
    if matches.is_empty() {
        // What tdr-file-format sends when DROID returns nothing.
        vec![FormatMatch {
            extension: None,
            identification_basis: IdentificationBasis::NotIdentified,
            puid: None,
            file_extension_mismatch: false,
            format_name: "",
        }]
    } else {
        matches
    }
}

fn detect<R: Read + Seek>(source: &mut Source<R>, head: &[u8]) -> io::Result<Option<Detected>> {
    source.reader.seek(SeekFrom::Start(0))?;
    let format = FileFormat::from_reader(&mut source.reader)?;
    let detected = match format {
        FileFormat::PortableDocumentFormat | FileFormat::AdobeIllustratorArtwork => {
            detect_pdf(source, head)?
        }
        FileFormat::PortableNetworkGraphics => Some(Detected::signature(png_puid(source)?)),
        FileFormat::AnimatedPortableNetworkGraphics => Some(Detected::signature("fmt/935")),
        FileFormat::JointPhotographicExpertsGroup => Some(Detected::signature(jpeg_puid(head))),
        FileFormat::TagImageFileFormat
            if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") =>
        {
            Some(Detected::signature("fmt/353"))
        }
        FileFormat::GraphicsInterchangeFormat => {
            Some(Detected::signature(if head.starts_with(b"GIF87a") {
                "fmt/3"
            } else {
                "fmt/4"
            }))
        }
        FileFormat::Zip
        | FileFormat::JavaArchive
        | FileFormat::OfficeOpenXmlDocument
        | FileFormat::OfficeOpenXmlSpreadsheet
        | FileFormat::OfficeOpenXmlPresentation
        | FileFormat::OpendocumentText
        | FileFormat::OpendocumentTextTemplate
        | FileFormat::OpendocumentSpreadsheet
        | FileFormat::OpendocumentSpreadsheetTemplate
        | FileFormat::OpendocumentPresentation
        | FileFormat::OpendocumentPresentationTemplate => detect_zip(source, format)?,
        FileFormat::CompoundFileBinary
        | FileFormat::MicrosoftWordDocument
        | FileFormat::MicrosoftExcelSpreadsheet
        | FileFormat::MicrosoftPowerpointPresentation => detect_ole2(source, format)?,
        FileFormat::SevenZip => Some(Detected::signature("fmt/484")),
        FileFormat::RoshalArchive => rar_puid(head).map(Detected::signature),
        FileFormat::Iso9660 => Some(Detected::signature("fmt/468")),
        FileFormat::Gzip => Some(Detected::signature("x-fmt/266")),
        FileFormat::TapeArchive => Some(Detected::signature("x-fmt/265")),
        FileFormat::Bzip2 => Some(Detected::signature("x-fmt/268")),
        FileFormat::Xz => Some(Detected::signature("fmt/1098")),
        FileFormat::RichTextFormat => rtf_puid(source, head)?.map(Detected::signature),
        FileFormat::Mpeg12AudioLayer3 => Some(Detected::signature("fmt/134")),
        FileFormat::Mpeg4Part14
        | FileFormat::Mpeg4Part14Audio
        | FileFormat::Mpeg4Part14Video
        | FileFormat::Mpeg4Part14Subtitles => Some(Detected::signature("fmt/199")),
        FileFormat::WaveformAudio => Some(Detected::signature(wav_puid(head))),
        FileFormat::MsDosExecutable => Some(Detected::signature("x-fmt/409")),
        FileFormat::NewExecutable => Some(Detected::signature("x-fmt/410")),
        FileFormat::PortableExecutable | FileFormat::DynamicLinkLibrary => {
            Some(Detected::signature(portable_executable_puid(head)))
        }
        FileFormat::WindowsShortcut => Some(Detected::signature("x-fmt/428")),
        // Markup and anything we have no row for: DROID's text signatures may still apply.
        _ => None,
    };
    match detected {
        Some(found) => Ok(Some(found)),
        None => Ok(markup_puid(source, head)?.map(Detected::signature)),
    }
}

/// Scanning a whole PDF or RTF for markers is bounded to its first part and its last mebibyte,
/// where trailers, linearisation dictionaries and XMP metadata live.
const SCAN_HEAD_LIMIT: u64 = 32 * 1024 * 1024;
const SCAN_TAIL_LEN: u64 = 1024 * 1024;

fn detect_pdf<R: Read + Seek>(source: &mut Source<R>, head: &[u8]) -> io::Result<Option<Detected>> {
    const VERSION_PUIDS: [&str; 8] = [
        "fmt/14", "fmt/15", "fmt/16", "fmt/17", "fmt/18", "fmt/19", "fmt/20", "fmt/276",
    ];
    let version_1x = match head.get(..8) {
        Some([b'%', b'P', b'D', b'F', b'-', b'1', b'.', minor @ b'0'..=b'7']) => {
            Some(usize::from(minor - b'0'))
        }
        _ => None,
    };
    // DROID allows PDF 2.0's header anywhere in the first 4 KiB, but 1.x only at the start.
    let is_2_0 = find(&head[..head.len().min(4096)], b"%PDF-2.0").is_some();
    if version_1x.is_none() && !is_2_0 {
        return Ok(None);
    }
    let mut encrypted = false;
    let mut pdfa_part = None;
    let mut pdfa_conformance = None;
    scan_head_and_tail(
        source,
        &[b"/Encrypt", b"pdfaid:part", b"pdfaid:conformance"],
        |needle, after| match needle {
            // `/EncryptMetadata` and friends are other keys, not the trailer's encryption dictionary.
            0 => {
                encrypted |= after
                    .first()
                    .is_none_or(|byte| !byte.is_ascii_alphanumeric())
            }
            1 => pdfa_part = pdfa_part.or(xmp_value(after)),
            _ => pdfa_conformance = pdfa_conformance.or(xmp_value(after)),
        },
    )?;
    let puid = match (version_1x, pdfa_part, pdfa_conformance) {
        (Some(_), Some(b'1'), Some(b'A')) => "fmt/95",
        (Some(_), Some(b'1'), Some(b'B')) => "fmt/354",
        (Some(_), Some(b'2'), Some(b'A')) => "fmt/476",
        (Some(_), Some(b'2'), Some(b'B')) => "fmt/477",
        (Some(_), Some(b'2'), Some(b'U')) => "fmt/478",
        (Some(_), Some(b'3'), Some(b'A')) => "fmt/479",
        (Some(_), Some(b'3'), Some(b'B')) => "fmt/480",
        (Some(_), Some(b'3'), Some(b'U')) => "fmt/481",
        (Some(minor), _, _) => VERSION_PUIDS[minor],
        (None, _, _) => "fmt/1129",
    };
    Ok(Some(Detected::signature(puid).encrypted(encrypted)))
}

/// The value of an XMP property written either as `pdfaid:part="1"` or `<pdfaid:part>1<`.
fn xmp_value(after_name: &[u8]) -> Option<u8> {
    let value = match after_name {
        [b'=', b'"' | b'\'', rest @ ..] | [b'>', rest @ ..] => rest,
        _ => return None,
    };
    value.first().copied().filter(u8::is_ascii_alphanumeric)
}

fn png_puid<R: Read + Seek>(source: &mut Source<R>) -> io::Result<&'static str> {
    const MAX_CHUNKS: usize = 100_000;
    let mut offset = 8u64;
    let (mut has_version_1_2_chunk, mut has_version_1_1_chunk) = (false, false);
    for _ in 0..MAX_CHUNKS {
        let Some(header) = source.read_array::<8>(offset)? else {
            break;
        };
        match &header[4..] {
            b"iTXt" => has_version_1_2_chunk = true,
            b"iCCP" | b"sPLT" | b"sRGB" => has_version_1_1_chunk = true,
            b"IEND" => break,
            _ => {}
        }
        let data_len = u64::from(u32::from_be_bytes([
            header[0], header[1], header[2], header[3],
        ]));
        offset = offset.saturating_add(12).saturating_add(data_len);
    }
    Ok(if has_version_1_2_chunk {
        "fmt/13"
    } else if has_version_1_1_chunk {
        "fmt/12"
    } else {
        "fmt/11"
    })
}

fn jpeg_puid(head: &[u8]) -> &'static str {
    if head.starts_with(b"\xFF\xD8\xFF\xE0") && head.get(6..12) == Some(b"JFIF\0\x01".as_slice()) {
        return match head.get(12) {
            Some(0) => "fmt/42",
            Some(1) => "fmt/43",
            Some(2) => "fmt/44",
            _ => "fmt/41",
        };
    }
    if !(head.starts_with(b"\xFF\xD8\xFF\xE1") && head.get(6..12) == Some(b"Exif\0\0".as_slice())) {
        return "fmt/41";
    }
    // The ExifVersion tag (0x9000, UNDEFINED, count 4) in the byte order the TIFF header declares.
    let exif_version_tag: &[u8] = match head.get(12..16) {
        Some(b"MM\0*") => b"\x90\x00\x00\x07\x00\x00\x00\x04",
        Some(b"II*\0") => b"\x00\x90\x07\x00\x04\x00\x00\x00",
        _ => return "fmt/41",
    };
    let version = find(head, exif_version_tag).and_then(|at| head.get(at + 8..at + 12));
    match version {
        Some(b"0200") => "x-fmt/398",
        Some(b"0210") => "x-fmt/390",
        Some(b"0220") => "x-fmt/391",
        Some(b"0221") => "fmt/645",
        Some([b'0', b'2', b'3', minor]) if minor.is_ascii_digit() => "fmt/1507",
        _ => "fmt/41",
    }
}

fn rar_puid(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"Rar!\x1A\x07\x01\x00") {
        Some("fmt/613")
    } else if head.starts_with(b"Rar!\x1A\x07\x00") {
        // The first file header's "version needed to extract": 20 is RAR 2.0, otherwise 2.9.
        let is_version_2_0 = head.get(9) == Some(&0x73) && head.get(44) == Some(&20);
        Some(if is_version_2_0 {
            "x-fmt/264"
        } else {
            "fmt/411"
        })
    } else {
        None
    }
}

fn wav_puid(head: &[u8]) -> &'static str {
    match head.get(12..16) {
        // Broadcast WAVE: the `bext` chunk's Version field.
        Some(b"bext") => match head.get(366..368) {
            Some([0, 0]) => "fmt/1",
            Some([1, 0]) => "fmt/2",
            _ => "fmt/6",
        },
        // A 16-byte PCM `fmt ` chunk is PCMWAVEFORMAT; any other size is WAVEFORMATEX.
        Some(b"fmt ") => match head.get(16..22) {
            Some([16, 0, 0, 0, 1, 0]) => "fmt/141",
            Some([16, ..]) | None => "fmt/6",
            Some(_) => "fmt/142",
        },
        _ => "fmt/6",
    }
}

fn portable_executable_puid(head: &[u8]) -> &'static str {
    let pe_header = head
        .get(0x3C..0x40)
        .map(|bytes| u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize);
    let optional_header_magic = pe_header
        .filter(|&at| head.get(at..at.saturating_add(4)) == Some(b"PE\0\0".as_slice()))
        .and_then(|at| head.get(at.saturating_add(24)..at.saturating_add(26)));
    match optional_header_magic {
        Some([0x0B, 0x01]) => "fmt/899",
        Some([0x0B, 0x02]) => "fmt/900",
        _ => "x-fmt/411",
    }
}

/// DROID's RTF signatures: the header's `\ansicpg` sits at most `gap` bytes after `{\rtf1`, and
/// later versions add control words Word started writing in 2003, 2007 and 2010.
fn rtf_puid<R: Read + Seek>(
    source: &mut Source<R>,
    head: &[u8],
) -> io::Result<Option<&'static str>> {
    const CHARSETS: [&[u8]; 4] = [b"\\ansi", b"\\mac", b"\\pca", b"\\pc"];
    let after_rtf = if head.starts_with(b"{\\rtf1") { 6 } else { 5 };
    let header = &head[..head.len().min(64)];
    let code_page_gap = CHARSETS.iter().find_map(|charset| {
        let at = find(header, &[*charset, b"\\ansicpg"].concat())?;
        at.checked_sub(after_rtf)
    });
    let mut style_sheet_gap: Option<usize> = None;
    let (mut has_latent_styles, mut has_word_2010_words) = (false, false);
    let needles: [&[u8]; 6] = [
        b"\\stshfdbch",
        b"\\lsdstimax",
        b"\\*\\colorschememapping",
        b"\\*\\datastore",
        b"\\*\\defchp",
        b"\\afelev",
    ];
    scan_head_and_tail(source, &needles, |needle, after| match needle {
        0 => {
            let gap = after.iter().position(|&byte| byte == b'\\').filter(|&gap| {
                let next = &after[gap..];
                gap >= 1
                    && [&b"\\stshfloch"[..], b"\\stshfhich", b"\\stshfbi"]
                        .iter()
                        .any(|word| next.starts_with(word))
            });
            if let Some(gap) = gap {
                style_sheet_gap = Some(style_sheet_gap.map_or(gap, |seen| seen.min(gap)));
            }
        }
        1 => has_latent_styles = true,
        _ => has_word_2010_words = true,
    })?;
    let style_sheet_within = |max: usize| style_sheet_gap.is_some_and(|gap| gap <= max);
    let code_page_within = |max: usize| code_page_gap.is_some_and(|gap| gap <= max);
    let starts_with_charset = |prefix: &[u8]| {
        CHARSETS
            .iter()
            .any(|charset| head.starts_with(&[prefix, *charset].concat()))
    };
    Ok(
        if code_page_within(15) && style_sheet_within(5) && has_latent_styles && has_word_2010_words
        {
            Some("fmt/355")
        } else if code_page_within(15) && style_sheet_within(4) && has_latent_styles {
            Some("fmt/53")
        } else if code_page_within(0) && style_sheet_within(4) {
            Some("fmt/52")
        } else if code_page_within(1) {
            Some("fmt/50")
        } else if starts_with_charset(b"{\\rtf0") {
            Some("fmt/969")
        } else if starts_with_charset(b"{\\rtf1") || starts_with_charset(b"{\\rtf") {
            Some("fmt/45")
        } else {
            None
        },
    )
}

/// DROID's XML and HTML signatures, which look at text whatever the extension says.
fn markup_puid<R: Read + Seek>(
    source: &mut Source<R>,
    head: &[u8],
) -> io::Result<Option<&'static str>> {
    // The XML declaration may follow a byte order mark of up to three bytes.
    let is_xml_1_0 = (0..=3).any(|start| {
        head.get(start..).is_some_and(|text| {
            text.starts_with(b"<?xml version=")
                && matches!(text.get(14..19), Some(b"\"1.0\"" | b"'1.0'"))
        })
    });
    if is_xml_1_0 {
        return Ok(Some("fmt/101"));
    }
    let start = &head[..head.len().min(1024 + 16)];
    if [&b"<!DOCTYPE"[..], b"<!doctype"]
        .iter()
        .any(|doctype| html5_doctype(start, doctype))
    {
        return Ok(Some("fmt/471"));
    }
    let opens_html = [&b"<html"[..], b"<HTML"]
        .iter()
        .any(|tag| find(start, tag).is_some_and(|at| at <= 1024));
    if !opens_html {
        return Ok(None);
    }
    let tail_start = source.len.saturating_sub(1024 + 8);
    let tail = source.read_up_to(tail_start, 1024 + 8)?;
    let closes_html = [&b"</html"[..], b"</HTML", b"</body", b"</BODY"]
        .iter()
        .any(|end| find(&tail, end).is_some());
    Ok(closes_html.then_some("fmt/96"))
}

/// `<!DOCTYPE html>` within the first KiB, allowing up to four bytes of space before `html`.
fn html5_doctype(start: &[u8], doctype: &[u8]) -> bool {
    let Some(at) = find(start, doctype).filter(|&at| at <= 1024) else {
        return false;
    };
    let rest = &start[at + doctype.len()..];
    (0..=4).any(|gap| {
        rest.get(gap..)
            .is_some_and(|text| text.starts_with(b"html>") || text.starts_with(b"HTML>"))
    })
}

fn detect_zip<R: Read + Seek>(
    source: &mut Source<R>,
    format: FileFormat,
) -> io::Result<Option<Detected>> {
    let entries = zip_entries(source)?;
    let has_encrypted_entry = entries.iter().any(|entry| entry.is_encrypted());
    let detected = match format {
        FileFormat::OfficeOpenXmlDocument => {
            let strict = zip_part_contains(source, &entries, "word/document.xml", STRICT_WORD)?;
            Detected::container(if strict { "fmt/1827" } else { "fmt/412" })
        }
        FileFormat::OfficeOpenXmlSpreadsheet => {
            let strict =
                zip_part_contains(source, &entries, "xl/workbook.xml", STRICT_SPREADSHEET)?;
            Detected::container(if strict { "fmt/1828" } else { "fmt/214" })
        }
        FileFormat::OfficeOpenXmlPresentation => {
            let strict = zip_part_contains(
                source,
                &entries,
                "ppt/presentation.xml",
                STRICT_PRESENTATION,
            )?;
            Detected::container(if strict { "fmt/1829" } else { "fmt/215" })
        }
        FileFormat::OpendocumentText | FileFormat::OpendocumentTextTemplate => {
            return opendocument(
                source,
                &entries,
                ["fmt/136", "fmt/290", "fmt/291", "fmt/1756"],
            );
        }
        FileFormat::OpendocumentSpreadsheet | FileFormat::OpendocumentSpreadsheetTemplate => {
            return opendocument(
                source,
                &entries,
                ["fmt/137", "fmt/294", "fmt/295", "fmt/1755"],
            );
        }
        FileFormat::OpendocumentPresentation | FileFormat::OpendocumentPresentationTemplate => {
            return opendocument(
                source,
                &entries,
                ["fmt/138", "fmt/292", "fmt/293", "fmt/1754"],
            );
        }
        FileFormat::JavaArchive => Detected::signature("x-fmt/412"),
        _ => Detected::signature("x-fmt/263"),
    };
    Ok(Some(detected.encrypted(has_encrypted_entry)))
}

/// The namespaces DROID's container signatures look for in an ISO 29500 Strict document.
const STRICT_WORD: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const STRICT_SPREADSHEET: &[u8] = b"http://purl.oclc.org/ooxml/spreadsheetml/main";
const STRICT_PRESENTATION: &[u8] = b"http://purl.oclc.org/ooxml/presentationml/main";

/// `puids` are the family's PUIDs for ODF 1.0, 1.1, 1.2 and 1.3. DROID's 1.1 signature checks no
/// version, so it also stands for a content.xml without one, or one we cannot read.
fn opendocument<R: Read + Seek>(
    source: &mut Source<R>,
    entries: &[ZipEntry],
    puids: [&'static str; 4],
) -> io::Result<Option<Detected>> {
    let content = zip_part_prefix(source, entries, "content.xml")?.unwrap_or_default();
    let version = find(&content, b"office:version=").and_then(|at| content.get(at + 15..at + 20));
    let puid = match version {
        Some(b"\"1.0\"" | b"'1.0'") => puids[0],
        Some(b"\"1.2\"" | b"'1.2'") => puids[2],
        Some(b"\"1.3\"" | b"'1.3'") => puids[3],
        _ => puids[1],
    };
    // A password-protected OpenDocument keeps its manifest readable and describes the encryption.
    let encrypted_parts = zip_part_contains(
        source,
        entries,
        "META-INF/manifest.xml",
        b"manifest:encryption-data",
    )?;
    let encrypted_entries = entries.iter().any(|entry| entry.is_encrypted());
    Ok(Some(
        Detected::container(puid).encrypted(encrypted_parts || encrypted_entries),
    ))
}

fn detect_ole2<R: Read + Seek>(
    source: &mut Source<R>,
    format: FileFormat,
) -> io::Result<Option<Detected>> {
    let Some(compound_file) = CompoundFile::read(source)? else {
        return Ok(
            (format == FileFormat::CompoundFileBinary).then(|| Detected::signature("fmt/111"))
        );
    };
    let detected = if compound_file.entry("EncryptedPackage").is_some() {
        // Office 2007+ encryption wraps the whole OOXML package in an OLE2 file.
        Detected::container("fmt/494").encrypted(true)
    } else if let Some(word_document) = compound_file.entry("WordDocument") {
        // The File Information Block's fEncrypted bit, byte 11 of the WordDocument stream.
        let flags = compound_file.stream_byte(source, word_document, 11)?;
        if flags.is_some_and(|flags| flags & 1 == 1) {
            Detected::container("fmt/754").encrypted(true)
        } else {
            Detected::container("fmt/40")
        }
    } else if compound_file.entry("Workbook").is_some() || compound_file.entry("Book").is_some() {
        Detected::container("fmt/61")
    } else if compound_file.entry("PowerPoint Document").is_some() {
        Detected::container("fmt/126")
    } else if compound_file.entry("__properties_version1.0").is_some() {
        Detected::container("x-fmt/430")
    } else if format == FileFormat::CompoundFileBinary {
        Detected::signature("fmt/111")
    } else {
        // `file-format` knows a format our table lacks: leave it to the extension.
        return Ok(None);
    };
    Ok(Some(detected))
}

/// The file being identified, with its length known so that offsets taken from its own bytes
/// are checked before any seek.
struct Source<R> {
    reader: R,
    len: u64,
}

impl<R: Read + Seek> Source<R> {
    fn new(mut reader: R) -> io::Result<Self> {
        let len = reader.seek(SeekFrom::End(0))?;
        Ok(Self { reader, len })
    }

    /// Up to `max` bytes from `offset`; fewer, or none, at the end of the file.
    fn read_up_to(&mut self, offset: u64, max: usize) -> io::Result<Vec<u8>> {
        if offset >= self.len {
            return Ok(Vec::new());
        }
        let available = usize::try_from(self.len - offset)
            .unwrap_or(usize::MAX)
            .min(max);
        self.reader.seek(SeekFrom::Start(offset))?;
        let mut bytes = Vec::with_capacity(available);
        (&mut self.reader)
            .take(available as u64)
            .read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// Exactly `N` bytes, or `None` when the file ends first: a short file is malformed, not an error.
    fn read_array<const N: usize>(&mut self, offset: u64) -> io::Result<Option<[u8; N]>> {
        Ok(self.read_up_to(offset, N)?.try_into().ok())
    }
}

/// Calls `on_match(needle index, bytes after the needle)` for each occurrence in the scanned
/// parts of the file, with at least `SCAN_CONTEXT` bytes after it unless the file ends sooner.
fn scan_head_and_tail<R: Read + Seek>(
    source: &mut Source<R>,
    needles: &[&[u8]],
    mut on_match: impl FnMut(usize, &[u8]),
) -> io::Result<()> {
    let head_end = source.len.min(SCAN_HEAD_LIMIT);
    let tail_start = source.len.saturating_sub(SCAN_TAIL_LEN).max(head_end);
    scan_range(source, 0, head_end, needles, &mut on_match)?;
    scan_range(source, tail_start, source.len, needles, &mut on_match)
}

/// Longer than any needle plus the bytes read after it.
const SCAN_CONTEXT: usize = 128;
const SCAN_CHUNK: usize = 64 * 1024;

fn scan_range<R: Read + Seek>(
    source: &mut Source<R>,
    start: u64,
    end: u64,
    needles: &[&[u8]],
    on_match: &mut impl FnMut(usize, &[u8]),
) -> io::Result<()> {
    let mut window: Vec<u8> = Vec::with_capacity(SCAN_CHUNK + SCAN_CONTEXT);
    let mut offset = start;
    while offset < end {
        let chunk_len = usize::try_from(end - offset)
            .unwrap_or(usize::MAX)
            .min(SCAN_CHUNK);
        let chunk = source.read_up_to(offset, chunk_len)?;
        if chunk.is_empty() {
            break;
        }
        offset += chunk.len() as u64;
        window.extend_from_slice(&chunk);
        // Matches near the window's end are left for the next round, which sees what follows.
        let searchable = if offset >= end {
            window.len()
        } else {
            window.len().saturating_sub(SCAN_CONTEXT)
        };
        for (index, needle) in needles.iter().enumerate() {
            let mut from = 0;
            while let Some(found) = find(&window[from..], needle).map(|at| from + at) {
                if found >= searchable {
                    break;
                }
                on_match(index, &window[found + needle.len()..]);
                from = found + 1;
            }
        }
        window.drain(..searchable);
    }
    Ok(())
}

/// Where `needle` starts in `haystack`; an empty needle is never found.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (first, rest) = needle.split_first()?;
    let mut start = 0;
    while let Some(at) = haystack[start..]
        .iter()
        .position(|byte| byte == first)
        .map(|at| start + at)
    {
        if haystack[at + 1..].starts_with(rest) {
            return Some(at);
        }
        start = at + 1;
    }
    None
}

struct ZipEntry {
    name: Vec<u8>,
    flags: u16,
    method: u16,
    compressed_size: u64,
    local_header_offset: u64,
}

impl ZipEntry {
    fn is_encrypted(&self) -> bool {
        self.flags & 1 == 1
    }
}

const ZIP_MAX_ENTRIES: usize = 65_536;
const ZIP_MAX_CENTRAL_DIRECTORY: usize = 16 * 1024 * 1024;
/// Enough of a part for the root element's attributes and namespaces, or a whole manifest.
const ZIP_PART_PREFIX_LEN: usize = 1024 * 1024;

/// The central directory's entries; empty when it cannot be found or read.
fn zip_entries<R: Read + Seek>(source: &mut Source<R>) -> io::Result<Vec<ZipEntry>> {
    const END_RECORD_LEN: u64 = 22;
    let search_start = source
        .len
        .saturating_sub(END_RECORD_LEN + u64::from(u16::MAX));
    let tail = source.read_up_to(search_start, usize::MAX)?;
    let Some(end_at) = tail.windows(4).rposition(|window| window == b"PK\x05\x06") else {
        return Ok(Vec::new());
    };
    let end_record = &tail[end_at..];
    let (Some(mut entry_count), Some(mut directory_offset)) = (
        le_u16(end_record, 10).map(u64::from),
        le_u32(end_record, 16).map(u64::from),
    ) else {
        return Ok(Vec::new());
    };
    // ZIP64 keeps the real count and offset in a record found through the locator just before.
    let locator = end_at.checked_sub(20).and_then(|at| tail.get(at..end_at));
    if let Some(locator) = locator.filter(|locator| locator.starts_with(b"PK\x06\x07")) {
        let zip64_end = le_u64(locator, 8).unwrap_or(u64::MAX);
        if let Some(record) = source
            .read_array::<56>(zip64_end)?
            .filter(|record| record.starts_with(b"PK\x06\x06"))
        {
            entry_count = le_u64(&record, 32).unwrap_or(0);
            directory_offset = le_u64(&record, 48).unwrap_or(u64::MAX);
        }
    }
    let directory = source.read_up_to(directory_offset, ZIP_MAX_CENTRAL_DIRECTORY)?;
    let mut entries = Vec::new();
    let mut at = 0usize;
    let max_entries = usize::try_from(entry_count)
        .unwrap_or(usize::MAX)
        .min(ZIP_MAX_ENTRIES);
    while entries.len() < max_entries {
        let Some(header) = directory
            .get(at..at + 46)
            .filter(|header| header.starts_with(b"PK\x01\x02"))
        else {
            break;
        };
        let name_len = usize::from(le_u16(header, 28).unwrap_or(0));
        let extra_len = usize::from(le_u16(header, 30).unwrap_or(0));
        let comment_len = usize::from(le_u16(header, 32).unwrap_or(0));
        let name_end = at + 46 + name_len;
        let Some(name) = directory.get(at + 46..name_end) else {
            break;
        };
        let extra = directory
            .get(name_end..name_end + extra_len)
            .unwrap_or_default();
        let mut compressed_size = u64::from(le_u32(header, 20).unwrap_or(0));
        let uncompressed_size = u64::from(le_u32(header, 24).unwrap_or(0));
        let mut local_header_offset = u64::from(le_u32(header, 42).unwrap_or(0));
        // ZIP64 extra field: the 64-bit values, in this order, of those set to 0xFFFFFFFF.
        if let Some(mut values) = zip64_extra_values(extra) {
            if uncompressed_size == 0xFFFF_FFFF {
                values.next();
            }
            if compressed_size == 0xFFFF_FFFF {
                compressed_size = values.next().unwrap_or(u64::MAX);
            }
            if local_header_offset == 0xFFFF_FFFF {
                local_header_offset = values.next().unwrap_or(u64::MAX);
            }
        }
        entries.push(ZipEntry {
            name: name.to_vec(),
            flags: le_u16(header, 8).unwrap_or(0),
            method: le_u16(header, 10).unwrap_or(0),
            compressed_size,
            local_header_offset,
        });
        at = name_end + extra_len + comment_len;
    }
    Ok(entries)
}

fn zip64_extra_values(mut extra: &[u8]) -> Option<impl Iterator<Item = u64> + '_> {
    while let (Some(id), Some(len)) = (le_u16(extra, 0), le_u16(extra, 2)) {
        let data = extra.get(4..4 + usize::from(len))?;
        if id == 1 {
            return Some(data.chunks_exact(8).filter_map(|value| le_u64(value, 0)));
        }
        extra = &extra[4 + usize::from(len)..];
    }
    None
}

/// The first bytes of a stored or deflated, unencrypted part; `None` if it is not there.
fn zip_part_prefix<R: Read + Seek>(
    source: &mut Source<R>,
    entries: &[ZipEntry],
    name: &str,
) -> io::Result<Option<Vec<u8>>> {
    let Some(entry) = entries
        .iter()
        .find(|entry| entry.name == name.as_bytes() && !entry.is_encrypted())
    else {
        return Ok(None);
    };
    let Some(local_header) = source.read_array::<30>(entry.local_header_offset)? else {
        return Ok(None);
    };
    if !local_header.starts_with(b"PK\x03\x04") {
        return Ok(None);
    }
    let name_len = u64::from(le_u16(&local_header, 26).unwrap_or(0));
    let extra_len = u64::from(le_u16(&local_header, 28).unwrap_or(0));
    let data_offset = entry
        .local_header_offset
        .saturating_add(30 + name_len + extra_len);
    let data_len = usize::try_from(entry.compressed_size)
        .unwrap_or(usize::MAX)
        .min(ZIP_PART_PREFIX_LEN);
    let data = source.read_up_to(data_offset, data_len)?;
    Ok(match entry.method {
        0 => Some(data),
        // A prefix is all we want, so running out of input or output is not a failure.
        8 => Some(
            match miniz_oxide::inflate::decompress_to_vec_with_limit(&data, ZIP_PART_PREFIX_LEN) {
                Ok(inflated) => inflated,
                Err(partial) => partial.output,
            },
        ),
        _ => None,
    })
}

fn zip_part_contains<R: Read + Seek>(
    source: &mut Source<R>,
    entries: &[ZipEntry],
    name: &str,
    needle: &[u8],
) -> io::Result<bool> {
    Ok(zip_part_prefix(source, entries, name)?
        .is_some_and(|prefix| find(&prefix, needle).is_some()))
}

/// Just enough of an OLE2 compound file to list its directory and read a stream's first sector.
struct CompoundFile {
    sector_shift: u32,
    mini_stream_cutoff: u64,
    entries: Vec<CompoundFileEntry>,
}

struct CompoundFileEntry {
    name: String,
    start_sector: u32,
    size: u64,
}

/// Sector numbers at or above this are markers (end of chain, free, FAT, DIFAT), not sectors.
const CFB_MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;
const CFB_MAX_FAT_SECTORS: usize = 1 << 20;
const CFB_MAX_DIRECTORY_SECTORS: usize = 4096;

impl CompoundFile {
    fn read<R: Read + Seek>(source: &mut Source<R>) -> io::Result<Option<Self>> {
        let Some(header) = source.read_array::<512>(0)? else {
            return Ok(None);
        };
        let sector_shift = u32::from(le_u16(&header, 30).unwrap_or(0));
        if !header.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
            || !(sector_shift == 9 || sector_shift == 12)
        {
            return Ok(None);
        }
        let mut compound_file = Self {
            sector_shift,
            mini_stream_cutoff: u64::from(le_u32(&header, 56).unwrap_or(4096)),
            entries: Vec::new(),
        };
        let fat_sectors = compound_file.fat_sectors(source, &header)?;
        let mut sector = le_u32(&header, 48).unwrap_or(u32::MAX);
        for _ in 0..CFB_MAX_DIRECTORY_SECTORS {
            if sector >= CFB_MAX_REGULAR_SECTOR {
                break;
            }
            let bytes = source.read_up_to(
                compound_file.sector_offset(sector),
                compound_file.sector_len(),
            )?;
            compound_file.entries.extend(
                bytes
                    .chunks_exact(128)
                    .filter_map(|entry| directory_entry(entry, sector_shift)),
            );
            sector = compound_file.next_sector(source, &fat_sectors, sector)?;
        }
        Ok(Some(compound_file))
    }

    fn sector_len(&self) -> usize {
        1 << self.sector_shift
    }

    fn sector_offset(&self, sector: u32) -> u64 {
        (u64::from(sector) + 1) << self.sector_shift
    }

    /// The FAT's own sectors: the first 109 are listed in the header, the rest in the DIFAT chain.
    fn fat_sectors<R: Read + Seek>(
        &self,
        source: &mut Source<R>,
        header: &[u8],
    ) -> io::Result<Vec<u32>> {
        let count = usize::try_from(le_u32(header, 44).unwrap_or(0))
            .unwrap_or(usize::MAX)
            .min(CFB_MAX_FAT_SECTORS);
        let mut sectors: Vec<u32> = header[76..]
            .chunks_exact(4)
            .filter_map(|id| le_u32(id, 0))
            .take(count)
            .collect();
        let mut difat_sector = le_u32(header, 68).unwrap_or(u32::MAX);
        while sectors.len() < count && difat_sector < CFB_MAX_REGULAR_SECTOR {
            let bytes = source.read_up_to(self.sector_offset(difat_sector), self.sector_len())?;
            if bytes.len() < self.sector_len() {
                break;
            }
            let (ids, next) = bytes.split_at(bytes.len() - 4);
            sectors.extend(
                ids.chunks_exact(4)
                    .filter_map(|id| le_u32(id, 0))
                    .take(count - sectors.len()),
            );
            difat_sector = le_u32(next, 0).unwrap_or(u32::MAX);
        }
        Ok(sectors)
    }

    fn next_sector<R: Read + Seek>(
        &self,
        source: &mut Source<R>,
        fat_sectors: &[u32],
        sector: u32,
    ) -> io::Result<u32> {
        let ids_per_sector = (self.sector_len() / 4) as u32;
        let Some(&fat_sector) = fat_sectors.get((sector / ids_per_sector) as usize) else {
            return Ok(u32::MAX);
        };
        if fat_sector >= CFB_MAX_REGULAR_SECTOR {
            return Ok(u32::MAX);
        }
        let at = self.sector_offset(fat_sector) + u64::from(sector % ids_per_sector) * 4;
        Ok(source
            .read_array::<4>(at)?
            .map_or(u32::MAX, u32::from_le_bytes))
    }

    fn entry(&self, name: &str) -> Option<&CompoundFileEntry> {
        self.entries
            .iter()
            .find(|entry| entry.name.eq_ignore_ascii_case(name))
    }

    /// A byte from a stream's first sector. Streams below the cutoff live in the mini stream,
    /// which no check here needs: a real WordDocument stream is always larger.
    fn stream_byte<R: Read + Seek>(
        &self,
        source: &mut Source<R>,
        entry: &CompoundFileEntry,
        index: u64,
    ) -> io::Result<Option<u8>> {
        if entry.size < self.mini_stream_cutoff
            || entry.size <= index
            || entry.start_sector >= CFB_MAX_REGULAR_SECTOR
        {
            return Ok(None);
        }
        Ok(source
            .read_array::<1>(self.sector_offset(entry.start_sector) + index)?
            .map(|[byte]| byte))
    }
}

fn directory_entry(entry: &[u8], sector_shift: u32) -> Option<CompoundFileEntry> {
    const UNUSED: u8 = 0;
    if entry.get(66) == Some(&UNUSED) {
        return None;
    }
    let name_bytes = usize::from(le_u16(entry, 64)?).min(64);
    let units: Vec<u16> = entry[..name_bytes]
        .chunks_exact(2)
        .filter_map(|unit| le_u16(unit, 0))
        .take_while(|&unit| unit != 0)
        .collect();
    let size = le_u64(entry, 120)?;
    Some(CompoundFileEntry {
        name: String::from_utf16_lossy(&units),
        start_sector: le_u32(entry, 116)?,
        // Version 3 files (512-byte sectors) may leave junk in the size's high half.
        size: if sector_shift == 9 {
            size & 0xFFFF_FFFF
        } else {
            size
        },
    })
}

fn le_u16(bytes: &[u8], at: usize) -> Option<u16> {
    bytes
        .get(at..at.checked_add(2)?)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at.checked_add(4)?)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn le_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let b = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes([
        b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    use proptest::prelude::*;
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;

    fn identify_bytes(file_name: &str, bytes: &[u8]) -> Identification {
        identify(file_name, Cursor::new(bytes)).expect("reading memory cannot fail")
    }

    /// Asserts the single match and returns the identification for status checks.
    fn assert_identified(
        file_name: &str,
        bytes: &[u8],
        puid: &str,
        format_name: &str,
        basis: IdentificationBasis,
    ) -> Identification {
        let identification = identify_bytes(file_name, bytes);
        let [found] = identification.matches.as_slice() else {
            panic!(
                "{file_name}: expected one match, got {:?}",
                identification.matches
            )
        };
        assert_eq!(found.puid, Some(puid), "{file_name}");
        assert_eq!(found.format_name, format_name, "{file_name}");
        assert_eq!(found.identification_basis, basis, "{file_name}");
        assert_eq!(
            found.extension.as_deref(),
            file_extension(file_name),
            "{file_name}"
        );
        identification
    }

    fn status(identification: &Identification) -> FileStatusValue {
        ffid_status(identification, false)
    }

    fn mismatch(identification: &Identification) -> bool {
        identification.matches[0].file_extension_mismatch
    }

    /// A small but well-formed PDF: correct xref offsets, `extra_trailer` added to the trailer.
    fn pdf(version: &str, extra_objects: &[&str], extra_trailer: &str) -> Vec<u8> {
        let mut bytes = format!("%PDF-{version}\n%\u{e2}\u{e3}\n").into_bytes();
        let mut objects = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_owned(),
        ];
        objects.extend(extra_objects.iter().map(|object| (*object).to_owned()));
        let mut offsets = Vec::new();
        for (index, object) in objects.iter().enumerate() {
            offsets.push(bytes.len());
            bytes.extend(format!("{} 0 obj\n{object}\nendobj\n", index + 1).into_bytes());
        }
        let xref_at = bytes.len();
        bytes.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
        for offset in offsets {
            bytes.extend(format!("{offset:010} 00000 n \n").into_bytes());
        }
        let trailer = format!(
            "trailer\n<< /Size {} /Root 1 0 R{extra_trailer} >>\nstartxref\n{xref_at}\n%%EOF\n",
            objects.len() + 1
        );
        bytes.extend(trailer.into_bytes());
        bytes
    }

    fn xmp_pdfa(part: &str, conformance: &str) -> String {
        let packet = format!(
            "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
             <x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
             <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\
             <pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>{conformance}</pdfaid:conformance>\
             </rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
        );
        format!(
            "<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n{packet}\nendstream",
            packet.len()
        )
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(kind);
        chunk.extend_from_slice(data);
        chunk.extend_from_slice(&crc.sum().to_be_bytes());
        chunk
    }

    fn png(extra_chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1A\n".to_vec();
        // 1x1, 8-bit greyscale.
        bytes.extend(png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        for (kind, data) in extra_chunks {
            bytes.extend(png_chunk(kind, data));
        }
        bytes.extend(png_chunk(
            b"IDAT",
            &miniz_oxide::deflate::compress_to_vec_zlib(&[0, 0], 6),
        ));
        bytes.extend(png_chunk(b"IEND", &[]));
        bytes
    }

    const JPEG_END: &[u8] = b"\xFF\xDA\x00\x02\xFF\xD9";

    fn jfif(minor_version: u8) -> Vec<u8> {
        let mut bytes = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01".to_vec();
        bytes.extend([minor_version, 0, 0, 1, 0, 1, 0, 0]);
        bytes.extend(JPEG_END);
        bytes
    }

    /// A little-endian Exif APP1 whose Exif IFD holds only ExifVersion.
    fn exif(version: &[u8; 4]) -> Vec<u8> {
        let mut tiff = b"II*\x00\x08\x00\x00\x00".to_vec();
        tiff.extend([1, 0, 0x69, 0x87, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0, 0, 0, 0]);
        tiff.extend([1, 0, 0x00, 0x90, 7, 0, 4, 0, 0, 0]);
        tiff.extend(version);
        tiff.extend([0, 0, 0, 0]);
        let mut bytes = b"\xFF\xD8\xFF\xE1".to_vec();
        bytes.extend(((tiff.len() + 8) as u16).to_be_bytes());
        bytes.extend(b"Exif\x00\x00");
        bytes.extend(tiff);
        bytes.extend(JPEG_END);
        bytes
    }

    fn zip_file(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in parts {
            // OpenDocument requires its `mimetype` first and stored; real documents deflate the rest.
            let method = if *name == "mimetype" {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            writer
                .start_file(
                    *name,
                    SimpleFileOptions::default().compression_method(method),
                )
                .unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn content_types(main_part: &str, content_type: &str) -> Vec<u8> {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/{main_part}\" ContentType=\"{content_type}\"/></Types>"
        )
        .into_bytes()
    }

    const WORD_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn docx(namespace: &str) -> Vec<u8> {
        let document = format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"{namespace}\"><w:body/></w:document>"
        );
        zip_file(&[
            (
                "[Content_Types].xml",
                &content_types(
                    "word/document.xml",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                ),
            ),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", document.as_bytes()),
        ])
    }

    fn opendocument(media_type: &str, office_version: &str, manifest_extra: &str) -> Vec<u8> {
        let content = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" office:version=\"{office_version}\">\
             <office:body/></office:document-content>"
        );
        let manifest = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest \
             xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"{office_version}\">\
             <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"{media_type}\"/>\
             <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\">{manifest_extra}\
             </manifest:file-entry></manifest:manifest>"
        );
        zip_file(&[
            ("mimetype", media_type.as_bytes()),
            ("content.xml", content.as_bytes()),
            ("META-INF/manifest.xml", manifest.as_bytes()),
        ])
    }

    /// An OLE2 compound file with the given streams, made by the `cfb` crate as Office would.
    fn compound_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (name, data) in streams {
            file.create_stream(format!("/{name}"))
                .unwrap()
                .write_all(data)
                .unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    /// A WordDocument stream: only the File Information Block's magic and flags matter here.
    fn word_document_stream(encrypted: bool) -> Vec<u8> {
        let mut stream = vec![0; 8192];
        stream[..2].copy_from_slice(&0xA5EC_u16.to_le_bytes());
        stream[11] = u8::from(encrypted);
        stream
    }

    #[test]
    fn pdf_versions_each_have_their_own_puid() {
        let expected = [
            ("1.0", "fmt/14"),
            ("1.1", "fmt/15"),
            ("1.2", "fmt/16"),
            ("1.3", "fmt/17"),
            ("1.4", "fmt/18"),
            ("1.5", "fmt/19"),
            ("1.6", "fmt/20"),
            ("1.7", "fmt/276"),
            ("2.0", "fmt/1129"),
        ];
        for (version, puid) in expected {
            let name = pronom_format(puid).unwrap().name;
            let identification = assert_identified(
                "report.pdf",
                &pdf(version, &[], ""),
                puid,
                name,
                IdentificationBasis::Signature,
            );
            assert!(!mismatch(&identification));
            assert_eq!(status(&identification), FileStatusValue::Success);
        }
    }

    #[test]
    fn pdf_1_4_and_1_7_are_named_as_pronom_names_them() {
        let pdf_1_4 = identify_bytes("a.pdf", &pdf("1.4", &[], ""));
        assert_eq!(
            pdf_1_4.matches[0].format_name,
            "Acrobat PDF 1.4 - Portable Document Format"
        );
        let pdf_1_7 = identify_bytes("a.pdf", &pdf("1.7", &[], ""));
        assert_eq!(
            pdf_1_7.matches[0].format_name,
            "Acrobat PDF 1.7 - Portable Document Format"
        );
    }

    #[test]
    fn identification_reports_the_software_and_table_version() {
        let identification = identify_bytes("a.pdf", &pdf("1.4", &[], ""));
        assert_eq!(identification.software, "file-format");
        assert_eq!(identification.software_version, "0.29.0");
        assert_eq!(
            identification.binary_signature_file_version,
            PUID_TABLE_VERSION
        );
        assert_eq!(
            identification.container_signature_file_version,
            PUID_TABLE_VERSION
        );
        assert_eq!(identification.method, "pronom");
        assert!(!identification.content_is_empty);
        assert!(!identification.password_protected);
    }

    #[test]
    fn encrypted_pdf_is_password_protected() {
        let encryption = "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <00> /U <00> >>";
        let bytes = pdf("1.4", &[encryption], " /Encrypt 4 0 R /ID [<01> <01>]");
        let identification = assert_identified(
            "secret.pdf",
            &bytes,
            "fmt/18",
            "Acrobat PDF 1.4 - Portable Document Format",
            IdentificationBasis::Signature,
        );
        assert!(identification.password_protected);
        assert_eq!(status(&identification), FileStatusValue::PasswordProtected);
    }

    #[test]
    fn encrypt_metadata_key_alone_does_not_mean_encrypted() {
        let identification =
            identify_bytes("a.pdf", &pdf("1.6", &["<< /EncryptMetadata false >>"], ""));
        assert!(!identification.password_protected);
    }

    #[test]
    fn pdf_a_claims_outrank_the_plain_version() {
        for (part, conformance, puid) in [
            ("1", "A", "fmt/95"),
            ("1", "B", "fmt/354"),
            ("2", "B", "fmt/477"),
            ("3", "U", "fmt/481"),
        ] {
            let bytes = pdf("1.7", &[&xmp_pdfa(part, conformance)], "");
            let identification = assert_identified(
                "archive.pdf",
                &bytes,
                puid,
                "Acrobat PDF/A - Portable Document Format",
                IdentificationBasis::Signature,
            );
            assert_eq!(status(&identification), FileStatusValue::Success);
        }
        let attribute_form = "<rdf:Description pdfaid:part=\"2\" pdfaid:conformance=\"U\"/>";
        let bytes = pdf(
            "1.7",
            &[&format!(
                "<< /Length 10 >>\nstream\n{attribute_form}\nendstream"
            )],
            "",
        );
        assert_eq!(
            identify_bytes("a.pdf", &bytes).matches[0].puid,
            Some("fmt/478")
        );
    }

    #[test]
    fn markers_split_across_scan_windows_are_still_found() {
        let padding = "x".repeat(SCAN_CHUNK - 40);
        let bytes = pdf(
            "1.4",
            &[&format!("<< /Length 1 >>\nstream\n{padding}\nendstream")],
            " /Encrypt 5 0 R",
        );
        assert!(identify_bytes("a.pdf", &bytes).password_protected);
    }

    #[test]
    fn extension_mismatch_follows_pronom_extensions() {
        let bytes = pdf("1.4", &[], "");
        assert!(!mismatch(&identify_bytes("REPORT.PDF", &bytes)));
        assert!(!mismatch(&identify_bytes(
            "folder/sub.dir/report.pdf",
            &bytes
        )));
        assert!(mismatch(&identify_bytes("report.docx", &bytes)));
        let no_extension = identify_bytes("report", &bytes);
        assert!(mismatch(&no_extension));
        assert_eq!(no_extension.matches[0].extension, None);
    }

    #[test]
    fn png_version_follows_its_chunks() {
        let plain = assert_identified(
            "a.png",
            &png(&[]),
            "fmt/11",
            "Portable Network Graphics",
            IdentificationBasis::Signature,
        );
        assert_eq!(status(&plain), FileStatusValue::Success);
        assert_identified(
            "a.png",
            &png(&[(b"sRGB", &[0])]),
            "fmt/12",
            "Portable Network Graphics",
            IdentificationBasis::Signature,
        );
        let itxt: &[u8] = b"Comment\0\0\0\0\0hello";
        assert_identified(
            "a.png",
            &png(&[(b"iTXt", itxt)]),
            "fmt/13",
            "Portable Network Graphics",
            IdentificationBasis::Signature,
        );
    }

    #[test]
    fn jpeg_is_jfif_exif_or_raw_as_pronom_distinguishes() {
        for (minor, puid) in [(0, "fmt/42"), (1, "fmt/43"), (2, "fmt/44")] {
            assert_identified(
                "photo.jpg",
                &jfif(minor),
                puid,
                "JPEG File Interchange Format",
                IdentificationBasis::Signature,
            );
        }
        let name = "Exchangeable Image File Format (Compressed)";
        assert_identified(
            "photo.jpeg",
            &exif(b"0221"),
            "fmt/645",
            name,
            IdentificationBasis::Signature,
        );
        assert_identified(
            "photo.jpeg",
            &exif(b"0220"),
            "x-fmt/391",
            name,
            IdentificationBasis::Signature,
        );
        assert_identified(
            "photo.jpeg",
            &exif(b"0232"),
            "fmt/1507",
            name,
            IdentificationBasis::Signature,
        );
        let raw = [b"\xFF\xD8\xFF\xDB\x00\x02".as_slice(), JPEG_END].concat();
        let identification = assert_identified(
            "photo.jpg",
            &raw,
            "fmt/41",
            "Raw JPEG Stream",
            IdentificationBasis::Signature,
        );
        assert_eq!(status(&identification), FileStatusValue::Success);
    }

    #[test]
    fn gif_and_tiff() {
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
        assert_identified(
            "a.gif",
            gif,
            "fmt/4",
            "Graphics Interchange Format",
            IdentificationBasis::Signature,
        );
        let tiff = b"II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00";
        let identification = assert_identified(
            "scan.tif",
            tiff,
            "fmt/353",
            "Tagged Image File Format",
            IdentificationBasis::Signature,
        );
        assert!(!mismatch(&identification));
    }

    #[test]
    fn office_open_xml_is_found_inside_its_zip_container() {
        let word = assert_identified(
            "letter.docx",
            &docx(WORD_TRANSITIONAL),
            "fmt/412",
            "Microsoft Word for Windows",
            IdentificationBasis::Container,
        );
        assert!(!mismatch(&word));
        assert_eq!(status(&word), FileStatusValue::Success);
        assert_eq!(ffid_status(&word, true), FileStatusValue::Success);

        let strict = assert_identified(
            "letter.docx",
            &docx("http://purl.oclc.org/ooxml/wordprocessingml/main"),
            "fmt/1827",
            "DOCX Strict OOXML Document",
            IdentificationBasis::Container,
        );
        assert_eq!(ffid_status(&strict, true), FileStatusValue::Success);

        let workbook = zip_file(&[
            (
                "[Content_Types].xml",
                &content_types(
                    "xl/workbook.xml",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                ),
            ),
            (
                "xl/workbook.xml",
                b"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>",
            ),
        ]);
        assert_identified(
            "sums.xlsx",
            &workbook,
            "fmt/214",
            "Microsoft Excel for Windows",
            IdentificationBasis::Container,
        );

        let presentation = zip_file(&[
            (
                "[Content_Types].xml",
                &content_types(
                    "ppt/presentation.xml",
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                ),
            ),
            ("ppt/presentation.xml", b"<p:presentation xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"/>"),
        ]);
        assert_identified(
            "talk.pptx",
            &presentation,
            "fmt/215",
            "Microsoft Powerpoint for Windows",
            IdentificationBasis::Container,
        );
    }

    #[test]
    fn opendocument_version_comes_from_content_xml() {
        let text = opendocument("application/vnd.oasis.opendocument.text", "1.2", "");
        let identification = assert_identified(
            "minutes.odt",
            &text,
            "fmt/291",
            "OpenDocument Text",
            IdentificationBasis::Container,
        );
        assert!(!mismatch(&identification));
        assert_eq!(status(&identification), FileStatusValue::Success);
        let text_1_3 = opendocument("application/vnd.oasis.opendocument.text", "1.3", "");
        assert_identified(
            "minutes.odt",
            &text_1_3,
            "fmt/1756",
            "OpenDocument Text",
            IdentificationBasis::Container,
        );
        let sheet = opendocument("application/vnd.oasis.opendocument.spreadsheet", "1.3", "");
        assert_identified(
            "budget.ods",
            &sheet,
            "fmt/1755",
            "OpenDocument Spreadsheet",
            IdentificationBasis::Container,
        );
        let sheet_1_1 = opendocument("application/vnd.oasis.opendocument.spreadsheet", "1.1", "");
        assert_identified(
            "budget.ods",
            &sheet_1_1,
            "fmt/294",
            "OpenDocument Spreadsheet",
            IdentificationBasis::Container,
        );
    }

    #[test]
    fn password_protected_opendocument_is_refused() {
        let encryption = "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"AA==\"/>";
        let text = opendocument("application/vnd.oasis.opendocument.text", "1.2", encryption);
        let identification = identify_bytes("secret.odt", &text);
        assert_eq!(identification.matches[0].puid, Some("fmt/291"));
        assert_eq!(status(&identification), FileStatusValue::PasswordProtected);
    }

    #[test]
    fn plain_zip_is_refused_as_zip() {
        let bytes = zip_file(&[("notes.txt", b"hello")]);
        let identification = assert_identified(
            "bundle.zip",
            &bytes,
            "x-fmt/263",
            "ZIP Format",
            IdentificationBasis::Signature,
        );
        assert!(!mismatch(&identification));
        assert!(!identification.password_protected);
        assert_eq!(status(&identification), FileStatusValue::Zip);
    }

    #[test]
    fn encrypted_zip_entry_is_noticed_but_zip_still_explains_the_refusal() {
        let mut bytes = zip_file(&[("notes.txt", b"hello")]);
        let directory = bytes
            .windows(4)
            .position(|window| window == b"PK\x01\x02")
            .unwrap();
        bytes[directory + 8] |= 1;
        let identification = identify_bytes("bundle.zip", &bytes);
        assert!(identification.password_protected);
        assert_eq!(status(&identification), FileStatusValue::Zip);
    }

    #[test]
    fn other_archives_and_disk_images() {
        let seven_zip = [b"7z\xBC\xAF\x27\x1C\x00\x04".as_slice(), &[0; 24]].concat();
        let identification = assert_identified(
            "a.7z",
            &seven_zip,
            "fmt/484",
            "7Zip format",
            IdentificationBasis::Signature,
        );
        // TDR's table does not list 7z, so TDR lets it through.
        assert_eq!(status(&identification), FileStatusValue::Success);

        let rar_5 = [b"Rar!\x1A\x07\x01\x00".as_slice(), &[0; 24]].concat();
        let identification = assert_identified(
            "a.rar",
            &rar_5,
            "fmt/613",
            "RAR Archive",
            IdentificationBasis::Signature,
        );
        assert_eq!(status(&identification), FileStatusValue::Zip);
        let rar_4 = [b"Rar!\x1A\x07\x00\xCF\x90\x73".as_slice(), &[0; 40]].concat();
        assert_identified(
            "a.rar",
            &rar_4,
            "fmt/411",
            "RAR Archive",
            IdentificationBasis::Signature,
        );

        let mut iso = vec![0; 34 * 1024];
        iso[32768..32774].copy_from_slice(b"\x01CD001");
        let identification = assert_identified(
            "disc.iso",
            &iso,
            "fmt/468",
            "ISO 9660 Disk Image File",
            IdentificationBasis::Signature,
        );
        assert_eq!(status(&identification), FileStatusValue::Success);

        let gzip =
            b"\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00";
        let identification = assert_identified(
            "a.gz",
            gzip,
            "x-fmt/266",
            "GZIP Format",
            IdentificationBasis::Signature,
        );
        assert_eq!(status(&identification), FileStatusValue::Zip);
    }

    #[test]
    fn encrypted_office_document_is_fmt_494_and_password_protected() {
        let bytes = compound_file(&[
            ("EncryptionInfo", &[4, 0, 4, 0, 0x40, 0, 0, 0]),
            ("EncryptedPackage", &[0; 5000]),
        ]);
        let identification = assert_identified(
            "secret.docx",
            &bytes,
            "fmt/494",
            "Microsoft Office Encrypted Document",
            IdentificationBasis::Container,
        );
        assert!(!mismatch(&identification));
        assert_eq!(status(&identification), FileStatusValue::PasswordProtected);
        assert_eq!(
            ffid_status(&identification, true),
            FileStatusValue::NonJudgmentFormat
        );
    }

    #[test]
    fn word_97_document_and_its_encrypted_form() {
        let plain = compound_file(&[
            ("WordDocument", &word_document_stream(false)),
            ("1Table", &[0; 64]),
        ]);
        let identification = assert_identified(
            "old.doc",
            &plain,
            "fmt/40",
            "Microsoft Word Document",
            IdentificationBasis::Container,
        );
        assert_eq!(status(&identification), FileStatusValue::Success);

        let encrypted = compound_file(&[
            ("WordDocument", &word_document_stream(true)),
            ("1Table", &[0; 64]),
        ]);
        let identification = assert_identified(
            "old.doc",
            &encrypted,
            "fmt/754",
            "Microsoft Word Document (Password Protected)",
            IdentificationBasis::Container,
        );
        assert_eq!(status(&identification), FileStatusValue::PasswordProtected);
    }

    #[test]
    fn other_ole2_files() {
        let workbook = compound_file(&[("Workbook", &[0x09, 0x08, 0x10, 0, 0, 6, 5, 0])]);
        assert_identified(
            "old.xls",
            &workbook,
            "fmt/61",
            "Microsoft Excel 97 Workbook (xls)",
            IdentificationBasis::Container,
        );
        let slides = compound_file(&[("PowerPoint Document", &[0; 16])]);
        assert_identified(
            "old.ppt",
            &slides,
            "fmt/126",
            "Microsoft Powerpoint Presentation",
            IdentificationBasis::Container,
        );
        let email = compound_file(&[("__properties_version1.0", &[0; 32])]);
        assert_identified(
            "mail.msg",
            &email,
            "x-fmt/430",
            "Microsoft Outlook Email Message",
            IdentificationBasis::Container,
        );
        let unknown = compound_file(&[("Contents", &[0; 16])]);
        let identification = assert_identified(
            "thing.bin",
            &unknown,
            "fmt/111",
            "OLE2 Compound Document Format",
            IdentificationBasis::Signature,
        );
        assert!(
            !mismatch(&identification),
            "PRONOM lists no extension for fmt/111"
        );
        assert_eq!(status(&identification), FileStatusValue::Zip);
    }

    #[test]
    fn text_formats_are_identified_by_extension() {
        let csv = b"name,born\nAda Lovelace,1815\n";
        let identification = assert_identified(
            "people.csv",
            csv,
            "x-fmt/18",
            "Comma Separated Values",
            IdentificationBasis::Extension,
        );
        assert!(!mismatch(&identification));
        assert_eq!(status(&identification), FileStatusValue::Success);
        assert_identified(
            "people.txt",
            csv,
            "x-fmt/111",
            "Plain Text File",
            IdentificationBasis::Extension,
        );
        assert_identified(
            "data.json",
            b"{\"a\": [1, 2]}",
            "fmt/817",
            "JSON Data Interchange Format",
            IdentificationBasis::Extension,
        );
    }

    #[test]
    fn unidentified_file_still_has_one_match() {
        let identification = identify_bytes("notes.md", b"# Notes\n\nplain words\n");
        assert_eq!(
            identification.matches,
            vec![FormatMatch {
                extension: None,
                identification_basis: IdentificationBasis::NotIdentified,
                puid: None,
                file_extension_mismatch: false,
                format_name: "",
            }]
        );
        assert_eq!(identification.matches[0].identification_basis.as_str(), "");
        assert_eq!(status(&identification), FileStatusValue::Unidentified);
    }

    #[test]
    fn markup_signatures_beat_the_extension() {
        let xml = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><catalogue/>";
        let identification = assert_identified(
            "list.txt",
            xml,
            "fmt/101",
            "Extensible Markup Language",
            IdentificationBasis::Signature,
        );
        assert!(mismatch(&identification));
        let with_bom = [UTF8_BOM, xml.as_slice()].concat();
        assert_identified(
            "list.xml",
            &with_bom,
            "fmt/101",
            "Extensible Markup Language",
            IdentificationBasis::Signature,
        );

        let html_5 = b"<!DOCTYPE html>\n<html lang=\"en\"><head><title>t</title></head><body>hi</body></html>\n";
        assert_identified(
            "page.html",
            html_5,
            "fmt/471",
            "Hypertext Markup Language",
            IdentificationBasis::Signature,
        );
        let html = b"<html><head><title>t</title></head><body>hi</body></html>\n";
        assert_identified(
            "page.htm",
            html,
            "fmt/96",
            "Hypertext Markup Language",
            IdentificationBasis::Signature,
        );
    }

    #[test]
    fn rtf_version_follows_droids_control_words() {
        let rtf_1_0 = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} hello}";
        assert_identified(
            "a.rtf",
            rtf_1_0,
            "fmt/45",
            "Rich Text Format",
            IdentificationBasis::Signature,
        );
        let wordpad =
            b"{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat{\\fonttbl{\\f0 Calibri;}} hello}";
        assert_identified(
            "a.rtf",
            wordpad,
            "fmt/50",
            "Rich Text Format",
            IdentificationBasis::Signature,
        );
        let word_2010 = b"{\\rtf1\\adeflang1025\\ansi\\ansicpg1252\\uc1\\adeff31507\\deff0\\stshfdbch31505\\stshfloch31506\
            \\stshfhich31506\\stshfbi31507 {\\*\\defchp \\fs22}{\\*\\latentstyles\\lsdstimax376\\lsdlockeddef0} hello}";
        assert_identified(
            "a.rtf",
            word_2010,
            "fmt/355",
            "Rich Text Format",
            IdentificationBasis::Signature,
        );
    }

    #[test]
    fn audio_and_executables() {
        let mut wav = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x44\xAC\x00\x00\x88\x58\x01\x00\x02\x00\x10\x00data".to_vec();
        wav.extend([0; 4]);
        assert_identified(
            "a.wav",
            &wav,
            "fmt/141",
            "Waveform Audio (PCMWAVEFORMAT)",
            IdentificationBasis::Signature,
        );

        let mut pe = vec![0; 512];
        pe[..2].copy_from_slice(b"MZ");
        pe[0x3C] = 0x80;
        pe[0x80..0x84].copy_from_slice(b"PE\0\0");
        pe[0x84..0x86].copy_from_slice(&0x8664_u16.to_le_bytes());
        pe[0x98..0x9A].copy_from_slice(&0x020B_u16.to_le_bytes());
        let identification = assert_identified(
            "tool.exe",
            &pe,
            "fmt/900",
            "Windows Portable Executable",
            IdentificationBasis::Signature,
        );
        assert_eq!(status(&identification), FileStatusValue::Executable);
        let dos = [b"MZ".as_slice(), &[0; 62]].concat();
        assert_identified(
            "old.exe",
            &dos,
            "x-fmt/409",
            "MS-DOS Executable",
            IdentificationBasis::Signature,
        );
    }

    #[test]
    fn zero_byte_file_is_refused_whatever_its_extension_suggests() {
        let empty_pdf = identify_bytes("empty.pdf", b"");
        assert!(empty_pdf.content_is_empty);
        assert!(empty_pdf
            .matches
            .iter()
            .all(|found| found.identification_basis == IdentificationBasis::Extension));
        assert!(empty_pdf
            .matches
            .iter()
            .any(|found| found.puid == Some("fmt/276")));
        assert_eq!(status(&empty_pdf), FileStatusValue::ZeroByteFile);

        let empty = identify_bytes("empty", b"");
        assert_eq!(empty.matches.len(), 1);
        assert_eq!(empty.matches[0].puid, None);
        assert_eq!(status(&empty), FileStatusValue::ZeroByteFile);

        let only_bom = assert_identified(
            "bom.txt",
            UTF8_BOM,
            "x-fmt/111",
            "Plain Text File",
            IdentificationBasis::Extension,
        );
        assert_eq!(status(&only_bom), FileStatusValue::ZeroByteFile);
    }

    #[test]
    fn damaged_file_named_by_extension_alone_has_several_formats() {
        let identification = identify_bytes("broken.pdf", b"not really a pdf");
        assert!(identification.matches.len() > 1);
        assert_eq!(status(&identification), FileStatusValue::MultipleFormats);
    }

    #[test]
    fn judgment_accepts_only_word_documents() {
        let pdf = identify_bytes("judgment.pdf", &pdf("1.4", &[], ""));
        assert_eq!(ffid_status(&pdf, true), FileStatusValue::NonJudgmentFormat);
        let empty_docx = identify_bytes("judgment.docx", b"");
        assert_eq!(
            ffid_status(&empty_docx, true),
            FileStatusValue::NonJudgmentFormat,
            "TDR checks the format first"
        );
    }

    #[test]
    fn status_strings_are_tdrs() {
        assert_eq!(FileStatusValue::Success.as_str(), "Success");
        assert_eq!(
            FileStatusValue::PasswordProtected.as_str(),
            "PasswordProtected"
        );
        assert_eq!(FileStatusValue::Zip.as_str(), "Zip");
        assert_eq!(FileStatusValue::ZeroByteFile.as_str(), "ZeroByteFile");
        assert_eq!(
            FileStatusValue::NonJudgmentFormat.as_str(),
            "NonJudgmentFormat"
        );
        assert_eq!(FileStatusValue::MultipleFormats.as_str(), "MultipleFormats");
        assert_eq!(IdentificationBasis::Container.as_str(), "Container");
    }

    #[test]
    fn disallowed_table_matches_tdr() {
        assert_eq!(DISALLOWED_PUIDS.len(), 72);
        let reason = |puid: &str| {
            DISALLOWED_PUIDS
                .iter()
                .find(|row| row.puid == puid)
                .map(|row| row.reason)
        };
        assert_eq!(reason("fmt/494"), Some(FileStatusValue::PasswordProtected));
        assert_eq!(reason("x-fmt/263"), Some(FileStatusValue::Zip));
        assert_eq!(reason("fmt/111"), Some(FileStatusValue::Zip));
        assert_eq!(reason("zeroByteFile"), Some(FileStatusValue::ZeroByteFile));
        assert_eq!(reason("fmt/484"), None, "TDR does not refuse 7z");
        assert_eq!(reason("fmt/411"), None, "TDR refuses only RAR 5 (fmt/613)");
    }

    #[test]
    fn tables_have_one_row_per_puid() {
        for (index, format) in PRONOM_FORMATS.iter().enumerate() {
            assert!(
                PRONOM_FORMATS[..index]
                    .iter()
                    .all(|earlier| earlier.puid != format.puid),
                "{}",
                format.puid
            );
            assert!(format
                .extensions
                .iter()
                .all(|extension| *extension == extension.to_ascii_lowercase()));
        }
        for (index, row) in DISALLOWED_PUIDS.iter().enumerate() {
            assert!(
                DISALLOWED_PUIDS[..index]
                    .iter()
                    .all(|earlier| earlier.puid != row.puid),
                "{}",
                row.puid
            );
        }
    }

    #[test]
    fn first_disallowed_row_wins_and_several_puids_come_first() {
        let with_puids = |puids: &[&'static str]| Identification {
            matches: puids
                .iter()
                .map(|puid| FormatMatch {
                    puid: Some(*puid),
                    ..extension_matches(None)[0].clone()
                })
                .collect(),
            ..identify_bytes("x", b"x")
        };
        assert_eq!(
            status(&with_puids(&["fmt/494"])),
            FileStatusValue::PasswordProtected
        );
        assert_eq!(
            status(&with_puids(&["fmt/18", "x-fmt/263"])),
            FileStatusValue::MultipleFormats
        );
        assert_eq!(status(&with_puids(&["fmt/18"])), FileStatusValue::Success);
    }

    fn samples() -> Vec<Vec<u8>> {
        vec![
            pdf("1.7", &[&xmp_pdfa("2", "B")], " /Encrypt 4 0 R"),
            png(&[(b"iTXt", b"a\0\0\0\0b")]),
            exif(b"0221"),
            docx(WORD_TRANSITIONAL),
            opendocument("application/vnd.oasis.opendocument.text", "1.2", ""),
            compound_file(&[("WordDocument", &word_document_stream(true))]),
            compound_file(&[("EncryptedPackage", &[0; 5000])]),
        ]
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic_and_always_match(
            bytes in proptest::collection::vec(any::<u8>(), 0..2048),
            file_name in "[a-zA-Z0-9 ./\\\\]{0,24}",
        ) {
            let identification = identify_bytes(&file_name, &bytes);
            prop_assert!(!identification.matches.is_empty());
            ffid_status(&identification, true);
            ffid_status(&identification, false);
        }

        #[test]
        fn damaged_real_files_never_panic_and_always_match(
            sample in 0..7usize,
            cut in any::<prop::sample::Index>(),
            changes in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        ) {
            let mut bytes = samples().swap_remove(sample);
            for (at, value) in changes {
                let at = at.index(bytes.len());
                bytes[at] = value;
            }
            bytes.truncate(cut.index(bytes.len() + 1));
            let identification = identify_bytes("damaged.docx", &bytes);
            prop_assert!(!identification.matches.is_empty());
        }
    }
}
