//! The contact list's filters over the table: the search field, tag, lifecycle stage and
//! company, and what clears them, in one line or as many as the window's width needs.

use iced::widget::{button, column, combo_box, container, row, text};
use iced::{Alignment, Element, Length};

use super::*;
use crate::ui::widget::choice_keys::keyed_pick;
use crate::ui::widget::combo_focus::combo_focus;

impl Contacts {
    pub(super) fn filters(&self) -> Element<'_, Message> {
        iced::widget::responsive(|room| self.filters_row(room.width))
            .height(Length::Shrink)
            .into()
    }

    fn filters_row(&self, width: f32) -> Element<'_, Message> {
        /// Below this width the menus go under the search: beside them at 800 pixels, with a
        /// filter on, the search had shrunk to show one letter.
        const WIDE_FILTERS: f32 = 860.0;
        /// From this width the company menu is wider: its suggestions are as wide as it is, and
        /// at 150 pixels "Oakridge Architects Amsterdam 1" and "… Barcelona 6" both read
        /// "Oakridge Architect".
        /// (The city that tells apart companies sharing a name needs the room too.) Not below
        /// 1060: in a 1200-pixel window the wide menu cut the search's hint to "…, phone, compa".
        const ROOMY_FILTERS: f32 = 1060.0;
        let wide = width >= WIDE_FILTERS;
        let company_width = if !wide {
            Length::Fill
        } else if width >= ROOMY_FILTERS {
            Length::Fixed(260.0)
        } else {
            Length::Fixed(150.0)
        };
        // The placeholder fits a 1024-pixel window whole ("…, compan" had been cut mid-word):
        // the filters beside it take fixed widths, the search the rest.
        let search = crate::ui::widget::field::input(
            "Search name, e-mail, phone, company…",
            &self.search.text,
        )
        .id(SEARCH_ID)
        .on_input(Message::SearchChanged)
        .on_submit(Message::SearchSubmitted)
        .padding(6)
        .width(Length::Fill);
        let tag = self
            .query
            .tag
            .clone()
            .map_or(Pick::Any("Any tag"), Pick::One);
        let stage = self
            .query
            .lifecycle
            .map_or(Pick::Any("Any stage"), Pick::One);
        let menus = row![
            // Fixed widths: sharing the row, they shrank to "Any" under their arrows when
            // "Clear filters" took its room in a 1024-pixel window.
            // Tab stops, stepped with the arrows: a keyboard user could not filter at all.
            container(keyed_pick(
                TAG_FILTER_ID,
                self.tags.as_slice(),
                Some(tag),
                Message::TagPicked
            ))
            .width(Length::Fixed(140.0)),
            container(keyed_pick(
                STAGE_FILTER_ID,
                self.stages.as_slice(),
                Some(stage),
                Message::StagePicked
            ))
            .width(Length::Fixed(150.0)),
            combo_focus(
                COMPANY_FILTER_ID,
                combo_box(
                    &self.companies,
                    "Any company",
                    self.company.as_ref(),
                    Message::CompanyPicked
                )
                .width(company_width),
                Message::CompanyMenuClosed,
            ),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        let mut clear = row![].spacing(8).align_y(Alignment::Center);
        // The company chosen, named whole: the menu's box shows the start of a long name only.
        if let Some(company) = &self.company {
            clear = clear.push(
                button(text(format!("× {}", company.name)))
                    .on_press(Message::CompanyCleared)
                    .style(button::text),
            );
        }
        // Always there, idle when nothing is filtered, and left of the menus: appearing at their
        // right, it moved them from under the pointer, and the next click opened another.
        clear = clear.push(
            button(text("Clear filters"))
                .on_press_maybe(self.is_filtered().then_some(Message::FiltersCleared))
                .style(button::text),
        );
        if wide {
            row![search, clear, menus]
                .spacing(8)
                .align_y(Alignment::Center)
                .into()
        } else {
            column![
                row![search, clear].spacing(8).align_y(Alignment::Center),
                menus
            ]
            .spacing(8)
            .into()
        }
    }
}
