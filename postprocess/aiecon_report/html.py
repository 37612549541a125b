"""html — write the report: CSV tables and the self-contained index.html that shows them.

A Page is a title, summary lines (the numbers at the top), sections of Images (PNG files in the
report folder, each linked to its PDF twin for a paper) and Tables (each also written as CSV beside
index.html and linked from the page), and a footer (version, seeds, scenario hashes). Everything
the page refers to lies in the report folder, by relative path.
"""
import csv
import dataclasses
import html
import math
import os


@dataclasses.dataclass(frozen=True)
class Image:
    file: str
    caption: str
    pdf: bool = True   # a PDF twin (same name, .pdf) lies beside the PNG


@dataclasses.dataclass(frozen=True)
class Table:
    file: str        # CSV name in the report folder
    caption: str
    header: tuple
    rows: tuple
    shown: int = 60  # rows shown in the page (the CSV has all)


@dataclasses.dataclass(frozen=True)
class Section:
    heading: str
    text: str
    items: tuple


@dataclasses.dataclass(frozen=True)
class Page:
    title: str
    kind: str
    summary: tuple
    sections: tuple
    footer: str = ""


def cell(value):
    """Numbers to 4 significant digits (NaN as empty), everything else as text."""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.4g}"
    return str(value)


def _csv_number(value):
    """Floats in a CSV to 12 significant digits (a design's values survive), NaN as empty."""
    return "" if math.isnan(value) else format(value, ".12g")


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow([_csv_number(v) if isinstance(v, float) else v for v in r])


def _table(t):
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in t.header)
    body = "\n".join("<tr>" + "".join(f"<td>{html.escape(cell(v))}</td>" for v in r) + "</tr>"
                     for r in t.rows[:t.shown])
    more = (f"<p class='note'>{len(t.rows) - t.shown} more rows in the CSV.</p>" if len(t.rows) > t.shown else "")
    return (f"<figure class='table'><figcaption>{html.escape(t.caption)} "
            f"(<a href='{html.escape(t.file)}'>{html.escape(t.file)}</a>)</figcaption>\n"
            f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>{more}</figure>")


def _image(i):
    pdf = i.file[:-4] + ".pdf"
    link = f" (<a href='{html.escape(pdf)}'>PDF</a>)" if i.pdf else ""
    return (f"<figure><img src='{html.escape(i.file)}' alt='{html.escape(i.caption)}'>"
            f"<figcaption>{html.escape(i.caption)}{link}</figcaption></figure>")


def _section(s):
    items = "\n".join(_table(i) if isinstance(i, Table) else _image(i) for i in s.items)
    text = f"<p>{html.escape(s.text)}</p>" if s.text else ""
    return f"<section><h2>{html.escape(s.heading)}</h2>{text}\n{items}</section>"


STYLE = """body{font-family:sans-serif;max-width:1300px;margin:1em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}
figure{margin:1em 0}img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.9em;color:#444}table{border-collapse:collapse;font-size:.85em}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}th{background:#f3f3f3}
.summary li{margin:.2em 0}.note{font-size:.85em;color:#666}
footer{margin-top:3em;border-top:1px solid #ccc;font-size:.8em;color:#555;padding-top:.5em}"""


def render(page):
    summary = "\n".join(f"<li>{html.escape(line)}</li>" for line in page.summary)
    sections = "\n".join(_section(s) for s in page.sections)
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>\n"
            f"<title>{html.escape(page.title)}</title>\n<style>{STYLE}</style></head>\n<body>\n"
            f"<h1>{html.escape(page.title)}</h1>\n<p class='note'>aiecon report: {html.escape(page.kind)}</p>\n"
            f"<h2>Summary</h2><ul class='summary'>\n{summary}\n</ul>\n{sections}\n"
            f"<footer>{html.escape(page.footer)}</footer>\n</body></html>\n")


def write(page, folder):
    """Write every table's CSV and index.html into folder; return the page's path."""
    for s in page.sections:
        for item in s.items:
            if isinstance(item, Table):
                write_csv(os.path.join(folder, item.file), item.header, item.rows)
    path = os.path.join(folder, "index.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(page))
    return path
