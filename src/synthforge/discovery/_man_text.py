"""A man page as blocks (prose, code, tables), and its plain-text layout at 78 columns."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

__all__ = ["WIDTH", "Block", "Code", "Heading", "ManPage", "Para", "Section", "Table", "text_of"]

WIDTH = 78
_INDENT = 4
_GAP = 2  # between table columns
_NARROWEST = 28  # a last column narrower than this moves below its row


@dataclass(frozen=True)
class Para:
    """Prose, wrapped to the page."""

    text: str


@dataclass(frozen=True)
class Code:
    """Lines shown exactly as written (commands, request bodies)."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    """A subheading inside a section (EXAMPLE 1 · curl)."""

    text: str


@dataclass(frozen=True)
class Table:
    """Aligned rows; the last column is prose and wraps."""

    rows: tuple[tuple[str, ...], ...]
    head: tuple[str, ...] = ()


Block = Para | Code | Heading | Table


@dataclass(frozen=True)
class Section:
    """A titled part of the page (NAME, SYNOPSIS, ...)."""

    title: str
    blocks: tuple[Block, ...]
    subtitle: str = ""


@dataclass(frozen=True)
class ManPage:
    """A whole page: name, source, one-line summary, the lines above NAME, and its sections."""

    name: str
    source: str
    summary: str
    trail: str  # where the page sits: service / category / name
    banner: tuple[str, ...]  # price and status, leading the page
    sections: tuple[Section, ...]
    volume: int = 1


def text_of(page: ManPage) -> str:
    """The page as plain text: headings at the margin, everything else indented."""
    lines = [f"{page.name}({page.volume})", page.trail, *page.banner]
    name = Section("NAME", (Para(f"{page.name}  {page.summary}"),))
    for section in (name, *page.sections):
        lines.append("")
        lines.append(f"{section.title}  {section.subtitle}" if section.subtitle else section.title)
        previous: Block | None = None
        for block in section.blocks:
            if previous is not None and not isinstance(previous, Heading):
                lines.append("")
            lines += _block(block)
            previous = block
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _block(block: Block) -> list[str]:
    pad = " " * _INDENT
    if isinstance(block, Para):
        return _wrap(block.text, WIDTH - _INDENT, pad)
    if isinstance(block, Code):
        return [pad + line if line else "" for line in block.lines]
    if isinstance(block, Heading):
        return [pad + block.text]
    return _table(block)


def _wrap(text: str, width: int, pad: str) -> list[str]:
    # never split a URL, slug or flag at its hyphens
    return textwrap.wrap(
        text, width, initial_indent=pad, subsequent_indent=pad,
        break_long_words=False, break_on_hyphens=False,
    ) or [pad]  # fmt: skip


def _table(table: Table) -> list[str]:
    rows = [table.head, *table.rows] if table.head else list(table.rows)
    columns = max(len(row) for row in rows)
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(columns - 1)]
    left = _INDENT + sum(widths) + _GAP * (columns - 1)
    below = WIDTH - left < _NARROWEST and columns > 1
    if below:  # the prose goes on its own lines, under the second column
        left = _INDENT + widths[0] + _GAP
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        start = " " * _INDENT + "".join(cell + " " * _GAP for cell in cells)
        last = row[-1] if len(row) == columns else ""
        if below:
            lines.append(start)
            if not (table.head and index == 0):
                lines += _wrap(last, WIDTH - left, " " * left) if last else []
            continue
        wrapped = _wrap(last, WIDTH - left, "")
        lines.append(start + wrapped[0])
        lines += [" " * left + rest for rest in wrapped[1:]]
    return lines
