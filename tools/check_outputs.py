"""Checks that executed notebooks read well in JupyterLab, GitHub's viewer and the HTML export (used by ./sota run).

A notebook fails when one of its outputs
  - is text/html without any markup (a browser collapses its spaces and newlines into one line),
  - is only a display id (a UUID echoed by a cell that ends in display(...)),
  - holds a number with 9 or more decimals (an unrounded double such as 0.7110000000000001),
  - is a table printed as text (Tablesaw's print or Tables.text) without an HTML <table> alternative,
or when it shows an HTML table and its HTML export (NAME.html beside it) has no <table.
Usage: check_outputs.py NOTEBOOK.ipynb...; prints one line per problem and exits 1 if there is any.
"""
import re
import sys
from pathlib import Path

import nbformat

MARKUP = re.compile(r"<[a-zA-Z][^>]*>")
DISPLAY_ID = re.compile(r"^\s*'?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'?\s*$")
LONG_DECIMAL = re.compile(r"(?<![\w.])[-+]?\d+\.\d{9,}")
# a header line of column names, then a rule of dashes (Tablesaw's print and Tables.text both look like this)
TEXT_TABLE = re.compile(r"^[^\n]*\S {2,}\S[^\n]*\n[-|+ ]{12,}$", re.M)


def texts(output):
    if output.get("output_type") == "stream":
        yield "stream", output.get("text", "")
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/") or mime.endswith("json"):
            yield mime, value if isinstance(value, str) else "".join(value) if isinstance(value, list) else str(value)
    if output.get("output_type") == "error":
        yield "error", "\n".join(output.get("traceback", []))


def problems(path):
    nb = nbformat.read(path, as_version=4)
    found = []
    has_table = False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            where = f"cell {index} ({output.get('output_type')})"
            html = data.get("text/html")
            if html is not None:
                html = "".join(html) if isinstance(html, list) else html
                if "<table" in html:
                    has_table = True
                if not MARKUP.search(html):
                    found.append(f"{where}: text/html without markup (shows as one run-on line): {html.strip()[:60]!r}")
            for mime, text in texts(output):
                if output.get("output_type") in ("execute_result", "display_data") and DISPLAY_ID.match(text):
                    found.append(f"{where}: only a display id {text.strip()!r} (end the cell with a statement, "
                                 "not a bare display(...))")
                m = LONG_DECIMAL.search(text)
                if m and mime != "error":
                    found.append(f"{where}: unrounded number {m.group(0)!r} in {mime}")
                if mime in ("stream", "text/plain") and html is None and TEXT_TABLE.search(text):
                    found.append(f"{where}: a table shown as text only ({mime}); show it with Tables.show(table)")
    export = Path(path).with_suffix(".html")
    if has_table:
        if not export.exists():
            found.append(f"no HTML export {export.name} beside the notebook")
        elif "<table" not in export.read_text(encoding="utf-8", errors="replace"):
            found.append(f"the HTML export {export.name} has no <table although the notebook shows one")
    return found


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    bad = 0
    for arg in sys.argv[1:]:
        found = problems(arg)
        for p in found:
            print(f"{Path(arg).name}: {p}")
        bad += bool(found)
    if bad:
        print(f"output check: {bad} notebook(s) with outputs that do not read well", flush=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
