//! The paper forms an LPA is printed on (reference §7; the forms themselves, page by page, in
//! docs/lpa-forms-notes.md): which forms an LPA can have and when, what their files are called,
//! and what goes on each page. Pure: `lpa::server::pdf` draws them, the `pdf.render` job stores
//! them.
pub mod long_text;
pub mod lp1;
pub mod lp3;

use super::model::{Lpa, LpaType};

/// One of the forms the service prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaperForm {
    /// The LPA itself: LP1F (property and financial affairs) or LP1H (health and welfare).
    Lp1,
    /// The notice to each person to notify.
    Lp3,
    /// The application for a fee exemption or remission.
    Lpa120,
}

/// A draft (the LPA is not completed: watermarked, no reference barcode) or the final form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    Draft,
    Final,
}

impl Edition {
    /// Final once the LPA is completed.
    pub fn of(lpa: &Lpa) -> Self {
        if lpa.completed_at.is_some() {
            Edition::Final
        } else {
            Edition::Draft
        }
    }
}

impl crate::paths::PathParams for PaperForm {
    fn values(&self) -> Vec<String> {
        vec![self.segment().to_owned()]
    }
}

impl crate::paths::FromPathValues for PaperForm {
    fn from_values(values: &[String]) -> Option<Self> {
        match values {
            [segment] => PaperForm::from_segment(segment),
            _ => None,
        }
    }
}

impl PaperForm {
    pub const ALL: [PaperForm; 3] = [PaperForm::Lp1, PaperForm::Lp3, PaperForm::Lpa120];

    /// The form's segment of the download URL (`/lpa/{id}/download/lp1`).
    pub fn segment(self) -> &'static str {
        match self {
            PaperForm::Lp1 => "lp1",
            PaperForm::Lp3 => "lp3",
            PaperForm::Lpa120 => "lpa120",
        }
    }

    pub fn from_segment(segment: &str) -> Option<Self> {
        PaperForm::ALL
            .into_iter()
            .find(|form| form.segment() == segment)
    }

    /// The form's code as printed and in its file name.
    pub fn code(self, lpa_type: LpaType) -> &'static str {
        match (self, lpa_type) {
            (PaperForm::Lp1, LpaType::PropertyAndFinancial) => "LP1F",
            (PaperForm::Lp1, LpaType::HealthAndWelfare) => "LP1H",
            (PaperForm::Lp3, _) => "LP3",
            (PaperForm::Lpa120, _) => "LPA120",
        }
    }

    /// The form's name where the pages link to it.
    pub fn title(self) -> &'static str {
        match self {
            PaperForm::Lp1 => "Lasting power of attorney (LP1)",
            PaperForm::Lp3 => "Letters to people to notify (LP3)",
            PaperForm::Lpa120 => "Fee reduction application (LPA120)",
        }
    }

    /// The edition of this form `lpa` can have (reference §7.1, `canGenerate…`), asked for as
    /// a draft (`…/draft`) or not; `None` if it can have none.
    ///
    /// - LP1: final once completed; a draft before that, once the instructions and preferences
    ///   are answered (the summary links it). A completed LPA has no draft.
    /// - LP3: completed, with at least one person to notify.
    /// - LPA120: completed, with a fee reduction claimed.
    pub fn edition_for(self, lpa: &Lpa, draft: bool) -> Option<Edition> {
        let edition = Edition::of(lpa);
        let completed = edition == Edition::Final;
        let available = match self {
            PaperForm::Lp1 => {
                completed
                    || lpa.document.instruction().is_some()
                    || lpa.document.preference().is_some()
            }
            PaperForm::Lp3 => completed && !lpa.document.people_to_notify().is_empty(),
            PaperForm::Lpa120 => {
                completed
                    && lpa
                        .payment
                        .as_ref()
                        .is_some_and(|payment| payment.reduction.is_reduction())
            }
        };
        let draft_allowed = self == PaperForm::Lp1 && !completed;
        (available && lpa.document.lpa_type().is_some() && (!draft || draft_allowed))
            .then_some(edition)
    }

    /// The file's name: `[Draft-]Lasting-Power-of-Attorney-LP1F.pdf` and so on.
    pub fn file_name(self, lpa_type: LpaType, edition: Edition) -> String {
        let draft = match edition {
            Edition::Draft => "Draft-",
            Edition::Final => "",
        };
        format!(
            "{draft}Lasting-Power-of-Attorney-{}.pdf",
            self.code(lpa_type)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lpa::model::testing::{donor, human, lpa, person};
    use crate::lpa::model::{AttorneyRole, Document, FreeText};
    use crate::lpa::payment::{FeeReduction, Payment};

    fn completed(mut lpa: Lpa) -> Lpa {
        lpa.completed_at = Some(lpa.started_at);
        lpa
    }

    #[test]
    fn each_form_is_available_when_the_real_service_generates_it() {
        let mut document = Document::of_type(LpaType::PropertyAndFinancial);
        document.set_donor(donor());
        document
            .add_attorney(AttorneyRole::Primary, human("Ann", "Able"))
            .unwrap();
        let started = lpa(document.clone());
        for form in PaperForm::ALL {
            for draft in [false, true] {
                assert_eq!(form.edition_for(&started, draft), None, "{form:?}");
            }
        }
        document.set_instructions(FreeText::parse("").unwrap(), FreeText::parse("").unwrap());
        let answered = lpa(document.clone());
        assert_eq!(
            PaperForm::Lp1.edition_for(&answered, false),
            Some(Edition::Draft)
        );
        assert_eq!(
            PaperForm::Lp1.edition_for(&answered, true),
            Some(Edition::Draft)
        );
        assert_eq!(PaperForm::Lp3.edition_for(&answered, false), None);

        let done = completed(answered.clone());
        assert_eq!(
            PaperForm::Lp1.edition_for(&done, false),
            Some(Edition::Final)
        );
        assert_eq!(
            PaperForm::Lp1.edition_for(&done, true),
            None,
            "no draft once completed"
        );
        assert_eq!(
            PaperForm::Lp3.edition_for(&done, false),
            None,
            "no one to notify"
        );
        assert_eq!(
            PaperForm::Lpa120.edition_for(&done, false),
            None,
            "no payment"
        );

        document
            .add_person_to_notify(person("Nina", "Note"))
            .unwrap();
        let mut notify = completed(lpa(document));
        assert_eq!(
            PaperForm::Lp3.edition_for(&notify, false),
            Some(Edition::Final)
        );
        assert_eq!(PaperForm::Lp3.edition_for(&notify, true), None);
        notify.payment = Some(Payment::new(FeeReduction::NotApply, false));
        assert_eq!(PaperForm::Lpa120.edition_for(&notify, false), None);
        for reduction in [
            FeeReduction::ReceivesBenefits,
            FeeReduction::UniversalCredit,
            FeeReduction::LowIncome,
        ] {
            notify.payment = Some(Payment::new(reduction, false));
            assert_eq!(
                PaperForm::Lpa120.edition_for(&notify, false),
                Some(Edition::Final),
                "{reduction:?}"
            );
        }
    }

    #[test]
    fn file_names_are_the_real_services() {
        let table = [
            (
                PaperForm::Lp1,
                LpaType::PropertyAndFinancial,
                Edition::Draft,
                "Draft-Lasting-Power-of-Attorney-LP1F.pdf",
            ),
            (
                PaperForm::Lp1,
                LpaType::HealthAndWelfare,
                Edition::Final,
                "Lasting-Power-of-Attorney-LP1H.pdf",
            ),
            (
                PaperForm::Lp3,
                LpaType::HealthAndWelfare,
                Edition::Final,
                "Lasting-Power-of-Attorney-LP3.pdf",
            ),
            (
                PaperForm::Lpa120,
                LpaType::PropertyAndFinancial,
                Edition::Final,
                "Lasting-Power-of-Attorney-LPA120.pdf",
            ),
        ];
        for (form, lpa_type, edition, name) in table {
            assert_eq!(form.file_name(lpa_type, edition), name);
        }
        for form in PaperForm::ALL {
            assert_eq!(PaperForm::from_segment(form.segment()), Some(form));
        }
        assert_eq!(PaperForm::from_segment("lp2"), None);
    }
}
