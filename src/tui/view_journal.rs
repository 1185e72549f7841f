//! Drawing the journal: the list and the reader.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use unicode_width::UnicodeWidthStr;

use super::app::App;
use super::view::{header_line, inset};
use super::wrap::truncate;
use crate::render::{entry_lines, highlight};

fn scrollbar(frame: &mut Frame, area: Rect, total: usize, position: usize, visible: usize) {
    if total <= visible || area.height < 3 {
        return;
    }
    let mut state = ScrollbarState::new(total.saturating_sub(visible)).position(position);
    frame.render_stateful_widget(
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None),
        area.inner(Margin {
            vertical: 0,
            horizontal: 0,
        }),
        &mut state,
    );
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn browse(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let theme = app.theme;
    let Some(b) = &app.browser else { return };
    let total = b.index.entries.len();
    header_line(
        frame,
        header,
        theme,
        &format!("Afterword · the journal · {} entries", thousands(total)),
        "",
    );
    let [filter_area, list_area, count_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(body);
    let filter_area = inset(filter_area);
    let filter_line = match &b.input {
        Some((field, editor)) => {
            let label = format!("{}: ", field.label());
            frame.render_widget(
                Paragraph::new(label.clone()).style(theme.key()),
                filter_area,
            );
            let rest = Rect {
                x: filter_area.x + label.width() as u16,
                width: filter_area.width.saturating_sub(label.width() as u16),
                ..filter_area
            };
            frame.render_widget(editor, rest);
            None
        }
        None if b.filter.is_empty() => Some(Line::from(Span::styled(
            "/ search   c client   p pack   t tag   d dates   f flagged",
            theme.dim(),
        ))),
        None => Some(Line::from(vec![
            Span::styled("showing ", theme.dim()),
            Span::styled(b.filter.describe(), theme.key()),
            Span::styled("   x clears", theme.dim()),
        ])),
    };
    if let Some(line) = filter_line {
        frame.render_widget(Paragraph::new(line), filter_area);
    }

    let inner = inset(list_area);
    // One column for the scrollbar.
    let area = Rect {
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let height = usize::from(area.height);
    let first = (b.cursor + 1).saturating_sub(height);
    let width = usize::from(area.width);
    let mut lines: Vec<Line> = Vec::new();
    for (row, &i) in b.shown.iter().enumerate().skip(first).take(height) {
        let s = &b.index.entries[i];
        let selected = row == b.cursor;
        // The first line gets at least a third of the row: narrower
        // windows shorten the pack and tags columns first.
        let pack_width = if width >= 110 {
            19
        } else if width >= 90 {
            12
        } else {
            10
        };
        let tag_width = if width >= 110 {
            18
        } else if width >= 90 {
            12
        } else {
            8
        };
        let session = if width >= 90 {
            format!("#{:<4} ", s.session)
        } else {
            String::new()
        };
        let fixed = format!(
            "{} {}  {:<7} {session}{:<pack_width$} {} ",
            if selected { "›" } else { " " },
            s.date.format("%Y-%m-%d %H:%M"),
            truncate(&s.client, 7),
            truncate(&s.pack, pack_width),
            if s.flagged { "⚑" } else { " " },
        );
        let tags = truncate(&s.tags.join(","), tag_width).into_owned();
        let tags = format!("{tags:<tag_width$} ");
        let room = width.saturating_sub(fixed.width() + tags.width());
        let mut spans = vec![
            Span::raw(fixed),
            Span::styled(tags, theme.dim()),
            Span::raw(truncate(&s.first_line, room).into_owned()),
        ];
        if selected {
            spans = spans
                .into_iter()
                .map(|sp| sp.patch_style(theme.selected()))
                .collect();
        }
        let mut line = Line::from(spans);
        if let Some(q) = &b.filter.query {
            line = highlight(line, q, theme);
        }
        lines.push(line);
    }
    if b.shown.is_empty() {
        let text = if b.searching() {
            "Searching…"
        } else if total == 0 {
            "No entries yet. Your saved reflections appear here."
        } else {
            "No entry matches. x clears the filters."
        };
        lines.push(Line::from(Span::styled(text, theme.dim())));
    }
    frame.render_widget(Paragraph::new(lines), area);
    scrollbar(frame, list_area, b.shown.len(), first, height);

    let mut count = vec![Span::styled(
        format!("{} of {} shown", thousands(b.shown.len()), thousands(total)),
        theme.dim(),
    )];
    if !b.index.unreadable.is_empty() {
        let n = b.index.unreadable.len();
        count.push(Span::styled(
            format!(
                "   {n} file{} could not be read — `afterword list` names {} and why",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            ),
            theme.error(),
        ));
    }
    if let Some(e) = &b.input_error {
        count = vec![Span::styled(e.clone(), theme.error())];
    }
    frame.render_widget(Paragraph::new(Line::from(count)), inset(count_area));
}

pub fn read(app: &App, frame: &mut Frame, header: Rect, body: Rect) {
    let theme = app.theme;
    let Some(r) = &app.reader else { return };
    let position = app.browser.as_ref().and_then(|b| {
        b.shown
            .iter()
            .position(|&i| b.index.entries[i].path == r.path)
            .map(|p| format!("{} of {}", p + 1, b.shown.len()))
    });
    let id = r
        .path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    header_line(
        frame,
        header,
        theme,
        &format!("Reading · {id}"),
        position.as_deref().unwrap_or(""),
    );
    let [text_area, tag_area] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(u16::from(r.tag_input.is_some())),
    ])
    .areas(body);
    let inner = inset(text_area);
    let area = Rect {
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let query = app.browser.as_ref().and_then(|b| b.filter.query.as_ref());
    let pack = app.library.get(&r.entry.pack).map(|p| &p.pack);
    let lines = entry_lines(&r.entry, pack, usize::from(area.width), theme, query);
    let height = usize::from(area.height);
    let scroll = r.scroll.min(lines.len().saturating_sub(height));
    frame.render_widget(
        Paragraph::new(lines.clone()).scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        area,
    );
    scrollbar(frame, text_area, lines.len(), scroll, height);
    if let Some(editor) = &r.tag_input {
        let area = inset(tag_area);
        let label = "Tags  ";
        frame.render_widget(Paragraph::new(label).style(theme.key()), area);
        frame.render_widget(
            editor,
            Rect {
                x: area.x + label.len() as u16,
                width: area.width.saturating_sub(label.len() as u16),
                ..area
            },
        );
    }
}
