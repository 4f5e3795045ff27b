"""The data map as markdown, CSV, JSON or one self-contained HTML page.

Every renderer is ``render_<format>(datamap) -> str`` and shows the same record: each
element with its category, location, tag and verdict, grouped or ordered by category.
Nothing here decides a verdict; :mod:`policylint.datamap` does.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any

from policylint import __version__
from policylint.datamap import (
    ALLOWED,
    UNTAGGED,
    DataMap,
    Element,
    Recipient,
    Verdict,
    labels,
)

FORMATS = ("markdown", "csv", "json", "html")
JSON_VERSION = 1
CSV_HEADER = (
    "category",
    "category_name",
    "element",
    "container",
    "name",
    "path",
    "line",
    "column",
    "pointer",
    "format",
    "tagged",
    "suspected_from",
    "retention",
    "purposes",
    "subjects",
    "basis",
    "processors",
    "verdict",
    "codes",
    "suppressed",
    "details",
)
"""The CSV columns, in order: stable, so that spreadsheets and scripts can rely on them."""
VIOLATING = "violating"
"""The verdict filter's value for "any verdict but untagged"."""


def render(fmt: str, datamap: DataMap) -> str:
    renderers: dict[str, Callable[[DataMap], str]] = {
        "markdown": render_markdown,
        "csv": render_csv,
        "json": render_json,
        "html": render_html,
    }
    return renderers[fmt](datamap)


def _join(values: Iterable[str]) -> str:
    return ", ".join(values)


def _title(datamap: DataMap) -> str:
    return f"Data map: {datamap.policy.name}" if datamap.policy.name else "Data map"


def _intro(datamap: DataMap) -> str:
    t = datamap.totals()
    return (
        f"{t['elements']} personal-data elements ({t['tagged']} tagged, "
        f"{t['untagged']} suspected untagged) in {t['files']} files read; "
        f"{t['allowed']} allowed by the policy, {t['violating']} not allowed."
    )


# -- JSON ----------------------------------------------------------------------------------


def _verdict_dict(v: Verdict) -> dict[str, Any]:
    return {
        "kind": v.kind,
        "label": v.label,
        "code": v.code,
        "severity": v.severity,
        "message": v.message,
        "suppressed": v.suppressed,
    }


def element_dict(e: Element) -> dict[str, Any]:
    return {
        "category": e.category,
        "category_name": e.category_name,
        "element": e.element,
        "name": e.name,
        "container": e.container,
        "path": e.path,
        "line": e.line,
        "column": e.column,
        "pointer": e.pointer,
        "format": e.format,
        "tagged": e.tagged,
        "suspected": None if e.tagged else {"term": e.term, "language": e.language},
        "retention": e.retention,
        "purposes": list(e.purposes),
        "subjects": list(e.subjects),
        "basis": e.basis,
        "processors": list(e.processors),
        "allowed": e.allowed,
        "verdict": e.verdict,
        "verdicts": [_verdict_dict(v) for v in e.verdicts],
    }


def recipient_dict(r: Recipient) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "name": r.name,
        "recipient": r.recipient,
        "country": r.country,
        "description": r.description,
        "path": r.path,
        "line": r.line,
        "column": r.column,
        "pointer": r.pointer,
        "format": r.format,
        "categories": list(r.categories),
        "purposes": list(r.purposes),
        "subjects": list(r.subjects),
        "retention": r.retention,
        "allowed": r.allowed,
        "verdict": r.verdict,
        "verdicts": [_verdict_dict(v) for v in r.verdicts],
    }


def render_json(datamap: DataMap) -> str:
    p = datamap.policy
    document = {
        "version": JSON_VERSION,
        "policy": {
            "path": p.path,
            "name": p.name,
            "controller": p.controller,
            "contact": p.contact,
        },
        "elements": [element_dict(e) for e in datamap.elements],
        "recipients": [recipient_dict(r) for r in datamap.recipients],
        "problems": [
            {
                "path": x.path,
                "line": x.line,
                "column": x.column,
                "code": x.code,
                "message": x.message,
            }
            for x in datamap.problems
        ],
        "summary": {
            **datamap.totals(),
            "verdicts": datamap.verdict_counts(),
            "categories": [
                {
                    "category": s.category,
                    "name": s.name,
                    "elements": s.elements,
                    "allowed": s.allowed,
                    "violating": s.violating,
                    "untagged": s.untagged,
                }
                for s in datamap.summary()
            ],
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- CSV -----------------------------------------------------------------------------------


def _codes(verdicts: Sequence[Verdict], suppressed: bool | None = None) -> str:
    chosen = (v.code for v in verdicts if v.code and (suppressed is None or v.suppressed))
    return " ".join(dict.fromkeys(chosen))


def render_csv(datamap: DataMap) -> str:
    """One row per element, with :data:`CSV_HEADER` (RFC 4180: CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for e in datamap.elements:
        writer.writerow(
            [
                e.category,
                e.category_name,
                e.element,
                e.container,
                e.name,
                e.path,
                e.line,
                e.column,
                e.pointer,
                e.format,
                "yes" if e.tagged else "no",
                e.term,
                e.retention or "",
                "; ".join(e.purposes),
                "; ".join(e.subjects),
                e.basis or "",
                "; ".join(e.processors),
                e.verdict,
                _codes(e.verdicts),
                _codes(e.verdicts, suppressed=True),
                " | ".join(v.message for v in e.verdicts),
            ]
        )
    return out.getvalue()


# -- markdown ------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _md(text: str) -> str:
    """Plain text for a markdown table cell: specials escaped, on one line."""
    return " ".join(text.translate(_MD_SPECIAL).split())


_MD_MESSAGE = str.maketrans({c: "\\" + c for c in "\\|<>"})


def _md_message(text: str) -> str:
    """A verdict's message: its `code spans` kept, table and HTML specials escaped."""
    return " ".join(text.translate(_MD_MESSAGE).split())


def _code(text: str) -> str:
    """A code span for a table cell (pipes escaped: GitHub splits cells before spans)."""
    if not text:
        return ""
    flat = " ".join(text.split()).replace("|", "\\|")
    fence = "``" if "`" in flat else "`"
    pad = " " if "`" in flat else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _codes_md(values: Sequence[str]) -> str:
    return ", ".join(_code(v) for v in values) or "–"


def _md_verdict(verdicts: Sequence[Verdict]) -> str:
    if not verdicts:
        return ALLOWED
    parts = []
    for label in labels(verdicts):
        mine = [v for v in verdicts if v.label == label]
        codes = _codes(mine)
        note = ", suppressed" if all(v.suppressed for v in mine) else ""
        parts.append(f"**{_md(label)}**" + (f" ({codes}{note})" if codes else ""))
    return "; ".join(parts)


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]], right: int = 0) -> list[str]:
    """A GitHub table; the last ``right`` columns are numbers, aligned right."""
    align = ["---"] * (len(header) - right) + ["---:"] * right
    lines = [f"| {' | '.join(header)} |", f"| {' | '.join(align)} |"]
    lines += [f"| {' | '.join(cell or ' ' for cell in row)} |" for row in rows]
    return lines


def render_markdown(datamap: DataMap) -> str:
    p = datamap.policy
    lines = [f"# {_md(_title(datamap))}", ""]
    facts = [
        ("Controller", _md(p.controller)),
        ("Contact", _md(p.contact)),
        ("Policy", _code(p.path)),
    ]
    lines += [f"- **{k}:** {v}" for k, v in facts if v]
    lines += ["", _intro(datamap), ""]
    lines += ["## Summary by category", ""]
    summary = datamap.summary()
    t = datamap.totals()
    rows = [
        [_code(s.category) or "–", _md(s.name)]
        + [str(n) for n in (s.elements, s.allowed, s.violating, s.untagged)]
        for s in summary
    ]
    rows.append(
        ["**Total**", ""]
        + [f"**{t[k]}**" for k in ("elements", "allowed", "violating", "untagged")]
    )
    header = ["Category", "Name", "Elements", "Allowed", "Not allowed", "Suspected untagged"]
    lines += [*_md_table(header, rows, right=4), ""]
    for category, elements in datamap.by_category():
        name = elements[0].category_name
        heading = _code(category) or "(no category)"
        lines += [f"## {heading}" + (f": {_md(name)}" if name else ""), ""]
        header = [
            "Element", "Location", "Format", "Retention", "Purposes", "Subjects", "Basis",
            "Processors", "Verdict",
        ]  # fmt: skip
        lines += _md_table(header, (_md_row(e) for e in elements))
        details = [
            f"- {_code(e.element)} at {_code(e.location)}: {v.code + ' ' if v.code else ''}"
            f"{_md_message(v.message)}" + (" (suppressed in the source)" if v.suppressed else "")
            for e in elements
            for v in e.verdicts
        ]
        if details:
            lines += ["", "Verdicts in detail:", "", *details]
        lines.append("")
    if datamap.recipients:
        lines += ["## Recipients and trackers", ""]
        header = ["Kind", "Recipient", "Name", "What", "Categories", "Location", "Verdict"]
        rows = [
            [
                r.kind,
                _md(r.recipient + (f" ({r.country.upper()})" if r.country else "")),
                _code(r.name),
                _md(r.description),
                _codes_md(r.categories),
                _code(r.location),
                _md_verdict(r.verdicts),
            ]
            for r in datamap.recipients
        ]
        lines += [*_md_table(header, rows), ""]
    if datamap.problems:
        lines += [
            "## Not read",
            "",
            "The map is silent where a file or a tag could not be read:",
            "",
        ]
        lines += [
            f"- {_code(f'{x.path}:{x.line}:{x.column}')} {x.code} {_md_message(x.message)}"
            for x in datamap.problems
        ]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_row(e: Element) -> list[str]:
    element = _code(e.element)
    if not e.tagged:
        element += f" *(suspected untagged, from {_code(e.term)})*" if e.term else " *(untagged)*"
    location = _code(e.location) + (f" {_code(e.pointer)}" if e.pointer else "")
    return [
        element,
        location,
        _md(e.format),
        _code(e.retention or "") or "–",
        _codes_md(e.purposes),
        _codes_md(e.subjects),
        _md(e.basis or "") or "–",
        _md(", ".join(e.processors)) or "–",
        _md_verdict(e.verdicts),
    ]


# -- HTML ----------------------------------------------------------------------------------

_CSS = """
:root{color-scheme:light dark;--fg:#1d232b;--muted:#5b6573;--bg:#fff;--line:#d9dee5;
--head:#f2f4f7;--zebra:#fafbfc;--ok:#1a7f37;--ok-bg:#dafbe1;--bad:#b42318;--bad-bg:#fee4e2;
--warn:#8a5a00;--warn-bg:#fff3cd;--code:#eef1f5}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#9aa4b2;--bg:#14171c;
--line:#2e3440;--head:#1d2128;--zebra:#181b21;--ok:#6fdd8b;--ok-bg:#12301b;--bad:#ff8f87;
--bad-bg:#3d1614;--warn:#f5c451;--warn-bg:#3a2d06;--code:#232831}}
*{box-sizing:border-box}
body{margin:0;padding:24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:22px;margin:0 0 6px}h2{font-size:17px;margin:28px 0 10px}
header dl{display:flex;flex-wrap:wrap;gap:4px 24px;margin:0;color:var(--muted)}
header dt{font-weight:600;display:inline}header dd{display:inline;margin:0 0 0 4px}
.intro{margin:10px 0 0}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--code);
padding:1px 4px;border-radius:4px;white-space:nowrap}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0 0;padding:0;list-style:none}
.cards li{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:120px}
.cards b{display:block;font-size:22px}
.cards .bad b{color:var(--bad)}.cards .warn b{color:var(--warn)}.cards .ok b{color:var(--ok)}
table{border-collapse:collapse;width:100%;margin:0}
th,td{border-bottom:1px solid var(--line);padding:6px 7px;text-align:left;vertical-align:top}
thead th{background:var(--head);position:sticky;top:0;font-weight:600;white-space:nowrap}
td.verdict{min-width:15em}
tbody tr:nth-child(even){background:var(--zebra)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.summary{width:auto;min-width:60%}
.small{color:var(--muted);font-size:12px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;margin:1px 2px 1px 0;
font-size:12px;font-weight:600}
.badge.ok{color:var(--ok);background:var(--ok-bg)}
.badge.bad{color:var(--bad);background:var(--bad-bg)}
.badge.warn{color:var(--warn);background:var(--warn-bg)}
.badge.muted{opacity:.6;text-decoration:line-through}
td.n0{color:var(--muted)}td.hot{color:var(--bad);font-weight:600}
#controls{display:flex;flex-wrap:wrap;align-items:center;gap:10px;margin:0 0 10px}
#controls input,#controls select{font:inherit;padding:4px 8px;border:1px solid var(--line);
border-radius:6px;background:var(--bg);color:var(--fg)}
#controls input{min-width:280px}
.js table.sortable thead th{cursor:pointer;user-select:none}
.js table.sortable thead th::after{content:" \\2195";color:var(--muted);font-size:11px}
.js table.sortable thead th[aria-sort=ascending]::after{content:" \\2191"}
.js table.sortable thead th[aria-sort=descending]::after{content:" \\2193"}
.scroll{overflow-x:auto}
td code{white-space:nowrap}
td code.path,td code.el,td code.key{white-space:normal;overflow-wrap:break-word}
footer{margin-top:28px;color:var(--muted);font-size:12px}
@media print{#controls{display:none}thead th{position:static}}
"""

_JS = """
(function () {
  "use strict";
  document.documentElement.className += " js";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
  function key(cell) {
    var sort = cell.getAttribute("data-sort");
    return sort !== null ? sort : cell.textContent.trim();
  }
  function sortBy(table, th, index) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    each(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var c = collator.compare(key(a.cells[index]), key(b.cells[index]));
      return (ascending ? c : -c) || (a.getAttribute("data-i") - b.getAttribute("data-i"));
    });
    each(rows, function (row) { body.appendChild(row); });
  }
  each(document.querySelectorAll("table.sortable"), function (table) {
    each(table.tHead.rows[0].cells, function (th, index) {
      th.tabIndex = 0;
      th.title = "Sort by this column";
      th.addEventListener("click", function () { sortBy(table, th, index); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th, index); }
      });
    });
  });
  var table = document.getElementById("elements");
  var text = document.getElementById("filter");
  var verdict = document.getElementById("verdict");
  var shown = document.getElementById("shown");
  if (!table || !text || !verdict) { return; }
  function filter() {
    var words = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var wanted = verdict.value, count = 0, rows = table.tBodies[0].rows;
    each(rows, function (row) {
      var haystack = row.textContent.toLowerCase();
      var kinds = (row.getAttribute("data-verdicts") || "").split("|");
      var ok = words.every(function (w) { return haystack.indexOf(w) !== -1; }) &&
        (!wanted || kinds.indexOf(wanted) !== -1);
      row.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = "Showing " + count + " of " + rows.length + " elements";
  }
  text.addEventListener("input", filter);
  verdict.addEventListener("change", filter);
  document.getElementById("controls").hidden = false;
  filter();
}());
"""

ELEMENT_COLUMNS = (
    "Category", "Element", "Location", "Retention", "Purposes", "Subjects", "Basis",
    "Processors", "Verdict",
)  # fmt: skip
RECIPIENT_COLUMNS = (
    "Kind", "Recipient", "Name", "What", "Categories", "Subjects", "Location", "Verdict",
)  # fmt: skip

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
"""Nothing but the page's own inline style and script: no request leaves the page."""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _b(value: str) -> str:
    """Escaped, with a line-break opportunity after each ``/`` of a path or pointer."""
    return _e(value).replace("/", "/<wbr>")


def _html_codes(values: Sequence[str]) -> str:
    """Taxonomy keys, each breakable after its dots when the column is narrow."""
    return " ".join(f'<code class="key">{_e(v).replace(".", ".<wbr>")}</code>' for v in values)


def _badges(verdicts: Sequence[Verdict]) -> str:
    if not verdicts:
        return f'<span class="badge ok">{ALLOWED}</span>'
    out = []
    for label in labels(verdicts):
        mine = [v for v in verdicts if v.label == label]
        codes = _codes(mine)
        tone = "warn" if all(v.kind == UNTAGGED for v in mine) else "bad"
        suppressed = all(v.suppressed for v in mine)
        title = "\n".join(
            (f"{v.code}: " if v.code else "")
            + v.message
            + (" (suppressed)" if v.suppressed else "")
            for v in mine
        )
        text = _e(label) + (f' <span class="small">{_e(codes)}</span>' if codes else "")
        muted = " muted" if suppressed else ""
        out.append(f'<span class="badge {tone}{muted}" title="{_e(title)}">{text}</span>')
    return "".join(out)


def _filter_keys(verdicts: Sequence[Verdict]) -> str:
    keys = labels(verdicts) or [ALLOWED]
    if any(v.kind != UNTAGGED for v in verdicts):
        keys.insert(0, VIOLATING)
    return "|".join(keys)


def _pointer(pointer: str, fmt: str) -> str:
    """The pointer and format under a location, in small type."""
    parts = [_e(fmt)] if fmt else []
    if pointer:
        parts.append(_b(pointer))
    return f'<br><span class="small">{" &#183; ".join(parts)}</span>' if parts else ""


def _location_key(path: str, line: int, column: int) -> str:
    return f"{path}:{line:09d}:{column:06d}"


SUSPECTED = '<span class="badge warn">suspected untagged</span>'


def _element_row(index: int, e: Element) -> str:
    element = f'<code class="el">{_e(e.element).replace(".", ".<wbr>")}</code>'
    if not e.tagged:
        hint = f" from the word &#8220;{_e(e.term)}&#8221;" if e.term else ""
        element += f'<br>{SUSPECTED}<span class="small">{hint}</span>'
    category = f"<code>{_e(e.category)}</code>" if e.category else "–"
    if e.category_name:
        category += f'<br><span class="small">{_e(e.category_name)}</span>'
    cells = [
        f'<td data-sort="{_e(e.category)}">{category}</td>',
        f'<td data-sort="{_e(e.element)}">{element}</td>',
        f'<td data-sort="{_e(_location_key(e.path, e.line, e.column))}">'
        f'<code class="path">{_b(e.location)}</code>{_pointer(e.pointer, e.format)}</td>',
        f"<td>{_html_codes([e.retention]) if e.retention else '–'}</td>",
        f"<td>{_html_codes(e.purposes) or '–'}</td>",
        f"<td>{_html_codes(e.subjects) or '–'}</td>",
        f"<td>{_e(e.basis) if e.basis else '–'}</td>",
        f"<td>{_e(', '.join(e.processors)) or '–'}</td>",
        f'<td class="verdict" data-sort="{_e(e.verdict)}">{_badges(e.verdicts)}</td>',
    ]
    tone = "bad" if e.violating else "warn" if not e.tagged else "ok"
    return (
        f'<tr class="{tone}" data-i="{index}" data-verdicts="{_e(_filter_keys(e.verdicts))}">'
        + "".join(cells)
        + "</tr>"
    )


def _recipient_row(index: int, r: Recipient) -> str:
    who = _e(r.recipient)
    if r.country:
        who += f' <span class="small">({_e(r.country.upper())})</span>'
    cells = [
        f"<td>{_e(r.kind)}</td>",
        f"<td>{who}</td>",
        f"<td><code>{_e(r.name)}</code></td>",
        f"<td>{_e(r.description)}</td>",
        f"<td>{_html_codes(r.categories) or '–'}</td>",
        f"<td>{_html_codes(r.subjects) or '–'}</td>",
        f'<td data-sort="{_e(_location_key(r.path, r.line, r.column))}">'
        f'<code class="path">{_b(r.location)}</code>{_pointer(r.pointer, r.format)}</td>',
        f'<td class="verdict" data-sort="{_e(r.verdict)}">{_badges(r.verdicts)}</td>',
    ]
    return f'<tr data-i="{index}">' + "".join(cells) + "</tr>"


NUM = ' class="num"'


def _head(columns: Sequence[str], numeric: int = 0) -> str:
    plain = len(columns) - numeric
    cells = [
        f'<th scope="col"{NUM if i >= plain else ""}>{_e(c)}</th>' for i, c in enumerate(columns)
    ]
    return "<thead><tr>" + "".join(cells) + "</tr></thead>"


def _count_cell(n: int, hot: bool = False) -> str:
    css = "num n0" if n == 0 else "num hot" if hot else "num"
    return f'<td class="{css}">{n}</td>'


def render_html(datamap: DataMap) -> str:
    p = datamap.policy
    t = datamap.totals()
    title = _title(datamap)
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
        "<dl>",
    ]
    for term, value in (
        ("Controller", p.controller),
        ("Contact", p.contact),
        ("Policy", p.path),
    ):
        if value:
            out.append(f"<div><dt>{term}</dt><dd>{_e(value)}</dd></div>")
    out += ["</dl>", f'<p class="intro">{_e(_intro(datamap))}</p>', "</header>", "<main>"]
    cards = [
        ("Elements", t["elements"], ""),
        ("Allowed", t["allowed"], "ok"),
        ("Not allowed", t["violating"], "bad" if t["violating"] else ""),
        ("Suspected untagged", t["untagged"], "warn" if t["untagged"] else ""),
        ("Recipients, trackers", t["recipients"], ""),
        ("Files read", t["files"], ""),
    ]
    out.append('<ul class="cards">')
    out += [f'<li class="{css}">{_e(label)}<b>{n}</b></li>' for label, n, css in cards]
    out.append("</ul>")
    out += [
        '<section aria-labelledby="summary-title">',
        '<h2 id="summary-title">Summary by category</h2>',
        '<div class="scroll"><table class="summary sortable" id="summary">',
        _head(["Category", "Name", "Elements", "Allowed", "Not allowed", "Suspected untagged"], 4),
        "<tbody>",
    ]
    for i, s in enumerate(datamap.summary()):
        out.append(
            f'<tr data-i="{i}"><td><code>{_e(s.category)}</code></td><td>{_e(s.name)}</td>'
            + _count_cell(s.elements)
            + _count_cell(s.allowed)
            + _count_cell(s.violating, hot=True)
            + _count_cell(s.untagged)
            + "</tr>"
        )
    out += ["</tbody>", "</table></div>", "</section>"]
    out += [
        '<section aria-labelledby="elements-title">',
        '<h2 id="elements-title">Personal-data elements</h2>',
        '<div id="controls" hidden>',
        '<input type="search" id="filter" placeholder="Filter: words in any column"'
        ' aria-label="Filter the elements">',
        '<select id="verdict" aria-label="Verdict">',
        '<option value="">Every verdict</option>',
        f'<option value="{VIOLATING}">Not allowed (any)</option>',
    ]
    out += [f'<option value="{_e(k)}">{_e(k)}</option>' for k in datamap.verdict_kinds()]
    out += [
        "</select>",
        '<span id="shown" class="small" aria-live="polite"></span>',
        "</div>",
        '<div class="scroll"><table class="sortable" id="elements">',
        _head(ELEMENT_COLUMNS),
        "<tbody>",
    ]
    out += [_element_row(i, e) for i, e in enumerate(datamap.elements)]
    out += ["</tbody>", "</table></div>", "</section>"]
    if datamap.recipients:
        out += [
            '<section aria-labelledby="recipients-title">',
            '<h2 id="recipients-title">Recipients and trackers</h2>',
            '<div class="scroll"><table class="sortable" id="recipients">',
            _head(RECIPIENT_COLUMNS),
            "<tbody>",
        ]
        out += [_recipient_row(i, r) for i, r in enumerate(datamap.recipients)]
        out += ["</tbody>", "</table></div>", "</section>"]
    if datamap.problems:
        out += [
            '<section aria-labelledby="problems-title">',
            '<h2 id="problems-title">Not read</h2>',
            "<p>The map is silent where a file or a tag could not be read:</p>",
            "<ul>",
        ]
        out += [
            f"<li><code>{_e(f'{x.path}:{x.line}:{x.column}')}</code> {_e(x.code)} "
            f"{_e(x.message)}</li>"
            for x in datamap.problems
        ]
        out += ["</ul>", "</section>"]
    out += [
        "</main>",
        f"<footer>policylint {_e(__version__)} &#183; data map of {len(datamap.files)} files "
        "&#183; hover a verdict to read the policy&#8217;s reason</footer>",
        f"<script>{_JS}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"
