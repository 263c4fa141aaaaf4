"""Writes a Java notebook (.ipynb, kernel sota4j) from a percent-format text file.

Cells start with a line '//%% md' (markdown; the following lines may start with '// ' which is
removed) or '//%%' (Java code). Used to author notebooks as plain text; the .ipynb with its
outputs is what the project commits.

Usage: python3 tools/percent_to_ipynb.py SOURCE.java NOTEBOOK.ipynb
"""
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def parse(text):
    cells, kind, lines = [], None, []

    def flush():
        if kind is None:
            return
        body = "\n".join(lines).strip("\n")
        if kind == "md":
            body = "\n".join(l[3:] if l.startswith("// ") else (l[2:] if l.startswith("//") else l)
                             for l in body.splitlines())
            cells.append(new_markdown_cell(body))
        elif body.strip():
            cells.append(new_code_cell(body))

    for line in text.splitlines():
        if line.startswith("//%%"):
            flush()
            kind = "md" if line[4:].strip() == "md" else "code"
            lines = []
        else:
            lines.append(line)
    flush()
    return cells


def main():
    src, dst = sys.argv[1], sys.argv[2]
    nb = new_notebook(cells=parse(open(src, encoding="utf-8").read()))
    nb.metadata["kernelspec"] = {"name": "sota4j", "display_name": "Java (sota4j)", "language": "java"}
    nb.metadata["language_info"] = {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}
    nbformat.write(nb, dst)


if __name__ == "__main__":
    main()
