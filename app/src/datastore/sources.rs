//! External HTTP sources (other-systems B.1, the "downloader"): web pages that list a dataset's
//! files by date. A source says where its listing is, which links on it are its files and how
//! their dates are written, and under which name a file is kept in the object store
//! (`datasets/<organisation>/<dataset>/<stored name>`). The rules here decide, from the listing
//! page and the names already stored, which file to fetch, if any: only the newest online, and
//! only when nothing is stored yet or it is at least the refresh delay newer than the newest
//! stored. No I/O: the pull (`server::pull`) fetches and stores.
use std::collections::BTreeSet;
use std::fmt::{self, Write as _};
use std::str::FromStr;

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};
use url::Url;

/// The object store folder every source's files are kept under (the real service's
/// `datasets_folder`).
pub const DATASETS_FOLDER: &str = "datasets";

/// What a stored name has where the file's date goes.
pub const DATE_PLACEHOLDER: &str = "{date}";

/// The name of the group of a link pattern that holds the file's date.
pub const DATE_GROUP: &str = "date";

/// The longest organisation or dataset name (the datasets table's own limit).
pub const MAX_NAME_PART: usize = 30;

/// A source's id, `organisation.dataset` (`hmrc.exporters`), both parts 1 to 30 of `a-z`, `0-9`
/// and `_`: the dataset it feeds, and the folder its files are kept in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId {
    organisation: String,
    dataset: String,
}

impl SourceId {
    pub fn organisation(&self) -> &str {
        &self.organisation
    }

    pub fn dataset(&self) -> &str {
        &self.dataset
    }

    /// Where the source's files are kept: `datasets/<organisation>/<dataset>/`.
    pub fn storage_prefix(&self) -> String {
        format!("{DATASETS_FOLDER}/{}/{}/", self.organisation, self.dataset)
    }

    /// The object key of the source's file stored as `file_name`.
    pub fn object_key(&self, file_name: &str) -> String {
        format!("{}{file_name}", self.storage_prefix())
    }
}

impl FromStr for SourceId {
    type Err = SourceError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let valid_part = |part: &str| {
            (1..=MAX_NAME_PART).contains(&part.len())
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        };
        match text.split_once('.') {
            Some((organisation, dataset)) if valid_part(organisation) && valid_part(dataset) => {
                Ok(SourceId {
                    organisation: organisation.to_owned(),
                    dataset: dataset.to_owned(),
                })
            }
            _ => Err(SourceError::Id(text.to_owned())),
        }
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.organisation, self.dataset)
    }
}

/// How the loader takes a source's files into its table (other-systems B.2): each file's rows
/// added to what is there, or each file the whole dataset as it now is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadMode {
    Incremental,
    Snapshot,
}

impl LoadMode {
    pub fn as_str(self) -> &'static str {
        match self {
            LoadMode::Incremental => "incremental",
            LoadMode::Snapshot => "snapshot",
        }
    }
}

/// A source as configured (a `[[datastore_sources]]` table): plain values, checked by
/// [`Source::new`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSettings {
    /// `organisation.dataset`.
    pub id: String,
    /// The name staff see (the real service's `datasource`).
    pub name: String,
    /// The page that links to the files (`download_url`).
    pub listing_url: String,
    /// Which links are the source's files (`download_link_regex`), matched against each link's
    /// absolute URL; its group `date` holds the file's date.
    pub link_pattern: String,
    /// How that date is written (`file_date_format`), in chrono's strftime syntax: `%y%m` for
    /// `2402`, `%b_%Y` for `FEB_2024`. A date without a day is the month's first; without a month,
    /// the year's.
    pub date_format: String,
    /// Whether stored names write the date in capitals (ONS' `ONSPD_FEB_2024_UK.zip`).
    #[serde(default)]
    pub upper_case_dates: bool,
    /// The file's name in the store, with `{date}` where the date goes (`exporters{date}.csv`).
    pub stored_name: String,
    /// How much newer (in days) the newest file online must be than the newest stored to be
    /// fetched. At least 1.
    #[serde(default = "default_refresh_delay_days")]
    pub refresh_delay_days: u32,
    /// How the loader takes the files in.
    pub mode: LoadMode,
    /// A download larger than this many bytes is refused.
    pub max_bytes: u64,
}

/// The real service's `refresh_delay`.
fn default_refresh_delay_days() -> u32 {
    1
}

/// A source's configuration that cannot work: which source, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error(
        "datastore source id {0:?}: write it organisation.dataset, each part 1 to 30 of a-z, 0-9 \
         and _"
    )]
    Id(String),
    #[error("datastore source {id}: {setting}: {problem}")]
    Setting {
        id: String,
        setting: &'static str,
        problem: String,
    },
    #[error("datastore source {0} is configured twice")]
    Duplicate(String),
}

/// A source whose settings have been checked: its patterns compiled, its date format one that
/// writes and reads back a date.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "SourceSettings", into = "SourceSettings")]
pub struct Source {
    settings: SourceSettings,
    id: SourceId,
    listing_url: Url,
    link_pattern: Regex,
    /// The stored name with its date as the group `date`, to read stored files' dates back.
    stored_pattern: Regex,
}

impl Source {
    pub fn new(settings: SourceSettings) -> Result<Self, SourceError> {
        let id: SourceId = settings.id.parse()?;
        let invalid = |setting: &'static str, problem: String| SourceError::Setting {
            id: settings.id.clone(),
            setting,
            problem,
        };
        if settings.name.trim().is_empty() {
            return Err(invalid("name", "give the source a name".to_owned()));
        }
        let listing_url = Url::parse(&settings.listing_url)
            .map_err(|error| invalid("listing_url", error.to_string()))?;
        if !matches!(listing_url.scheme(), "http" | "https") {
            return Err(invalid(
                "listing_url",
                "an http:// or https:// address".to_owned(),
            ));
        }
        let link_pattern = Regex::new(&settings.link_pattern)
            .map_err(|error| invalid("link_pattern", error.to_string()))?;
        if !link_pattern
            .capture_names()
            .any(|name| name == Some(DATE_GROUP))
        {
            return Err(invalid(
                "link_pattern",
                format!("it needs a group named {DATE_GROUP}, as in (?P<{DATE_GROUP}>\\d{{4}})"),
            ));
        }
        let stored_pattern = stored_pattern(&settings.stored_name)
            .ok_or_else(|| invalid("stored_name", format!("write {DATE_PLACEHOLDER} once")))?;
        if settings.refresh_delay_days == 0 {
            return Err(invalid("refresh_delay_days", "at least 1".to_owned()));
        }
        if settings.max_bytes == 0 {
            return Err(invalid("max_bytes", "at least 1".to_owned()));
        }
        let source = Source {
            id,
            listing_url,
            link_pattern,
            stored_pattern,
            settings,
        };
        source.check_dates()?;
        Ok(source)
    }

    /// The date format must write a date that reads back as the same date, into a stored name
    /// that is a plain file name (it becomes the last segment of an object key).
    fn check_dates(&self) -> Result<(), SourceError> {
        let invalid = |setting: &'static str, problem: String| SourceError::Setting {
            id: self.settings.id.clone(),
            setting,
            problem,
        };
        let format = &self.settings.date_format;
        if StrftimeItems::new(format).any(|item| matches!(item, Item::Error)) {
            return Err(invalid(
                "date_format",
                format!("{format:?} is not a strftime format"),
            ));
        }
        let sample = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
        let written = self.try_format_date(sample).ok_or_else(|| {
            invalid(
                "date_format",
                format!("{format:?} cannot write a date (times and zones are not dates)"),
            )
        })?;
        if self.parse_date(&written) != Some(sample) {
            return Err(invalid(
                "date_format",
                format!("{format:?} does not read back the date it writes (it needs a year)"),
            ));
        }
        let name = self.stored_name(sample);
        let plain = name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if !plain || name.starts_with('.') {
            return Err(invalid(
                "stored_name",
                format!("{name:?}: use letters, digits, '.', '_' and '-', not first '.'"),
            ));
        }
        Ok(())
    }

    pub fn id(&self) -> &SourceId {
        &self.id
    }

    pub fn name(&self) -> &str {
        &self.settings.name
    }

    pub fn listing_url(&self) -> &Url {
        &self.listing_url
    }

    pub fn refresh_delay_days(&self) -> u32 {
        self.settings.refresh_delay_days
    }

    pub fn mode(&self) -> LoadMode {
        self.settings.mode
    }

    pub fn max_bytes(&self) -> u64 {
        self.settings.max_bytes
    }

    /// The files the listing page links to: every `<a href>`, made absolute against the listing's
    /// URL, that matches the link pattern and whose date reads; in the page's order.
    pub fn links(&self, listing_html: &str) -> Vec<Link> {
        let page = scraper::Html::parse_document(listing_html);
        let anchors = scraper::Selector::parse("a[href]").expect("a valid selector");
        page.select(&anchors)
            .filter_map(|anchor| anchor.value().attr("href"))
            .filter_map(|href| self.listing_url.join(href.trim()).ok())
            .filter_map(|url| {
                let date = self
                    .link_pattern
                    .captures(url.as_str())?
                    .name(DATE_GROUP)
                    .and_then(|date| self.parse_date(date.as_str()))?;
                Some(Link { url, date })
            })
            .collect()
    }

    /// The date of a stored object, from its key (`datasets/hmrc/exporters/exporters2402.csv`);
    /// `None` for a key that is not one of this source's files.
    pub fn stored_date(&self, object_key: &str) -> Option<NaiveDate> {
        let name = object_key.strip_prefix(&self.id.storage_prefix())?;
        let date = self.stored_pattern.captures(name)?.name(DATE_GROUP)?;
        self.parse_date(date.as_str())
    }

    /// The file name a file of `date` is stored under: the stored name with the date written in.
    pub fn stored_name(&self, date: NaiveDate) -> String {
        let written = self
            .try_format_date(date)
            .expect("the date format was checked when the source was made");
        self.settings
            .stored_name
            .replacen(DATE_PLACEHOLDER, &written, 1)
    }

    /// The object key a file of `date` is stored under.
    pub fn object_key(&self, date: NaiveDate) -> String {
        self.id.object_key(&self.stored_name(date))
    }

    /// What to do, given the listing page and the keys of the objects stored under the source's
    /// prefix: fetch the newest file online when nothing is stored yet or when it is at least the
    /// refresh delay newer than the newest stored; otherwise nothing.
    pub fn plan<'k>(
        &self,
        listing_html: &str,
        stored_keys: impl IntoIterator<Item = &'k str>,
    ) -> Result<Plan, ListingError> {
        let newest_online = newest(self.links(listing_html)).ok_or(ListingError::NoValidLinks)?;
        let newest_stored = stored_keys
            .into_iter()
            .filter_map(|key| self.stored_date(key))
            .max();
        match newest_stored {
            Some(stored) if !fetch_due(newest_online.date, stored, self.refresh_delay_days()) => {
                Ok(Plan::UpToDate {
                    newest_stored: self.stored_name(stored),
                })
            }
            _ => Ok(Plan::Fetch(newest_online)),
        }
    }

    /// Reads a date written in the source's format; a missing day is the 1st, a missing month
    /// January. Month names are read in any case.
    fn parse_date(&self, text: &str) -> Option<NaiveDate> {
        let mut parsed = Parsed::new();
        chrono::format::parse(
            &mut parsed,
            text,
            StrftimeItems::new(&self.settings.date_format),
        )
        .ok()?;
        if parsed.month().is_none() {
            parsed.set_month(1).ok()?;
        }
        if parsed.day().is_none() {
            parsed.set_day(1).ok()?;
        }
        parsed.to_naive_date().ok()
    }

    /// Writes `date` in the source's format; `None` when the format asks for what a date has not
    /// (a time, a zone).
    fn try_format_date(&self, date: NaiveDate) -> Option<String> {
        let mut written = String::new();
        write!(
            written,
            "{}",
            date.format_with_items(StrftimeItems::new(&self.settings.date_format))
        )
        .ok()?;
        Some(if self.settings.upper_case_dates {
            written.to_uppercase()
        } else {
            written
        })
    }
}

impl TryFrom<SourceSettings> for Source {
    type Error = SourceError;

    fn try_from(settings: SourceSettings) -> Result<Self, Self::Error> {
        Source::new(settings)
    }
}

impl From<Source> for SourceSettings {
    fn from(source: Source) -> Self {
        source.settings
    }
}

/// Two sources are the same when they are configured the same.
impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings
    }
}

impl Eq for Source {}

/// The stored name as a pattern whose group `date` is where the date goes; `None` unless the
/// name has `{date}` exactly once.
fn stored_pattern(stored_name: &str) -> Option<Regex> {
    let (before, after) = stored_name.split_once(DATE_PLACEHOLDER)?;
    if after.contains(DATE_PLACEHOLDER) {
        return None;
    }
    Regex::new(&format!(
        "^{}(?P<{DATE_GROUP}>[^/]+){}$",
        regex::escape(before),
        regex::escape(after)
    ))
    .ok()
}

/// A file a listing page links to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub url: Url,
    pub date: NaiveDate,
}

/// The newest of `links`; of links with the same date, the first on the page.
pub fn newest(links: Vec<Link>) -> Option<Link> {
    links.into_iter().reduce(|newest, link| {
        if link.date > newest.date {
            link
        } else {
            newest
        }
    })
}

/// The real service's rule: a file is fetched when it is at least `refresh_delay_days` newer than
/// the newest stored.
pub fn fetch_due(
    newest_online: NaiveDate,
    newest_stored: NaiveDate,
    refresh_delay_days: u32,
) -> bool {
    (newest_online - newest_stored).num_days() >= i64::from(refresh_delay_days)
}

/// What a pull of a source should do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// Fetch this file and store it.
    Fetch(Link),
    /// Nothing: the newest stored file (its name) is recent enough.
    UpToDate { newest_stored: String },
}

/// A listing page that names no file of the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ListingError {
    /// The real service's words.
    #[error("No valid links found.")]
    NoValidLinks,
}

/// The configured sources, no id twice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Source>", into = "Vec<Source>")]
pub struct Sources(Vec<Source>);

impl Sources {
    pub fn new(sources: Vec<Source>) -> Result<Self, SourceError> {
        let mut seen = BTreeSet::new();
        for source in &sources {
            if !seen.insert(source.id()) {
                return Err(SourceError::Duplicate(source.id().to_string()));
            }
        }
        Ok(Sources(sources))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.0.iter()
    }

    /// The source whose id is `id`, as written (`hmrc.exporters`).
    pub fn find(&self, id: &str) -> Option<&Source> {
        self.0.iter().find(|source| source.id().to_string() == id)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl TryFrom<Vec<Source>> for Sources {
    type Error = SourceError;

    fn try_from(sources: Vec<Source>) -> Result<Self, Self::Error> {
        Sources::new(sources)
    }
}

impl From<Sources> for Vec<Source> {
    fn from(sources: Sources) -> Self {
        sources.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    /// HMRC's exporters, as the real service configured them (CSV here).
    fn exporters() -> SourceSettings {
        SourceSettings {
            id: "hmrc.exporters".to_owned(),
            name: "HMRC exporters".to_owned(),
            listing_url: "https://www.uktradeinfo.com/trade-data/exporters/".to_owned(),
            link_pattern: r"/exporters(?P<date>\d{4})\.csv$".to_owned(),
            date_format: "%y%m".to_owned(),
            upper_case_dates: false,
            stored_name: "exporters{date}.csv".to_owned(),
            refresh_delay_days: 1,
            mode: LoadMode::Incremental,
            max_bytes: 1_000_000,
        }
    }

    /// ONS' postcode directory: month names, capitals in the stored name.
    fn postcodes() -> SourceSettings {
        SourceSettings {
            id: "ons.postcode_directory".to_owned(),
            name: "ONS postcode directory".to_owned(),
            listing_url: "https://geoportal.statistics.gov.uk/datasets/onspd".to_owned(),
            link_pattern: r"ONSPD_(?P<date>[A-Za-z]{3}_\d{4})_UK\.zip$".to_owned(),
            date_format: "%b_%Y".to_owned(),
            upper_case_dates: true,
            stored_name: "ONSPD_{date}_UK.zip".to_owned(),
            refresh_delay_days: 1,
            mode: LoadMode::Snapshot,
            max_bytes: 1_000_000_000,
        }
    }

    fn source(settings: SourceSettings) -> Source {
        Source::new(settings).unwrap()
    }

    fn problem(settings: SourceSettings) -> String {
        Source::new(settings).unwrap_err().to_string()
    }

    #[test]
    fn ids_are_organisation_dot_dataset_in_plain_lower_case() {
        let id: SourceId = "hmrc.exporters".parse().unwrap();
        assert_eq!((id.organisation(), id.dataset()), ("hmrc", "exporters"));
        assert_eq!(id.to_string(), "hmrc.exporters");
        assert_eq!(id.storage_prefix(), "datasets/hmrc/exporters/");
        let longest = format!("{}.{}", "a".repeat(30), "b_2".repeat(10));
        assert!(longest.parse::<SourceId>().is_ok());
        for bad in [
            "",
            "hmrc",
            "hmrc.",
            ".exporters",
            "HMRC.exporters",
            "hmrc.exporters.v2",
            "hmrc/exporters",
            "hmrc.export-ers",
            "hmrc. exporters",
        ] {
            assert_eq!(
                bad.parse::<SourceId>(),
                Err(SourceError::Id(bad.to_owned()))
            );
        }
        assert!(format!("{}.x", "a".repeat(31)).parse::<SourceId>().is_err());
    }

    #[test]
    fn settings_that_cannot_work_say_which_and_why() {
        type Change = fn(&mut SourceSettings);
        let cases: [(Change, &str); 12] = [
            (|s| s.id = "HMRC".to_owned(), "organisation.dataset"),
            (|s| s.name = " ".to_owned(), "name: give the source a name"),
            (|s| s.listing_url = "not a url".to_owned(), "listing_url"),
            (
                |s| s.listing_url = "ftp://x.example/".to_owned(),
                "listing_url: an http://",
            ),
            (|s| s.link_pattern = "(unclosed".to_owned(), "link_pattern"),
            (
                |s| s.link_pattern = r"exporters(\d{4})".to_owned(),
                "group named date",
            ),
            (
                |s| s.stored_name = "exporters.csv".to_owned(),
                "stored_name: write {date} once",
            ),
            (
                |s| s.stored_name = "{date}-{date}.csv".to_owned(),
                "write {date} once",
            ),
            (
                |s| s.stored_name = "../{date}.csv".to_owned(),
                "stored_name: \"../2401.csv\"",
            ),
            (
                |s| s.date_format = "%Q".to_owned(),
                "date_format: \"%Q\" is not a strftime",
            ),
            (|s| s.date_format = "%H%M".to_owned(), "cannot write a date"),
            (|s| s.date_format = "%m".to_owned(), "does not read back"),
        ];
        for (change, expected) in cases {
            let mut settings = exporters();
            change(&mut settings);
            let problem = problem(settings);
            assert!(
                problem.contains(expected),
                "{problem:?} should say {expected:?}"
            );
            assert!(
                problem.starts_with("datastore source"),
                "{problem:?} names the source"
            );
        }
        let mut settings = exporters();
        settings.refresh_delay_days = 0;
        assert_eq!(
            problem(settings),
            "datastore source hmrc.exporters: refresh_delay_days: at least 1"
        );
        let mut settings = exporters();
        settings.max_bytes = 0;
        assert_eq!(
            problem(settings),
            "datastore source hmrc.exporters: max_bytes: at least 1"
        );
    }

    #[test]
    fn links_are_made_absolute_and_kept_when_they_match_with_a_date() {
        let source = source(exporters());
        let page = r#"<html><body>
            <a href="https://www.uktradeinfo.com/files/exporters2401.csv">January</a>
            <a href="../../files/exporters2402.csv">February, relative</a>
            <a href="exporters2403.csv">March, beside the page</a>
            <a href="/files/exporters2413.csv">month 13: no date</a>
            <a href="/files/exporters2404.csv.sig">a signature</a>
            <a href="/files/importers2405.csv">another dataset</a>
            <a>no address</a>
            <a href="http://[bad">unparseable</a>
        </body></html>"#;
        let links = source.links(page);
        assert_eq!(
            links
                .iter()
                .map(|link| (link.url.as_str(), link.date))
                .collect::<Vec<_>>(),
            [
                (
                    "https://www.uktradeinfo.com/files/exporters2401.csv",
                    date(2024, 1, 1)
                ),
                (
                    "https://www.uktradeinfo.com/files/exporters2402.csv",
                    date(2024, 2, 1)
                ),
                (
                    "https://www.uktradeinfo.com/trade-data/exporters/exporters2403.csv",
                    date(2024, 3, 1)
                ),
            ]
        );
        assert_eq!(newest(links).unwrap().date, date(2024, 3, 1));
    }

    #[test]
    fn a_page_without_the_sources_links_is_the_real_services_error() {
        let source = source(exporters());
        let page = r#"<a href="/files/importers2401.csv">x</a>"#;
        assert!(source.links(page).is_empty());
        assert_eq!(
            source.plan(page, []).unwrap_err().to_string(),
            "No valid links found."
        );
    }

    #[test]
    fn ons_dates_are_month_names_read_in_any_case_and_stored_in_capitals() {
        let source = source(postcodes());
        let page = r#"<a href="https://x.example/ONSPD_Feb_2024_UK.zip">Feb</a>
                      <a href="https://x.example/ONSPD_NOV_2023_UK.zip">Nov</a>"#;
        let newest = newest(source.links(page)).unwrap();
        assert_eq!(newest.date, date(2024, 2, 1));
        assert_eq!(source.stored_name(newest.date), "ONSPD_FEB_2024_UK.zip");
        assert_eq!(
            source.object_key(newest.date),
            "datasets/ons/postcode_directory/ONSPD_FEB_2024_UK.zip"
        );
        assert_eq!(
            source.stored_date("datasets/ons/postcode_directory/ONSPD_FEB_2024_UK.zip"),
            Some(date(2024, 2, 1))
        );
    }

    #[test]
    fn only_the_sources_own_stored_files_have_dates() {
        let source = source(exporters());
        assert_eq!(
            source.stored_date("datasets/hmrc/exporters/exporters2402.csv"),
            Some(date(2024, 2, 1))
        );
        for other in [
            "datasets/hmrc/exporters/exporters2402.csv.part",
            "datasets/hmrc/exporters/old/exporters2402.csv",
            "datasets/hmrc/exporters/exportersXXXX.csv",
            "datasets/hmrc/importers/exporters2402.csv",
            "uploads/hmrc/exporters/exporters2402.csv",
            "exporters2402.csv",
        ] {
            assert_eq!(source.stored_date(other), None, "{other}");
        }
    }

    #[test]
    fn the_plan_fetches_the_newest_when_nothing_or_older_is_stored() {
        let source = source(exporters());
        let page = r#"<a href="/f/exporters2401.csv">1</a><a href="/f/exporters2402.csv">2</a>"#;
        let newest_link = "https://www.uktradeinfo.com/f/exporters2402.csv";
        let plan = |stored: &[&str]| source.plan(page, stored.iter().copied()).unwrap();
        let fetch = |plan: Plan| match plan {
            Plan::Fetch(link) => link.url.to_string(),
            Plan::UpToDate { newest_stored } => panic!("up to date with {newest_stored}"),
        };
        assert_eq!(fetch(plan(&[])), newest_link);
        assert_eq!(
            fetch(plan(&[
                "datasets/hmrc/exporters/exporters2312.csv",
                "unrelated"
            ])),
            newest_link
        );
        assert_eq!(
            plan(&[
                "datasets/hmrc/exporters/exporters2401.csv",
                "datasets/hmrc/exporters/exporters2402.csv",
            ]),
            Plan::UpToDate {
                newest_stored: "exporters2402.csv".to_owned()
            }
        );
        // A store ahead of the page (a file withdrawn online) fetches nothing older.
        assert_eq!(
            plan(&["datasets/hmrc/exporters/exporters2403.csv"]),
            Plan::UpToDate {
                newest_stored: "exporters2403.csv".to_owned()
            }
        );
    }

    #[test]
    fn the_refresh_delay_is_the_least_age_difference_that_fetches() {
        // (newest online, newest stored, refresh delay in days, fetched)
        let table = [
            (date(2024, 2, 1), date(2024, 1, 1), 1, true),
            (date(2024, 2, 1), date(2024, 1, 31), 1, true),
            (date(2024, 2, 1), date(2024, 2, 1), 1, false),
            (date(2024, 1, 1), date(2024, 2, 1), 1, false),
            (date(2024, 2, 1), date(2024, 1, 1), 31, true),
            (date(2024, 2, 1), date(2024, 1, 1), 32, false),
            (date(2024, 3, 1), date(2024, 2, 1), 29, true), // a leap year's February
            (date(2025, 3, 1), date(2025, 2, 1), 29, false),
        ];
        for (online, stored, delay, fetched) in table {
            assert_eq!(
                fetch_due(online, stored, delay),
                fetched,
                "{online} against {stored}, delay {delay}"
            );
        }
    }

    #[test]
    fn sources_are_read_with_defaults_and_refused_when_wrong() {
        let exporters = serde_json::json!({
            "id": "hmrc.exporters",
            "name": "HMRC exporters",
            "listing_url": "https://www.uktradeinfo.com/trade-data/exporters/",
            "link_pattern": r"exporters(?P<date>\d{4})\.csv$",
            "date_format": "%y%m",
            "stored_name": "exporters{date}.csv",
            "mode": "incremental",
            "max_bytes": 1000000,
        });
        let sources: Sources = serde_json::from_value(serde_json::json!([exporters])).unwrap();
        let source = sources.find("hmrc.exporters").unwrap();
        assert_eq!(source.refresh_delay_days(), 1);
        assert_eq!(source.mode(), LoadMode::Incremental);
        assert_eq!(source.max_bytes(), 1_000_000);
        assert!(!source.settings.upper_case_dates);

        let read = |value| {
            serde_json::from_value::<Sources>(value)
                .unwrap_err()
                .to_string()
        };
        let twice = read(serde_json::json!([exporters, exporters]));
        assert_eq!(twice, "datastore source hmrc.exporters is configured twice");
        let mut no_date = exporters.clone();
        no_date["link_pattern"] = serde_json::json!(r"exporters(\d{4})\.csv$");
        assert!(read(serde_json::json!([no_date])).contains("group named date"));
        let mut misspelt = exporters.clone();
        misspelt["refresh_delay"] = serde_json::json!(2);
        assert!(read(serde_json::json!([misspelt])).contains("unknown field `refresh_delay`"));
    }

    proptest! {
        /// Whatever the date, the name it is stored under reads back as that date (as the format
        /// keeps it: to the month for `%y%m` and `%b_%Y`, to the day for `%Y-%m-%d`). From 2000
        /// to 2068, the years `%y` reads as this century's.
        #[test]
        fn a_stored_name_reads_back_as_its_date(days in 0i64..25_000, format in 0usize..3) {
            let day = date(2000, 1, 1) + chrono::Duration::days(days);
            let (settings, kept) = match format {
                0 => (exporters(), day.with_day(1).unwrap()),
                1 => (postcodes(), day.with_day(1).unwrap()),
                _ => {
                    let mut daily = exporters();
                    daily.date_format = "%Y-%m-%d".to_owned();
                    (daily, day)
                }
            };
            let source = source(settings);
            let key = source.object_key(day);
            prop_assert_eq!(source.stored_date(&key), Some(kept));
        }

        /// However the links are ordered, the newest is the latest date, the first of equals.
        #[test]
        fn the_newest_link_is_the_latest(months in proptest::collection::vec(0u32..120, 1..20)) {
            let source = source(exporters());
            let page: String = months
                .iter()
                .enumerate()
                .map(|(at, month)| {
                    let (year, month) = (2015 + month / 12, month % 12 + 1);
                    format!(r#"<a href="/f{at}/exporters{:02}{month:02}.csv">x</a>"#, year % 100)
                })
                .collect();
            let links = source.links(&page);
            prop_assert_eq!(links.len(), months.len());
            let latest = links.iter().map(|link| link.date).max().unwrap();
            let first_latest = links.iter().find(|link| link.date == latest).unwrap().clone();
            prop_assert_eq!(newest(links), Some(first_latest));
        }
    }
}
