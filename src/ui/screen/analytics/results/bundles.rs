//! The "bought together" result: the sortable rule table, and under a selected rule the customers
//! it speaks to with the product to offer each.

use std::cell::RefCell;
use std::rc::Rc;

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length};

use super::{RuleView, figure_row, items, percent, table};
use crate::analytics::recommend::Basis;
use crate::analytics::workspace::Bundles;
use crate::store::SortDir;
use crate::ui::screen::analytics::{Message, RuleColumn, SegmentSource};
use crate::ui::theme;
use crate::ui::widget::{cell, sort_header};

/// Rules listed at most; the rest are counted (the CSV export has them all).
const RULES_SHOWN: usize = 200;
/// Customers listed under a selected rule at most.
const CUSTOMERS_SHOWN: usize = 50;

/// The rule table's order, sorted once for a result and a column rather than on every frame: a
/// result of 70,000 rules sorted as each frame was built held the window for seconds whenever
/// it was shown or scrolled.
#[derive(Default)]
pub struct RuleOrder(RefCell<Option<SortedRules>>);

/// Rule indexes in the order of a column and direction.
type SortedRules = ((RuleColumn, SortDir), Rc<[usize]>);

impl RuleOrder {
    fn get(&self, b: &Bundles, column: RuleColumn, dir: SortDir) -> Rc<[usize]> {
        let mut kept = self.0.borrow_mut();
        match &*kept {
            Some((key, order)) if *key == (column, dir) => order.clone(),
            _ => {
                let order: Rc<[usize]> = sorted_rules(b, column, dir).into();
                *kept = Some(((column, dir), order.clone()));
                order
            }
        }
    }
}

pub(super) fn view<'a>(b: &'a Bundles, view: RuleView, order: &RuleOrder) -> Element<'a, Message> {
    let n = b.itemsets.transactions;
    let grouped = |n: usize| crate::words::grouped(n as i64);
    let figures = vec![
        ("Orders", grouped(n as usize)),
        ("Products", grouped(b.names.len())),
        ("Frequent sets", grouped(b.itemsets.itemsets.len())),
        ("Rules", grouped(b.rules.len())),
    ];
    let order = order.get(b, view.sort, view.dir);
    let mut content = column![figure_row(figures)].spacing(12);
    if b.rules.is_empty() {
        content = content.push(
            text(
                "No rule passes these thresholds. Lower the minimum support or confidence to \
                 see weaker patterns.",
            )
            .style(theme::muted_text),
        );
        return content.into();
    }
    // Narrower than its figures need (a lift of "24…" at 760 pixels), it scrolls sideways.
    content = content.push(super::table::sideways_below(RULES_LEAST, move || {
        rule_table(b, view, &order)
    }));
    if b.rules.len() > RULES_SHOWN {
        content = content.push(
            text(format!(
                "The first {RULES_SHOWN} of {} rules, in this order, are listed.",
                grouped(b.rules.len())
            ))
            .size(13)
            .style(theme::muted_text),
        );
    }
    if let Some(i) = view.selected.filter(|&i| i < b.rules.len()) {
        content = content.push(rule_customers(b, i));
    }
    content.into()
}

/// The least width the rule table keeps: its sixteen shares at 28 pixels, and the gaps.
const RULES_LEAST: f32 = 16.0 * 28.0 + 4.0 * 8.0 + 28.0;

/// The rules in `order`, under their sortable header.
fn rule_table<'a>(b: &'a Bundles, view: RuleView, order: &[usize]) -> Element<'a, Message> {
    let n = b.itemsets.transactions;
    // The figures' shares hold "Confidence" and "64.00%" whole at 760 pixels (cut to "4.…").
    let header = row![
        sort_header(
            "If bought",
            sorted(view, RuleColumn::Antecedent),
            Message::SortRules(RuleColumn::Antecedent),
            5
        ),
        sort_header(
            "Then also",
            sorted(view, RuleColumn::Consequent),
            Message::SortRules(RuleColumn::Consequent),
            4
        ),
        sort_header(
            "Support",
            sorted(view, RuleColumn::Support),
            Message::SortRules(RuleColumn::Support),
            2
        ),
        sort_header(
            "Confidence",
            sorted(view, RuleColumn::Confidence),
            Message::SortRules(RuleColumn::Confidence),
            3
        ),
        sort_header(
            "Lift",
            sorted(view, RuleColumn::Lift),
            Message::SortRules(RuleColumn::Lift),
            2
        ),
    ]
    .spacing(8);
    let mut list = column![].spacing(2);
    for &i in order.iter().take(RULES_SHOWN) {
        let rule = &b.rules[i];
        let line = row![
            // The items wrap: cut at the column's edge, "AeroPress + Colombia Huila 250" read
            // as a rule about another product, with no way to see the rest.
            super::table::wrapping_cell(items(&rule.antecedent, &b.names), 5),
            super::table::wrapping_cell(items(&rule.consequent, &b.names), 4),
            cell(percent(rule.support(n)), 2),
            cell(percent(rule.confidence()), 3),
            cell(format!("{:.2}", rule.lift(n)), 2),
        ]
        .spacing(8);
        list = list.push(
            button(line)
                .on_press(Message::SelectRule(i))
                .style(theme::list_row(view.selected == Some(i)))
                .padding([4, 6])
                .width(Length::Fill),
        );
    }
    container(column![header, scrollable(list).height(Length::Fixed(260.0))].spacing(4))
        .style(theme::card)
        .padding(8)
        .into()
}

/// The customers a selected rule speaks to, with the product to offer each.
fn rule_customers(b: &Bundles, i: usize) -> Element<'_, Message> {
    let rule = &b.rules[i];
    let customers: Vec<_> = b.customers_for(rule).collect();
    let title = format!(
        "{} {} but not yet {}",
        match customers.len() {
            1 => "1 customer bought".to_string(),
            n => format!("{n} customers bought"),
        },
        items(&rule.antecedent, &b.names),
        items(&rule.consequent, &b.names)
    );
    let rows = customers
        .iter()
        .take(CUSTOMERS_SHOWN)
        .map(|c| {
            let next = c.next.map_or_else(String::new, |next| {
                let name = b.names[next.product as usize].clone();
                match next.basis {
                    Basis::Rule(_) => name,
                    Basis::Popular { .. } => format!("{name} (most bought)"),
                }
            });
            (vec![c.name.clone(), next], None)
        })
        .collect();
    // The sentence wraps; the button keeps its width beside it.
    let mut header = row![text(title).size(16).width(Length::Fill)]
        .spacing(12)
        .align_y(Alignment::Center);
    if !customers.is_empty() {
        header = header.push(
            button(text("Save as segment"))
                .on_press(Message::AskSegment(SegmentSource::Rule(i)))
                .style(button::secondary),
        );
    }
    column![
        header,
        table(vec![("Customer", 3), ("Next best product", 4)], rows)
    ]
    .spacing(8)
    .into()
}

fn sorted(view: RuleView, column: RuleColumn) -> Option<SortDir> {
    (view.sort == column).then_some(view.dir)
}

/// Rule indexes in the order the table shows them.
fn sorted_rules(b: &Bundles, column: RuleColumn, dir: SortDir) -> Vec<usize> {
    let n = b.itemsets.transactions;
    let mut order: Vec<usize> = (0..b.rules.len()).collect();
    let label = |i: usize, consequent: bool| {
        let r = &b.rules[i];
        items(
            if consequent {
                &r.consequent
            } else {
                &r.antecedent
            },
            &b.names,
        )
    };
    match column {
        RuleColumn::Antecedent => order.sort_by_cached_key(|&i| label(i, false)),
        RuleColumn::Consequent => order.sort_by_cached_key(|&i| label(i, true)),
        RuleColumn::Support => order.sort_by_key(|&i| b.rules[i].count),
        RuleColumn::Confidence => {
            order.sort_by(|&x, &y| b.rules[x].confidence().total_cmp(&b.rules[y].confidence()))
        }
        RuleColumn::Lift => {
            order.sort_by(|&x, &y| b.rules[x].lift(n).total_cmp(&b.rules[y].lift(n)))
        }
    }
    if dir == SortDir::Desc {
        order.reverse();
    }
    order
}
