//! An entry rendered for reading: in the reader screen and by
//! `afterword show`. Free text is Markdown (headings, emphasis, lists,
//! quotes); scales are bars; choices are lists; matches of a search are
//! highlighted. Produces styled lines of a given width, nothing more.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::answer::{Answer, OTHER};
use crate::entry::Entry;
use crate::pack::{Kind, Pack};
use crate::search::Query;
use crate::tui::Theme;

/// A piece of text with its style, before wrapping.
#[derive(Clone)]
struct Piece {
    text: String,
    style: Style,
}

/// Lines of pieces wrapped to `width`, each prefixed by `indent` (and the
/// first by `first`).
fn wrap_pieces(pieces: &[Piece], width: usize, first: &str, indent: &str) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut current: Vec<Span<'static>> = vec![Span::raw(first.to_string())];
    let mut used = first.width();
    let room = |prefix: &str| width.saturating_sub(prefix.width()).max(8);
    let mut limit = room(first) + first.width();
    for piece in pieces {
        for (i, word) in piece.text.split(' ').enumerate() {
            let gap = if i > 0 { " " } else { "" };
            let needed = gap.width() + word.width();
            if used + needed > limit && used > indent.width().max(first.width()) {
                lines.push(Line::from(std::mem::take(&mut current)));
                current.push(Span::raw(indent.to_string()));
                used = indent.width();
                limit = room(indent) + indent.width();
                if !word.is_empty() {
                    current.push(Span::styled(word.to_string(), piece.style));
                    used += word.width();
                }
                continue;
            }
            current.push(Span::styled(format!("{gap}{word}"), piece.style));
            used += needed;
        }
    }
    lines.push(Line::from(current));
    lines
}

/// Markdown text as styled lines.
fn markdown(text: &str, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut style = Style::new();
    let mut styles: Vec<Style> = Vec::new();
    let mut list_depth: usize = 0;
    let mut numbers: Vec<Option<u64>> = Vec::new();
    let mut quote = 0usize;
    let mut item_start = false;
    let mut prefix = String::new();

    let indent_for =
        |quote: usize, depth: usize| format!("{}{}", "│ ".repeat(quote), "  ".repeat(depth));
    // Ends the line being built: the first line of a list item starts with
    // its bullet, every other line with the indent of where it stands.
    let end_line = |pieces: &mut Vec<Piece>,
                    lines: &mut Vec<Line<'static>>,
                    item_start: &mut bool,
                    prefix: &str,
                    quote: usize,
                    depth: usize| {
        let indent = indent_for(quote, depth);
        let first = if *item_start { prefix } else { indent.as_str() };
        if !pieces.is_empty() {
            lines.extend(wrap_pieces(pieces, width, first, &indent));
            pieces.clear();
        }
        *item_start = false;
    };

    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(tag) => {
                styles.push(style);
                match tag {
                    Tag::Emphasis => style = style.add_modifier(Modifier::ITALIC),
                    Tag::Strong => style = style.add_modifier(Modifier::BOLD),
                    Tag::Strikethrough => style = style.add_modifier(Modifier::CROSSED_OUT),
                    Tag::Heading { level, .. } => {
                        style = style.add_modifier(Modifier::BOLD);
                        if level == HeadingLevel::H1 || level == HeadingLevel::H2 {
                            style = style.add_modifier(Modifier::UNDERLINED);
                        }
                    }
                    Tag::BlockQuote(_) => quote += 1,
                    Tag::CodeBlock(_) => style = theme.dim(),
                    Tag::List(start) => {
                        list_depth += 1;
                        numbers.push(start);
                    }
                    Tag::Item => {
                        let depth = list_depth.saturating_sub(1);
                        let bullet = match numbers.last_mut() {
                            Some(Some(n)) => {
                                let b = format!("{n}. ");
                                *n += 1;
                                b
                            }
                            _ => "• ".to_string(),
                        };
                        prefix = format!("{}{bullet}", indent_for(quote, depth));
                        item_start = true;
                    }
                    _ => {}
                }
            }
            Event::End(end) => {
                match end {
                    TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock => {
                        end_line(
                            &mut pieces,
                            &mut lines,
                            &mut item_start,
                            &prefix,
                            quote,
                            list_depth,
                        );
                    }
                    TagEnd::BlockQuote(_) => quote = quote.saturating_sub(1),
                    TagEnd::List(_) => {
                        list_depth = list_depth.saturating_sub(1);
                        numbers.pop();
                    }
                    _ => {}
                }
                style = styles.pop().unwrap_or_default();
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                // Code blocks and soft-broken text keep the writer's lines.
                let mut parts = t.split('\n').peekable();
                while let Some(part) = parts.next() {
                    pieces.push(Piece {
                        text: part.to_string(),
                        style,
                    });
                    if parts.peek().is_some() {
                        end_line(
                            &mut pieces,
                            &mut lines,
                            &mut item_start,
                            &prefix,
                            quote,
                            list_depth,
                        );
                    }
                }
            }
            Event::Code(t) => pieces.push(Piece {
                text: t.to_string(),
                style: style.add_modifier(Modifier::REVERSED),
            }),
            Event::SoftBreak | Event::HardBreak => {
                // Line breaks are kept as typed: the editor is line-based.
                end_line(
                    &mut pieces,
                    &mut lines,
                    &mut item_start,
                    &prefix,
                    quote,
                    list_depth,
                );
            }
            Event::Rule => lines.push(Line::from(Span::styled(
                "─".repeat(width.min(40)),
                theme.dim(),
            ))),
            _ => {}
        }
    }
    end_line(
        &mut pieces,
        &mut lines,
        &mut item_start,
        &prefix,
        quote,
        list_depth,
    );
    lines
}

/// A scale value as a bar: `━━━━━━━────── 7 of 0–10 (distant … close)`.
pub fn scale_bar(
    value: i64,
    min: i64,
    max: i64,
    low: Option<&str>,
    high: Option<&str>,
    theme: Theme,
) -> Line<'static> {
    let points = (max - min).max(1) as usize;
    let cells = 20usize;
    let filled = (((value - min).clamp(0, max - min)) as usize * cells) / points;
    let ends = match (low, high) {
        (Some(l), Some(h)) => format!(" ({l} … {h})"),
        _ => String::new(),
    };
    Line::from(vec![
        Span::styled("━".repeat(filled), theme.chosen()),
        Span::styled("─".repeat(cells - filled), theme.dim()),
        Span::styled(format!(" {value}"), theme.chosen()),
        Span::raw(format!(" of {min}–{max}{ends}")),
    ])
}

fn label(kind: Option<&Kind>, id: &str) -> String {
    kind.map_or(id, |k| k.label(id)).to_string()
}

fn answer_lines(
    answer: &Answer,
    kind: Option<&Kind>,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let plain = |text: String| vec![Line::from(Span::styled(text, theme.chosen()))];
    match answer {
        Answer::Text(text) => markdown(text, width, theme),
        Answer::Integer(n) => match kind {
            Some(Kind::Scale {
                min,
                max,
                low,
                high,
            }) => {
                vec![scale_bar(
                    *n,
                    *min,
                    *max,
                    low.as_deref(),
                    high.as_deref(),
                    theme,
                )]
            }
            _ => plain(n.to_string()),
        },
        Answer::Decimal(x) => match kind {
            Some(Kind::Number { unit: Some(u), .. }) => plain(format!("{x} {u}")),
            _ => plain(x.to_string()),
        },
        Answer::Bool(b) => plain(if *b { "Yes" } else { "No" }.to_string()),
        Answer::Choice { id, other } => {
            let mut text = label(kind, id);
            if let Some(o) = other {
                text.push_str(&format!(": {o}"));
            }
            plain(text)
        }
        Answer::Choices { ids, other } => {
            if ids.is_empty() {
                return vec![Line::from(Span::styled("(none)", theme.dim()))];
            }
            ids.iter()
                .map(|id| {
                    let mut text = format!("• {}", label(kind, id));
                    if id == OTHER
                        && let Some(o) = other
                    {
                        text.push_str(&format!(": {o}"));
                    }
                    Line::from(Span::styled(text, theme.chosen()))
                })
                .collect()
        }
    }
}

/// Marks the matches of `query` in a line, keeping its styles.
pub fn highlight(line: Line<'static>, query: &Query, theme: Theme) -> Line<'static> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let ranges = query.ranges(&text);
    if ranges.is_empty() {
        return line;
    }
    let mut spans = Vec::new();
    let mut offset = 0;
    for span in line.spans {
        let content = span.content.to_string();
        let (start, end) = (offset, offset + content.len());
        let mut cut = start;
        for r in ranges.iter().filter(|r| r.start < end && r.end > start) {
            let (from, to) = (r.start.max(start), r.end.min(end));
            if from > cut {
                spans.push(Span::styled(
                    content[cut - start..from - start].to_string(),
                    span.style,
                ));
            }
            spans.push(Span::styled(
                content[from - start..to - start].to_string(),
                span.style.patch(theme.matched()),
            ));
            cut = to;
        }
        if cut < end {
            spans.push(Span::styled(content[cut - start..].to_string(), span.style));
        }
        offset = end;
    }
    Line::from(spans)
}

/// The whole entry as lines of at most `width` cells.
pub fn entry_lines(
    entry: &Entry,
    pack: Option<&Pack>,
    width: usize,
    theme: Theme,
    query: Option<&Query>,
) -> Vec<Line<'static>> {
    let width = width.max(10);
    let mut lines: Vec<Line<'static>> = Vec::new();
    lines.extend(wrap_pieces(
        &[Piece {
            text: entry.title.clone(),
            style: theme.title(),
        }],
        width,
        "",
        "",
    ));
    let facts = &entry.facts;
    lines.push(Line::from(vec![
        Span::styled(
            facts.date.format("%A %-d %B %Y, %H:%M").to_string(),
            theme.dim(),
        ),
        Span::styled(
            format!(
                " · {} · session {} · {}",
                facts.client, facts.session, facts.modality
            ),
            theme.dim(),
        ),
    ]));
    let mut meta = vec![Span::styled(
        format!("pack {} v{}", entry.pack, entry.pack_version),
        theme.dim(),
    )];
    if !entry.tags.is_empty() {
        meta.push(Span::styled(
            format!(" · tags {}", entry.tags.join(", ")),
            theme.dim(),
        ));
    }
    if entry.flagged {
        meta.push(Span::styled(" · ⚑ for supervision", theme.key()));
    }
    lines.push(Line::from(meta));
    for section in &entry.sections {
        lines.push(Line::raw(""));
        if !section.title.is_empty() {
            lines.push(Line::from(Span::styled(
                section.title.to_uppercase(),
                theme.heading(),
            )));
        }
        for response in &section.responses {
            lines.push(Line::raw(""));
            lines.extend(wrap_pieces(
                &[Piece {
                    text: response.question.clone(),
                    style: theme.question(),
                }],
                width,
                "",
                "",
            ));
            let kind = pack
                .and_then(|p| p.prompt(&response.prompt))
                .map(|p| &p.kind);
            lines.extend(answer_lines(&response.answer, kind, width, theme));
        }
    }
    match query {
        Some(q) => lines.into_iter().map(|l| highlight(l, q, theme)).collect(),
        None => lines,
    }
}

/// Lines as plain text, or with ANSI styles for a terminal.
pub fn to_text(lines: &[Line], ansi: bool) -> String {
    let mut out = String::new();
    for line in lines {
        for span in &line.spans {
            if ansi && span.style != Style::new() {
                out.push_str(&ansi_start(span.style));
                out.push_str(&span.content);
                out.push_str("\x1b[0m");
            } else {
                out.push_str(&span.content);
            }
        }
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    }
    out
}

fn ansi_start(style: Style) -> String {
    use ratatui::style::Color;
    let mut codes: Vec<String> = Vec::new();
    let m = style.add_modifier;
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if m.contains(flag) {
            codes.push(code.into());
        }
    }
    let color = |c: Color, base: u8| -> Option<String> {
        let n = match c {
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray | Color::White => 7,
            _ => return None,
        };
        Some((base + n).to_string())
    };
    if let Some(fg) = style.fg.and_then(|c| color(c, 30)) {
        codes.push(fg);
    }
    if let Some(bg) = style.bg.and_then(|c| color(c, 40)) {
        codes.push(bg);
    }
    format!("\x1b[{}m", codes.join(";"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> String {
        to_text(lines, false)
    }

    #[test]
    fn markdown_keeps_lines_lists_and_quotes() {
        let theme = Theme { color: false };
        let md = "First line\nsecond line with *emphasis*\n\n- one\n- two\n\n> quoted\n\n1. a\n2. b\n\n---\n\n# Heading";
        let out = text(&markdown(md, 40, theme));
        assert_eq!(
            out,
            "First line\nsecond line with emphasis\n• one\n• two\n│ quoted\n1. a\n2. b\n────────────────────────────────────────\nHeading\n"
        );
    }

    #[test]
    fn long_text_wraps_at_the_width() {
        let theme = Theme { color: false };
        let out = markdown(&"word ".repeat(30), 20, theme);
        assert!(out.len() > 5);
        for line in &out {
            assert!(line.width() <= 20, "{line:?}");
        }
    }

    #[test]
    fn highlights_keep_the_text() {
        let theme = Theme { color: true };
        let line = Line::from(vec![
            Span::raw("Zoë and "),
            Span::styled("zoe", Style::new().add_modifier(Modifier::BOLD)),
        ]);
        let q = Query::new("ZOE").unwrap();
        let lit = highlight(line, &q, theme);
        let plain: String = lit.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(plain, "Zoë and zoe");
        let marked: Vec<&str> = lit
            .spans
            .iter()
            .filter(|s| s.style.add_modifier.contains(Modifier::REVERSED))
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(marked, ["Zoë", "zoe"]);
    }
}

#[cfg(test)]
mod wrap_repro {
    use super::*;

    #[test]
    fn paragraphs_with_breaks_and_accents_stay_inside_the_width() {
        let theme = Theme { color: false };
        let text = "Really avoidance try to resistance with über work boundary. Grief Zoë distant away away that façade mother looked quiet.\nSecond line here with déjà vu and more words to wrap around the edge of the screen.";
        for width in [20, 40, 60, 95] {
            for line in markdown(text, width, theme) {
                assert!(
                    line.width() <= width,
                    "{width}: {:?}",
                    to_text(std::slice::from_ref(&line), false)
                );
            }
        }
    }
}
