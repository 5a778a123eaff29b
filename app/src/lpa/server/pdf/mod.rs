//! Drawing the paper forms (reference §7; what goes where is `lpa::paper`'s): the LP1F and
//! LP1H with their continuation sheets, the LP3 and the LPA120, as tagged PDFs in fonts we may
//! ship, with krilla.
mod barcode;
mod draw;
mod lp1;
mod lp3;
mod lpa120;
mod people;

use super::super::model::Lpa;
use super::super::paper::{Edition, PaperForm};

/// Why a form could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The LPA has no type yet, so no form.
    #[error("the LPA has no type")]
    NoType,
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// `lpa`'s `form` as `edition`, as PDF bytes.
pub fn render(lpa: &Lpa, form: PaperForm, edition: Edition) -> Result<Vec<u8>, PdfError> {
    let lpa_type = lpa.document.lpa_type().ok_or(PdfError::NoType)?;
    match form {
        PaperForm::Lp1 => lp1::draw(lpa, lpa_type, edition),
        PaperForm::Lp3 => lp3::draw(lpa, lpa_type),
        PaperForm::Lpa120 => lpa120::draw(lpa, lpa_type),
    }
    .map_err(PdfError::Write)
}

#[cfg(test)]
mod tests;
