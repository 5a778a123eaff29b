//! "Who was using the LPA service?" (reference §3.10): a one-off, anonymous survey answer. It is
//! kept apart from the LPA (table `who_are_you`, with no link to the LPA or the account); the LPA
//! only remembers that it was answered, so it is asked once.

/// Who was using the service. In JSON (the monthly figures) by its [`WhoAreYou::value`].
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum WhoAreYou {
    Donor,
    FriendOrFamily,
    FinanceProfessional,
    LegalProfessional,
    EstatePlanningProfessional,
    DigitalPartner,
    Charity,
    Organisation,
    Other,
    NotSaid,
}

/// The longest "Other" answer we keep.
pub const MAX_QUALIFIER: usize = 150;

impl WhoAreYou {
    /// In the order the page offers them.
    pub const ALL: [WhoAreYou; 10] = [
        WhoAreYou::Donor,
        WhoAreYou::FriendOrFamily,
        WhoAreYou::FinanceProfessional,
        WhoAreYou::LegalProfessional,
        WhoAreYou::EstatePlanningProfessional,
        WhoAreYou::DigitalPartner,
        WhoAreYou::Charity,
        WhoAreYou::Organisation,
        WhoAreYou::Other,
        WhoAreYou::NotSaid,
    ];

    /// The value the form sends and the table keeps, as the real service's.
    pub fn value(self) -> &'static str {
        match self {
            WhoAreYou::Donor => "donor",
            WhoAreYou::FriendOrFamily => "friendOrFamily",
            WhoAreYou::FinanceProfessional => "financeProfessional",
            WhoAreYou::LegalProfessional => "legalProfessional",
            WhoAreYou::EstatePlanningProfessional => "estatePlanningProfessional",
            WhoAreYou::DigitalPartner => "digitalPartner",
            WhoAreYou::Charity => "charity",
            WhoAreYou::Organisation => "organisation",
            WhoAreYou::Other => "other",
            WhoAreYou::NotSaid => "notSaid",
        }
    }

    pub fn from_value(value: &str) -> Option<Self> {
        WhoAreYou::ALL.into_iter().find(|who| who.value() == value)
    }

    /// The answer in a few words, as the real service's statistics name it.
    pub fn short_label(self) -> &'static str {
        match self {
            WhoAreYou::Donor => "Donor",
            WhoAreYou::FriendOrFamily => "Friend or family",
            WhoAreYou::FinanceProfessional => "Finance professional",
            WhoAreYou::LegalProfessional => "Legal professional",
            WhoAreYou::EstatePlanningProfessional => "Estate planning professional",
            WhoAreYou::DigitalPartner => "Digital Partner",
            WhoAreYou::Charity => "Charity",
            WhoAreYou::Organisation => "Another organisation",
            WhoAreYou::Other => "Other",
            WhoAreYou::NotSaid => "Not said",
        }
    }

    /// The answer's wording on the page.
    pub fn label(self) -> &'static str {
        match self {
            WhoAreYou::Donor => "The donor used this online service with little or no help",
            WhoAreYou::FriendOrFamily => {
                "A friend or family member (who may also be the attorney) helped the donor use \
                 this online service"
            }
            WhoAreYou::FinanceProfessional => {
                "A paid finance professional made the LPA on the donor’s behalf"
            }
            WhoAreYou::LegalProfessional => {
                "A paid legal professional made the LPA on the donor’s behalf"
            }
            WhoAreYou::EstatePlanningProfessional => {
                "A paid estate planning professional made the LPA on the donor’s behalf"
            }
            WhoAreYou::DigitalPartner => "OPG’s Assisted Digital Service helped the donor",
            WhoAreYou::Charity => "A charity made the LPA on the donor’s behalf",
            WhoAreYou::Organisation => {
                "Another organisation, such as a council or community group, helped the donor"
            }
            WhoAreYou::Other => "Other",
            WhoAreYou::NotSaid => "I’d prefer not to say",
        }
    }
}

/// An answer: who, and for "Other", who it was in the person's words (kept only then).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhoAreYouAnswer {
    pub who: WhoAreYou,
    pub qualifier: Option<String>,
}

impl WhoAreYouAnswer {
    /// `who`, with `other` kept only for "Other" (trimmed, at most [`MAX_QUALIFIER`]).
    pub fn new(who: WhoAreYou, other: &str) -> Result<Self, &'static str> {
        let other = other.trim();
        let qualifier = match who {
            WhoAreYou::Other if !other.is_empty() => Some(other.to_owned()),
            _ => None,
        };
        if qualifier
            .as_ref()
            .is_some_and(|text| text.chars().count() > MAX_QUALIFIER)
        {
            return Err("Who helped must be 150 characters or fewer");
        }
        Ok(WhoAreYouAnswer { who, qualifier })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_reads_back() {
        for who in WhoAreYou::ALL {
            assert_eq!(WhoAreYou::from_value(who.value()), Some(who));
        }
        assert_eq!(WhoAreYou::from_value("nobody"), None);
    }

    #[test]
    fn json_names_each_answer_by_its_value() {
        for who in WhoAreYou::ALL {
            assert_eq!(serde_json::to_value(who).unwrap(), who.value());
        }
    }

    #[test]
    fn the_qualifier_is_kept_only_for_other() {
        let other = WhoAreYouAnswer::new(WhoAreYou::Other, " a neighbour ").unwrap();
        assert_eq!(other.qualifier.as_deref(), Some("a neighbour"));
        let charity = WhoAreYouAnswer::new(WhoAreYou::Charity, "ignored").unwrap();
        assert_eq!(charity.qualifier, None);
        assert!(WhoAreYouAnswer::new(WhoAreYou::Other, &"x".repeat(151)).is_err());
    }
}
