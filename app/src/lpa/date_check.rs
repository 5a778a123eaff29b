//! The signing-date check (reference §4.3, `DateCheck::checkDates`): the sections of a printed
//! LPA must be signed in a legal order, or the Office of the Public Guardian cannot register it.
//! People enter the dates they signed; nothing is saved. The rules:
//!
//! - the donor (or the person signing for them) signs first: before the certificate provider and
//!   every attorney, and, on a health and welfare LPA, section 5 on or before continuation sheet 3;
//! - the certificate provider signs before any attorney;
//! - every applicant signs on or after the donor and the last attorney (a completed LPA only: a
//!   draft has no applicant section to sign yet);
//! - no date is in the future.
//!
//! Each message says which sections to print and sign again.
use chrono::NaiveDate;

/// The form's field for each date, as the real service names them.
pub mod field {
    pub const DONOR: &str = "sign-date-donor";
    pub const DONOR_LIFE_SUSTAINING: &str = "sign-date-donor-life-sustaining";
    pub const CERTIFICATE_PROVIDER: &str = "sign-date-certificate-provider";

    pub fn attorney(index: usize) -> String {
        format!("sign-date-attorney-{index}")
    }

    pub fn applicant(index: usize) -> String {
        format!("sign-date-applicant-{index}")
    }
}

/// The dates entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningDates {
    pub donor: NaiveDate,
    /// Health and welfare LPAs: the donor's signature on continuation sheet 3 (life-sustaining
    /// treatment).
    pub donor_life_sustaining: Option<NaiveDate>,
    pub certificate_provider: NaiveDate,
    /// Every attorney, primary then replacement; at least one.
    pub attorneys: Vec<NaiveDate>,
    /// Every applicant (empty for a draft).
    pub applicants: Vec<NaiveDate>,
}

/// Who signs for the donor and who applies, which changes the messages' wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signers {
    pub donor_can_sign: bool,
    pub donor_is_applicant: bool,
    /// Not yet completed: the sections to sign again are fewer (no section 15 yet).
    pub draft: bool,
}

/// One problem: the field it is about and what to do.
pub type DateProblem = (String, String);

/// The dates' problems in the order the real service finds them, one message per field (several
/// problems with one date are joined); empty when the LPA was signed in a valid order.
pub fn check(dates: &SigningDates, signers: Signers, today: NaiveDate) -> Vec<DateProblem> {
    let mut problems: Vec<DateProblem> = Vec::new();
    let mut add = |field: String, message: String| match problems
        .iter_mut()
        .find(|(existing, _)| *existing == field)
    {
        Some((_, text)) => {
            text.push(' ');
            text.push_str(&message);
        }
        None => problems.push((field, message)),
    };
    let donor_text = if signers.donor_can_sign {
        "The donor"
    } else {
        "The person signing on behalf of the donor"
    };
    let donor_first = format!(
        "{donor_text} must be the first person to sign the LPA. You need to print and re-sign {}",
        if signers.draft {
            "sections 10 and 11"
        } else {
            "sections 10, 11 and 15"
        }
    );

    if dates.donor > dates.certificate_provider {
        add(field::CERTIFICATE_PROVIDER.to_owned(), donor_first.clone());
    }
    if let Some(life_sustaining) = dates.donor_life_sustaining {
        if dates.donor < life_sustaining {
            add(
                field::DONOR_LIFE_SUSTAINING.to_owned(),
                format!(
                    "{donor_text} must sign Section 5 on the same day or before they sign \
                     continuation sheet 3. You need to print and re-sign {}",
                    if signers.draft {
                        "continuation sheet 3, section 10 and section 11"
                    } else {
                        "continuation sheet 3 and sections 10, 11 and 15"
                    }
                ),
            );
        }
    }
    for (index, &attorney) in dates.attorneys.iter().enumerate() {
        if dates.donor > attorney {
            add(field::attorney(index), donor_first.clone());
        }
    }
    let first_attorney = dates.attorneys.iter().min().copied();
    let last_attorney = dates.attorneys.iter().max().copied();
    if first_attorney.is_some_and(|first| dates.certificate_provider > first) {
        add(
            field::CERTIFICATE_PROVIDER.to_owned(),
            format!(
                "The certificate provider must sign the LPA before the attorneys. You need to \
                 print and re-sign {}",
                if signers.draft {
                    "section 11"
                } else {
                    "sections 11 and 15"
                }
            ),
        );
    }
    let applicant_text = if signers.donor_is_applicant && !signers.donor_can_sign {
        "person signing on behalf of the applicant"
    } else {
        "applicant"
    };
    if !signers.draft {
        for (index, &applicant) in dates.applicants.iter().enumerate() {
            if dates.donor > applicant {
                add(
                    field::applicant(index),
                    format!(
                        "{donor_text} must be the first person to sign the LPA. You need to print \
                         and re-sign sections 10, 11 and 15"
                    ),
                );
            }
            if last_attorney.is_some_and(|last| applicant < last) {
                add(
                    field::applicant(index),
                    format!(
                        "The {applicant_text} must sign on the same day or after all section 11s \
                         have been signed. You need to print and re-sign section 15"
                    ),
                );
            }
        }
    }

    // No date may be in the future.
    let donor_future = format!(
        "Check your dates. {} cannot be in the future",
        if signers.donor_can_sign {
            "The donor’s signature date"
        } else {
            "The signature date of the person signing on behalf of the donor"
        }
    );
    let mut future = |field: String, date: NaiveDate, message: &str| {
        if date > today {
            add(field, message.to_owned());
        }
    };
    future(field::DONOR.to_owned(), dates.donor, &donor_future);
    future(
        field::CERTIFICATE_PROVIDER.to_owned(),
        dates.certificate_provider,
        "Check your dates. The certificate provider’s signature date cannot be in the future",
    );
    if let Some(life_sustaining) = dates.donor_life_sustaining {
        future(
            field::DONOR_LIFE_SUSTAINING.to_owned(),
            life_sustaining,
            &donor_future,
        );
    }
    for (index, &attorney) in dates.attorneys.iter().enumerate() {
        future(
            field::attorney(index),
            attorney,
            "Check your dates. The attorney’s signature date cannot be in the future",
        );
    }
    if !signers.draft {
        let applicant_future = format!(
            "Check your dates. The {} cannot be in the future",
            if signers.donor_is_applicant && !signers.donor_can_sign {
                "signature date of the person signing on behalf of the applicant"
            } else {
                "applicant’s signature date"
            }
        );
        for (index, &applicant) in dates.applicants.iter().enumerate() {
            future(field::applicant(index), applicant, &applicant_future);
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, n).unwrap()
    }

    const TODAY: u32 = 30;

    fn signers(draft: bool) -> Signers {
        Signers {
            donor_can_sign: true,
            donor_is_applicant: true,
            draft,
        }
    }

    fn dates(donor: u32, provider: u32, attorneys: &[u32], applicants: &[u32]) -> SigningDates {
        SigningDates {
            donor: day(donor),
            donor_life_sustaining: None,
            certificate_provider: day(provider),
            attorneys: attorneys.iter().copied().map(day).collect(),
            applicants: applicants.iter().copied().map(day).collect(),
        }
    }

    fn fields(problems: &[DateProblem]) -> Vec<&str> {
        problems.iter().map(|(field, _)| field.as_str()).collect()
    }

    /// Each row: donor, certificate provider, attorneys, applicants, and the fields that have a
    /// problem (a completed LPA, dates in November, today the 30th).
    /// Donor, certificate provider, attorneys, applicants, and the fields with a problem.
    type Row = (
        u32,
        u32,
        &'static [u32],
        &'static [u32],
        &'static [&'static str],
    );

    #[test]
    fn the_order_rules() {
        let table: &[Row] = &[
            // In order, same days allowed.
            (1, 2, &[3, 4], &[5], &[]),
            (1, 1, &[1], &[1], &[]),
            // The donor after the certificate provider.
            (2, 1, &[3], &[4], &["sign-date-certificate-provider"]),
            // The donor after an attorney (who also signed before the provider).
            (
                3,
                2,
                &[4, 1],
                &[5],
                &["sign-date-certificate-provider", "sign-date-attorney-1"],
            ),
            // The certificate provider after the first attorney.
            (1, 4, &[3, 5], &[6], &["sign-date-certificate-provider"]),
            // An applicant before the last attorney.
            (1, 2, &[3, 6], &[5, 7], &["sign-date-applicant-0"]),
            // An applicant before the donor (and before the attorneys).
            (5, 6, &[7], &[4], &["sign-date-applicant-0"]),
            // Today is not in the future.
            (1, 2, &[3, TODAY], &[TODAY], &[]),
        ];
        for &(donor, provider, attorneys, applicants, expected) in table {
            let problems = check(
                &dates(donor, provider, attorneys, applicants),
                signers(false),
                day(TODAY),
            );
            assert_eq!(
                fields(&problems),
                expected,
                "donor {donor}, provider {provider}, attorneys {attorneys:?}, applicants \
                 {applicants:?}: {problems:?}"
            );
        }
    }

    #[test]
    fn messages_name_the_sections_to_sign_again() {
        let completed = check(&dates(2, 1, &[3], &[4]), signers(false), day(TODAY));
        assert_eq!(
            completed[0].1,
            "The donor must be the first person to sign the LPA. You need to print and re-sign \
             sections 10, 11 and 15"
        );
        let draft = check(&dates(2, 1, &[3], &[]), signers(true), day(TODAY));
        assert!(draft[0].1.ends_with("sections 10 and 11"), "{draft:?}");
        let applicant = check(&dates(1, 2, &[5], &[4]), signers(false), day(TODAY));
        assert_eq!(
            applicant[0].1,
            "The applicant must sign on the same day or after all section 11s have been signed. \
             You need to print and re-sign section 15"
        );
    }

    #[test]
    fn two_problems_with_one_date_are_one_message() {
        // The applicant signed before the donor and before the last attorney.
        let problems = check(&dates(3, 4, &[5], &[2]), signers(false), day(TODAY));
        assert_eq!(fields(&problems), ["sign-date-applicant-0"]);
        assert!(problems[0].1.contains("first person to sign"));
        assert!(problems[0].1.contains("after all section 11s"));
    }

    #[test]
    fn no_date_in_the_future() {
        let future = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut signed = dates(1, 2, &[3], &[4]);
        signed.applicants = vec![future];
        let problems = check(&signed, signers(false), day(TODAY));
        assert_eq!(fields(&problems), ["sign-date-applicant-0"]);
        assert_eq!(
            problems[0].1,
            "Check your dates. The applicant’s signature date cannot be in the future"
        );
        let mut everyone = dates(1, 2, &[3], &[]);
        everyone.donor = future;
        everyone.certificate_provider = future;
        everyone.attorneys = vec![future];
        let problems = check(&everyone, signers(true), day(TODAY));
        assert_eq!(
            fields(&problems),
            [
                "sign-date-donor",
                "sign-date-certificate-provider",
                "sign-date-attorney-0"
            ]
        );
    }

    #[test]
    fn section_five_before_continuation_sheet_three() {
        let mut signed = dates(2, 3, &[4], &[5]);
        signed.donor_life_sustaining = Some(day(1));
        assert!(check(&signed, signers(false), day(TODAY)).is_empty());
        signed.donor_life_sustaining = Some(day(3));
        let problems = check(
            &signed,
            Signers {
                donor_can_sign: false,
                ..signers(false)
            },
            day(TODAY),
        );
        assert_eq!(fields(&problems), ["sign-date-donor-life-sustaining"]);
        assert!(problems[0]
            .1
            .starts_with("The person signing on behalf of the donor must sign Section 5"));
    }

    #[test]
    fn a_draft_has_no_applicants_to_check() {
        let problems = check(&dates(1, 2, &[5], &[4]), signers(true), day(TODAY));
        assert!(problems.is_empty(), "{problems:?}");
    }
}
