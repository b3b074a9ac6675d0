//! The parameters of each analysis as the user types them, with sensible defaults, checked as they
//! are typed: a field says what is wrong under itself, and Run stays off until every field is right.

use std::collections::HashMap;

use iced::widget::{button, checkbox, column, container, row, text};
use iced::{Alignment, Element, Length};

use super::kind::Kind;
use crate::analytics::classify::Criterion;
use crate::analytics::rules::Ratio;
use crate::analytics::workspace::Request;
use crate::analytics::workspace::inputs::customer_feature_names;
pub use crate::analytics::workspace::inputs::feature_label;
use crate::ui::theme;
use crate::ui::widget::field::{labelled, submitting_field};
use crate::ui::widget::menu_escape::closes_on_escape;

/// A text field of the form; its label is also its widget id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    K,
    Restarts,
    Seed,
    Eps,
    MinSamples,
    MinSupport,
    MinConfidence,
    MinLift,
    MaxDepth,
    /// Each model keeps its own: tuning the tree's must not change the next churn run's.
    Folds(Kind),
    C,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::K => "Segments (k)",
            Field::Restarts => "Restarts",
            Field::Seed => "Seed",
            Field::Eps => "Radius (eps)",
            Field::MinSamples => "Neighbours to be dense",
            Field::MinSupport => "Minimum support",
            Field::MinConfidence => "Minimum confidence",
            Field::MinLift => "Minimum lift",
            Field::MaxDepth => "Maximum depth",
            Field::Folds(_) => "Cross-validation folds",
            Field::C => "Margin penalty (C)",
        }
    }

    /// What an empty box means, where empty is a choice: the label again would read as blank.
    fn hint(self) -> &'static str {
        match self {
            Field::Eps => "From the data",
            Field::MaxDepth => "No limit",
            other => other.label(),
        }
    }
}

/// A yes/no choice of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    Standardize,
    GradientDescent,
    HardMargin,
}

#[derive(Debug, Clone)]
pub enum Message {
    Edited(Field, String),
    Switched(Switch, bool),
    /// A customer feature ticked on or off for the clustering (`false`) or the model (`true`).
    Feature {
        model: bool,
        name: String,
        on: bool,
    },
    Target(String),
    Criterion(CriterionChoice),
    /// Enter in a parameter: the panel runs the analysis.
    Submitted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CriterionChoice(pub Criterion);

impl std::fmt::Display for CriterionChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Criterion::Gini => "Gini impurity",
            Criterion::Entropy => "Information gain (entropy)",
        })
    }
}

pub struct Form {
    values: HashMap<Field, String>,
    standardize: bool,
    gradient_descent: bool,
    hard_margin: bool,
    /// Features the clustering uses.
    cluster_features: Vec<String>,
    /// Features the spending model learns from, and what it predicts.
    model_features: Vec<String>,
    target: String,
    criterion: Criterion,
}

impl Default for Form {
    fn default() -> Self {
        let values = [
            (Field::K, "4"),
            (Field::Restarts, "10"),
            (Field::Seed, "0"),
            // Empty: read off the customers' k-distance curve at each run.
            (Field::Eps, ""),
            (Field::MinSamples, "10"),
            (Field::MinSupport, "0.01"),
            (Field::MinConfidence, "0.3"),
            (Field::MinLift, "1"),
            (Field::MaxDepth, "4"),
            (Field::Folds(Kind::WinLoss), "5"),
            (Field::Folds(Kind::Churn), "5"),
            (Field::Folds(Kind::DealScoring), "5"),
            (Field::C, "1"),
        ]
        .into_iter()
        .map(|(f, v)| (f, v.to_string()))
        .collect();
        Form {
            values,
            standardize: true,
            gradient_descent: false,
            hard_margin: false,
            cluster_features: crate::analytics::workspace::inputs::SEGMENT_FEATURES
                .map(String::from)
                .to_vec(),
            model_features: ["age", "income", "education"].map(String::from).to_vec(),
            target: "spending".into(),
            criterion: Criterion::Gini,
        }
    }
}

impl Form {
    pub fn update(&mut self, message: Message) {
        match message {
            Message::Edited(field, value) => {
                self.values.insert(field, value);
            }
            Message::Switched(Switch::Standardize, on) => self.standardize = on,
            Message::Switched(Switch::GradientDescent, on) => self.gradient_descent = on,
            Message::Switched(Switch::HardMargin, on) => self.hard_margin = on,
            Message::Feature { model, name, on } => {
                let list = if model {
                    &mut self.model_features
                } else {
                    &mut self.cluster_features
                };
                list.retain(|f| *f != name);
                if on {
                    list.push(name);
                    // Keep the table's order, so columns read the same way everywhere.
                    let order = customer_feature_names();
                    list.sort_by_key(|f| order.iter().position(|o| o == f));
                }
                if model {
                    self.model_features.retain(|f| *f != self.target);
                }
            }
            Message::Target(target) => {
                self.model_features.retain(|f| *f != target);
                self.target = target;
            }
            Message::Criterion(choice) => self.criterion = choice.0,
            // Handled by the panel (it runs the analysis).
            Message::Submitted => {}
        }
    }

    pub fn set(&mut self, field: Field, value: impl Into<String>) {
        self.values.insert(field, value.into());
    }

    fn value(&self, field: Field) -> &str {
        self.values.get(&field).map_or("", String::as_str)
    }

    /// The request the form describes for `kind`, or what is wrong with each field.
    pub fn request(&self, kind: Kind) -> Result<Request, HashMap<Field, String>> {
        let mut errors = HashMap::new();
        let request = match kind {
            Kind::Segments => Request::Segments {
                features: self.cluster_features.clone(),
                k: self.whole(Field::K, 1, 50, &mut errors),
                n_init: self.whole(Field::Restarts, 1, 100, &mut errors),
                seed: self.whole(Field::Seed, 0, u32::MAX as usize, &mut errors) as u64,
                standardize: self.standardize,
            },
            Kind::Density => Request::Density {
                features: self.cluster_features.clone(),
                min_samples: self.whole(Field::MinSamples, 1, 10_000, &mut errors),
                eps: match self.value(Field::Eps).trim() {
                    "" => None,
                    _ => Some(self.positive(Field::Eps, &mut errors)),
                },
                standardize: self.standardize,
            },
            Kind::Bundles => Request::Bundles {
                min_support: self.ratio(Field::MinSupport, false, &mut errors),
                min_confidence: self.ratio(Field::MinConfidence, false, &mut errors),
                min_lift: self.ratio(Field::MinLift, true, &mut errors),
            },
            Kind::Spending => Request::Spending {
                features: self.model_features.clone(),
                target: self.target.clone(),
                gradient_descent: self.gradient_descent,
            },
            Kind::WinLoss => Request::WinLoss {
                criterion: self.criterion,
                max_depth: match self.value(Field::MaxDepth).trim() {
                    "" => None,
                    _ => Some(self.whole(Field::MaxDepth, 1, 30, &mut errors)),
                },
                folds: self.whole(Field::Folds(Kind::WinLoss), 2, 20, &mut errors),
            },
            Kind::Churn => Request::Churn {
                c: if self.hard_margin {
                    None
                } else {
                    Some(self.positive(Field::C, &mut errors))
                },
                folds: self.whole(Field::Folds(Kind::Churn), 2, 20, &mut errors),
            },
            Kind::DealScoring => Request::DealScoring {
                folds: self.whole(Field::Folds(Kind::DealScoring), 2, 20, &mut errors),
            },
            Kind::Loyalty => Request::Loyalty,
        };
        if let Some(problem) = errors.get_mut(&Field::Eps) {
            problem.push_str(", or empty to read one off the data");
        }
        let features_chosen = match &request {
            Request::Segments { features, .. } | Request::Density { features, .. } => {
                !features.is_empty()
            }
            Request::Spending { features, .. } => !features.is_empty(),
            _ => true,
        };
        if errors.is_empty() && features_chosen {
            Ok(request)
        } else {
            Err(errors)
        }
    }

    /// The scan of `kind` (Choose k up to `k_max`, Suggest eps), which reads only the fields it
    /// needs: a wrong or empty eps had greyed out Suggest eps, the very way to find one.
    pub fn scan_request(&self, kind: Kind, k_max: usize) -> Option<Request> {
        let mut errors = HashMap::new();
        let request = match kind {
            Kind::Segments => Request::ChooseK {
                features: self.cluster_features.clone(),
                ks: 2..=k_max,
                standardize: self.standardize,
                n_init: self.whole(Field::Restarts, 1, 100, &mut errors),
                seed: self.whole(Field::Seed, 0, u32::MAX as usize, &mut errors) as u64,
            },
            Kind::Density => Request::SuggestEps {
                features: self.cluster_features.clone(),
                min_samples: self.whole(Field::MinSamples, 1, 10_000, &mut errors),
                standardize: self.standardize,
            },
            _ => return None,
        };
        (errors.is_empty() && !self.cluster_features.is_empty()).then_some(request)
    }

    fn whole(
        &self,
        field: Field,
        min: usize,
        max: usize,
        errors: &mut HashMap<Field, String>,
    ) -> usize {
        match self.value(field).trim().parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => n,
            _ => {
                errors.insert(field, format!("a whole number from {min} to {max}"));
                min
            }
        }
    }

    fn positive(&self, field: Field, errors: &mut HashMap<Field, String>) -> f64 {
        match self.value(field).trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => v,
            _ => {
                errors.insert(field, "a number above 0, such as 0.5".into());
                1.0
            }
        }
    }

    /// A fraction from 0 to 1 as an exact decimal; a lift may be any decimal of at least 0.
    fn ratio(&self, field: Field, any_size: bool, errors: &mut HashMap<Field, String>) -> Ratio {
        match self.value(field).trim().parse::<Ratio>() {
            Ok(r) if any_size || r.is_at_most_one() => r,
            _ => {
                let hint = if any_size {
                    "a number of 0 or more, such as 1 or 1.5"
                } else {
                    "a fraction from 0 to 1, such as 0.01"
                };
                errors.insert(field, hint.into());
                Ratio::ZERO
            }
        }
    }

    pub fn view(&self, kind: Kind) -> Element<'_, Message> {
        let errors = self.request(kind).err().unwrap_or_default();
        // Enter in a parameter runs the analysis, as Run does: the keyboard's way to it.
        let field = |f: Field| {
            submitting_field(
                f.label(),
                f.hint(),
                self.value(f),
                errors.get(&f).cloned(),
                move |v| Message::Edited(f, v),
                Message::Submitted,
            )
        };
        let standardize = checkbox(self.standardize)
            .label("Standardise (z-scores), so income does not outweigh age")
            .on_toggle(|on| Message::Switched(Switch::Standardize, on));
        let content: Element<'_, Message> = match kind {
            Kind::Segments => column![
                self.features(false),
                row![field(Field::K), field(Field::Restarts), field(Field::Seed)].spacing(12),
                standardize,
            ]
            .spacing(10)
            .into(),
            Kind::Density => column![
                self.features(false),
                row![field(Field::Eps), field(Field::MinSamples)].spacing(12),
                standardize,
            ]
            .spacing(10)
            .into(),
            Kind::Bundles => row![
                field(Field::MinSupport),
                field(Field::MinConfidence),
                field(Field::MinLift)
            ]
            .spacing(12)
            .into(),
            Kind::Spending => {
                let targets: Vec<FeatureChoice> = customer_feature_names()
                    .into_iter()
                    .map(FeatureChoice)
                    .collect();
                // The choice keeps the width of its longest name ("Spending (last 12 months)"):
                // beside the switch in a narrow window it was cut; the switch goes under it.
                column![
                    row![
                        container(labelled(
                            "Predict",
                            closes_on_escape(
                                crate::ui::widget::field::pick(
                                    targets,
                                    Some(FeatureChoice(self.target.clone())),
                                    |choice: FeatureChoice| Message::Target(choice.0)
                                )
                                .width(Length::Fill)
                            ),
                            None
                        ))
                        .width(Length::Fixed(280.0)),
                        checkbox(self.gradient_descent)
                            .label("Gradient descent instead of least squares")
                            .on_toggle(|on| Message::Switched(Switch::GradientDescent, on)),
                    ]
                    .spacing(12)
                    .align_y(Alignment::End)
                    .wrap()
                    .vertical_spacing(8),
                    self.features(true),
                ]
                .spacing(10)
                .into()
            }
            Kind::WinLoss => row![
                labelled(
                    "Split by",
                    closes_on_escape(crate::ui::widget::field::pick(
                        [
                            CriterionChoice(Criterion::Gini),
                            CriterionChoice(Criterion::Entropy)
                        ],
                        Some(CriterionChoice(self.criterion)),
                        Message::Criterion
                    )),
                    None
                ),
                field(Field::MaxDepth),
                field(Field::Folds(Kind::WinLoss)),
            ]
            .spacing(12)
            .into(),
            Kind::Churn => {
                // Aligned at their labels, as the other analyses' fields: aligned at their feet,
                // an error under one pushed the other field down out of line.
                let mut fields = row![].spacing(12);
                if !self.hard_margin {
                    fields = fields.push(field(Field::C));
                }
                column![
                    fields.push(field(Field::Folds(Kind::Churn))),
                    checkbox(self.hard_margin)
                        .label("Hard margin (no customer may sit on the wrong side)")
                        .on_toggle(|on| Message::Switched(Switch::HardMargin, on)),
                ]
                .spacing(10)
                .into()
            }
            Kind::DealScoring => row![field(Field::Folds(Kind::DealScoring))]
                .spacing(12)
                .into(),
            Kind::Loyalty => text(
                "Nothing to set: scores are quintiles of the customers' own figures (5 is best).",
            )
            .size(13)
            .style(theme::muted_text)
            .into(),
        };
        content
    }

    /// Ticks for the customer features; `model` picks the spending model's list.
    fn features(&self, model: bool) -> Element<'_, Message> {
        let chosen = if model {
            &self.model_features
        } else {
            &self.cluster_features
        };
        let mut ticks = row![].spacing(6).align_y(Alignment::Center);
        for name in customer_feature_names() {
            if model && name == self.target {
                continue;
            }
            let on = chosen.contains(&name);
            let label = feature_label(&name).to_string();
            ticks = ticks.push(
                button(text(label).size(13))
                    .padding([4, 10])
                    .style(theme::toggle(on))
                    .on_press(Message::Feature {
                        model,
                        name: name.clone(),
                        on: !on,
                    }),
            );
        }
        let error = chosen
            .is_empty()
            .then(|| "choose at least one figure".to_string());
        labelled(
            if model {
                "Learn from"
            } else {
                "Group customers by"
            },
            ticks.width(Length::Fill).wrap(),
            error,
        )
    }
}

/// A customer feature in a list to choose from, read by its label ("Total spent", not "monetary").
#[derive(Debug, Clone, PartialEq, Eq)]
struct FeatureChoice(String);

impl std::fmt::Display for FeatureChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(feature_label(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Choose k's table is Run's figures for each k: the same restarts and seed (it had always
    /// taken ten restarts, and its k = 7 disagreed with Run of k = 7 and with the CLI).
    #[test]
    fn choose_k_takes_the_restarts_and_seed_run_takes() {
        let mut form = Form::default();
        form.set(Field::Restarts, "37");
        form.set(Field::Seed, "4294967295");
        let Some(Request::ChooseK { n_init, seed, .. }) = form.scan_request(Kind::Segments, 10)
        else {
            panic!("a form with good fields can choose k");
        };
        assert_eq!((n_init, seed), (37, 4_294_967_295));
        form.set(Field::Restarts, "0");
        assert_eq!(form.scan_request(Kind::Segments, 10), None);
    }
}
