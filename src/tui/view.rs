//! Drawing. A pure function of the application state.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Borders, Clear, LineGauge, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Overlay, Screen, Status};
use super::facts::{FactsForm, Field};
use super::flow::{Flow, Widget, choice_ids};
use super::input;
use super::keys::keys;
use super::theme::Theme;
use super::wrap::{truncate, wrap};
use crate::answer::{Answer, OTHER};
use crate::pack::{Kind, Prompt};

pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 14;

pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, app.theme);
        return;
    }
    let [header, body, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    match app.screen {
        Screen::Drafts => drafts(app, frame, header, body),
        Screen::Picker => picker(app, frame, header, body),
        Screen::Facts => facts(app, frame, header, body),
        Screen::Prompt => prompt(app, frame, header, body),
        Screen::Review => review(app, frame, header, body),
        Screen::Saved => saved(app, frame, header, body),
        Screen::Browse => super::view_journal::browse(app, frame, header, body),
        Screen::Read => super::view_journal::read(app, frame, header, body),
    }
    status_line(app, frame, status_area);
    match &app.overlay {
        Some(Overlay::Help) => help(app, frame, area),
        Some(Overlay::ConfirmQuit) => confirm(
            app.theme,
            frame,
            area,
            "Leave this reflection?",
            "Your answers are kept as a draft: Afterword offers to resume it next time, exactly where you are now.",
            &[("y", "leave"), ("n", "stay")],
        ),
        Some(Overlay::ConfirmDiscard(_)) => confirm(
            app.theme,
            frame,
            area,
            "Start another pack?",
            "The answers you gave in this pack have not been saved and will be lost, with their draft.",
            &[("y", "yes, lose them"), ("n", "no, go back")],
        ),
        Some(Overlay::ConfirmDiscardDraft(index)) => {
            let what = app
                .drafts
                .get(*index)
                .map(|d| draft_label(app, &d.draft))
                .unwrap_or_default();
            confirm(
                app.theme,
                frame,
                area,
                "Discard this draft?",
                &format!("{what}. Its answers will be deleted for good."),
                &[("y", "discard it"), ("n", "keep it")],
            )
        }
        Some(Overlay::SaveFailed(reason)) => confirm(
            app.theme,
            frame,
            area,
            "Not saved",
            &format!("{reason}. Every answer is still here, and in the draft."),
            &[("r", "try again"), ("e", "save elsewhere"), ("Esc", "back")],
        ),
        Some(Overlay::SaveElsewhere) => save_elsewhere(app, frame, area),
        None => {}
    }
}

fn draft_label(app: &App, draft: &crate::journal::Draft) -> String {
    let title = app
        .library
        .get(&draft.pack)
        .map_or(draft.pack.as_str(), |p| p.pack.title.as_str());
    format!(
        "{title} · {} · session {}",
        draft.facts.client, draft.facts.session
    )
}

fn drafts(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let theme = app.theme;
    header_line(
        frame,
        header,
        theme,
        "Afterword · unfinished reflections",
        "",
    );
    let area = inset(body);
    let width = usize::from(area.width);
    let mut lines: Vec<Line> = vec![Line::raw("")];
    for (i, found) in app.drafts.iter().enumerate() {
        let d = &found.draft;
        let selected = i == app.drafts_cursor;
        let answered = d.answers.len();
        let when = d.updated.format("%Y-%m-%d %H:%M");
        let state = if found.in_use {
            " · open in another window".to_string()
        } else {
            String::new()
        };
        let first = format!(
            "{} {}",
            if selected { "›" } else { " " },
            draft_label(app, d)
        );
        let second = format!(
            "    {answered} answer{} · last change {when}{state}",
            if answered == 1 { "" } else { "s" }
        );
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::from(Span::styled(
            truncate(&first, width).into_owned(),
            style,
        )));
        lines.push(Line::from(Span::styled(
            truncate(&second, width).into_owned(),
            theme.dim(),
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        truncate(
            "Enter resumes where you left off · n starts a new reflection",
            width,
        ),
        theme.guidance(),
    )));
    for damaged in &app.damaged_drafts {
        lines.push(Line::raw(""));
        let text = format!(
            "Set aside, could not be read: {} — {}",
            damaged.path.display(),
            damaged.problem
        );
        for l in wrap(&text, width) {
            lines.push(Line::from(Span::styled(l, theme.error())));
        }
    }
    let cursor_line = 1 + app.drafts_cursor * 2;
    let scroll = (cursor_line + 2).saturating_sub(usize::from(area.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), area);
}

fn save_elsewhere(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let popup = centered(area, 64, 7);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border())
        .title(" save the entry in another folder ");
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .split(inner);
    frame.render_widget(Paragraph::new("Folder (created if needed):"), rows[0]);
    if let Some(editor) = &app.elsewhere {
        frame.render_widget(editor, rows[1]);
    }
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Enter", theme.key()),
            Span::raw(" save   "),
            Span::styled("Esc", theme.key()),
            Span::raw(" cancel"),
        ])),
        rows[3],
    );
}

fn too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let text = format!(
        "Make the window larger: Afterword needs at least {MIN_WIDTH}×{MIN_HEIGHT} (now {}×{}). Nothing is lost meanwhile.",
        area.width, area.height
    );
    let lines: Vec<Line> = wrap(&text, usize::from(area.width))
        .into_iter()
        .map(Line::from)
        .collect();
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme.question())
            .alignment(Alignment::Center),
        inner,
    );
}

/// A header: title on the left, a note on the right.
pub(super) fn header_line(frame: &mut Frame, area: Rect, theme: Theme, left: &str, right: &str) {
    let right_width = right.width() as u16;
    let left_width = area.width.saturating_sub(right_width + 2);
    let left = truncate(left, usize::from(left_width.saturating_sub(1)));
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(format!(" {left}"), theme.title()))),
        area,
    );
    if right_width > 0 && right_width + 1 < area.width {
        let r = Rect {
            x: area.right() - right_width - 1,
            width: right_width,
            ..area
        };
        frame.render_widget(Paragraph::new(right).style(theme.dim()), r);
    }
}

fn status_line(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let line = match &app.status {
        Some(Status::Error(message)) => {
            Line::from(Span::styled(format!(" {message}"), theme.error()))
        }
        Some(Status::Info(message)) => Line::from(Span::styled(format!(" {message}"), theme.ok())),
        None => {
            let mut spans = vec![Span::raw(" ")];
            let all = keys(app);
            let help = if app.typing() { "F1" } else { "?" };
            for (k, what) in all.iter().take(3).chain(std::iter::once(&(help, "help"))) {
                spans.push(Span::styled(*k, theme.key()));
                spans.push(Span::styled(format!(" {what}   "), theme.dim()));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

pub(super) fn inset(area: Rect) -> Rect {
    Rect {
        x: area.x + 2,
        width: area.width.saturating_sub(4),
        ..area
    }
}

fn picker(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let theme = app.theme;
    header_line(
        frame,
        header,
        theme,
        "Afterword · which reflection?",
        "a private reflective journal",
    );
    let area = inset(body);
    let mut lines: Vec<Line> = vec![Line::raw("")];
    let title_width = app
        .library
        .packs
        .iter()
        .map(|p| p.pack.title.width())
        .max()
        .unwrap_or(0);
    for (i, loaded) in app.library.packs.iter().enumerate() {
        let pack = &loaded.pack;
        let selected = i == app.picker_cursor;
        let marker = if selected { "›" } else { " " };
        let text = format!(
            "{marker} {:>2}. {:<title_width$}  {:>2} min  {:>2} prompts",
            i + 1,
            pack.title,
            pack.minutes,
            pack.prompt_count()
        );
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::from(Span::styled(
            truncate(&text, usize::from(area.width)).into_owned(),
            style,
        )));
    }
    lines.push(Line::raw(""));
    if let Some(pack) = app.pack(app.picker_cursor) {
        for l in wrap(&pack.description, usize::from(area.width)) {
            lines.push(Line::from(Span::styled(l, theme.guidance())));
        }
    }
    // A broken pack of the user's never hides the others, but it is said.
    for problems in &app.library.problems {
        lines.push(Line::raw(""));
        let first = problems.problems.first().map_or(String::new(), |p| {
            format!(
                "{}:{}:{}: {}",
                problems.path.display(),
                p.line,
                p.column,
                p.message
            )
        });
        let more = problems.problems.len().saturating_sub(1);
        let text = if more > 0 {
            format!("Not loaded — {first} (and {more} more; `afterword packs check` lists all)")
        } else {
            format!("Not loaded — {first}")
        };
        for l in wrap(&text, usize::from(area.width)) {
            lines.push(Line::from(Span::styled(l, theme.error())));
        }
    }
    let height = lines.len() as u16;
    let scroll = height.saturating_sub(area.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

fn facts(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let theme = app.theme;
    let Some(form) = &app.facts else { return };
    let title = app.pack(form.pack).map_or("", |p| p.title.as_str());
    header_line(frame, header, theme, &format!("{title} · the session"), "");
    let area = inset(body);
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .split(area);
    let label_width = 16u16;
    let field_row = |row: Rect| -> (Rect, Rect) {
        let label = Rect {
            width: label_width.min(row.width),
            ..row
        };
        let value = Rect {
            x: row.x + label.width,
            width: row.width.saturating_sub(label.width),
            ..row
        };
        (label, value)
    };
    let fields = [
        (Field::Client, "Client code", rows[1]),
        (Field::Session, "Session", rows[3]),
        (Field::Modality, "Modality", rows[4]),
        (Field::Date, "Date & time", rows[5]),
    ];
    for (field, label, row) in fields {
        let (label_area, value_area) = field_row(row);
        let focused = form.focus == field;
        let label_style = if focused { theme.key() } else { theme.dim() };
        let marker = if focused { "› " } else { "  " };
        frame.render_widget(
            Paragraph::new(format!("{marker}{label}")).style(label_style),
            label_area,
        );
        render_field(form, field, focused, theme, frame, value_area);
    }
    // Under the client code: what the journal knows.
    let (_, hint_area) = field_row(rows[2]);
    let suggestions = form.suggestions(&app.history);
    let hint = if !suggestions.is_empty() {
        let codes: Vec<&str> = suggestions.iter().map(|c| c.as_str()).collect();
        format!("Tab completes: {}", codes.join("  "))
    } else if let Some(record) = crate::entry::ClientCode::new(&form.client_text())
        .ok()
        .and_then(|c| app.history.clients.get(&c))
    {
        format!(
            "known code · last session {} on {}",
            record.last_session,
            record.last_date.format("%Y-%m-%d")
        )
    } else {
        "a pseudonym such as A-17 — never a name".into()
    };
    frame.render_widget(
        Paragraph::new(truncate(&hint, usize::from(hint_area.width))).style(theme.dim()),
        hint_area,
    );
    if let Some((_, message)) = &form.error {
        let lines: Vec<Line> = wrap(message, usize::from(area.width))
            .into_iter()
            .map(|l| Line::from(Span::styled(l, theme.error())))
            .collect();
        frame.render_widget(Paragraph::new(lines), rows[7].union(rows[8]));
    }
}

fn render_field(
    form: &FactsForm,
    field: Field,
    focused: bool,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let editor = match field {
        Field::Client => &form.client,
        Field::Session => &form.session,
        Field::Date => &form.date,
        Field::Modality => {
            let mut spans = Vec::new();
            for m in crate::entry::Modality::ALL {
                let text = format!(" {} ", m.as_str());
                if m == form.modality {
                    spans.push(Span::styled(
                        format!("[{}]", text.trim()),
                        if focused {
                            theme.selected()
                        } else {
                            theme.chosen()
                        },
                    ));
                } else {
                    spans.push(Span::styled(text, theme.dim()));
                }
                spans.push(Span::raw(" "));
            }
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
            return;
        }
    };
    if focused {
        frame.render_widget(editor, area);
    } else {
        frame.render_widget(Paragraph::new(input::text(editor)), area);
    }
}

fn session_label(flow: &Flow) -> String {
    let r = &flow.reflection;
    format!(
        "{} · {} · session {}",
        r.pack.title, r.facts.client, r.facts.session
    )
}

fn prompt(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let theme = app.theme;
    let Some(flow) = &app.flow else { return };
    let Some(prompt) = flow.prompt() else { return };
    let (position, total) = flow.progress();
    header_line(
        frame,
        header,
        theme,
        &session_label(flow),
        &format!("{position} / {total}"),
    );

    let [gauge_area, _, content, hint_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(body);
    let ratio = if total == 0 {
        0.0
    } else {
        position as f64 / total as f64
    };
    frame.render_widget(
        LineGauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label("")
            .filled_style(theme.border())
            .unfilled_style(theme.dim()),
        inset(gauge_area),
    );

    let area = inset(content);
    let width = usize::from(area.width);
    let section = flow
        .reflection
        .pack
        .prompts()
        .find(|(_, p)| p.id == prompt.id)
        .map(|(s, _)| s);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(section) = section {
        lines.push(Line::from(Span::styled(
            truncate(&section.title.to_uppercase(), width).into_owned(),
            theme.heading(),
        )));
    }
    for l in wrap(&prompt.question, width) {
        lines.push(Line::from(Span::styled(l, theme.question())));
    }
    // Guidance gets what is left once the answer has the room it needs.
    let needed = widget_height(prompt, flow);
    let room = usize::from(area.height).saturating_sub(lines.len() + 1 + needed);
    if let Some(guidance) = &prompt.guidance {
        let mut g = wrap(guidance, width);
        if g.len() > room {
            g.truncate(room);
            if let Some(last) = g.last_mut() {
                *last = truncate(&format!("{last} …"), width).into_owned();
            }
        }
        for l in g {
            lines.push(Line::from(Span::styled(l, theme.guidance())));
        }
    }
    let text_height = (lines.len() as u16).min(area.height);
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: text_height,
            ..area
        },
    );
    let widget_area = Rect {
        y: area.y + text_height + 1,
        height: area.height.saturating_sub(text_height + 1),
        ..area
    };
    if widget_area.height > 0 {
        answer_widget(app, flow, prompt, frame, widget_area);
    }

    let hint = prompt_hint(flow, prompt);
    frame.render_widget(Paragraph::new(hint), inset(hint_area));
}

/// Rows the answer widget wants at least.
fn widget_height(prompt: &Prompt, flow: &Flow) -> usize {
    match &prompt.kind {
        Kind::LongText => 6,
        Kind::ShortText | Kind::Number { .. } => 3,
        Kind::Scale { .. } => 4,
        Kind::YesNo => 1,
        Kind::SingleChoice { .. } | Kind::MultiChoice { .. } => {
            choice_ids(&prompt.kind).len().min(8) + usize::from(flow.typing())
        }
    }
}

fn prompt_hint(flow: &Flow, prompt: &Prompt) -> Line<'static> {
    let need = if prompt.required {
        "required"
    } else {
        "optional"
    };
    let answered = flow.reflection.answers.contains_key(&prompt.id);
    let mut text = match (prompt.required, answered) {
        (true, false) => format!("{need} — the pack asks for an answer here"),
        (false, false) => format!("{need} — Tab skips it"),
        (_, true) => format!("{need} — answered"),
    };
    if let Some(Widget::Number { error: Some(e), .. }) = flow.widgets.get(&prompt.id) {
        text = format!("not a valid answer yet: {e}");
    }
    Line::raw(text)
}

fn answer_widget(app: &App, flow: &Flow, prompt: &Prompt, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let answer = flow.reflection.answers.get(&prompt.id);
    match (&prompt.kind, flow.widgets.get(&prompt.id)) {
        (Kind::LongText | Kind::ShortText, Some(Widget::Text(editor))) => {
            let multi = prompt.kind == Kind::LongText;
            let height = if multi {
                area.height
            } else {
                area.height.min(3)
            };
            let block = Block::default()
                .borders(Borders::ALL)
                .border_type(BorderType::Rounded)
                .border_style(theme.border())
                .title(if multi {
                    " your answer "
                } else {
                    " short answer "
                });
            let boxed = Rect { height, ..area };
            let inner = block.inner(boxed);
            frame.render_widget(block, boxed);
            frame.render_widget(editor, inner);
        }
        (
            Kind::Scale {
                min,
                max,
                low,
                high,
            },
            _,
        ) => {
            let value = match answer {
                Some(Answer::Integer(n)) => Some(*n),
                _ => None,
            };
            scale(
                theme,
                frame,
                area,
                *min,
                *max,
                low.as_deref(),
                high.as_deref(),
                value,
            );
        }
        (Kind::YesNo, _) => {
            let value = match answer {
                Some(Answer::Bool(b)) => Some(*b),
                _ => None,
            };
            let button = |label: &str, on: bool| {
                if on {
                    Span::styled(
                        format!("[ {label} ]"),
                        theme.selected().patch(theme.chosen()),
                    )
                } else {
                    Span::styled(format!("  {label}  "), Style::new())
                }
            };
            let line = Line::from(vec![
                button("Yes", value == Some(true)),
                Span::raw("   "),
                button("No", value == Some(false)),
                Span::styled(
                    if value.is_none() { "     y or n" } else { "" },
                    theme.dim(),
                ),
            ]);
            frame.render_widget(Paragraph::new(line), area);
        }
        (
            Kind::SingleChoice { .. } | Kind::MultiChoice { .. },
            Some(Widget::Choice {
                cursor,
                other,
                editing_other,
            }),
        ) => {
            choices(
                theme,
                frame,
                area,
                prompt,
                answer,
                *cursor,
                other,
                *editing_other,
            );
        }
        (Kind::Number { unit, .. }, Some(Widget::Number { input: editor, .. })) => {
            let block = Block::default()
                .borders(Borders::ALL)
                .border_type(BorderType::Rounded)
                .border_style(theme.border())
                .title(match unit {
                    Some(u) => format!(" {u} "),
                    None => " number ".into(),
                });
            let boxed = Rect {
                height: area.height.min(3),
                width: area.width.min(24),
                ..area
            };
            let inner = block.inner(boxed);
            frame.render_widget(block, boxed);
            frame.render_widget(editor, inner);
        }
        _ => {}
    }
}

#[allow(clippy::too_many_arguments)]
fn scale(
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    min: i64,
    max: i64,
    low: Option<&str>,
    high: Option<&str>,
    value: Option<i64>,
) {
    let width = usize::from(area.width);
    let points = (max - min + 1) as usize;
    let cell = (width / points).clamp(1, 6);
    let mut numbers: Vec<Span> = Vec::new();
    if cell >= 3 {
        for n in min..=max {
            let text = format!("{n:^cell$}");
            let style = if Some(n) == value {
                theme.selected().patch(theme.chosen())
            } else {
                theme.dim()
            };
            numbers.push(Span::styled(text, style));
        }
    } else {
        numbers.push(Span::styled(format!("{min} … {max}"), theme.dim()));
    }
    let bar_width = if cell >= 3 {
        cell * points
    } else {
        width.min(40)
    };
    let bar = match value {
        Some(v) => {
            let filled = ((v - min + 1) as usize * bar_width) / points;
            Line::from(vec![
                Span::styled("━".repeat(filled), theme.chosen()),
                Span::styled("─".repeat(bar_width.saturating_sub(filled)), theme.dim()),
            ])
        }
        None => Line::from(Span::styled("─".repeat(bar_width), theme.dim())),
    };
    let low = low.unwrap_or("");
    let high = high.unwrap_or("");
    let gap = bar_width.saturating_sub(low.width() + high.width()).max(1);
    let labels = Line::from(vec![
        Span::styled(low.to_string(), theme.guidance()),
        Span::raw(" ".repeat(gap)),
        Span::styled(high.to_string(), theme.guidance()),
    ]);
    let status = match value {
        Some(v) => Line::from(vec![
            Span::styled(format!("{v}"), theme.chosen()),
            Span::styled(format!(" of {min}–{max}"), theme.dim()),
        ]),
        None => Line::from(Span::styled(
            "not rated yet — ← → or type a number",
            theme.dim(),
        )),
    };
    let lines = vec![Line::from(numbers), bar, labels, Line::raw(""), status];
    frame.render_widget(Paragraph::new(lines), area);
}

#[allow(clippy::too_many_arguments)]
fn choices(
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    prompt: &Prompt,
    answer: Option<&Answer>,
    cursor: usize,
    other: &input::Editor,
    editing_other: bool,
) {
    let multiple = matches!(prompt.kind, Kind::MultiChoice { .. });
    let ids = choice_ids(&prompt.kind);
    let chosen = answer.map(Answer::chosen).unwrap_or(&[]);
    let height = usize::from(area.height);
    let first = (cursor + 1).saturating_sub(height);
    for (row, (i, id)) in ids.iter().enumerate().skip(first).take(height).enumerate() {
        let label = prompt.kind.label(id);
        let on = chosen.iter().any(|c| c == id);
        let mark = match (multiple, on) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let number = if i < 9 {
            format!("{}.", i + 1)
        } else {
            "  ".into()
        };
        let pointer = if i == cursor { "›" } else { " " };
        let line_area = Rect {
            y: area.y + row as u16,
            height: 1,
            ..area
        };
        let prefix = format!("{pointer} {number} {mark} ");
        let mut spans = vec![
            Span::raw(prefix.clone()),
            Span::styled(label, if on { theme.chosen() } else { Style::new() }),
        ];
        if id == OTHER && !editing_other {
            let text = input::text(other);
            if !text.is_empty() {
                spans.push(Span::raw(format!(": {text}")));
            }
        }
        let style = if i == cursor && !editing_other {
            theme.selected()
        } else {
            Style::new()
        };
        let line = Line::from(spans).style(style);
        frame.render_widget(Paragraph::new(line), line_area);
        if id == OTHER && editing_other {
            let used = (prefix.width() + label.width() + 2) as u16;
            let field = Rect {
                x: line_area.x + used.min(line_area.width),
                width: line_area.width.saturating_sub(used),
                ..line_area
            };
            frame.render_widget(
                Paragraph::new(": "),
                Rect {
                    x: field.x.saturating_sub(2),
                    width: 2.min(field.width + 2),
                    ..field
                },
            );
            frame.render_widget(other, field);
        }
    }
}

/// A short form of an answer, for the review list.
pub fn summary(prompt: &Prompt, answer: &Answer) -> String {
    let label = |id: &str| prompt.kind.label(id).to_string();
    let with_other = |text: String| match answer.other_text() {
        Some(o) => format!("{text}: {o}"),
        None => text,
    };
    match answer {
        Answer::Text(t) => {
            let first = t
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .trim();
            if t.lines().count() > 1 {
                format!("{first} …")
            } else {
                first.to_string()
            }
        }
        Answer::Integer(n) => match &prompt.kind {
            Kind::Scale { min, max, .. } => format!("{n} of {min}–{max}"),
            _ => n.to_string(),
        },
        Answer::Decimal(x) => match &prompt.kind {
            Kind::Number { unit: Some(u), .. } => format!("{x} {u}"),
            _ => x.to_string(),
        },
        Answer::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
        Answer::Choice { id, .. } => with_other(label(id)),
        Answer::Choices { ids, .. } => {
            with_other(ids.iter().map(|i| label(i)).collect::<Vec<_>>().join(", "))
        }
    }
}

fn review(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let theme = app.theme;
    let Some(flow) = &app.flow else { return };
    let r = &flow.reflection;
    header_line(
        frame,
        header,
        theme,
        &format!("Review · {}", session_label(flow)),
        &format!("{} answered", r.answered_count()),
    );
    let [_, list_area, _, tags_area, flag_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(body);
    let area = inset(list_area);
    let width = usize::from(area.width);
    // Each shown prompt with its answer's text, worked out once per draw.
    const NOT_ANSWERED: &str = "required — not answered";
    let rows: Vec<_> = r
        .pack
        .visible(&r.answers)
        .into_iter()
        .map(|(section, prompt)| {
            let answer = match r.answers.get(&prompt.id) {
                Some(a) => (summary(prompt, a), Style::new()),
                None if prompt.required => (NOT_ANSWERED.to_string(), theme.error()),
                None => ("—".to_string(), theme.dim()),
            };
            (section, prompt, answer)
        })
        .collect();
    // Answers get the room they need up to 45% of the line; questions the rest.
    let longest_answer = rows
        .iter()
        .map(|(_, _, (text, _))| text.width())
        .max()
        .unwrap_or(1);
    let answer_width = longest_answer.clamp(12, width * 9 / 20);
    let question_width = width.saturating_sub(answer_width + 5).max(10);

    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_line = 0;
    let mut last_section = String::new();
    for (i, (section, prompt, (answer_text, answer_style))) in rows.into_iter().enumerate() {
        if section.id != last_section {
            lines.push(Line::from(Span::styled(
                truncate(&section.title.to_uppercase(), width).into_owned(),
                theme.heading(),
            )));
            last_section = section.id.clone();
        }
        let selected = i == flow.review_cursor;
        if selected {
            cursor_line = lines.len();
        }
        // Required and unanswered: what the ✗ and the red text both say.
        let missing = prompt.required && !r.answers.contains_key(&prompt.id);
        let mark = if missing { "✗" } else { " " };
        let question = truncate(&prompt.question, question_width);
        let pad = " ".repeat(question_width.saturating_sub(question.width()));
        let pointer = if selected { "›" } else { " " };
        let mut line = Line::from(vec![
            Span::styled(
                format!("{pointer}{mark} "),
                if missing { theme.error() } else { Style::new() },
            ),
            Span::raw(format!("{question}{pad}  ")),
            Span::styled(
                truncate(&answer_text, answer_width).into_owned(),
                answer_style,
            ),
        ]);
        if selected {
            line = line.style(theme.selected());
        }
        lines.push(line);
    }
    let height = usize::from(area.height);
    let scroll = (cursor_line + 1).saturating_sub(height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), area);

    let tags_area = inset(tags_area);
    let label = "Tags  ";
    frame.render_widget(Paragraph::new(label).style(theme.key()), tags_area);
    let value_area = Rect {
        x: tags_area.x + label.len() as u16,
        width: tags_area.width.saturating_sub(label.len() as u16),
        ..tags_area
    };
    match &flow.tag_input {
        Some(editor) => frame.render_widget(editor, value_area),
        None => {
            let tags = r.tags();
            let text = if tags.is_empty() {
                "none — t adds some".to_string()
            } else {
                tags.join(", ")
            };
            frame.render_widget(
                Paragraph::new(truncate(&text, usize::from(value_area.width))),
                value_area,
            );
        }
    }
    let flag = if r.flagged() { "[x]" } else { "[ ]" };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Flag  ", theme.key()),
            Span::raw(format!("{flag} bring to supervision  ")),
            Span::styled("(f)", theme.dim()),
        ])),
        inset(flag_area),
    );
}

fn saved(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let theme = app.theme;
    header_line(frame, header, theme, "Afterword · saved", "");
    let area = inset(body);
    let path = app
        .saved_path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let mut lines = vec![
        Line::raw(""),
        Line::from(Span::styled("Your reflection is saved.", theme.ok())),
        Line::raw(""),
    ];
    for l in wrap(&path, usize::from(area.width)) {
        lines.push(Line::raw(l));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        "n starts another reflection · b opens the journal · q quits",
        theme.dim(),
    )));
    frame.render_widget(Paragraph::new(lines), area);
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn help(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let all = keys(app);
    let key_width = all.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let mut lines: Vec<Line> = all
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!("{k:<key_width$}  "), theme.key()),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        "any key closes this help",
        theme.dim(),
    )));
    let width = lines.iter().map(Line::width).max().unwrap_or(20) as u16 + 4;
    let popup = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(Text::from(lines)).block(
            Block::default()
                .borders(Borders::ALL)
                .border_type(BorderType::Rounded)
                .border_style(theme.border())
                .title(" keys "),
        ),
        popup,
    );
}

fn confirm(
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    title: &str,
    text: &str,
    choices: &[(&str, &str)],
) {
    let width = 60.min(area.width);
    let mut lines: Vec<Line> = wrap(text, usize::from(width.saturating_sub(4)))
        .into_iter()
        .map(Line::from)
        .collect();
    lines.push(Line::raw(""));
    let mut spans = Vec::new();
    for (key, what) in choices {
        spans.push(Span::styled(*key, theme.key()));
        spans.push(Span::raw(format!(" {what}    ")));
    }
    lines.push(Line::from(spans));
    let popup = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_type(BorderType::Rounded)
                .border_style(theme.error())
                .title(format!(" {title} ")),
        ),
        popup,
    );
}
