//! What goes on each page of an LP1 (LP1F or LP1H) and in which order (reference §7.2;
//! docs/lpa-forms-notes.md §0, §2, §4 and §5): who fits in the form's boxes, who overflows onto
//! continuation sheet 1, the text on continuation sheets 2, sheets 3 and 4, and the extra
//! signature and applicant pages. Pure: `server::pdf` draws what this decides.
use super::long_text::{sheets_only, BoxedText};
use crate::lpa::model::{
    Applicant, Attorney, Document, How, Listed, NotifiedPerson, StepIn, TrustCorporation,
};

/// Primary attorneys the LP1's section 2 holds.
pub const PRIMARY_ON_FORM: usize = 4;
/// Replacement attorneys section 4 holds.
pub const REPLACEMENTS_ON_FORM: usize = 2;
/// People to notify section 6 holds.
pub const NOTIFIED_ON_FORM: usize = 4;
/// People on one continuation sheet 1.
pub const PEOPLE_PER_SHEET: usize = 2;
/// Attorney signature pages (section 11) the form has before any are added.
pub const ATTORNEY_SIGNATURE_PAGES: usize = 4;
/// Applicants on one page 17 (section 12), and signatures on one page 20 (section 15).
pub const APPLICANTS_PER_PAGE: usize = 4;

/// Someone on a continuation sheet 1, and which section of the LP1 they belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtraPerson<'a> {
    Attorney(&'a Attorney),
    Replacement(&'a Attorney),
    ToNotify(&'a NotifiedPerson),
}

/// What a continuation sheet 2 continues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cs2Topic {
    /// The decisions the attorneys make jointly (section 3, "depends").
    Decisions,
    /// How replacement attorneys step in and act (section 4).
    ReplacementsStepIn,
    /// Section 7's preferences, beyond the box.
    Preferences,
    /// Section 7's instructions, beyond the box.
    Instructions,
}

/// One continuation sheet 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cs2Sheet {
    pub topic: Cs2Topic,
    /// "(Continued)": the text began on the LP1 or on an earlier sheet.
    pub continued: bool,
    pub rows: Vec<String>,
}

/// One page of an LP1, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lp1Page {
    /// The two pages before the form: how to sign and register (final) or review (draft).
    Coversheet(u8),
    /// A page of the form with no repeats: 1 to 11, 16, 18 and 19.
    Form(u8),
    /// Section 11 for the attorney `signer` of [`Lp1Layout::signers`] (`None`: no one is left to
    /// sign; the page is struck through). Pages 12 to 15, then a copy of 15 for each one more.
    AttorneySignature { page: u8, signer: Option<usize> },
    /// Section 12 (page 17 and its copies), applicants from `first`.
    Applicants { first: usize },
    /// Section 15 (page 20 and its copies), signatures from `first`.
    Signatures { first: usize },
    /// Continuation sheet 1, with the people of [`Lp1Layout::extra_people`] from `first`.
    Cs1 { first: usize },
    /// Continuation sheet 2: [`Lp1Layout::cs2`]`[sheet]`.
    Cs2 { sheet: usize },
    /// Continuation sheet 3: someone signs for the donor.
    Cs3,
    /// Continuation sheet 4: the trust corporation signs.
    Cs4,
    /// Left blank, so that double-sided printing keeps each sheet on its own leaf.
    Blank,
}

/// An LP1's content, laid out on its pages.
#[derive(Clone, Debug, PartialEq)]
pub struct Lp1Layout<'a> {
    /// Primary attorneys, the trust corporation first (it has the box with the trust tick).
    pub primary_attorneys: Vec<&'a Attorney>,
    /// Replacement attorneys, the trust corporation first.
    pub replacement_attorneys: Vec<&'a Attorney>,
    pub people_to_notify: Vec<&'a NotifiedPerson>,
    pub preferences: BoxedText,
    pub instructions: BoxedText,
    /// How replacements step in and act, when it is not what the form says by default.
    pub replacement_arrangement: Option<String>,
    /// Everyone beyond the sections' boxes: attorneys, then replacements, then people to notify.
    pub extra_people: Vec<ExtraPerson<'a>>,
    pub cs2: Vec<Cs2Sheet>,
    /// Someone signs for the donor (continuation sheet 3).
    pub donor_cannot_sign: bool,
    /// The trust corporation acting as an attorney (continuation sheet 4).
    pub trust_corporation: Option<&'a TrustCorporation>,
    /// Who signs section 11: every attorney but the trust corporation, primaries first.
    pub signers: Vec<&'a Attorney>,
    /// Who applies to register (section 12): `None` before it is answered.
    pub applicants: Option<Applicants<'a>>,
}

/// Who applies to register the LPA.
#[derive(Clone, Debug, PartialEq)]
pub enum Applicants<'a> {
    Donor,
    Attorneys(Vec<&'a Attorney>),
}

impl Applicants<'_> {
    /// How many sign section 15.
    pub fn signatures(&self) -> usize {
        match self {
            Applicants::Donor => 1,
            Applicants::Attorneys(attorneys) => attorneys.len(),
        }
    }
}

/// Trust corporation first, everyone else in their order.
fn trust_first(attorneys: &[Listed<Attorney>]) -> Vec<&Attorney> {
    let mut ordered: Vec<&Attorney> = attorneys.iter().map(|listed| &listed.person).collect();
    ordered.sort_by_key(|attorney| !attorney.is_trust());
    ordered
}

impl<'a> Lp1Layout<'a> {
    pub fn of(document: &'a Document) -> Self {
        let primary_attorneys = trust_first(document.primary_attorneys());
        let replacement_attorneys = trust_first(document.replacement_attorneys());
        let people_to_notify: Vec<&NotifiedPerson> = document
            .people_to_notify()
            .iter()
            .map(|listed| &listed.person)
            .collect();
        let extra_people = primary_attorneys
            .iter()
            .skip(PRIMARY_ON_FORM)
            .map(|a| ExtraPerson::Attorney(a))
            .chain(
                replacement_attorneys
                    .iter()
                    .skip(REPLACEMENTS_ON_FORM)
                    .map(|a| ExtraPerson::Replacement(a)),
            )
            .chain(
                people_to_notify
                    .iter()
                    .skip(NOTIFIED_ON_FORM)
                    .map(|p| ExtraPerson::ToNotify(p)),
            )
            .collect();
        let text = |text: Option<&crate::lpa::model::Instructions>| {
            BoxedText::of(text.map(|t| t.as_str()).unwrap_or_default())
        };
        let preferences = text(document.preference());
        let instructions = text(document.instruction());
        let replacement_arrangement = replacement_arrangement(document);

        let mut cs2 = Vec::new();
        let mut add = |topic, sheets: Vec<Vec<String>>, continued_from_form: bool| {
            for (index, rows) in sheets.into_iter().enumerate() {
                cs2.push(Cs2Sheet {
                    topic,
                    continued: continued_from_form || index > 0,
                    rows,
                });
            }
        };
        if let Some(How::Depends(details)) = document.primary_decisions().how {
            add(Cs2Topic::Decisions, sheets_only(details.as_str()), false);
        }
        if let Some(arrangement) = &replacement_arrangement {
            add(
                Cs2Topic::ReplacementsStepIn,
                sheets_only(arrangement),
                false,
            );
        }
        add(Cs2Topic::Preferences, preferences.sheets.clone(), true);
        add(Cs2Topic::Instructions, instructions.sheets.clone(), true);

        let all_attorneys = document
            .primary_attorneys()
            .iter()
            .chain(document.replacement_attorneys());
        let trust_corporation = all_attorneys
            .clone()
            .find_map(|listed| match &listed.person {
                Attorney::Trust(trust) => Some(trust),
                Attorney::Human(_) => None,
            });
        let signers = all_attorneys
            .map(|listed| &listed.person)
            .filter(|attorney| !attorney.is_trust())
            .collect();
        let applicants = document.applicant().map(|applicant| match applicant {
            Applicant::Donor(_) => Applicants::Donor,
            Applicant::Attorneys(ids) => Applicants::Attorneys(
                ids.iter()
                    .filter_map(|id| {
                        document
                            .primary_attorneys()
                            .iter()
                            .find(|listed| listed.id == *id)
                            .map(|listed| &listed.person)
                    })
                    .collect(),
            ),
        });
        Lp1Layout {
            primary_attorneys,
            replacement_attorneys,
            people_to_notify,
            preferences,
            instructions,
            replacement_arrangement,
            extra_people,
            cs2,
            donor_cannot_sign: document.donor().is_some_and(|donor| !donor.can_sign),
            trust_corporation,
            signers,
            applicants,
        }
    }

    /// How many continuation sheets the LP1 has, of all kinds.
    pub fn continuation_sheets(&self) -> usize {
        self.extra_people.len().div_ceil(PEOPLE_PER_SHEET)
            + self.cs2.len()
            + usize::from(self.donor_cannot_sign)
            + usize::from(self.trust_corporation.is_some())
    }

    /// The pages in order (the real service's insertion points, §0 of the notes): the
    /// coversheet, pages 1 to 15 with a copy of 15 for each attorney beyond 4 who signs, each
    /// continuation sheet after a blank page and one more blank page after them, then pages 16 to
    /// 20 with copies of 17 and 20 for each 4 applicants more.
    pub fn pages(&self) -> Vec<Lp1Page> {
        let mut pages = vec![Lp1Page::Coversheet(1), Lp1Page::Coversheet(2)];
        pages.extend((1..=11).map(Lp1Page::Form));
        let signature_pages = self.signers.len().max(ATTORNEY_SIGNATURE_PAGES);
        pages.extend(
            (0..signature_pages).map(|index| Lp1Page::AttorneySignature {
                page: 12 + u8::try_from(index.min(3)).unwrap_or(3),
                signer: (index < self.signers.len()).then_some(index),
            }),
        );
        let mut sheets = Vec::new();
        sheets.extend(
            (0..self.extra_people.len())
                .step_by(PEOPLE_PER_SHEET)
                .map(|first| Lp1Page::Cs1 { first }),
        );
        sheets.extend((0..self.cs2.len()).map(|sheet| Lp1Page::Cs2 { sheet }));
        if self.donor_cannot_sign {
            sheets.push(Lp1Page::Cs3);
        }
        if self.trust_corporation.is_some() {
            sheets.push(Lp1Page::Cs4);
        }
        if !sheets.is_empty() {
            for sheet in sheets {
                pages.extend([Lp1Page::Blank, sheet]);
            }
            pages.push(Lp1Page::Blank);
        }
        pages.push(Lp1Page::Form(16));
        let applicants = match &self.applicants {
            Some(Applicants::Attorneys(attorneys)) => attorneys.len(),
            _ => 0,
        };
        pages.extend(
            (0..applicants.max(1))
                .step_by(APPLICANTS_PER_PAGE)
                .map(|first| Lp1Page::Applicants { first }),
        );
        pages.extend([Lp1Page::Form(18), Lp1Page::Form(19)]);
        let signatures = self.applicants.as_ref().map_or(0, Applicants::signatures);
        pages.extend(
            (0..signatures.max(1))
                .step_by(APPLICANTS_PER_PAGE)
                .map(|first| Lp1Page::Signatures { first }),
        );
        pages
    }
}

/// How replacement attorneys step in and act, written out when it differs from what the LP1
/// says by default (docs/lpa-forms-notes.md §4.2, the real service's `getHowWhenReplacement…`).
///
/// One deliberate difference: the real service prints nothing when replacements, stepping in
/// only when none of the original attorneys can act, then act jointly, which loses the donor's
/// "only when none can act"; here that sentence is kept.
pub fn replacement_arrangement(document: &Document) -> Option<String> {
    let primaries = document.primary_attorneys().len();
    let replacements = document.replacement_attorneys().len();
    let primary_how = document.primary_decisions().how;
    let decisions = document.replacement_decisions();
    let how = |how: &Option<How>, depends_intro: &str| match how {
        Some(How::JointlyAttorneySeverally) => {
            Some("Replacement attorneys are to act jointly and severally".to_owned())
        }
        Some(How::Depends(details)) => Some(format!("{depends_intro}\n{}", details.as_str())),
        Some(How::Jointly) | None => None,
    };
    let replace_how = |details: &crate::lpa::model::Details| {
        format!(
            "How replacement attorneys will replace the original attorneys:\n{}",
            details.as_str()
        )
    };
    if (primaries == 1 || (primaries > 1 && primary_how == Some(How::Jointly))) && replacements > 1
    {
        return how(
            &decisions.how,
            "Replacement attorneys are to act jointly for some decisions and jointly and \
             severally for others, as below:",
        );
    }
    if primaries > 1 && primary_how == Some(How::JointlyAttorneySeverally) {
        return match (&decisions.when, replacements) {
            (Some(StepIn::Last), 1) => Some(
                "Replacement attorney to step in only when none of the original attorneys can act"
                    .to_owned(),
            ),
            (Some(StepIn::Last), r) if r > 1 => {
                let mut text = "Replacement attorneys to step in only when none of the original \
                                attorneys can act"
                    .to_owned();
                if let Some(how) = how(
                    &decisions.how,
                    "Replacement attorneys are to act joint for some decisions, joint and \
                     several for other decisions, as below:",
                ) {
                    text.push('\n');
                    text.push_str(&how);
                }
                Some(text)
            }
            (Some(StepIn::Depends(details)), r) if r >= 1 => Some(replace_how(details)),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lpa::model::testing::{donor, human, person, trust};
    use crate::lpa::model::{AttorneyRole, FreeText, LpaType};

    /// A property and financial affairs LPA with `primaries` and `replacements` attorneys and
    /// `notified` people to notify.
    fn document(primaries: usize, replacements: usize, notified: usize) -> Document {
        let mut document = Document::of_type(LpaType::PropertyAndFinancial);
        document.set_donor(donor());
        for i in 0..primaries {
            document
                .add_attorney(AttorneyRole::Primary, human("Ann", &format!("Able{i}")))
                .unwrap();
        }
        for i in 0..replacements {
            document
                .add_attorney(AttorneyRole::Replacement, human("Rob", &format!("Reed{i}")))
                .unwrap();
        }
        for i in 0..notified {
            document
                .add_person_to_notify(person("Nina", &format!("Note{i}")))
                .unwrap();
        }
        document
    }

    fn cs1_sheets(layout: &Lp1Layout) -> usize {
        layout
            .pages()
            .iter()
            .filter(|page| matches!(page, Lp1Page::Cs1 { .. }))
            .count()
    }

    #[test]
    fn continuation_sheet_1_starts_exactly_past_each_sections_boxes() {
        // primaries, replacements, people to notify → people on sheets, sheets
        let table = [
            (1, 0, 0, 0, 0),
            (4, 2, 4, 0, 0),
            (5, 2, 4, 1, 1),
            (4, 3, 4, 1, 1),
            (4, 2, 5, 1, 1),
            (5, 3, 4, 2, 1),
            (5, 3, 5, 3, 2),
            (8, 2, 4, 4, 2),
            (9, 4, 5, 8, 4),
        ];
        for (primaries, replacements, notified, extra, sheets) in table {
            let document = document(primaries, replacements, notified);
            let layout = Lp1Layout::of(&document);
            let case = format!("{primaries} + {replacements} + {notified}");
            assert_eq!(layout.extra_people.len(), extra, "{case}");
            assert_eq!(cs1_sheets(&layout), sheets, "{case}");
        }
    }

    #[test]
    fn extra_people_go_attorneys_then_replacements_then_people_to_notify() {
        let document = document(5, 3, 5);
        let layout = Lp1Layout::of(&document);
        let kinds: Vec<&str> = layout
            .extra_people
            .iter()
            .map(|person| match person {
                ExtraPerson::Attorney(_) => "attorney",
                ExtraPerson::Replacement(_) => "replacement",
                ExtraPerson::ToNotify(_) => "to notify",
            })
            .collect();
        assert_eq!(kinds, ["attorney", "replacement", "to notify"]);
        assert!(
            matches!(layout.extra_people[0], ExtraPerson::Attorney(a) if a.display_name() == "Ann Able4")
        );
    }

    #[test]
    fn the_trust_corporation_takes_the_first_box_and_signs_continuation_sheet_4() {
        let mut document = document(2, 0, 0);
        document
            .add_attorney(AttorneyRole::Primary, trust())
            .unwrap();
        let layout = Lp1Layout::of(&document);
        assert!(layout.primary_attorneys[0].is_trust());
        assert_eq!(
            layout.trust_corporation.map(|t| t.name()),
            Some("Trusty Ltd")
        );
        assert_eq!(
            layout.signers.len(),
            2,
            "the trust signs sheet 4, not section 11"
        );
        assert!(layout.pages().contains(&Lp1Page::Cs4));
        assert!(!Lp1Layout::of(&self::document(2, 0, 0))
            .pages()
            .contains(&Lp1Page::Cs4));
    }

    #[test]
    fn someone_signs_for_a_donor_who_cannot_on_continuation_sheet_3() {
        let mut document = document(1, 0, 0);
        assert!(!Lp1Layout::of(&document).pages().contains(&Lp1Page::Cs3));
        document.set_donor(crate::lpa::model::Donor {
            can_sign: false,
            ..donor()
        });
        assert!(Lp1Layout::of(&document).pages().contains(&Lp1Page::Cs3));
    }

    fn text_of_rows(count: usize) -> Instructions {
        FreeText::parse(
            &(0..count)
                .map(|i| format!("row {i}"))
                .collect::<Vec<_>>()
                .join("\n"),
        )
        .unwrap()
    }
    use crate::lpa::model::Instructions;

    #[test]
    fn preferences_and_instructions_past_six_rows_go_on_continuation_sheet_2() {
        // preference rows, instruction rows → (topic, continued) of each sheet
        type Sheets = Vec<(Cs2Topic, bool)>;
        let table: [(usize, usize, Sheets); 5] = [
            (6, 6, vec![]),
            (7, 0, vec![(Cs2Topic::Preferences, true)]),
            (0, 7, vec![(Cs2Topic::Instructions, true)]),
            (
                21,
                7,
                vec![
                    (Cs2Topic::Preferences, true),
                    (Cs2Topic::Preferences, true),
                    (Cs2Topic::Instructions, true),
                ],
            ),
            (
                20,
                20,
                vec![
                    (Cs2Topic::Preferences, true),
                    (Cs2Topic::Instructions, true),
                ],
            ),
        ];
        for (preference, instruction, sheets) in table {
            let mut document = document(1, 0, 0);
            document.set_instructions(text_of_rows(instruction), text_of_rows(preference));
            let layout = Lp1Layout::of(&document);
            let got: Vec<(Cs2Topic, bool)> =
                layout.cs2.iter().map(|s| (s.topic, s.continued)).collect();
            assert_eq!(got, sheets, "{preference} / {instruction} rows");
            assert_eq!(layout.preferences.overflows(), preference > 6);
        }
    }

    #[test]
    fn decisions_that_depend_go_wholly_on_continuation_sheet_2() {
        let mut document = document(2, 0, 0);
        let details = FreeText::required(&"word ".repeat(300)).unwrap();
        document.set_primary_how(How::Depends(details)).unwrap();
        let layout = Lp1Layout::of(&document);
        let got: Vec<(Cs2Topic, bool, usize)> = layout
            .cs2
            .iter()
            .map(|s| (s.topic, s.continued, s.rows.len()))
            .collect();
        // 1,500 characters: 18 rows of 84.
        assert_eq!(
            got,
            [
                (Cs2Topic::Decisions, false, 14),
                (Cs2Topic::Decisions, true, 4)
            ]
        );
    }

    #[test]
    fn replacement_arrangements_are_written_only_where_they_differ_from_the_default() {
        let depends = || How::Depends(FreeText::required("Only for the house").unwrap());
        let when_depends = || StepIn::Depends(FreeText::required("After a month").unwrap());
        // primaries, their how, replacements, when, how → the text's first line
        type Case = (
            usize,
            Option<How>,
            usize,
            Option<StepIn>,
            Option<How>,
            Option<&'static str>,
        );
        let table: Vec<Case> = vec![
            (1, None, 1, None, None, None),
            (1, None, 2, None, Some(How::Jointly), None),
            (1, None, 2, None, Some(How::JointlyAttorneySeverally), Some("Replacement attorneys are to act jointly and severally")),
            (1, None, 2, None, Some(depends()), Some("Replacement attorneys are to act jointly for some decisions and jointly and severally for others, as below:")),
            (2, Some(How::Jointly), 2, None, Some(How::JointlyAttorneySeverally), Some("Replacement attorneys are to act jointly and severally")),
            (2, Some(How::Jointly), 1, None, None, None),
            (2, Some(How::JointlyAttorneySeverally), 1, Some(StepIn::First), None, None),
            (2, Some(How::JointlyAttorneySeverally), 1, Some(StepIn::Last), None, Some("Replacement attorney to step in only when none of the original attorneys can act")),
            (2, Some(How::JointlyAttorneySeverally), 1, Some(when_depends()), None, Some("How replacement attorneys will replace the original attorneys:")),
            (2, Some(How::JointlyAttorneySeverally), 2, Some(StepIn::Last), Some(How::Jointly), Some("Replacement attorneys to step in only when none of the original attorneys can act")),
            (2, Some(How::JointlyAttorneySeverally), 2, Some(StepIn::First), None, None),
            (2, Some(How::JointlyAttorneySeverally), 3, Some(when_depends()), None, Some("How replacement attorneys will replace the original attorneys:")),
            (2, Some(depends()), 2, None, None, None),
        ];
        for (primaries, primary_how, replacements, when, how, expected) in table {
            let mut document = document(primaries, replacements, 0);
            if let Some(primary_how) = primary_how.clone() {
                document.set_primary_how(primary_how).unwrap();
            }
            if let Some(when) = when.clone() {
                document.set_step_in(when).unwrap();
            }
            if let Some(how) = how.clone() {
                document.set_replacement_how(how).unwrap();
            }
            let case = format!("{primaries} {primary_how:?}, {replacements} {when:?} {how:?}");
            let text = replacement_arrangement(&document);
            assert_eq!(
                text.as_deref().and_then(|t| t.lines().next()),
                expected,
                "{case}"
            );
            let layout = Lp1Layout::of(&document);
            assert_eq!(
                layout
                    .cs2
                    .iter()
                    .any(|s| s.topic == Cs2Topic::ReplacementsStepIn),
                expected.is_some(),
                "{case}"
            );
        }
        let mut document = document(2, 2, 0);
        document
            .set_primary_how(How::JointlyAttorneySeverally)
            .unwrap();
        document.set_step_in(StepIn::Last).unwrap();
        document.set_replacement_how(depends()).unwrap();
        assert_eq!(
            replacement_arrangement(&document).unwrap(),
            "Replacement attorneys to step in only when none of the original attorneys can act\n\
             Replacement attorneys are to act joint for some decisions, joint and several for \
             other decisions, as below:\nOnly for the house"
        );
    }

    #[test]
    fn pages_come_in_the_real_services_order() {
        use Lp1Page::*;
        let mut document = document(6, 0, 0);
        document.set_donor(crate::lpa::model::Donor {
            can_sign: false,
            ..donor()
        });
        let ids: Vec<_> = document.primary_attorneys().iter().map(|l| l.id).collect();
        document.set_primary_how(How::Jointly).unwrap();
        document.set_applicant(Applicant::Attorneys(ids)).unwrap();
        let pages = Lp1Layout::of(&document).pages();
        let mut expected = vec![Coversheet(1), Coversheet(2)];
        expected.extend((1..=11).map(Form));
        expected.extend([
            AttorneySignature {
                page: 12,
                signer: Some(0),
            },
            AttorneySignature {
                page: 13,
                signer: Some(1),
            },
            AttorneySignature {
                page: 14,
                signer: Some(2),
            },
            AttorneySignature {
                page: 15,
                signer: Some(3),
            },
            AttorneySignature {
                page: 15,
                signer: Some(4),
            },
            AttorneySignature {
                page: 15,
                signer: Some(5),
            },
            Blank,
            Cs1 { first: 0 },
            Blank,
            Cs3,
            Blank,
            Form(16),
            Applicants { first: 0 },
            Applicants { first: 4 },
            Form(18),
            Form(19),
            Signatures { first: 0 },
            Signatures { first: 4 },
        ]);
        assert_eq!(pages, expected);

        let plain = Lp1Layout::of(&self::document(1, 0, 0)).pages();
        assert_eq!(plain.len(), 22, "2 coversheet pages and 20 form pages");
        assert!(plain.contains(&AttorneySignature {
            page: 15,
            signer: None
        }));
    }
}
