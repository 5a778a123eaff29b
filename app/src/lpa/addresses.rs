//! The address finder on every address of an LPA (reference §11): a postcode looked up in
//! Ordnance Survey Places, the addresses found offered in a list, the one chosen written into the
//! address lines, which can always be typed instead. No I/O here: the lookup is the page's
//! server function over `backends::addresses`.
//!
//! The finder's two buttons post the whole person form, so nothing typed is lost without
//! JavaScript: the form is shown again ([`crate::form::FormInput::redisplay`]) with the list, or
//! with the chosen address filled in, instead of being saved. With JavaScript the same happens in
//! place.
use serde::{Deserialize, Serialize};

/// The finder's own fields, flattened into each person form that has an address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinderInput {
    /// The postcode to look up.
    #[serde(default, rename = "address-lookup")]
    pub lookup: String,
    /// Set when "Find UK address" sent the form, and kept while its list is shown.
    #[serde(default, rename = "find-address")]
    pub find: String,
    /// The address chosen from the list ([`FoundAddress::choice`]).
    #[serde(default, rename = "address-choice")]
    pub choice: String,
    /// Set when "Use this address" sent the form.
    #[serde(default, rename = "use-address")]
    pub use_: String,
}

/// The finder's field names, as the page writes them.
pub mod field {
    pub const LOOKUP: &str = "address-lookup";
    pub const FIND: &str = "find-address";
    pub const CHOICE: &str = "address-choice";
    pub const USE: &str = "use-address";
}

/// An address found, as the LPA's three lines and its postcode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundAddress {
    pub line1: String,
    pub line2: String,
    pub line3: String,
    pub postcode: String,
}

impl FoundAddress {
    /// One line, as the list shows it: the lines that are not empty, then the postcode.
    pub fn description(&self) -> String {
        [&self.line1, &self.line2, &self.line3, &self.postcode]
            .into_iter()
            .filter(|part| !part.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The list option's value: the address itself, so choosing needs no second lookup (it is
    /// no more than the person could type into the lines).
    pub fn choice(&self) -> String {
        [&self.line1, &self.line2, &self.line3, &self.postcode]
            .map(String::as_str)
            .join("\n")
    }

    /// The address a list option's value holds.
    pub fn from_choice(choice: &str) -> Option<Self> {
        let mut parts = choice.split('\n');
        let found = FoundAddress {
            line1: parts.next()?.trim().to_owned(),
            line2: parts.next()?.trim().to_owned(),
            line3: parts.next()?.trim().to_owned(),
            postcode: parts.next()?.trim().to_owned(),
        };
        (parts.next().is_none() && !found.line1.is_empty()).then_some(found)
    }

    /// OS's `ADDRESS` (comma-separated, the postcode last) as three lines and the postcode, as the
    /// real service splits it: a leading house number stays with its street, the postcode is
    /// dropped from the parts, and the parts are shared among the three lines, the later lines
    /// taking any extra.
    pub fn from_os(address: &str, postcode: &str) -> Self {
        let parts: Vec<&str> = address.split(',').map(str::trim).collect();
        // "10, DOWNING STREET" is one part: a number (perhaps with a letter, or a range) joins
        // the part after it.
        let mut joined: Vec<String> = Vec::new();
        let mut pending: Option<String> = None;
        for part in parts {
            if part.is_empty() {
                continue;
            }
            let part = match pending.take() {
                Some(number) => format!("{number} {part}"),
                None => part.to_owned(),
            };
            if is_house_number(&part) {
                pending = Some(part);
            } else {
                joined.push(part);
            }
        }
        joined.extend(pending);
        let compact = |text: &str| text.replace(' ', "").to_lowercase();
        if joined
            .last()
            .is_some_and(|last| compact(last) == compact(postcode))
        {
            joined.pop();
        }
        let count = joined.len();
        let per_line = if count > 3 {
            let first = count / 3;
            let second = first + usize::from(count % 3 == 2);
            let third = second + usize::from(count % 3 == 1);
            [first, second, third]
        } else {
            [1, 1, 1]
        };
        let mut rest = joined.into_iter();
        let mut line = |n: usize| rest.by_ref().take(n).collect::<Vec<_>>().join(", ");
        FoundAddress {
            line1: line(per_line[0]),
            line2: line(per_line[1]),
            line3: line(per_line[2]),
            postcode: postcode.to_owned(),
        }
    }
}

/// `10`, `10A`, `10-12`: a house number, which belongs with the street after it.
fn is_house_number(part: &str) -> bool {
    let digits_end = part
        .find(|c: char| !(c.is_ascii_digit() || c == '-'))
        .unwrap_or(part.len());
    let (number, rest) = part.split_at(digits_end);
    number.starts_with(|c: char| c.is_ascii_digit())
        && rest.chars().count() <= 1
        && rest.chars().all(|c| c.is_ascii_alphabetic())
}

/// A person form with an address and the finder's fields.
pub trait WithAddress: Clone {
    fn finder(&self) -> &FinderInput;
    fn finder_mut(&mut self) -> &mut FinderInput;
    /// Writes `found` into the address lines.
    fn fill_address(&mut self, found: FoundAddress);
}

/// [`WithAddress`] for a person form whose address fields are `address1`, `address2`,
/// `address3` and `postcode`, and whose finder's are `finder` (every person form's).
macro_rules! with_address_lines {
    ($form:ty) => {
        impl $crate::lpa::addresses::WithAddress for $form {
            fn finder(&self) -> &$crate::lpa::addresses::FinderInput {
                &self.finder
            }

            fn finder_mut(&mut self) -> &mut $crate::lpa::addresses::FinderInput {
                &mut self.finder
            }

            fn fill_address(&mut self, found: $crate::lpa::addresses::FoundAddress) {
                self.address1 = found.line1;
                self.address2 = found.line2;
                self.address3 = found.line3;
                self.postcode = found.postcode;
            }
        }
    };
}
pub(crate) use with_address_lines;

/// What a person form becomes when a finder button sent it (`None` when it was sent to be
/// saved): "Find UK address" shows the form again with the list (for the postcode typed);
/// "Use this address" with the chosen address in the lines and the list gone.
pub fn redisplay<F: WithAddress>(form: &F) -> Option<F> {
    let finder = form.finder();
    let mut shown = form.clone();
    if !finder.use_.is_empty() {
        let chosen = FoundAddress::from_choice(&finder.choice);
        *shown.finder_mut() = FinderInput {
            lookup: finder.lookup.clone(),
            // No choice: the list stays for one to be made.
            find: if chosen.is_some() {
                String::new()
            } else {
                "find".to_owned()
            },
            choice: String::new(),
            use_: String::new(),
        };
        if let Some(found) = chosen {
            shown.fill_address(found);
        }
        return Some(shown);
    }
    if !finder.find.is_empty() {
        shown.finder_mut().choice.clear();
        return Some(shown);
    }
    None
}

/// What looking a postcode up came to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddressSearch {
    Found(Vec<FoundAddress>),
    NoneFound,
    /// Nothing typed.
    NoPostcode,
    NotAPostcode,
    /// The lookup service failed: the lines can still be typed.
    Unavailable,
    /// The account has looked up more postcodes than anyone typing would.
    TooMany,
}

impl AddressSearch {
    /// What to tell the person, when there is no list.
    pub fn message(&self) -> Option<&'static str> {
        match self {
            AddressSearch::Found(_) => None,
            AddressSearch::NoneFound => {
                Some("We could not find any addresses for that postcode. Check it and try again, or enter the address below.")
            }
            AddressSearch::NoPostcode => Some("Enter a postcode to find the address."),
            AddressSearch::NotAPostcode => {
                Some("Enter a real UK postcode, like SW1A 2AA, or enter the address below.")
            }
            AddressSearch::Unavailable => {
                Some("The address finder is not working at the moment. Enter the address below.")
            }
            AddressSearch::TooMany => Some(
                "You have looked up a lot of postcodes in a short time. Wait a minute and try again, or enter the address below.",
            ),
        }
    }
}

/// Whether `text` is shaped like a full UK postcode (`SW1A 2AA`, `B1 1TF`), spaces ignored.
pub fn looks_like_postcode(text: &str) -> bool {
    let compact: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let Some(split) = compact.len().checked_sub(3) else {
        return false;
    };
    let (outward, inward) = compact.split_at(split);
    let outward_ok = (2..=4).contains(&outward.len())
        && outward[0].is_ascii_alphabetic()
        && outward.iter().all(char::is_ascii_alphanumeric)
        && outward.iter().any(char::is_ascii_digit);
    let inward_ok = inward[0].is_ascii_digit()
        && inward[1].is_ascii_alphabetic()
        && inward[2].is_ascii_alphabetic();
    outward_ok && inward_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(lines: [&str; 4]) -> FoundAddress {
        FoundAddress {
            line1: lines[0].to_owned(),
            line2: lines[1].to_owned(),
            line3: lines[2].to_owned(),
            postcode: lines[3].to_owned(),
        }
    }

    #[test]
    fn os_addresses_are_split_into_three_lines_as_the_real_service_does() {
        let table = [
            (
                "10, DOWNING STREET, LONDON, SW1A 2AA",
                "SW1A 2AA",
                ["10 DOWNING STREET", "LONDON", "", "SW1A 2AA"],
            ),
            (
                "PRIME MINISTER & FIRST LORD OF THE TREASURY, 10, DOWNING STREET, LONDON, SW1A 2AA",
                "SW1A 2AA",
                [
                    "PRIME MINISTER & FIRST LORD OF THE TREASURY",
                    "10 DOWNING STREET",
                    "LONDON",
                    "SW1A 2AA",
                ],
            ),
            (
                "OFFICE OF THE PUBLIC GUARDIAN, THE AXIS, 10, HOLLIDAY STREET, BIRMINGHAM, B1 1TF",
                "B1 1TF",
                [
                    "OFFICE OF THE PUBLIC GUARDIAN",
                    "THE AXIS",
                    "10 HOLLIDAY STREET, BIRMINGHAM",
                    "B1 1TF",
                ],
            ),
            (
                "FLAT 3, HOLLIDAY WHARF, 12, HOLLIDAY STREET, BIRMINGHAM, B1 1TF",
                "B1 1TF",
                [
                    "FLAT 3",
                    "HOLLIDAY WHARF",
                    "12 HOLLIDAY STREET, BIRMINGHAM",
                    "B1 1TF",
                ],
            ),
            (
                "ROSE COTTAGE, MILL LANE, PARK ROW, HEADINGLEY, LEEDS, LS1 1BA",
                "LS1 1BA",
                [
                    "ROSE COTTAGE",
                    "MILL LANE, PARK ROW",
                    "HEADINGLEY, LEEDS",
                    "LS1 1BA",
                ],
            ),
            (
                "12A, HIGH STREET, LEEDS, LS1 1BA",
                "LS1 1BA",
                ["12A HIGH STREET", "LEEDS", "", "LS1 1BA"],
            ),
        ];
        for (address, postcode, lines) in table {
            assert_eq!(
                FoundAddress::from_os(address, postcode),
                found(lines),
                "{address}"
            );
        }
    }

    #[test]
    fn a_choice_holds_its_address_and_nothing_else() {
        let address = found(["FLAT 3", "HOLLIDAY WHARF", "BIRMINGHAM", "B1 1TF"]);
        assert_eq!(
            FoundAddress::from_choice(&address.choice()),
            Some(address.clone())
        );
        assert_eq!(
            address.description(),
            "FLAT 3, HOLLIDAY WHARF, BIRMINGHAM, B1 1TF"
        );
        for bad in ["", "one line", "a\nb\nc", "a\nb\nc\nd\ne", "\nb\nc\nd"] {
            assert_eq!(FoundAddress::from_choice(bad), None, "{bad:?}");
        }
    }

    #[derive(Clone, Debug, Default, PartialEq)]
    struct Person {
        finder: FinderInput,
        lines: Option<FoundAddress>,
        name: String,
    }

    impl WithAddress for Person {
        fn finder(&self) -> &FinderInput {
            &self.finder
        }
        fn finder_mut(&mut self) -> &mut FinderInput {
            &mut self.finder
        }
        fn fill_address(&mut self, found: FoundAddress) {
            self.lines = Some(found);
        }
    }

    #[test]
    fn the_finders_buttons_show_the_form_again_and_saving_does_not() {
        let typed = Person {
            name: "Dana".to_owned(),
            ..Person::default()
        };
        assert_eq!(redisplay(&typed), None, "saving");

        let find = Person {
            finder: FinderInput {
                lookup: "B1 1TF".to_owned(),
                find: "find".to_owned(),
                ..FinderInput::default()
            },
            ..typed.clone()
        };
        assert_eq!(
            redisplay(&find),
            Some(find.clone()),
            "the list, all else kept"
        );

        let address = found(["THE AXIS", "10 HOLLIDAY STREET", "BIRMINGHAM", "B1 1TF"]);
        let using = Person {
            finder: FinderInput {
                choice: address.choice(),
                use_: "use".to_owned(),
                ..find.finder.clone()
            },
            ..typed.clone()
        };
        let used = redisplay(&using).unwrap();
        assert_eq!(used.lines, Some(address));
        assert_eq!(used.name, "Dana");
        assert!(used.finder.find.is_empty() && used.finder.choice.is_empty());

        let nothing_chosen = Person {
            finder: FinderInput {
                use_: "use".to_owned(),
                ..find.finder.clone()
            },
            ..typed
        };
        let shown = redisplay(&nothing_chosen).unwrap();
        assert_eq!(shown.lines, None);
        assert_eq!(shown.finder.find, "find", "the list stays");
    }

    #[test]
    fn postcodes_are_recognised_by_their_shape() {
        for good in [
            "SW1A 2AA", "sw1a2aa", "B1 1TF", "LS1 1BA", "CF10 1AA", "M1 1AE", "EC1A 1BB",
        ] {
            assert!(looks_like_postcode(good), "{good}");
        }
        for bad in [
            "",
            "B1",
            "SW1A",
            "1A1 1AA",
            "SW1A 2A1",
            "SW1A!2AA",
            "ABCDE 1AA",
        ] {
            assert!(!looks_like_postcode(bad), "{bad}");
        }
    }
}
