//! Tables: which `<table>`s hold data (and render as Markdown tables) and
//! how their rows are laid out. Layout tables, and tables whose cells hold
//! blocks a Markdown table cannot (lists, pictures, quotes, other tables),
//! are rendered as their content instead, by the caller.

use ego_tree::NodeRef;
use scraper::Node;

use super::dom::{self, ElementExt};
use super::markdown::wholly_wrapped;

/// Longest text (in characters) of a data table's cell: a cell holding a
/// whole article is page layout.
const CELL_MAX_CHARS: usize = 400;

/// Widest table (in columns) rendered as a table.
const MAX_COLUMNS: usize = 20;

/// True when the table holds data a Markdown table can show: at least two
/// rows and two columns, every cell short inline text (paragraphs and line
/// breaks are fine), and nothing marking it as layout.
pub fn is_data_table(table: NodeRef<Node>) -> bool {
    let Node::Element(e) = table.value() else {
        return false;
    };
    if matches!(e.attr_value("role"), Some("presentation" | "none")) {
        return false;
    }
    let rows: Vec<NodeRef<Node>> = rows(table).collect();
    let widest = rows.iter().map(|row| width(*row)).max().unwrap_or(0);
    rows.len() >= 2
        && (2..=MAX_COLUMNS).contains(&widest)
        && rows.iter().all(|row| cells(*row).all(is_simple_cell))
}

/// The table's rows in document order (in its head, bodies and foot; not
/// those of a table nested in a cell).
pub fn rows(table: NodeRef<Node>) -> impl Iterator<Item = NodeRef<Node>> {
    table.children().flat_map(|child| {
        let row_group = matches!(dom::tag_name(&child), Some("thead" | "tbody" | "tfoot"));
        let rows: Vec<NodeRef<Node>> = if row_group {
            child
                .children()
                .filter(|c| dom::tag_name(c) == Some("tr"))
                .collect()
        } else if dom::tag_name(&child) == Some("tr") {
            vec![child]
        } else {
            Vec::new()
        };
        rows
    })
}

/// A row's cells.
pub fn cells(row: NodeRef<Node>) -> impl Iterator<Item = NodeRef<Node>> {
    row.children()
        .filter(|c| matches!(dom::tag_name(c), Some("td" | "th")))
}

/// Columns a cell spans (`colspan`, at least 1, at most the table limit).
pub fn colspan(cell: NodeRef<Node>) -> usize {
    match cell.value() {
        Node::Element(e) => e
            .attr_value("colspan")
            .and_then(|s| s.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, MAX_COLUMNS),
        _ => 1,
    }
}

/// Columns of a row, spans counted.
fn width(row: NodeRef<Node>) -> usize {
    cells(row).map(colspan).sum()
}

/// A cell of inline text: no block a Markdown cell cannot hold.
fn is_simple_cell(cell: NodeRef<Node>) -> bool {
    let mut chars = 0;
    for d in cell.descendants().skip(1) {
        match d.value() {
            Node::Text(t) => chars += t.chars().count(),
            Node::Element(e) => {
                if matches!(
                    e.name(),
                    "table"
                        | "ul"
                        | "ol"
                        | "dl"
                        | "blockquote"
                        | "figure"
                        | "img"
                        | "picture"
                        | "video"
                        | "iframe"
                        | "pre"
                ) {
                    return false;
                }
            }
            _ => {}
        }
    }
    chars <= CELL_MAX_CHARS
}

/// A Markdown (GFM and kramdown) table: the first row is the header, every
/// row padded to the widest, pipes in cells escaped.
pub fn to_markdown(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let line = |cells: &[String]| {
        let mut out = String::from("|");
        for i in 0..columns {
            match cells.get(i).filter(|cell| !cell.is_empty()) {
                Some(cell) => {
                    out.push(' ');
                    out.push_str(&cell.replace('|', "\\|"));
                    out.push_str(" |");
                }
                None => out.push_str(" |"),
            }
        }
        out
    };
    let mut lines = Vec::with_capacity(rows.len() + 1);
    if let Some((head, body)) = rows.split_first() {
        // A header cell is shown bold already.
        let head: Vec<String> = head.iter().map(|cell| unbold(cell).to_string()).collect();
        lines.push(line(&head));
        lines.push(format!("|{}", " --- |".repeat(columns)));
        lines.extend(body.iter().map(|row| line(row)));
    }
    lines.join("\n")
}

/// The cell without the bold markers around all of it.
fn unbold(cell: &str) -> &str {
    wholly_wrapped(cell, "**").unwrap_or(cell)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn first_table(html: &str) -> (Html, ego_tree::NodeId) {
        let doc = Html::parse_document(html);
        let id = doc
            .select(&Selector::parse("table").unwrap())
            .next()
            .unwrap()
            .id();
        (doc, id)
    }

    #[test]
    fn data_tables_are_told_from_layout_tables() {
        for (html, data) in [
            ("<table><tr><th>Year</th><th>Leader</th></tr><tr><td>2002</td><td>Vladimír Špidla</td></tr></table>", true),
            ("<table><tr><td><p>One</p></td><td>Two<br>lines</td></tr><tr><td>3</td><td>4</td></tr></table>", true),
            ("<table role=\"presentation\"><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", false),
            ("<table><tr><td>only one row</td><td>x</td></tr></table>", false),
            ("<table><tr><td>one column</td></tr><tr><td>x</td></tr></table>", false),
            ("<table><tr><td><ul><li>a list</li></ul></td><td>x</td></tr><tr><td>c</td><td>d</td></tr></table>", false),
            ("<table><tr><td><img src=\"/a.jpg\"></td><td>x</td></tr><tr><td>c</td><td>d</td></tr></table>", false),
        ] {
            let (doc, id) = first_table(html);
            assert_eq!(is_data_table(doc.tree.get(id).unwrap()), data, "{html}");
        }
    }

    #[test]
    fn rows_are_padded_and_pipes_escaped() {
        let rows = vec![
            vec!["**Year**".to_string(), "Leader".to_string()],
            vec!["2002".to_string(), "A | B".to_string(), "extra".to_string()],
        ];
        assert_eq!(
            to_markdown(&rows),
            "| Year | Leader | |\n| --- | --- | --- |\n| 2002 | A \\| B | extra |"
        );
    }
}
