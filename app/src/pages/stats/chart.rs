//! `/stats`' bar charts, drawn on the server as SVG markup (a string, as the summary list's rows
//! are: it holds nothing live). Each bar carries its own `<title>` (the browser's tooltip, read
//! without JavaScript) and `data-tip`/`data-x`/`data-y`, from which the hydrated page draws a
//! tooltip of its own. Screen readers get the chart's title and description; the same figures
//! are in the tables beside it.
use std::fmt::Write;

use crate::govuk::content::escape_html;

/// The drawing's size in SVG units; it scales to the width of its container.
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 280.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 36.0;
/// Lines across the chart at each fifth of its scale.
const GRID_LINES: u32 = 5;

/// One set of bars: a name and a value for each month (none where there is no figure).
pub struct Series {
    pub name: &'static str,
    /// Its colour, a class in `style/main.scss` (`app-chart__bar--…`).
    pub modifier: &'static str,
    pub values: Vec<Option<f64>>,
}

/// What a chart shows.
pub struct Chart<'a> {
    /// Unique on the page: the ids of its title and description are made from it.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// The months along the bottom, in order.
    pub labels: &'a [String],
    pub series: Vec<Series>,
    /// Percentages run from 0 to 100; counts to a round number above the largest.
    pub percentages: bool,
}

/// The top of a count's scale: the round number (1, 2 or 5 times a power of ten) at or above
/// `largest`, at least 5 so that a fifth of it is a whole number of LPAs.
fn scale_top(largest: f64) -> f64 {
    let mut step = 1.0;
    loop {
        for multiple in [1.0, 2.0, 5.0] {
            let top = step * multiple * 5.0;
            if top >= largest {
                return top;
            }
        }
        step *= 10.0;
    }
}

fn format_value(value: f64, percentages: bool) -> String {
    if percentages {
        format!("{value:.1}%")
    } else {
        format!("{value:.0}")
    }
}

impl Chart<'_> {
    fn top(&self) -> f64 {
        if self.percentages {
            return 100.0;
        }
        let largest = self
            .series
            .iter()
            .flat_map(|series| series.values.iter().flatten())
            .fold(0.0_f64, |most, value| most.max(*value));
        scale_top(largest)
    }

    /// The chart as an `<svg>` element's markup.
    pub fn to_svg(&self) -> String {
        let top = self.top();
        let plot_width = WIDTH - LEFT - RIGHT;
        let plot_height = HEIGHT - TOP - BOTTOM;
        let y_of = |value: f64| TOP + plot_height * (1.0 - value / top);
        let id = escape_html(self.id);
        let mut svg = String::with_capacity(4096);
        let _ = write!(
            svg,
            "<svg class=\"app-chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" \
             aria-labelledby=\"{id}-title {id}-description\" focusable=\"false\">\
             <title id=\"{id}-title\">{}</title><desc id=\"{id}-description\">{}</desc>",
            escape_html(self.title),
            escape_html(self.description),
        );
        for line in 0..=GRID_LINES {
            let value = top * f64::from(line) / f64::from(GRID_LINES);
            let y = y_of(value);
            let _ = write!(
                svg,
                "<line class=\"app-chart__grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
                 <text class=\"app-chart__axis\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                WIDTH - RIGHT,
                LEFT - 6.0,
                y + 4.0,
                format_value(value, self.percentages),
            );
        }
        let months = self.labels.len().max(1) as f64;
        let group = plot_width / months;
        let bar = group * 0.8 / self.series.len().max(1) as f64;
        for (index, label) in self.labels.iter().enumerate() {
            let group_left = LEFT + group * index as f64;
            for (nth, series) in self.series.iter().enumerate() {
                let Some(value) = series.values.get(index).copied().flatten() else {
                    continue;
                };
                let x = group_left + group * 0.1 + bar * nth as f64;
                // A zero is a hairline on the axis, so it reads as a figure (and takes the
                // pointer), not as a month without one.
                let height = (TOP + plot_height - y_of(value.clamp(0.0, top))).max(1.0);
                let y = TOP + plot_height - height;
                let tip = format!(
                    "{label}: {} {}",
                    format_value(value, self.percentages),
                    series.name
                );
                let tip = escape_html(&tip);
                let _ = write!(
                    svg,
                    "<rect class=\"app-chart__bar app-chart__bar--{}\" x=\"{x:.1}\" y=\"{y:.1}\" \
                     width=\"{bar:.1}\" height=\"{:.1}\" data-tip=\"{tip}\" data-x=\"{:.1}\" \
                     data-y=\"{y:.1}\"><title>{tip}</title></rect>",
                    series.modifier,
                    height,
                    x + bar / 2.0,
                );
            }
            let _ = write!(
                svg,
                "<text class=\"app-chart__axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                group_left + group / 2.0,
                HEIGHT - BOTTOM + 18.0,
                escape_html(label),
            );
        }
        svg.push_str("</svg>");
        svg
    }
}

/// The key to a chart's series: each name with its colour.
pub fn key_markup(series: &[Series]) -> String {
    let mut key = String::from("<ul class=\"app-chart-key\">");
    for series in series {
        let _ = write!(
            key,
            "<li class=\"app-chart-key__item\"><span class=\"app-chart-key__swatch \
             app-chart-key__swatch--{}\"></span>{}</li>",
            series.modifier,
            escape_html(series.name),
        );
    }
    key.push_str("</ul>");
    key
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn chart(labels: &[String], values: Vec<Option<f64>>, percentages: bool) -> String {
        Chart {
            id: "test",
            title: "A <chart>",
            description: "Figures",
            labels,
            series: vec![Series {
                name: "LPAs started",
                modifier: "started",
                values,
            }],
            percentages,
        }
        .to_svg()
    }

    #[test]
    fn each_value_is_a_bar_with_its_tooltip() {
        let labels = ["Oct 2026".to_owned(), "Nov 2026".to_owned()];
        let svg = chart(&labels, vec![Some(40.0), None], false);
        assert!(svg.starts_with("<svg class=\"app-chart\""));
        assert!(svg.contains("<title id=\"test-title\">A &lt;chart&gt;</title>"));
        assert_eq!(
            svg.matches("<rect").count(),
            1,
            "no bar for a month without a figure"
        );
        assert!(svg.contains("data-tip=\"Oct 2026: 40 LPAs started\""));
        assert!(svg.contains(">Nov 2026</text>"), "every month is labelled");
        let zero = chart(&labels, vec![Some(0.0), None], false);
        assert!(
            zero.contains("height=\"1.0\""),
            "a zero is a hairline: {zero}"
        );
        // 40 is under 50, the scale's top: the grid's top line says so.
        assert!(svg.contains(">50</text>"));
    }

    #[test]
    fn percentages_run_to_a_hundred() {
        let labels = ["Nov 2026".to_owned()];
        let svg = chart(&labels, vec![Some(72.44)], true);
        assert!(svg.contains(">100.0%</text>"));
        assert!(svg.contains("data-tip=\"Nov 2026: 72.4% LPAs started\""));
    }

    #[test]
    fn the_scale_is_round() {
        assert_eq!(scale_top(0.0), 5.0);
        assert_eq!(scale_top(5.0), 5.0);
        assert_eq!(scale_top(6.0), 10.0);
        assert_eq!(scale_top(11.0), 25.0);
        assert_eq!(scale_top(26.0), 50.0);
        assert_eq!(scale_top(1234.0), 2500.0);
    }

    proptest! {
        #[test]
        fn bars_stay_inside_the_plot(values in proptest::collection::vec(proptest::option::of(0.0f64..1e7), 1..24)) {
            let labels: Vec<String> = (0..values.len()).map(|n| format!("M{n}")).collect();
            let largest = values.iter().flatten().fold(0.0_f64, |a, b| a.max(*b));
            prop_assert!(scale_top(largest) >= largest);
            let svg = chart(&labels, values.clone(), false);
            prop_assert_eq!(svg.matches("<rect").count(), values.iter().flatten().count());
            for rect in svg.split("<rect").skip(1) {
                let attribute = |name: &str| -> f64 {
                    let start = rect.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                    rect[start..].split('"').next().unwrap().parse().unwrap()
                };
                prop_assert!(attribute("y") >= TOP - 0.1);
                prop_assert!(attribute("y") + attribute("height") <= HEIGHT - BOTTOM + 0.1);
                prop_assert!(attribute("x") >= LEFT && attribute("x") + attribute("width") <= WIDTH - RIGHT + 0.1);
            }
        }
    }
}
