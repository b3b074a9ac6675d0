//! Settings → Pipeline stages: rename a stage, change its default probability, move it earlier or
//! later on the board. Each save is one undoable change; won and lost stages keep their outcome.

use std::collections::BTreeMap;

use iced::widget::{Space, button, column, container, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::domain::{
    Pipeline, PipelineId, Stage, StageFields, StageId, StageOutcome, default_stages,
};
use crate::store::{Shared, Shift};
use crate::ui::screen::Action;
use crate::ui::theme;
use crate::ui::workspace::Workspace;

#[derive(Default)]
pub struct StageEditor {
    pipelines: Vec<Pipeline>,
    drafts: BTreeMap<StageId, Draft>,
    names: BTreeMap<PipelineId, String>,
    /// What is wrong with a stage's typing, and in which of its two fields.
    errors: BTreeMap<StageId, (Which, String)>,
    loaded: bool,
}

/// A stage's two fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Name,
    Probability,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Draft {
    name: String,
    probability: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Shared<Vec<Pipeline>>),
    NameChanged(StageId, String),
    ProbabilityChanged(StageId, String),
    Save(StageId),
    Move(StageId, Shift),
    PipelineNameChanged(PipelineId, String),
    RenamePipeline(PipelineId),
    NewPipeline,
    Saved(Shared<()>),
    /// A stage's own save, whose refusal is shown beside its fields.
    StageSaved(StageId, Shared<()>),
}

impl StageEditor {
    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        let editor = StageEditor::default();
        (editor, load(workspace))
    }

    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        load(workspace)
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(Ok(pipelines)) => {
                // Typing in other rows survives the reload that follows saving one row.
                let unsaved: BTreeMap<StageId, Draft> = std::mem::take(&mut self.drafts)
                    .into_iter()
                    .filter(|(id, d)| self.stage(*id).is_some_and(|s| draft(s) != *d))
                    .collect();
                self.drafts = pipelines
                    .iter()
                    .flat_map(|p| &p.stages)
                    .map(|s| (s.id, draft(s)))
                    .collect();
                self.errors.retain(|id, _| unsaved.contains_key(id));
                self.drafts.extend(unsaved);
                self.names = pipelines.iter().map(|p| (p.id, p.name.clone())).collect();
                self.pipelines = pipelines;
                self.loaded = true;
                Action::None
            }
            Message::Loaded(Err(e)) => {
                Action::Failed(format!("The pipelines could not be read: {e}"))
            }
            Message::NameChanged(id, name) => {
                self.drafts.entry(id).or_default().name = name;
                Action::None
            }
            Message::ProbabilityChanged(id, probability) => {
                self.drafts.entry(id).or_default().probability = probability;
                Action::None
            }
            Message::Save(id) => self.save(workspace, id),
            Message::Move(id, shift) => {
                Action::Run(workspace.run(move |s| s.move_stage(id, shift), Message::Saved))
            }
            Message::PipelineNameChanged(id, name) => {
                self.names.insert(id, name);
                Action::None
            }
            Message::RenamePipeline(id) => {
                let name = self.names.get(&id).cloned().unwrap_or_default();
                Action::Run(workspace.run(move |s| s.rename_pipeline(id, &name), Message::Saved))
            }
            Message::NewPipeline => {
                let name = format!("Pipeline {}", self.pipelines.len() + 1);
                Action::Run(workspace.run(
                    move |s| s.create_pipeline(&name, &default_stages()).map(drop),
                    Message::Saved,
                ))
            }
            Message::Saved(Ok(())) => Action::Changed { then: None },
            Message::Saved(Err(e)) => Action::Failed(format!("Not saved: {}", e.in_words())),
            Message::StageSaved(id, Ok(())) => {
                self.errors.remove(&id);
                Action::Changed { then: None }
            }
            Message::StageSaved(id, Err(e)) => {
                let shown = match &*e {
                    crate::store::Error::Invalid(invalid) => said(invalid),
                    other => (Which::Name, format!("Not saved: {other}")),
                };
                self.errors.insert(id, shown);
                Action::None
            }
        }
    }

    /// Whether a stage or pipeline name, or a chance, is typed and not saved: leaving Settings
    /// then asks first, as a form does (the rename of "Closing" went without a word).
    pub fn is_dirty(&self) -> bool {
        let stage = self
            .drafts
            .iter()
            .any(|(id, d)| self.stage(*id).is_some_and(|s| draft(s) != *d));
        let pipeline = self.pipelines.iter().any(|p| {
            self.names
                .get(&p.id)
                .is_some_and(|n| n.trim() != p.name.trim())
        });
        stage || pipeline
    }

    fn stage(&self, id: StageId) -> Option<&Stage> {
        self.pipelines
            .iter()
            .flat_map(|p| &p.stages)
            .find(|s| s.id == id)
    }

    fn save(&mut self, workspace: &Workspace, id: StageId) -> Action<Message> {
        let (Some(stage), Some(draft)) = (self.stage(id), self.drafts.get(&id)) else {
            return Action::None;
        };
        let probability = match draft
            .probability
            .trim()
            .trim_end_matches('%')
            .trim()
            .parse::<i64>()
        {
            Ok(p) => p,
            Err(_) => {
                self.errors.insert(
                    id,
                    (
                        Which::Probability,
                        format!(
                            "Probability: {:?} is not a whole percentage (0 to 100)",
                            draft.probability
                        ),
                    ),
                );
                return Action::None;
            }
        };
        let fields = StageFields {
            name: draft.name.trim().to_string(),
            probability,
            ..stage.fields.clone()
        };
        if let Err(invalid) = fields.validate() {
            self.errors.insert(id, said(&invalid));
            return Action::None;
        }
        // As stored, so the reload after saving finds the row saved, not typing to keep.
        self.drafts.insert(
            id,
            Draft {
                name: fields.name.clone(),
                probability: fields.probability.to_string(),
            },
        );
        Action::Run(workspace.run(
            move |s| s.update_stage(id, fields).map(drop),
            move |r| Message::StageSaved(id, r),
        ))
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut card = column![
            row![
                text("Pipelines and stages").size(18).width(Length::Fill),
                button(text("New pipeline"))
                    .on_press(Message::NewPipeline)
                    .style(button::secondary),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(10);
        if self.loaded && self.pipelines.is_empty() {
            card = card.push(
                text(
                    "No pipeline yet: New pipeline adds one here, or creating the first deal on \
                     the Pipeline screen sets up a standard one.",
                )
                .style(theme::muted_text),
            );
        }
        for pipeline in &self.pipelines {
            card = card.push(self.pipeline_row(pipeline));
            let open: Vec<StageId> = pipeline
                .stages
                .iter()
                .filter(|s| s.fields.outcome == StageOutcome::Open)
                .map(|s| s.id)
                .collect();
            for stage in &pipeline.stages {
                let ends = (
                    open.first() == Some(&stage.id),
                    open.last() == Some(&stage.id),
                );
                card = card.push(self.stage_row(stage, ends));
                if let Some((_, error)) = self.errors.get(&stage.id) {
                    card = card.push(text(error.as_str()).size(13).style(theme::error_text));
                }
            }
        }
        card = card.push(
            text("Won and lost stages always come last, and a deal's chance there is 100% and 0%.")
                .size(13)
                .style(theme::muted_text),
        );
        container(card)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }

    fn pipeline_row<'a>(&'a self, pipeline: &'a Pipeline) -> Element<'a, Message> {
        let id = pipeline.id;
        let name = self
            .names
            .get(&id)
            .map_or(pipeline.name.as_str(), String::as_str);
        let changed = name.trim() != pipeline.name;
        row![
            crate::ui::widget::field::input("Pipeline name", name)
                .id(format!("pipeline-name-{}", id.0))
                .on_input(move |v| Message::PipelineNameChanged(id, v))
                .on_submit(Message::RenamePipeline(id))
                .padding(6)
                .size(16)
                .width(Length::Fill),
            button(text("Rename"))
                .on_press_maybe(
                    (changed && !name.trim().is_empty()).then_some(Message::RenamePipeline(id))
                )
                .style(button::secondary),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .into()
    }

    /// One stage's fields and buttons; `(first, last)` says whether it is the first or the last
    /// open stage, which cannot move further that way.
    fn stage_row<'a>(
        &'a self,
        stage: &'a Stage,
        (first, last): (bool, bool),
    ) -> Element<'a, Message> {
        let id = stage.id;
        let wrong = self.errors.get(&id).map(|(which, _)| *which);
        let draft = self.drafts.get(&id).cloned().unwrap_or_default();
        let changed = draft != self::draft(stage);
        let open = stage.fields.outcome == StageOutcome::Open;
        let name = crate::ui::widget::field::input("Stage name", &draft.name)
            .id(format!("stage-name-{}", id.0))
            .on_input(move |v| Message::NameChanged(id, v))
            .on_submit(Message::Save(id))
            .padding(6)
            .width(Length::FillPortion(3))
            .style(theme::input(wrong == Some(Which::Name)));
        let probability: Element<'_, Message> = if open {
            crate::ui::widget::field::input("%", &draft.probability)
                .on_input(move |v| Message::ProbabilityChanged(id, v))
                .on_submit(Message::Save(id))
                .padding(6)
                .width(Length::Fixed(70.0))
                .style(theme::input(wrong == Some(Which::Probability)))
                .into()
        } else {
            container(text(format!("{}%", stage.fields.probability)).style(theme::muted_text))
                .width(Length::Fixed(70.0))
                .padding(6)
                .into()
        };
        let shift = |label: &'static str, shift: Shift, end: bool| {
            button(text(label))
                .on_press_maybe((open && !end).then_some(Message::Move(id, shift)))
                .style(button::text)
        };
        row![
            name,
            probability,
            shift("↑ Earlier", Shift::Earlier, first),
            shift("↓ Later", Shift::Later, last),
            button(text("Save"))
                .on_press_maybe(changed.then_some(Message::Save(id)))
                .style(button::secondary),
            Space::new().width(8),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .into()
    }
}

/// The first problem of a refused stage, in words and by its field: "Probability must be between
/// 0 and 100".
fn said(invalid: &crate::domain::Invalid) -> (Which, String) {
    let Some(e) = invalid.errors.first() else {
        return (Which::Name, invalid.to_string());
    };
    let (which, label) = match e.field {
        "probability" => (Which::Probability, "Probability"),
        _ => (Which::Name, "Name"),
    };
    match &e.problem {
        // "Name: another stage of this pipeline is called …", not "Name is not allowed: …".
        crate::domain::Problem::NotAllowed(why) => (which, format!("{label}: {why}")),
        problem => (which, format!("{label} {problem}")),
    }
}

fn draft(stage: &Stage) -> Draft {
    Draft {
        name: stage.fields.name.clone(),
        probability: stage.fields.probability.to_string(),
    }
}

fn load(workspace: &Workspace) -> Task<Message> {
    workspace.run(|s| s.pipelines(), Message::Loaded)
}
