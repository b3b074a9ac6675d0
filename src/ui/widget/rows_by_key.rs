//! What a paged list's rows hold, kept with the rows as the list scrolls.
//!
//! A paged list draws a spacer, the rows near the view, and a spacer; iced matches what widgets
//! hold (the keyboard in a text field, a pressed button) to the new frame's widgets by their
//! place among their siblings. When the list scrolls past a row, every row drawn after it moves up
//! one place, and what each held went to its neighbour: Tab through a campaign's revenue fields
//! scrolled the list, the keyboard went to a row out of view, and the next Tab to the top of the
//! page. iced's keyed column does not help: it keeps state only while the keys before it are
//! unchanged, and gives a kept key's state to its new widget unchecked (a row drawn as empty space
//! before it was read, then as a button, panicked).
//!
//! [`kept_by_row`] wraps the list's column and, before iced matches it, moves each drawn row's
//! state to the place the row has now; iced's own matching then checks each widget's kind as
//! usual, so a row that changed kind starts afresh.

use iced::Element;
use iced::advanced::widget::{Tree, Widget, tree};

/// `column` holds a spacer, rows `first..first + count` of the list, and a spacer.
pub fn kept_by_row<'a, Message: 'a>(
    column: impl Into<Element<'a, Message>>,
    first: u64,
    count: usize,
) -> Element<'a, Message> {
    Element::new(KeptByRow {
        content: column.into(),
        drawn: Drawn { first, count },
    })
}

struct KeptByRow<'a, Message> {
    content: Element<'a, Message>,
    drawn: Drawn,
}

/// Which rows a frame drew: the wrapper's state remembers the last frame's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Drawn {
    first: u64,
    count: usize,
}

impl Drawn {
    /// The column's children's trees, drawn as `self`, rearranged for `now`: each row still
    /// drawn takes its tree along, a row new to the frame gets an empty one (iced makes it
    /// afresh), the spacers keep theirs.
    fn rearrange(self, now: Drawn, mut children: Vec<Tree>) -> Vec<Tree> {
        if children.len() != self.count + 2 {
            return children;
        }
        let below = children.pop();
        let mut rows: Vec<Option<Tree>> = children.drain(1..).map(Some).collect();
        let mut kept = children;
        for row in now.first..now.first + now.count as u64 {
            let tree = row
                .checked_sub(self.first)
                .and_then(|at| rows.get_mut(usize::try_from(at).ok()?))
                .and_then(Option::take);
            kept.push(tree.unwrap_or_else(Tree::empty));
        }
        kept.extend(below);
        kept
    }
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for KeptByRow<'_, Message> {
    super::wrapper::delegate_layout!();
    super::wrapper::draw_content!();
    super::wrapper::operate_on_content!();
    super::wrapper::update_content!();

    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<Drawn>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(self.drawn)
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        let before = *tree.state.downcast_ref::<Drawn>();
        if before != self.drawn
            && let Some(column) = tree.children.first_mut()
        {
            let children = std::mem::take(&mut column.children);
            column.children = before.rearrange(self.drawn, children);
        }
        *tree.state.downcast_mut::<Drawn>() = self.drawn;
        tree.diff_children(std::slice::from_ref(&self.content));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trees standing for a column's children: a spacer, rows whose state is their number, a
    /// spacer.
    fn drawn(first: u64, count: usize) -> Vec<Tree> {
        let row = |row: u64| Tree {
            tag: tree::Tag::of::<u64>(),
            state: tree::State::new(row),
            children: Vec::new(),
        };
        let mut trees = vec![Tree::empty()];
        trees.extend((first..first + count as u64).map(row));
        trees.push(Tree::empty());
        trees
    }

    fn rows(trees: &[Tree]) -> Vec<Option<u64>> {
        trees[1..trees.len() - 1]
            .iter()
            .map(|t| match &t.state {
                tree::State::Some(_) => Some(*t.state.downcast_ref::<u64>()),
                tree::State::None => None,
            })
            .collect()
    }

    #[test]
    fn a_row_keeps_what_it_held_as_the_list_scrolls_either_way() {
        let before = Drawn {
            first: 10,
            count: 4,
        };
        let down = before.rearrange(
            Drawn {
                first: 12,
                count: 4,
            },
            drawn(10, 4),
        );
        assert_eq!(rows(&down), [Some(12), Some(13), None, None]);
        assert_eq!(down.len(), 6);

        let up = before.rearrange(Drawn { first: 8, count: 5 }, drawn(10, 4));
        assert_eq!(rows(&up), [None, None, Some(10), Some(11), Some(12)]);

        let away = before.rearrange(
            Drawn {
                first: 500,
                count: 2,
            },
            drawn(10, 4),
        );
        assert_eq!(rows(&away), [None, None]);
    }

    #[test]
    fn trees_of_another_shape_are_left_for_iced_to_match() {
        let odd = drawn(0, 3);
        let left = Drawn { first: 0, count: 5 }.rearrange(Drawn { first: 1, count: 5 }, odd);
        assert_eq!(rows(&left), [Some(0), Some(1), Some(2)]);
    }
}
