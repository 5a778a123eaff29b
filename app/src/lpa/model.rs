//! The LPA as the real service's data model has it (reference §3), as types that cannot hold what
//! its validators refuse. Values are made by `parse`/`new` functions that check every rule and say
//! which part broke which rule ([`Invalid`]); [`crate::lpa::rules`] turns those into GOV.UK messages.
//!
//! The [`Document`] keeps the rules that span people: at most five people to notify, at most one
//! trust corporation across all attorneys and none on a health and welfare LPA, and the clean-ups
//! the real service runs when attorneys or decisions change (`ReplacementAttorneyCleanup`,
//! `Applicant::cleanUp`), so a decision that can no longer apply is never kept.
//!
//! Stored as JSON with the real service's camelCase field names. The store holds only what these
//! types wrote, so reading it back trusts it.
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use super::correspondent::{Contact, Correspondent, CorrespondentRole};
pub use super::payment::{CaseNumber, FeeReduction, Payment, PaymentMethod};
pub use crate::account::rules::{EmailAddress, EmailProblem};
use crate::dates::Today;

/// Why a value was refused: which part of it (`first`, `address1`, …) broke which rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub part: &'static str,
    pub problem: Problem,
}

/// The rules of the model (reference §4.1's error keys).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `cannot-be-blank`
    Missing,
    /// `must-be-less-than-or-equal:{n}` (characters)
    TooLong(usize),
    /// `cannot-be-null` on `address2/postcode`: one of the two is needed.
    NeedsLine2OrPostcode,
    /// `word-must-be-less-than-or-equal:85`
    WordTooLong,
    /// `no-links-allowed`
    HasLink,
    /// `invalid-phone-number`
    NotAPhoneNumber,
}

fn invalid(part: &'static str, problem: Problem) -> Invalid {
    Invalid { part, problem }
}

/// Trimmed text of at most `max` characters; `None` when blank.
fn optional_text(
    part: &'static str,
    raw: &str,
    max: usize,
    problems: &mut Vec<Invalid>,
) -> Option<String> {
    let text = raw.trim();
    if text.chars().count() > max {
        problems.push(invalid(part, Problem::TooLong(max)));
    }
    (!text.is_empty()).then(|| text.to_owned())
}

/// Trimmed text of 1 to `max` characters.
fn required_text(part: &'static str, raw: &str, max: usize, problems: &mut Vec<Invalid>) -> String {
    let text = optional_text(part, raw, max, problems);
    if text.is_none() {
        problems.push(invalid(part, Problem::Missing));
    }
    text.unwrap_or_default()
}

fn checked<T>(problems: Vec<Invalid>, value: T) -> Result<T, Vec<Invalid>> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(problems)
    }
}

/// An LPA's number: 0 to 99,999,999,999; new ones are random from 1,000,000 (reference §2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u64")]
pub struct LpaId(u64);

impl LpaId {
    pub const MAX: u64 = 99_999_999_999;
    /// The smallest number given to a new LPA.
    pub const FIRST_NEW: u64 = 1_000_000;

    pub fn new(id: u64) -> Option<Self> {
        (id <= Self::MAX).then_some(LpaId(id))
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// How people see it (reference §8.4): `A` and the number padded to 11 digits, in groups of
    /// four: id 12345678 is `A000 1234 5678`.
    pub fn a_reference(self) -> String {
        let digits = format!("A{:011}", self.0);
        let (first, rest) = digits.split_at(4);
        let (second, third) = rest.split_at(4);
        format!("{first} {second} {third}")
    }
}

impl fmt::Display for LpaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl TryFrom<u64> for LpaId {
    type Error = &'static str;

    fn try_from(id: u64) -> Result<Self, Self::Error> {
        LpaId::new(id).ok_or("an LPA id is at most 99,999,999,999")
    }
}

impl From<LpaId> for u64 {
    fn from(id: LpaId) -> Self {
        id.0
    }
}

/// An id from a URL: digits only, in range.
impl FromStr for LpaId {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() || text.len() > 11 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(());
        }
        text.parse().ok().and_then(LpaId::new).ok_or(())
    }
}

impl crate::paths::PathParams for LpaId {
    fn values(&self) -> Vec<String> {
        vec![self.0.to_string()]
    }
}

impl crate::paths::FromPathValues for LpaId {
    fn from_values(values: &[String]) -> Option<Self> {
        match values {
            [id] => id.parse().ok(),
            _ => None,
        }
    }
}

/// The two kinds of LPA.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LpaType {
    #[serde(rename = "property-and-financial")]
    PropertyAndFinancial,
    #[serde(rename = "health-and-welfare")]
    HealthAndWelfare,
}

impl LpaType {
    pub const ALL: [LpaType; 2] = [LpaType::PropertyAndFinancial, LpaType::HealthAndWelfare];

    /// The value the forms send, as the real service's.
    pub fn value(self) -> &'static str {
        match self {
            LpaType::PropertyAndFinancial => "property-and-financial",
            LpaType::HealthAndWelfare => "health-and-welfare",
        }
    }

    pub fn from_value(value: &str) -> Option<Self> {
        LpaType::ALL.into_iter().find(|t| t.value() == value)
    }

    pub fn name(self) -> &'static str {
        match self {
            LpaType::PropertyAndFinancial => "Property and financial affairs",
            LpaType::HealthAndWelfare => "Health and welfare",
        }
    }
}

/// A person's name. `FIRST` and `LAST` are the longest first and last names: [`Name`] for
/// attorneys, certificate providers and people to notify, [`LongName`] for the donor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName<const FIRST: usize, const LAST: usize> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    first: String,
    last: String,
}

/// Attorneys', certificate providers' and notified people's names: 50 and 50 characters.
pub type Name = PersonName<50, 50>;
/// The donor's (and correspondent's) name: 53 and 61 characters.
pub type LongName = PersonName<53, 61>;

/// The longest title (`Mrs`, `Dr`, `Prof`…).
pub const MAX_TITLE: usize = 5;

impl<const FIRST: usize, const LAST: usize> PersonName<FIRST, LAST> {
    pub fn parse(title: &str, first: &str, last: &str) -> Result<Self, Vec<Invalid>> {
        let mut problems = Vec::new();
        let title = optional_text("title", title, MAX_TITLE, &mut problems);
        let first = required_text("first", first, FIRST, &mut problems);
        let last = required_text("last", last, LAST, &mut problems);
        checked(problems, PersonName { title, first, last })
    }

    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    pub fn first(&self) -> &str {
        &self.first
    }

    pub fn last(&self) -> &str {
        &self.last
    }

    /// First and last names as compared for "the same person" (case and spacing ignored).
    pub fn comparable(&self) -> (String, String) {
        (self.first.to_lowercase(), self.last.to_lowercase())
    }
}

impl<const FIRST: usize, const LAST: usize> fmt::Display for PersonName<FIRST, LAST> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(title) = &self.title {
            write!(f, "{title} ")?;
        }
        write!(f, "{} {}", self.first, self.last)
    }
}

/// A postal address: line 1, and line 2 or a postcode (reference §3.9). No postcode format is
/// checked: overseas postcodes go in the lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    address1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    address2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    address3: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    postcode: Option<String>,
}

impl Address {
    pub const MAX_LINE: usize = 50;
    pub const MAX_POSTCODE: usize = 8;

    pub fn parse(
        address1: &str,
        address2: &str,
        address3: &str,
        postcode: &str,
    ) -> Result<Self, Vec<Invalid>> {
        let mut problems = Vec::new();
        let address1 = required_text("address1", address1, Self::MAX_LINE, &mut problems);
        let address2 = optional_text("address2", address2, Self::MAX_LINE, &mut problems);
        let address3 = optional_text("address3", address3, Self::MAX_LINE, &mut problems);
        let postcode = optional_text("postcode", postcode, Self::MAX_POSTCODE, &mut problems);
        if address2.is_none() && postcode.is_none() {
            problems.push(invalid("address2", Problem::NeedsLine2OrPostcode));
        }
        checked(
            problems,
            Address {
                address1,
                address2,
                address3,
                postcode,
            },
        )
    }

    /// The lines given, in order.
    pub fn lines(&self) -> Vec<&str> {
        std::iter::once(self.address1.as_str())
            .chain(self.address2.as_deref())
            .chain(self.address3.as_deref())
            .chain(self.postcode.as_deref())
            .collect()
    }

    /// The four parts as the form shows them.
    pub fn parts(&self) -> [String; 4] {
        let text = |part: &Option<String>| part.clone().unwrap_or_default();
        [
            self.address1.clone(),
            text(&self.address2),
            text(&self.address3),
            text(&self.postcode),
        ]
    }
}

/// A date of birth, not after the day it was entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Dob(NaiveDate);

impl Dob {
    /// `date` if it is not after `today` (`must-be-less-than-or-equal-to-today`).
    pub fn new(date: NaiveDate, today: Today) -> Option<Self> {
        (date <= today.date()).then_some(Dob(date))
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }

    /// Whole years of age on `day`.
    pub fn age_on(self, day: NaiveDate) -> u32 {
        day.years_since(self.0).unwrap_or(0)
    }
}

/// A UK or international phone number: `^[+|0]?[0-9 ]{8,15}$` (reference §3.7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let number = raw.trim();
        if number.is_empty() {
            return Err(Problem::Missing);
        }
        let rest = number.strip_prefix(['+', '|', '0']).unwrap_or(number);
        let length = rest.chars().count();
        let valid =
            (8..=15).contains(&length) && rest.chars().all(|c| c.is_ascii_digit() || c == ' ');
        if valid {
            Ok(PhoneNumber(number.to_owned()))
        } else {
            Err(Problem::NotAPhoneNumber)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free text as instructions, preferences and the "depends" details take it: at most `MAX`
/// characters, no word longer than 85, no web links (reference §3.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FreeText<const MAX: usize>(String);

/// Instructions and preferences: up to 10,000 characters, and may be empty.
pub type Instructions = FreeText<10_000>;
/// What "depends" means for these attorneys: 1 to 1,024,000 characters (not empty).
pub type Details = FreeText<1_024_000>;

/// The longest word free text may hold.
pub const MAX_WORD: usize = 85;

impl<const MAX: usize> FreeText<MAX> {
    /// The text (trimmed) if it keeps the rules; empty text is allowed here, [`Self::required`]
    /// refuses it.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        // Browsers send line breaks as CRLF but count them as one character, as we do.
        let text = raw.trim().replace("\r\n", "\n");
        if text.chars().count() > MAX {
            return Err(Problem::TooLong(MAX));
        }
        if text
            .split_whitespace()
            .any(|word| word.chars().count() > MAX_WORD)
        {
            return Err(Problem::WordTooLong);
        }
        let lower = text.to_lowercase();
        if lower.contains("http://") || lower.contains("https://") {
            return Err(Problem::HasLink);
        }
        Ok(FreeText(text))
    }

    /// As [`Self::parse`], and not empty.
    pub fn required(raw: &str) -> Result<Self, Problem> {
        let text = Self::parse(raw)?;
        if text.0.is_empty() {
            Err(Problem::Missing)
        } else {
            Ok(text)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Other names the donor is or was known by: at most 50 characters.
pub const MAX_OTHER_NAMES: usize = 50;
/// A trust corporation's name and its company number: at most 75 characters each.
pub const MAX_COMPANY_TEXT: usize = 75;

/// The person the LPA is for (reference §3.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Donor {
    pub name: LongName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_names: Option<String>,
    pub address: Address,
    pub dob: Dob,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailAddress>,
    /// False: someone will sign on the donor's behalf (continuation sheet 3).
    pub can_sign: bool,
}

/// A person's number within an LPA, given when they are added and never reused on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonId(u32);

impl PersonId {
    /// A number as a form sends it; whether this LPA has that person is the document's to say.
    pub fn new(number: u32) -> Self {
        PersonId(number)
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// An attorney who is a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HumanAttorney {
    pub name: Name,
    pub dob: Dob,
    pub address: Address,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailAddress>,
}

/// A company acting as attorney (property and financial affairs only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustCorporation {
    name: String,
    number: String,
    pub address: Address,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailAddress>,
}

impl TrustCorporation {
    pub fn new(
        name: &str,
        number: &str,
        address: Address,
        email: Option<EmailAddress>,
    ) -> Result<Self, Vec<Invalid>> {
        let mut problems = Vec::new();
        let name = required_text("name", name, MAX_COMPANY_TEXT, &mut problems);
        let number = required_text("number", number, MAX_COMPANY_TEXT, &mut problems);
        checked(
            problems,
            TrustCorporation {
                name,
                number,
                address,
                email,
            },
        )
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn number(&self) -> &str {
        &self.number
    }
}

/// Someone who acts for the donor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Attorney {
    Human(HumanAttorney),
    Trust(TrustCorporation),
}

impl Attorney {
    pub fn is_trust(&self) -> bool {
        matches!(self, Attorney::Trust(_))
    }

    /// The name as the pages show it.
    pub fn display_name(&self) -> String {
        match self {
            Attorney::Human(human) => human.name.to_string(),
            Attorney::Trust(trust) => trust.name.clone(),
        }
    }

    pub fn address(&self) -> &Address {
        match self {
            Attorney::Human(human) => &human.address,
            Attorney::Trust(trust) => &trust.address,
        }
    }
}

/// A person kept in a list of the LPA, with their number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed<T> {
    pub id: PersonId,
    #[serde(flatten)]
    pub person: T,
}

/// The person who confirms the donor understands the LPA (reference §3.5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateProvider {
    pub name: Name,
    pub address: Address,
}

/// Someone told when the LPA is registered (reference §3.5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifiedPerson {
    pub name: Name,
    pub address: Address,
}

/// How attorneys make decisions (reference §3.6). "Depends" carries what it depends on, so the
/// details exist exactly when they mean something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "how", content = "howDetails", rename_all = "kebab-case")]
pub enum How {
    JointlyAttorneySeverally,
    Jointly,
    Depends(Details),
}

impl How {
    /// The value the forms send.
    pub fn value(&self) -> &'static str {
        match self {
            How::JointlyAttorneySeverally => "jointly-attorney-severally",
            How::Jointly => "jointly",
            How::Depends(_) => "depends",
        }
    }
}

/// When a property and financial affairs LPA may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WhenLpaStarts {
    /// As soon as it is registered.
    Now,
    /// Only when the donor lacks mental capacity.
    NoCapacity,
}

impl WhenLpaStarts {
    pub fn value(self) -> &'static str {
        match self {
            WhenLpaStarts::Now => "now",
            WhenLpaStarts::NoCapacity => "no-capacity",
        }
    }
}

/// When replacement attorneys step in, for primaries acting jointly and severally.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "when", content = "whenDetails", rename_all = "kebab-case")]
pub enum StepIn {
    /// As soon as one original attorney can no longer act.
    First,
    /// Only when none of the original attorneys can act.
    Last,
    Depends(Details),
}

impl StepIn {
    pub fn value(&self) -> &'static str {
        match self {
            StepIn::First => "first",
            StepIn::Last => "last",
            StepIn::Depends(_) => "depends",
        }
    }
}

/// The primary attorneys' decisions: when the LPA starts (property and financial affairs), life-
/// sustaining treatment (health and welfare), and how they act when there are several.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrimaryDecisions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<WhenLpaStarts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_sustain_life: Option<bool>,
    /// With `howDetails` beside it, as the reference stores them.
    #[serde(default, flatten)]
    pub how: Option<How>,
}

/// The replacement attorneys' decisions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplacementDecisions {
    #[serde(default, flatten)]
    pub when: Option<StepIn>,
    #[serde(default, flatten)]
    pub how: Option<How>,
}

/// Who applies to register the LPA (step 12, built with the applicant page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Applicant {
    Donor(DonorApplies),
    Attorneys(Vec<PersonId>),
}

/// The donor applies: stored as the real service's `"donor"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DonorApplies {
    Donor,
}

/// Which list of attorneys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttorneyRole {
    Primary,
    Replacement,
}

/// The most people to notify an LPA may name.
pub const MAX_PEOPLE_TO_NOTIFY: usize = 5;

/// Why the document refused a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("a health and welfare LPA cannot have a trust corporation as an attorney")]
    TrustOnHealthAndWelfare,
    #[error("an LPA can have only one trust corporation")]
    SecondTrust,
    #[error("an LPA can name at most 5 people to notify")]
    TooManyPeopleToNotify,
    #[error("no such person on this LPA")]
    NoSuchPerson,
    #[error("that question is not asked for this LPA")]
    NotAsked,
    #[error("only primary attorneys can apply, and all of them when they act jointly")]
    NotAnApplicant,
}

/// What the LPA says (reference §3.2). Changed only through its methods, which keep the rules
/// between people and clean up decisions that stop applying.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Document {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    lpa_type: Option<LpaType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    donor: Option<Donor>,
    primary_attorneys: Vec<Listed<Attorney>>,
    replacement_attorneys: Vec<Listed<Attorney>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    primary_attorney_decisions: Option<PrimaryDecisions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replacement_attorney_decisions: Option<ReplacementDecisions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    certificate_provider: Option<CertificateProvider>,
    people_to_notify: Vec<Listed<NotifiedPerson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instruction: Option<Instructions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    preference: Option<Instructions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    who_is_registering: Option<Applicant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    correspondent: Option<Correspondent>,
}

impl Document {
    /// A new LPA of `lpa_type`.
    pub fn of_type(lpa_type: LpaType) -> Self {
        Document {
            lpa_type: Some(lpa_type),
            ..Document::default()
        }
    }

    // Reading.

    pub fn lpa_type(&self) -> Option<LpaType> {
        self.lpa_type
    }

    pub fn donor(&self) -> Option<&Donor> {
        self.donor.as_ref()
    }

    pub fn attorneys(&self, role: AttorneyRole) -> &[Listed<Attorney>] {
        match role {
            AttorneyRole::Primary => &self.primary_attorneys,
            AttorneyRole::Replacement => &self.replacement_attorneys,
        }
    }

    pub fn primary_attorneys(&self) -> &[Listed<Attorney>] {
        &self.primary_attorneys
    }

    pub fn replacement_attorneys(&self) -> &[Listed<Attorney>] {
        &self.replacement_attorneys
    }

    pub fn primary_decisions(&self) -> PrimaryDecisions {
        self.primary_attorney_decisions.clone().unwrap_or_default()
    }

    pub fn replacement_decisions(&self) -> ReplacementDecisions {
        self.replacement_attorney_decisions
            .clone()
            .unwrap_or_default()
    }

    pub fn certificate_provider(&self) -> Option<&CertificateProvider> {
        self.certificate_provider.as_ref()
    }

    pub fn people_to_notify(&self) -> &[Listed<NotifiedPerson>] {
        &self.people_to_notify
    }

    pub fn instruction(&self) -> Option<&Instructions> {
        self.instruction.as_ref()
    }

    pub fn preference(&self) -> Option<&Instructions> {
        self.preference.as_ref()
    }

    pub fn applicant(&self) -> Option<&Applicant> {
        self.who_is_registering.as_ref()
    }

    /// Whether the primary attorneys act jointly (all of them must then apply together).
    pub fn primaries_act_jointly(&self) -> bool {
        self.primary_how() == Some(&How::Jointly)
    }

    /// The correspondent chosen, if one has been.
    pub fn correspondent(&self) -> Option<&Correspondent> {
        self.correspondent.as_ref()
    }

    /// The correspondent, or the donor until someone else is chosen (reference §3.7).
    pub fn correspondent_or_donor(&self) -> Option<Correspondent> {
        self.correspondent
            .clone()
            .or_else(|| self.person_as_correspondent(CorrespondentRole::Donor))
    }

    /// A person on this LPA as the correspondent, with their current details.
    pub fn person_as_correspondent(&self, who: CorrespondentRole) -> Option<Correspondent> {
        match who {
            CorrespondentRole::Donor => self.donor.as_ref().map(|donor| {
                Correspondent::person(
                    who,
                    donor.name.clone(),
                    donor.address.clone(),
                    donor.email.clone(),
                )
            }),
            CorrespondentRole::Attorney(id) => self
                .primary_attorneys
                .iter()
                .chain(&self.replacement_attorneys)
                .find(|listed| listed.id == id)
                .and_then(|listed| Correspondent::of_attorney(id, &listed.person)),
            CorrespondentRole::CertificateProvider => {
                self.certificate_provider.as_ref().and_then(|provider| {
                    let name = &provider.name;
                    LongName::parse(name.title().unwrap_or_default(), name.first(), name.last())
                        .ok()
                        .map(|long| {
                            Correspondent::person(who, long, provider.address.clone(), None)
                        })
                })
            }
            CorrespondentRole::Other => None,
        }
    }

    /// Whether any attorney, primary or replacement, is a trust corporation.
    pub fn has_trust_corporation(&self) -> bool {
        self.primary_attorneys
            .iter()
            .chain(&self.replacement_attorneys)
            .any(|listed| listed.person.is_trust())
    }

    /// Whether another trust corporation may be added: only on a property and financial affairs
    /// LPA that has none (reference §4.2).
    pub fn may_add_trust_corporation(&self) -> bool {
        self.lpa_type == Some(LpaType::PropertyAndFinancial) && !self.has_trust_corporation()
    }

    /// Whether another person to notify may be added (at most 5).
    pub fn may_add_person_to_notify(&self) -> bool {
        self.people_to_notify.len() < MAX_PEOPLE_TO_NOTIFY
    }

    // Changing.

    /// Changes the type. A trust corporation cannot act on a health and welfare LPA, so that
    /// change is refused while one is named (rather than dropping an attorney unasked); the
    /// decision only the old type asks (when it starts, or life-sustaining treatment) is cleared.
    pub fn set_type(&mut self, lpa_type: LpaType) -> Result<(), DocumentError> {
        if self.lpa_type == Some(lpa_type) {
            return Ok(());
        }
        if lpa_type == LpaType::HealthAndWelfare && self.has_trust_corporation() {
            return Err(DocumentError::TrustOnHealthAndWelfare);
        }
        self.lpa_type = Some(lpa_type);
        if let Some(decisions) = &mut self.primary_attorney_decisions {
            decisions.when = None;
            decisions.can_sustain_life = None;
        }
        Ok(())
    }

    pub fn set_donor(&mut self, donor: Donor) {
        self.donor = Some(donor);
        self.refresh_correspondent();
    }

    /// Who applies to register the LPA (step 12): the donor, or primary attorneys; all of them
    /// when they act jointly.
    pub fn set_applicant(&mut self, applicant: Applicant) -> Result<(), DocumentError> {
        if let Applicant::Attorneys(ids) = &applicant {
            let current: Vec<PersonId> = self.primary_attorneys.iter().map(|l| l.id).collect();
            let all_current = !ids.is_empty() && ids.iter().all(|id| current.contains(id));
            let everyone_if_jointly = !self.primaries_act_jointly() || ids.len() == current.len();
            if !all_current || !everyone_if_jointly {
                return Err(DocumentError::NotAnApplicant);
            }
        }
        self.who_is_registering = Some(applicant);
        Ok(())
    }

    /// Chooses the correspondent. How to contact them is kept only if they are the same one.
    pub fn set_correspondent(&mut self, correspondent: Correspondent) {
        let same = self
            .correspondent
            .as_ref()
            .is_some_and(|current| current.who() == correspondent.who());
        self.correspondent = Some(match (&self.correspondent, same) {
            (Some(current), true) => current.refreshed(correspondent),
            _ => correspondent,
        });
    }

    /// How the correspondent (the donor, if no one else was chosen) wants to be contacted.
    pub fn set_correspondent_contact(&mut self, contact: Contact) -> Result<(), DocumentError> {
        let correspondent = self
            .correspondent_or_donor()
            .ok_or(DocumentError::NoSuchPerson)?;
        self.correspondent = Some(correspondent.with_contact(contact));
        Ok(())
    }

    /// Brings a correspondent who is a person on the LPA up to date with that person, or forgets
    /// them if they were removed (the step is then asked again).
    fn refresh_correspondent(&mut self) {
        let Some(current) = &self.correspondent else {
            return;
        };
        let who = current.who();
        if who == CorrespondentRole::Other {
            return;
        }
        self.correspondent = self
            .person_as_correspondent(who)
            .map(|fresh| current.refreshed(fresh));
    }

    fn primary_decisions_mut(&mut self) -> &mut PrimaryDecisions {
        self.primary_attorney_decisions
            .get_or_insert_with(Default::default)
    }

    fn replacement_decisions_mut(&mut self) -> &mut ReplacementDecisions {
        self.replacement_attorney_decisions
            .get_or_insert_with(Default::default)
    }

    /// When a property and financial affairs LPA starts.
    pub fn set_when_lpa_starts(&mut self, when: WhenLpaStarts) -> Result<(), DocumentError> {
        if self.lpa_type != Some(LpaType::PropertyAndFinancial) {
            return Err(DocumentError::NotAsked);
        }
        self.primary_decisions_mut().when = Some(when);
        Ok(())
    }

    /// Whether the attorneys of a health and welfare LPA may decide on life-sustaining treatment.
    pub fn set_life_sustaining(&mut self, can_sustain_life: bool) -> Result<(), DocumentError> {
        if self.lpa_type != Some(LpaType::HealthAndWelfare) {
            return Err(DocumentError::NotAsked);
        }
        self.primary_decisions_mut().can_sustain_life = Some(can_sustain_life);
        Ok(())
    }

    /// The next unused person number on this LPA.
    fn next_person_id(&self) -> PersonId {
        let highest = self
            .primary_attorneys
            .iter()
            .map(|listed| listed.id)
            .chain(self.replacement_attorneys.iter().map(|listed| listed.id))
            .chain(self.people_to_notify.iter().map(|listed| listed.id))
            .map(PersonId::get)
            .max()
            .unwrap_or(0);
        PersonId(highest + 1)
    }

    fn allows(
        &self,
        attorney: &Attorney,
        replacing: Option<&Attorney>,
    ) -> Result<(), DocumentError> {
        if attorney.is_trust() && !replacing.is_some_and(Attorney::is_trust) {
            if self.lpa_type != Some(LpaType::PropertyAndFinancial) {
                return Err(DocumentError::TrustOnHealthAndWelfare);
            }
            if self.has_trust_corporation() {
                return Err(DocumentError::SecondTrust);
            }
        }
        Ok(())
    }

    fn attorneys_mut(&mut self, role: AttorneyRole) -> &mut Vec<Listed<Attorney>> {
        match role {
            AttorneyRole::Primary => &mut self.primary_attorneys,
            AttorneyRole::Replacement => &mut self.replacement_attorneys,
        }
    }

    /// Adds an attorney to the end of a list.
    pub fn add_attorney(
        &mut self,
        role: AttorneyRole,
        attorney: Attorney,
    ) -> Result<PersonId, DocumentError> {
        self.allows(&attorney, None)?;
        let id = self.next_person_id();
        self.attorneys_mut(role).push(Listed {
            id,
            person: attorney,
        });
        self.clean_up();
        Ok(id)
    }

    /// Replaces the attorney at `index` (0-based) of a list, keeping their number.
    pub fn replace_attorney(
        &mut self,
        role: AttorneyRole,
        index: usize,
        attorney: Attorney,
    ) -> Result<(), DocumentError> {
        let current = self
            .attorneys(role)
            .get(index)
            .ok_or(DocumentError::NoSuchPerson)?;
        self.allows(&attorney, Some(&current.person))?;
        self.attorneys_mut(role)[index].person = attorney;
        self.refresh_correspondent();
        Ok(())
    }

    /// Removes the attorney at `index` of a list, and every decision that no longer applies.
    pub fn remove_attorney(
        &mut self,
        role: AttorneyRole,
        index: usize,
    ) -> Result<Listed<Attorney>, DocumentError> {
        if index >= self.attorneys(role).len() {
            return Err(DocumentError::NoSuchPerson);
        }
        let removed = self.attorneys_mut(role).remove(index);
        self.clean_up();
        Ok(removed)
    }

    /// How the primary attorneys act (asked only when there are two or more).
    pub fn set_primary_how(&mut self, how: How) -> Result<(), DocumentError> {
        if self.primary_attorneys.len() < 2 {
            return Err(DocumentError::NotAsked);
        }
        self.primary_decisions_mut().how = Some(how);
        self.clean_up();
        Ok(())
    }

    /// When the replacements step in (asked only for two or more primaries acting jointly and
    /// severally, with a replacement).
    pub fn set_step_in(&mut self, when: StepIn) -> Result<(), DocumentError> {
        if !self.asks_when_replacements_step_in() {
            return Err(DocumentError::NotAsked);
        }
        self.replacement_decisions_mut().when = Some(when);
        self.clean_up();
        Ok(())
    }

    /// How the replacements act (asked only where [`Self::asks_how_replacements_act`]).
    pub fn set_replacement_how(&mut self, how: How) -> Result<(), DocumentError> {
        if !self.asks_how_replacements_act() {
            return Err(DocumentError::NotAsked);
        }
        self.replacement_decisions_mut().how = Some(how);
        Ok(())
    }

    pub fn set_certificate_provider(&mut self, provider: Option<CertificateProvider>) {
        self.certificate_provider = provider;
        self.refresh_correspondent();
    }

    pub fn add_person_to_notify(
        &mut self,
        person: NotifiedPerson,
    ) -> Result<PersonId, DocumentError> {
        if !self.may_add_person_to_notify() {
            return Err(DocumentError::TooManyPeopleToNotify);
        }
        let id = self.next_person_id();
        self.people_to_notify.push(Listed { id, person });
        Ok(id)
    }

    pub fn replace_person_to_notify(
        &mut self,
        index: usize,
        person: NotifiedPerson,
    ) -> Result<(), DocumentError> {
        let listed = self
            .people_to_notify
            .get_mut(index)
            .ok_or(DocumentError::NoSuchPerson)?;
        listed.person = person;
        Ok(())
    }

    pub fn remove_person_to_notify(
        &mut self,
        index: usize,
    ) -> Result<Listed<NotifiedPerson>, DocumentError> {
        if index >= self.people_to_notify.len() {
            return Err(DocumentError::NoSuchPerson);
        }
        Ok(self.people_to_notify.remove(index))
    }

    /// Instructions and preferences; empty text is an answer ("none").
    pub fn set_instructions(&mut self, instruction: Instructions, preference: Instructions) {
        self.instruction = Some(instruction);
        self.preference = Some(preference);
    }

    // The questions that depend on others (reference §2.2 and `ReplacementAttorneyCleanup`).

    fn primary_how(&self) -> Option<&How> {
        self.primary_attorney_decisions
            .as_ref()
            .and_then(|d| d.how.as_ref())
    }

    /// Two or more primaries acting jointly and severally.
    fn primaries_jointly_and_severally(&self) -> bool {
        self.primary_attorneys.len() >= 2
            && self.primary_how() == Some(&How::JointlyAttorneySeverally)
    }

    /// "When do the replacements step in" is asked: a replacement, and two or more primaries
    /// acting jointly and severally.
    pub fn asks_when_replacements_step_in(&self) -> bool {
        !self.replacement_attorneys.is_empty() && self.primaries_jointly_and_severally()
    }

    /// "How do the replacements act" is asked: two or more replacements, and one primary, or
    /// primaries acting jointly, or replacements stepping in only when no primary can act. (Never
    /// when the primaries' decisions "depend".)
    pub fn asks_how_replacements_act(&self) -> bool {
        let primaries = self.primary_attorneys.len();
        let steps_in_last = self.asks_when_replacements_step_in()
            && matches!(
                self.replacement_attorney_decisions
                    .as_ref()
                    .and_then(|d| d.when.as_ref()),
                Some(StepIn::Last)
            );
        self.replacement_attorneys.len() >= 2
            && (primaries == 1
                || (primaries >= 2 && self.primary_how() == Some(&How::Jointly))
                || steps_in_last)
    }

    /// Clears every decision that no longer applies, after attorneys or decisions change: the
    /// primaries' "how" once there are fewer than two, the replacements' "when" and "how" as
    /// `ReplacementAttorneyCleanup` does, and applicants who are no longer primary attorneys.
    fn clean_up(&mut self) {
        if self.primary_attorneys.len() < 2 {
            if let Some(decisions) = &mut self.primary_attorney_decisions {
                decisions.how = None;
            }
        }
        if !self.asks_when_replacements_step_in() {
            if let Some(decisions) = &mut self.replacement_attorney_decisions {
                decisions.when = None;
            }
        }
        if !self.asks_how_replacements_act() {
            if let Some(decisions) = &mut self.replacement_attorney_decisions {
                decisions.how = None;
            }
        }
        let jointly = self.primary_how() == Some(&How::Jointly);
        let current: Vec<PersonId> = self.primary_attorneys.iter().map(|l| l.id).collect();
        if let Some(Applicant::Attorneys(ids)) = &mut self.who_is_registering {
            if jointly {
                // Attorneys acting jointly must all apply together.
                *ids = current;
            } else {
                ids.retain(|id| current.contains(id));
            }
            if ids.is_empty() {
                self.who_is_registering = None;
            }
        }
        self.refresh_correspondent();
    }
}

/// What the service remembers about answers that leave nothing in the document (reference §3.1's
/// metadata keys): stored as the real service's keys, present when true.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Metadata {
    /// "No replacement attorneys" was confirmed.
    #[serde(
        rename = "replacement-attorneys-confirmed",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub replacement_attorneys_confirmed: bool,
    /// The certificate provider was skipped for now.
    #[serde(
        rename = "certificate-provider-skipped",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub certificate_provider_skipped: bool,
    /// It was skipped at some point (kept after one is added, for analytics in the real service).
    #[serde(
        rename = "certificate-provider-was-skipped",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub certificate_provider_was_skipped: bool,
    /// The people to notify (possibly none) were confirmed.
    #[serde(
        rename = "people-to-notify-confirmed",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub people_to_notify_confirmed: bool,
    #[serde(
        rename = "instruction-confirmed",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub instruction_confirmed: bool,
    /// The repeat application question was answered (yes with a case number, or no).
    #[serde(
        rename = "repeat-application-confirmed",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub repeat_application_confirmed: bool,
    /// The journey events this LPA has recorded (each once; `lpa::events`).
    #[serde(
        rename = "journey-events",
        skip_serializing_if = "std::collections::BTreeSet::is_empty"
    )]
    pub recorded_events: std::collections::BTreeSet<super::events::EventKind>,
    /// What Sirius last said of it, once completed (`lpa::tracking`).
    #[serde(flatten)]
    pub sirius: super::tracking::SiriusProgress,
}

/// A change number: each save of an LPA makes the next, and a save made from an older one is
/// refused, so one tab cannot silently overwrite what another saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Revision(pub i64);

/// One LPA as its owner sees it (reference §3.1), without who owns it: the repository only gives
/// an LPA to its owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lpa {
    pub id: LpaId,
    pub revision: Revision,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When it was first complete enough to be "created" (§2.3); cleared if it stops being so.
    pub created_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub locked_at: Option<DateTime<Utc>>,
    pub locked: bool,
    /// The LPA whose people are offered for reuse.
    pub seed: Option<LpaId>,
    pub document: Document,
    pub metadata: Metadata,
    /// The fee and how it was paid, once the fee reduction question is answered.
    pub payment: Option<Payment>,
    /// "Who was using the service" was answered (the answer is kept apart from the LPA).
    pub who_are_you_answered: bool,
    /// The case number of an earlier application the Office of the Public Guardian returned.
    pub repeat_case_number: Option<CaseNumber>,
}

impl Lpa {
    /// "Created" (`hasFinishedCreation`): a certificate provider, a primary attorney, instructions
    /// or preferences answered, and every decision that applies made.
    pub fn is_created(&self) -> bool {
        let document = &self.document;
        let primaries = document.primary_attorneys().len();
        let primary = document.primary_decisions();
        let replacement = document.replacement_decisions();
        let starts = match document.lpa_type() {
            Some(LpaType::PropertyAndFinancial) => primary.when.is_some(),
            Some(LpaType::HealthAndWelfare) => primary.can_sustain_life.is_some(),
            None => false,
        };
        document.donor().is_some()
            && starts
            && document.certificate_provider().is_some()
            && primaries >= 1
            && (document.instruction().is_some() || document.preference().is_some())
            && (primaries < 2 || primary.how.is_some())
            && (!document.asks_when_replacements_step_in() || replacement.when.is_some())
            && (!document.asks_how_replacements_act() || replacement.how.is_some())
    }

    /// Sets or clears `created_at` as the state now is, at `now` (§2.3).
    pub fn mark_created(&mut self, now: DateTime<Utc>) {
        if self.is_created() {
            self.created_at.get_or_insert(now);
        } else {
            self.created_at = None;
        }
    }

    /// Answers the repeat application question: the earlier case's number, or none. The fee
    /// depends on it, so a fee already worked out is worked out again.
    pub fn set_repeat_application(&mut self, case_number: Option<CaseNumber>) {
        self.repeat_case_number = case_number;
        self.metadata.repeat_application_confirmed = true;
        let repeat = self.repeat_case_number.is_some();
        if let Some(payment) = &mut self.payment {
            payment.recompute(repeat);
        }
    }

    /// Answers the fee reduction question. Choosing the same again keeps what was recorded
    /// about paying (the fee is worked out again all the same).
    pub fn choose_fee_reduction(&mut self, reduction: FeeReduction) {
        let repeat = self.repeat_case_number.is_some();
        match &mut self.payment {
            Some(payment) if payment.reduction == reduction => payment.recompute(repeat),
            _ => self.payment = Some(Payment::new(reduction, repeat)),
        }
    }

    /// Paid, or nothing to pay now (`isPaymentResolved`).
    pub fn payment_resolved(&self) -> bool {
        self.payment.as_ref().is_some_and(Payment::is_resolved)
    }

    /// Completed (§2.3): locked at the end of checkout with the payment resolved.
    pub fn is_completed(&self) -> bool {
        self.completed_at.is_some()
    }

    /// Locks the LPA at `now` (the end of checkout) and marks it completed if its payment is
    /// resolved. Nothing in the document changes after this.
    pub fn lock(&mut self, now: DateTime<Utc>) {
        if !self.locked {
            self.locked = true;
            self.locked_at = Some(now);
        }
        if self.payment_resolved() {
            self.completed_at.get_or_insert(now);
        }
    }

    /// The status people see on the dashboard.
    pub fn progress(&self) -> Progress {
        Progress::of(self.created_at.is_some(), self.completed_at.is_some())
    }
}

/// Where an LPA has got to (reference §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Progress {
    Started,
    Created,
    Completed,
}

impl Progress {
    /// The progress of an LPA that was or was not created (§2.3), and completed.
    pub fn of(created: bool, completed: bool) -> Self {
        if completed {
            Progress::Completed
        } else if created {
            Progress::Created
        } else {
            Progress::Started
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Progress::Started => "Started",
            Progress::Created => "Created",
            Progress::Completed => "Completed",
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Valid people for tests.
    use super::*;

    pub fn today() -> Today {
        Today::new(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap())
    }

    pub fn address() -> Address {
        Address::parse("1 High Street", "", "Leeds", "LS1 1AA").unwrap()
    }

    pub fn dob(year: i32) -> Dob {
        Dob::new(NaiveDate::from_ymd_opt(year, 6, 1).unwrap(), today()).unwrap()
    }

    pub fn donor() -> Donor {
        Donor {
            name: LongName::parse("Mrs", "Dana", "Donor").unwrap(),
            other_names: None,
            address: address(),
            dob: dob(1950),
            email: None,
            can_sign: true,
        }
    }

    pub fn human(first: &str, last: &str) -> Attorney {
        Attorney::Human(HumanAttorney {
            name: Name::parse("", first, last).unwrap(),
            dob: dob(1970),
            address: address(),
            email: None,
        })
    }

    pub fn trust() -> Attorney {
        Attorney::Trust(TrustCorporation::new("Trusty Ltd", "123456", address(), None).unwrap())
    }

    pub fn person(first: &str, last: &str) -> NotifiedPerson {
        NotifiedPerson {
            name: Name::parse("", first, last).unwrap(),
            address: address(),
        }
    }

    pub fn lpa(document: Document) -> Lpa {
        let now = DateTime::parse_from_rfc3339("2026-12-03T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        Lpa {
            id: LpaId::new(12_345_678).unwrap(),
            revision: Revision(1),
            started_at: now,
            updated_at: now,
            created_at: None,
            completed_at: None,
            locked_at: None,
            locked: false,
            seed: None,
            document,
            metadata: Metadata::default(),
            payment: None,
            who_are_you_answered: false,
            repeat_case_number: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn ids_are_shown_as_a_references() {
        assert_eq!(
            LpaId::new(12_345_678).unwrap().a_reference(),
            "A000 1234 5678"
        );
        assert_eq!(
            LpaId::new(LpaId::MAX).unwrap().a_reference(),
            "A999 9999 9999"
        );
        assert_eq!(LpaId::new(LpaId::MAX + 1), None);
        assert_eq!("12345678".parse::<LpaId>(), Ok(LpaId(12_345_678)));
        for bad in ["", "-1", "1e6", "999999999999", " 1", "+1"] {
            assert!(bad.parse::<LpaId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn names_have_the_reference_limits() {
        assert!(Name::parse("", &"a".repeat(50), &"b".repeat(50)).is_ok());
        let problems = Name::parse("Professor", &"a".repeat(51), " ").unwrap_err();
        assert_eq!(
            problems,
            vec![
                invalid("title", Problem::TooLong(5)),
                invalid("first", Problem::TooLong(50)),
                invalid("last", Problem::Missing),
            ]
        );
        assert!(LongName::parse("", &"a".repeat(53), &"b".repeat(61)).is_ok());
        assert_eq!(
            LongName::parse("", &"a".repeat(54), &"b".repeat(62)).unwrap_err(),
            vec![
                invalid("first", Problem::TooLong(53)),
                invalid("last", Problem::TooLong(61))
            ]
        );
        let name = Name::parse(" Dr ", " Ann ", " Smith ").unwrap();
        assert_eq!(name.to_string(), "Dr Ann Smith");
        assert_eq!(name.comparable(), ("ann".into(), "smith".into()));
    }

    #[test]
    fn an_address_needs_line_1_and_line_2_or_a_postcode() {
        assert!(Address::parse("1 High St", "Leeds", "", "").is_ok());
        assert!(Address::parse("1 High St", "", "", "LS1 1AA").is_ok());
        assert_eq!(
            Address::parse("", "", "Leeds", "").unwrap_err(),
            vec![
                invalid("address1", Problem::Missing),
                invalid("address2", Problem::NeedsLine2OrPostcode)
            ]
        );
        assert_eq!(
            Address::parse("1 High St", "x", "", "LS1 1AAAA").unwrap_err(),
            vec![invalid("postcode", Problem::TooLong(8))]
        );
    }

    #[test]
    fn a_date_of_birth_is_not_after_today() {
        let today = today();
        assert!(Dob::new(today.date(), today).is_some());
        assert!(Dob::new(today.date().succ_opt().unwrap(), today).is_none());
        assert_eq!(dob(2008).age_on(today.date()), 18);
    }

    #[test]
    fn phone_numbers_follow_the_reference_pattern() {
        for good in ["01234 567890", "+44 1234 567890", "12345678"] {
            assert!(PhoneNumber::parse(good).is_ok(), "{good}");
        }
        assert_eq!(PhoneNumber::parse(""), Err(Problem::Missing));
        for bad in ["1234567", "0123-456-789", "+44 1234 567890 123"] {
            assert_eq!(
                PhoneNumber::parse(bad),
                Err(Problem::NotAPhoneNumber),
                "{bad}"
            );
        }
    }

    #[test]
    fn free_text_has_no_long_words_and_no_links() {
        assert!(Instructions::parse("").unwrap().is_empty());
        assert_eq!(Details::required("  "), Err(Problem::Missing));
        assert!(Instructions::parse(&"word ".repeat(1999)).is_ok());
        assert_eq!(
            Instructions::parse(&"a".repeat(10_001)),
            Err(Problem::TooLong(10_000))
        );
        assert!(Instructions::parse(&"a".repeat(85)).is_ok());
        assert_eq!(
            Instructions::parse(&"a".repeat(86)),
            Err(Problem::WordTooLong)
        );
        assert_eq!(
            Instructions::parse("see HTTPS://example.com"),
            Err(Problem::HasLink)
        );
        assert!(Instructions::parse("example.com is fine").is_ok());
    }

    #[test]
    fn one_trust_corporation_and_only_on_property_and_finance() {
        let mut pf = Document::of_type(LpaType::PropertyAndFinancial);
        pf.add_attorney(AttorneyRole::Primary, trust()).unwrap();
        assert!(!pf.may_add_trust_corporation());
        assert_eq!(
            pf.add_attorney(AttorneyRole::Replacement, trust()),
            Err(DocumentError::SecondTrust)
        );
        // Editing the trust corporation itself is not adding a second one.
        pf.replace_attorney(AttorneyRole::Primary, 0, trust())
            .unwrap();
        assert_eq!(
            pf.set_type(LpaType::HealthAndWelfare),
            Err(DocumentError::TrustOnHealthAndWelfare)
        );
        let mut hw = Document::of_type(LpaType::HealthAndWelfare);
        assert!(!hw.may_add_trust_corporation());
        assert_eq!(
            hw.add_attorney(AttorneyRole::Primary, trust()),
            Err(DocumentError::TrustOnHealthAndWelfare)
        );
        hw.add_attorney(AttorneyRole::Primary, human("A", "B"))
            .unwrap();
        assert_eq!(
            hw.replace_attorney(AttorneyRole::Primary, 0, trust()),
            Err(DocumentError::TrustOnHealthAndWelfare)
        );
    }

    #[test]
    fn at_most_five_people_to_notify() {
        let mut document = Document::of_type(LpaType::HealthAndWelfare);
        for n in 0..5 {
            document
                .add_person_to_notify(person("P", &n.to_string()))
                .unwrap();
        }
        assert!(!document.may_add_person_to_notify());
        assert_eq!(
            document.add_person_to_notify(person("P", "6")),
            Err(DocumentError::TooManyPeopleToNotify)
        );
        document.remove_person_to_notify(0).unwrap();
        assert!(document.may_add_person_to_notify());
    }

    #[test]
    fn person_numbers_are_never_reused() {
        let mut document = Document::of_type(LpaType::PropertyAndFinancial);
        let first = document
            .add_attorney(AttorneyRole::Primary, human("A", "A"))
            .unwrap();
        let second = document
            .add_attorney(AttorneyRole::Replacement, human("B", "B"))
            .unwrap();
        let third = document.add_person_to_notify(person("C", "C")).unwrap();
        assert_eq!([first.get(), second.get(), third.get()], [1, 2, 3]);
        document
            .remove_attorney(AttorneyRole::Replacement, 0)
            .unwrap();
        let fourth = document
            .add_attorney(AttorneyRole::Primary, human("D", "D"))
            .unwrap();
        assert_eq!(fourth.get(), 4);
    }

    #[test]
    fn changing_the_type_clears_the_old_types_question() {
        let mut document = Document::of_type(LpaType::PropertyAndFinancial);
        document.set_when_lpa_starts(WhenLpaStarts::Now).unwrap();
        assert_eq!(
            document.set_life_sustaining(true),
            Err(DocumentError::NotAsked)
        );
        document.set_type(LpaType::HealthAndWelfare).unwrap();
        assert_eq!(document.primary_decisions().when, None);
        document.set_life_sustaining(false).unwrap();
        assert_eq!(document.primary_decisions().can_sustain_life, Some(false));
    }

    fn with_attorneys(primaries: usize, replacements: usize) -> Document {
        let mut document = Document::of_type(LpaType::PropertyAndFinancial);
        for n in 0..primaries {
            document
                .add_attorney(AttorneyRole::Primary, human("P", &n.to_string()))
                .unwrap();
        }
        for n in 0..replacements {
            document
                .add_attorney(AttorneyRole::Replacement, human("R", &n.to_string()))
                .unwrap();
        }
        document
    }

    #[test]
    fn removing_a_primary_down_to_one_clears_how_they_act() {
        let mut document = with_attorneys(2, 0);
        document.set_primary_how(How::Jointly).unwrap();
        document.remove_attorney(AttorneyRole::Primary, 1).unwrap();
        assert_eq!(document.primary_decisions().how, None);
        assert_eq!(
            document.set_primary_how(How::Jointly),
            Err(DocumentError::NotAsked)
        );
    }

    #[test]
    fn replacement_decisions_are_cleared_when_they_stop_applying() {
        let mut document = with_attorneys(2, 2);
        document
            .set_primary_how(How::JointlyAttorneySeverally)
            .unwrap();
        document.set_step_in(StepIn::Last).unwrap();
        document.set_replacement_how(How::Jointly).unwrap();
        assert!(document.asks_how_replacements_act());

        // Stepping in first: "how" no longer applies.
        document.set_step_in(StepIn::First).unwrap();
        assert_eq!(document.replacement_decisions().how, None);

        // Primaries now jointly: "when" no longer applies, "how" is asked again.
        document.set_primary_how(How::Jointly).unwrap();
        assert_eq!(document.replacement_decisions().when, None);
        assert!(document.asks_how_replacements_act());
        document
            .set_replacement_how(How::JointlyAttorneySeverally)
            .unwrap();

        // Down to one replacement: no "how" for them.
        document
            .remove_attorney(AttorneyRole::Replacement, 0)
            .unwrap();
        assert_eq!(document.replacement_decisions().how, None);
    }

    #[test]
    fn depends_is_never_followed_by_how_the_replacements_act() {
        let mut document = with_attorneys(2, 3);
        document
            .set_primary_how(How::Depends(Details::required("money jointly").unwrap()))
            .unwrap();
        assert!(!document.asks_when_replacements_step_in());
        assert!(!document.asks_how_replacements_act());
        assert_eq!(
            document.set_replacement_how(How::Jointly),
            Err(DocumentError::NotAsked)
        );
    }

    #[test]
    fn applicants_follow_the_primary_attorneys() {
        let mut document = with_attorneys(3, 0);
        let ids: Vec<PersonId> = document.primary_attorneys().iter().map(|l| l.id).collect();
        document
            .set_primary_how(How::JointlyAttorneySeverally)
            .unwrap();
        document.who_is_registering = Some(Applicant::Attorneys(vec![ids[0], ids[2]]));
        document.remove_attorney(AttorneyRole::Primary, 0).unwrap();
        assert_eq!(
            document.applicant(),
            Some(&Applicant::Attorneys(vec![ids[2]]))
        );
        // Acting jointly, all of them apply.
        document.set_primary_how(How::Jointly).unwrap();
        assert_eq!(
            document.applicant(),
            Some(&Applicant::Attorneys(vec![ids[1], ids[2]]))
        );
    }

    #[test]
    fn the_document_is_stored_with_the_reference_field_names() {
        let mut document = with_attorneys(2, 0);
        document
            .set_when_lpa_starts(WhenLpaStarts::NoCapacity)
            .unwrap();
        document
            .set_primary_how(How::Depends(Details::required("property jointly").unwrap()))
            .unwrap();
        let json = serde_json::to_value(&document).unwrap();
        assert_eq!(json["type"], "property-and-financial");
        assert_eq!(json["primaryAttorneys"][0]["type"], "human");
        assert_eq!(json["primaryAttorneys"][0]["id"], 1);
        assert_eq!(json["primaryAttorneys"][0]["name"]["first"], "P");
        assert_eq!(json["primaryAttorneyDecisions"]["when"], "no-capacity");
        assert_eq!(json["primaryAttorneyDecisions"]["how"], "depends");
        assert_eq!(
            json["primaryAttorneyDecisions"]["howDetails"],
            "property jointly"
        );
        let back: Document = serde_json::from_value(json).unwrap();
        assert_eq!(back, document);

        let mut metadata = Metadata::default();
        assert_eq!(serde_json::to_string(&metadata).unwrap(), "{}");
        metadata.people_to_notify_confirmed = true;
        assert_eq!(
            serde_json::to_string(&metadata).unwrap(),
            r#"{"people-to-notify-confirmed":true}"#
        );
    }

    #[test]
    fn created_needs_every_answer_that_applies() {
        let mut document = with_attorneys(1, 0);
        document.set_donor(donor());
        document.set_when_lpa_starts(WhenLpaStarts::Now).unwrap();
        document.set_certificate_provider(Some(CertificateProvider {
            name: Name::parse("", "Cee", "Pee").unwrap(),
            address: address(),
        }));
        let mut lpa = lpa(document.clone());
        assert!(!lpa.is_created(), "no instructions yet");
        document.set_instructions(
            Instructions::parse("").unwrap(),
            Instructions::parse("").unwrap(),
        );
        lpa.document = document.clone();
        assert!(lpa.is_created());
        let now = lpa.updated_at;
        lpa.mark_created(now);
        assert_eq!(lpa.created_at, Some(now));
        assert_eq!(lpa.progress(), Progress::Created);

        document
            .add_attorney(AttorneyRole::Primary, human("Two", "Two"))
            .unwrap();
        lpa.document = document;
        assert!(!lpa.is_created(), "how two attorneys act is not answered");
        lpa.mark_created(now);
        assert_eq!(lpa.created_at, None);
    }
}
