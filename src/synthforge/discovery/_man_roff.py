"""A man page as man(7) roff: what `man -l` and `man SLUG` read.

Every piece of text is escaped once, in `escape`: backslashes, a leading control character,
hyphens (so URLs and flags copy as typed) and non-ASCII characters as groff glyphs.
"""

from __future__ import annotations

from ._man_text import Block, Code, Heading, ManPage, Para, Table

__all__ = ["escape", "roff_of"]

_MANUAL = "Paid endpoints"
_KEY_COLUMN = 16  # ens; wider keys take a line of their own
_GLYPHS = {
    "\N{MIDDLE DOT}": r"\[pc]",
    "\N{EM DASH}": r"\[em]",
    "\N{EN DASH}": r"\[en]",
    "\N{RIGHTWARDS ARROW}": r"\[->]",
    "\N{LEFTWARDS ARROW}": r"\[<-]",
    "\N{MULTIPLICATION SIGN}": r"\[mu]",
    "\N{LEFT SINGLE QUOTATION MARK}": r"\[oq]",
    "\N{RIGHT SINGLE QUOTATION MARK}": r"\[cq]",
    "\N{LEFT DOUBLE QUOTATION MARK}": r"\[lq]",
    "\N{RIGHT DOUBLE QUOTATION MARK}": r"\[rq]",
}


def escape(text: str) -> str:
    """`text` as one line of roff input that prints as `text` and is never read as a request."""
    out = []
    for char in " ".join(text.splitlines()):
        if char == "\\":
            out.append(r"\e")
        elif char == "-":
            out.append(r"\-")
        elif char.isascii():
            out.append(char)
        else:
            out.append(_GLYPHS.get(char) or f"\\[u{ord(char):04X}]")
    line = "".join(out)
    # a line starting with . or ' would be a request; \& is a zero-width guard
    return "\\&" + line if line.startswith((".", "'")) else line


def _argument(text: str) -> str:
    """A quoted macro argument."""
    return '"' + escape(text).replace('"', r"\(dq") + '"'


def roff_of(page: ManPage) -> str:
    """The page as man(7) source."""
    name = escape(page.name)
    lines = [
        f'.TH {escape(page.name.upper())} {page.volume} "" {_argument(page.source)}'
        f" {_argument(_MANUAL)}",
        # no hyphenation, here and after each example (.EE restores mode HY): slugs, URLs
        # and header names must read, and copy, whole
        ".nr HY 0",
        ".nh",
        ".ad l",
        ".SH NAME",
        f"{name} \\- {escape(page.summary)}",
    ]
    for index, section in enumerate(page.sections):
        lines.append(f".SH {_argument(section.title)}")
        if index == 0:  # the price and status lines lead the first section
            lines += [".PP", *_joined(page.banner)]
        if section.subtitle:
            lines += [".PP", f"\\fI{escape(section.subtitle)}\\fR"]
        for block in section.blocks:
            lines += _block(block)
    return "\n".join(lines) + "\n"


def _joined(texts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for text in texts:
        out += [escape(text), ".br"]
    return out[:-1]


def _block(block: Block) -> list[str]:
    if isinstance(block, Para):
        return [".PP", escape(block.text)]
    if isinstance(block, Heading):
        return [f".SS {_argument(block.text)}"]
    if isinstance(block, Code):
        return [".PP", ".EX", *(escape(line) for line in block.lines), ".EE"]
    return _table(block)


def _table(table: Table) -> list[str]:
    """Each row as a tagged paragraph: the first cell bold, the middle cells in parentheses."""
    # short keys with nothing in between (METADATA, SEE ALSO) get a column of their own
    keyed = all(len(row) == 2 for row in table.rows)
    width = max(len(row[0]) for row in table.rows) + 2 if table.rows else 0
    request = f".TP {width}n" if keyed and width <= _KEY_COLUMN else ".TP"
    lines = []
    for row in table.rows:
        middle = [cell for cell in row[1:-1] if cell]
        tag = f"\\fB{escape(row[0])}\\fR"
        if middle:
            tag += " (" + ", ".join(escape(cell) for cell in middle) + ")"
        lines += [request, tag]
        if len(row) > 1 and row[-1]:
            lines.append(escape(row[-1]))
    # key rows read as one block, without a blank line between them
    return [".PD 0", *lines, ".PD"] if request != ".TP" else lines
