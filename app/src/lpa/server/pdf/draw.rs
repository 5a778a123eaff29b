//! A small kit for drawing the paper forms with krilla, in the forms' own vocabulary: pages of the
//! forms' size with their header and footer, headings, paragraphs wrapped to a width, grey
//! panels, labelled white answer boxes, date cells, tick boxes and strike-throughs.
//!
//! Everything drawn is tagged, in the order it is drawn, which is the order the form is read in:
//! headings and paragraphs as such, an answer as a paragraph of its label and what was entered, a
//! tick box as a paragraph saying whether it is ticked; panels, rules and the page furniture are
//! artifacts. So a screen reader reads a filled form as it is laid out (issue 20).
//!
//! Coordinates are points from the top-left corner of the page (krilla's).
use std::num::NonZeroU16;
use std::sync::LazyLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Node, SpanTag, Tag, TagGroup, TagTree};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// A4, as the forms are printed.
pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;
/// The page's margins left and right.
pub const MARGIN: f32 = 33.0;
/// The width between the margins.
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Two panels side by side: each one's width, and the gap between them.
pub const HALF_GAP: f32 = 6.0;
pub const HALF_WIDTH: f32 = (CONTENT_WIDTH - HALF_GAP) / 2.0;
/// Where the page's content starts, below the header.
pub const CONTENT_TOP: f32 = 52.0;

/// Grey of the forms' panels.
const PANEL_GREY: (u8, u8, u8) = (222, 221, 222);
const BLACK: (u8, u8, u8) = (0, 0, 0);
const WHITE: (u8, u8, u8) = (255, 255, 255);
/// Red of the draft watermark.
const DRAFT_RED: (u8, u8, u8) = (255, 64, 64);

fn colour((red, green, blue): (u8, u8, u8)) -> krilla::paint::Paint {
    rgb::Color::new(red, green, blue).into()
}

/// Text sizes.
pub const BODY: f32 = 9.0;
pub const LABEL: f32 = 8.5;
pub const ANSWER: f32 = 10.0;

/// One of the three faces the forms use: Liberation Sans (Arial's metrics) for the printed form,
/// bold for its headings, and Liberation Mono for what was entered, as the real forms print
/// answers in a monospaced face (OCR-B). SIL Open Font License (app/fonts/OFL.txt).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    Mono,
}

struct LoadedFace {
    font: Font,
    data: &'static [u8],
}

static REGULAR: LazyLock<LoadedFace> = LazyLock::new(|| {
    load(include_bytes!(
        "../../../../fonts/LiberationSans-Regular.ttf"
    ))
});
static BOLD: LazyLock<LoadedFace> =
    LazyLock::new(|| load(include_bytes!("../../../../fonts/LiberationSans-Bold.ttf")));
static MONO: LazyLock<LoadedFace> = LazyLock::new(|| {
    load(include_bytes!(
        "../../../../fonts/LiberationMono-Regular.ttf"
    ))
});

fn load(data: &'static [u8]) -> LoadedFace {
    LoadedFace {
        // The fonts are built into the binary: a font that does not load fails every test.
        font: Font::new(data.into(), 0).expect("a font built into the binary"),
        data,
    }
}

impl Face {
    fn loaded(self) -> &'static LoadedFace {
        match self {
            Face::Regular => &REGULAR,
            Face::Bold => &BOLD,
            Face::Mono => &MONO,
        }
    }

    /// The width of `text` at `size`, from the font's advances.
    pub fn width(self, text: &str, size: f32) -> f32 {
        let Ok(font) = FontRef::new(self.loaded().data) else {
            return 0.0;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|glyph| metrics.advance_width(glyph))
                    .unwrap_or(size * 0.5)
            })
            .sum()
    }
}

/// `text` broken into lines no wider than `width` at `size`, between words (a word wider than
/// the line has a line of its own); line breaks in `text` are kept.
pub fn wrap(text: &str, face: Face, size: f32, width: f32) -> Vec<String> {
    let space = face.width(" ", size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split(' ').filter(|word| !word.is_empty()) {
            let word_width = face.width(word, size);
            if !line.is_empty() && line_width + space + word_width > width {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if !line.is_empty() {
                line.push(' ');
                line_width += space;
            }
            line.push_str(word);
            line_width += word_width;
        }
        lines.push(line);
    }
    lines
}

/// Line height for text of `size`.
pub fn leading(size: f32) -> f32 {
    size * 1.25
}

/// A form being drawn: its pages and the tag tree that reads them.
pub struct FormWriter {
    document: Document,
    tree: TagTree,
}

impl FormWriter {
    pub fn new() -> Self {
        let settings = krilla::SerializeSettings {
            enable_tagging: true,
            ..krilla::SerializeSettings::default()
        };
        FormWriter {
            document: Document::new_with(settings),
            tree: TagTree::new().with_lang(Some("en-GB".to_owned())),
        }
    }

    /// Draws one page with `draw`.
    pub fn page(&mut self, draw: impl FnOnce(&mut Canvas<'_, '_>)) {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .unwrap_or_else(|| PageSettings::from_wh(595.0, 842.0).expect("A4"));
        let mut page = self.document.start_page_with(settings);
        let mut surface = page.surface();
        let mut canvas = Canvas {
            surface: &mut surface,
            section: TagGroup::new(Tag::Section),
        };
        draw(&mut canvas);
        let section = canvas.section;
        surface.finish();
        page.finish();
        self.tree.push(section);
    }

    /// The PDF, with its title and language.
    pub fn finish(mut self, title: &str) -> Result<Vec<u8>, String> {
        self.document.set_tag_tree(self.tree);
        self.document.set_metadata(
            krilla::metadata::Metadata::new()
                .title(title.to_owned())
                .language("en-GB".to_owned())
                .creator("Make a lasting power of attorney".to_owned()),
        );
        self.document.finish().map_err(|error| format!("{error:?}"))
    }
}

/// One page being drawn, and the section of the tag tree that reads it.
pub struct Canvas<'s, 'p> {
    surface: &'s mut Surface<'p>,
    section: TagGroup,
}

impl Canvas<'_, '_> {
    /// Draws a line of text at `(x, baseline)`, tagged as a span of `group`.
    fn line_into(
        &mut self,
        group: &mut TagGroup,
        x: f32,
        baseline: f32,
        face: Face,
        size: f32,
        text: &str,
    ) {
        if text.is_empty() {
            return;
        }
        let id = self
            .surface
            .start_tagged(ContentTag::Span(SpanTag::empty()));
        draw_plain(self.surface, x, baseline, face, size, text);
        self.surface.end_tagged();
        group.push(id);
    }

    fn fill(&mut self, rgb: (u8, u8, u8)) {
        self.surface.set_fill(Some(Fill {
            paint: colour(rgb),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
    }

    /// Draws decoration that is not read (panels, boxes, rules).
    fn artifact(&mut self, kind: ArtifactType, draw: impl FnOnce(&mut Surface<'_>)) {
        self.artifact_in(Artifact::with_kind(kind), draw);
    }

    /// As [`Self::artifact`], with the artifact's own description (a background needs its box).
    fn artifact_in(&mut self, artifact: Artifact, draw: impl FnOnce(&mut Surface<'_>)) {
        self.surface.start_tagged(ContentTag::Artifact(artifact));
        draw(self.surface);
        self.surface.end_tagged();
    }

    fn push(&mut self, group: TagGroup) {
        self.section.push(group);
    }

    /// Wrapped text at `(x, top)`, no wider than `width`, tagged as `group`'s spans; returns the
    /// y below it.
    fn text_into(
        &mut self,
        group: &mut TagGroup,
        (x, top): (f32, f32),
        width: f32,
        face: Face,
        size: f32,
        text: &str,
    ) -> f32 {
        let mut y = top;
        for line in wrap(text, face, size, width) {
            y += leading(size);
            self.line_into(group, x, y - size * 0.25, face, size, &line);
        }
        y
    }

    /// A heading of `level` (1: the form's title, 2: a section).
    pub fn heading(
        &mut self,
        level: u16,
        x: f32,
        top: f32,
        width: f32,
        size: f32,
        text: &str,
    ) -> f32 {
        let level = NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN);
        let mut group = TagGroup::new(Tag::Hn(level, Some(text.to_owned())));
        let y = self.text_into(&mut group, (x, top), width, Face::Bold, size, text);
        self.push(group);
        y
    }

    /// A paragraph; returns the y below it.
    pub fn paragraph(
        &mut self,
        x: f32,
        top: f32,
        width: f32,
        face: Face,
        size: f32,
        text: &str,
    ) -> f32 {
        let mut group = TagGroup::new(Tag::P);
        let y = self.text_into(&mut group, (x, top), width, face, size, text);
        self.push(group);
        y
    }

    /// Body text paragraphs, a little apart; returns the y below them.
    pub fn paragraphs(&mut self, x: f32, top: f32, width: f32, texts: &[&str]) -> f32 {
        let mut y = top;
        for text in texts {
            y = self.paragraph(x, y, width, Face::Regular, BODY, text) + 3.0;
        }
        y
    }

    /// A bulleted list; returns the y below it.
    pub fn bullets(&mut self, x: f32, top: f32, width: f32, items: &[&str]) -> f32 {
        let mut list = TagGroup::new(Tag::L(krilla::tagging::ListNumbering::Disc));
        let mut y = top;
        for item in items {
            let mut label = TagGroup::new(Tag::Lbl);
            self.line_into(
                &mut label,
                x,
                y + leading(BODY) - BODY * 0.25,
                Face::Regular,
                BODY,
                "•",
            );
            let mut body = TagGroup::new(Tag::LBody);
            y = self.text_into(
                &mut body,
                (x + 9.0, y),
                width - 9.0,
                Face::Regular,
                BODY,
                item,
            ) + 1.5;
            list.push(TagGroup::with_children(
                Tag::LI,
                vec![Node::from(label), Node::from(body)],
            ));
        }
        self.push(list);
        y
    }

    /// A grey panel behind a group of questions.
    pub fn panel(&mut self, x: f32, top: f32, width: f32, height: f32) {
        let Some(rect) = Rect::from_xywh(x, top, width, height) else {
            return;
        };
        self.artifact_in(
            Artifact::new(ArtifactType::Background, Some(rect)),
            |surface| draw_rect(surface, rect, PANEL_GREY, None),
        );
    }

    /// A white box with a thin black border.
    fn answer_box(&mut self, x: f32, top: f32, width: f32, height: f32) {
        let Some(rect) = Rect::from_xywh(x, top, width, height) else {
            return;
        };
        self.artifact(ArtifactType::Layout, |surface| {
            draw_rect(surface, rect, WHITE, Some(0.5));
        });
    }

    /// A labelled answer: the label, then a box of `rows` lines with `lines` entered in it (the
    /// box is empty when nothing was entered); returns the y below it.
    pub fn answer(
        &mut self,
        label: &str,
        lines: &[&str],
        x: f32,
        top: f32,
        width: f32,
        rows: usize,
    ) -> f32 {
        let mut group = TagGroup::new(Tag::P);
        let mut y = self.text_into(&mut group, (x, top), width, Face::Regular, LABEL, label) + 1.5;
        let row_height = leading(ANSWER) + 1.0;
        let height = row_height * rows.max(1) as f32 + 4.0;
        self.answer_box(x, y, width, height);
        for (row, line) in lines.iter().take(rows.max(1)).enumerate() {
            let baseline = y + 2.0 + row_height * (row as f32 + 1.0) - ANSWER * 0.3;
            self.line_into(&mut group, x + 4.0, baseline, Face::Mono, ANSWER, line);
        }
        y += height;
        self.push(group);
        y + 4.0
    }

    /// A date in day, month and year cells under `label`; returns the y below it.
    pub fn date(&mut self, label: &str, date: Option<chrono::NaiveDate>, x: f32, top: f32) -> f32 {
        let mut group = TagGroup::new(Tag::P);
        let y = self.text_into(&mut group, (x, top), 200.0, Face::Regular, LABEL, label) + 1.5;
        let parts = date.map(|date| {
            [
                date.format("%d").to_string(),
                date.format("%m").to_string(),
                date.format("%Y").to_string(),
            ]
        });
        let cells = [("Day", 2.0), ("Month", 2.0), ("Year", 4.0)];
        let cell = 17.0;
        let mut left = x;
        for (index, (caption, count)) in cells.iter().enumerate() {
            let width = cell * count;
            self.answer_box(left, y, width, cell + 2.0);
            if let Some(parts) = &parts {
                self.line_into(
                    &mut group,
                    left + 3.0,
                    y + cell - 3.0,
                    Face::Mono,
                    ANSWER,
                    &spaced(&parts[index]),
                );
            }
            self.line_into(
                &mut group,
                left,
                y + cell + 11.0,
                Face::Regular,
                7.0,
                caption,
            );
            left += width + 8.0;
        }
        self.push(group);
        y + cell + 16.0
    }

    /// A tick box with its label beside it (the label may be bold up to the first `\n`); ticked
    /// boxes hold an X, which is read with the label. Returns the y below it.
    pub fn tick(&mut self, ticked: bool, label: &str, x: f32, top: f32, width: f32) -> f32 {
        let size = 11.0;
        self.answer_box(x, top + 1.0, size, size);
        let mut group = TagGroup::new(Tag::P);
        if ticked {
            self.line_into(
                &mut group,
                x + 2.0,
                top + size - 0.5,
                Face::Mono,
                ANSWER,
                "X",
            );
        }
        let (bold, rest) = label.split_once('\n').unwrap_or((label, ""));
        let mut y = self.text_into(
            &mut group,
            (x + size + 6.0, top),
            width - size - 6.0,
            Face::Bold,
            BODY,
            bold,
        );
        if !rest.is_empty() {
            y = self.text_into(
                &mut group,
                (x + size + 6.0, y),
                width - size - 6.0,
                Face::Regular,
                BODY,
                rest,
            );
        }
        self.push(group);
        y.max(top + size + 2.0) + 3.0
    }

    /// A question in bold and its answers as tick boxes, those in `answers` marked `true`
    /// ticked; returns the y below them.
    pub fn question(
        &mut self,
        question: &str,
        answers: &[(bool, &str)],
        x: f32,
        top: f32,
        width: f32,
    ) -> f32 {
        let mut y = self.paragraph(x, top, width, Face::Bold, BODY, question) + 3.0;
        for (ticked, label) in answers {
            y = self.tick(*ticked, label, x, y, width);
        }
        y
    }

    /// Crosses out a box that is not used, with a thick line from its bottom-left corner to its
    /// top-right, as the real forms do; read as "Not used".
    pub fn strike(&mut self, x: f32, top: f32, width: f32, height: f32) {
        let id = self.surface.start_tagged(ContentTag::Span(
            SpanTag::empty().with_alt_text(Some("Not used")),
        ));
        let mut path = PathBuilder::new();
        path.move_to(x + 12.0, top + height - 12.0);
        path.line_to(x + width - 12.0, top + 12.0);
        if let Some(path) = path.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke {
                paint: colour(BLACK),
                width: 10.0,
                ..Stroke::default()
            }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
        self.surface.end_tagged();
        let mut group = TagGroup::new(Tag::P);
        group.push(id);
        self.push(group);
    }

    /// Black bars (a barcode's), `(left, width)` each, from `top`, `height` high; read as `alt`.
    pub fn bars(&mut self, bars: &[(f32, f32)], top: f32, height: f32, alt: &str) {
        let id = self
            .surface
            .start_tagged(ContentTag::Span(SpanTag::empty().with_alt_text(Some(alt))));
        let mut path = PathBuilder::new();
        for (left, width) in bars {
            if let Some(rect) = Rect::from_xywh(*left, top, *width, height) {
                path.push_rect(rect);
            }
        }
        if let Some(path) = path.finish() {
            self.fill(BLACK);
            self.surface.set_stroke(None);
            self.surface.draw_path(&path);
        }
        self.surface.end_tagged();
        let mut group = TagGroup::new(Tag::Figure(Some(alt.to_owned())));
        group.push(id);
        self.push(group);
    }

    /// The page's header: the helpline, top right (page furniture, not read).
    pub fn helpline(&mut self) {
        self.artifact(ArtifactType::Header, |surface| {
            draw_plain(
                surface,
                PAGE_WIDTH - MARGIN - 80.0,
                30.0,
                Face::Regular,
                8.0,
                "Helpline",
            );
            draw_plain(
                surface,
                PAGE_WIDTH - MARGIN - 80.0,
                40.0,
                Face::Bold,
                9.0,
                "0300 456 0300",
            );
        });
    }

    /// The page's footer: the form's code and edition on the right, the page number if it has
    /// one, and "Generated by …" on the left of the registration pages.
    pub fn footer(&mut self, code: &str, page_number: Option<u8>, generated: bool) {
        let code = code.to_owned();
        self.artifact(ArtifactType::Footer, |surface| {
            let size = 7.5;
            let right = PAGE_WIDTH - MARGIN - if page_number.is_some() { 20.0 } else { 0.0 };
            let width = Face::Regular.width(&code, size);
            draw_plain(
                surface,
                right - width,
                PAGE_HEIGHT - 28.0,
                Face::Regular,
                size,
                &code,
            );
            if let Some(number) = page_number {
                let text = number.to_string();
                let width = Face::Bold.width(&text, 12.0);
                draw_plain(
                    surface,
                    PAGE_WIDTH - MARGIN - width,
                    PAGE_HEIGHT - 27.0,
                    Face::Bold,
                    12.0,
                    &text,
                );
            }
            if generated {
                draw_plain(
                    surface,
                    MARGIN,
                    PAGE_HEIGHT - 28.0,
                    Face::Regular,
                    size,
                    "Generated by lastingpowerofattorney.service.gov.uk",
                );
            }
        });
    }

    /// The draft watermark across the page: red, rotated, behind nothing.
    pub fn draft_watermark(&mut self) {
        self.artifact(ArtifactType::Watermark, |surface| {
            let transform =
                krilla::geom::Transform::from_rotate_at(-43.0, PAGE_WIDTH / 2.0, PAGE_HEIGHT / 2.0);
            surface.push_transform(&transform);
            surface.set_fill(Some(Fill {
                paint: colour(DRAFT_RED),
                opacity: NormalizedF32::new(0.85).unwrap_or(NormalizedF32::ONE),
                rule: Default::default(),
            }));
            for (index, line) in [
                "This page is a draft. Continue online and print",
                "before sending to Office of the Public Guardian.",
            ]
            .iter()
            .enumerate()
            {
                let width = Face::Bold.width(line, 20.0);
                surface.draw_text(
                    Point::from_xy(
                        PAGE_WIDTH / 2.0 - width / 2.0,
                        PAGE_HEIGHT / 2.0 + 26.0 * index as f32,
                    ),
                    Face::Bold.loaded().font.clone(),
                    20.0,
                    line,
                    false,
                    TextDirection::Auto,
                );
            }
            surface.pop();
        });
    }

    /// A page left blank on purpose, saying so (read as such).
    pub fn intentionally_blank(&mut self) {
        let text = "This page is intentionally left blank";
        let width = Face::Regular.width(text, BODY);
        self.paragraph(
            (PAGE_WIDTH - width) / 2.0,
            PAGE_HEIGHT / 2.0,
            width + 1.0,
            Face::Regular,
            BODY,
            text,
        );
    }
}

/// A rectangle filled with `fill`, with a black border `border` wide if any.
fn draw_rect(surface: &mut Surface<'_>, rect: Rect, fill: (u8, u8, u8), border: Option<f32>) {
    let mut path = PathBuilder::new();
    path.push_rect(rect);
    let Some(path) = path.finish() else {
        return;
    };
    surface.set_fill(Some(Fill {
        paint: colour(fill),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
    surface.set_stroke(border.map(|width| Stroke {
        paint: colour(BLACK),
        width,
        ..Stroke::default()
    }));
    surface.draw_path(&path);
    surface.set_stroke(None);
}

/// A line of black text, read or not as the caller has tagged it.
fn draw_plain(surface: &mut Surface<'_>, x: f32, baseline: f32, face: Face, size: f32, text: &str) {
    surface.set_fill(Some(Fill {
        paint: colour(BLACK),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
    surface.draw_text(
        Point::from_xy(x, baseline),
        face.loaded().font.clone(),
        size,
        text,
        false,
        TextDirection::Auto,
    );
}

/// Characters spread for the cells of a date.
fn spaced(text: &str) -> String {
    text.chars()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}
