"""Label/value lines with a hanging indent, drawn by one widget (cheaper than a grid of Statics).

Long values (URLs, descriptions) wrap under their value column, not under the label; a URL breaks after
`/`, `.` or `:`, not in the middle of a name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


class Field(NamedTuple):
    """One line of the list: a label, its value, and a style for the value ('' for the default)."""

    key: str
    label: str
    value: str
    style: str = ""


class FieldList(Widget):
    """Shows `Field`s as aligned label/value lines; `set_fields` replaces them."""

    DEFAULT_CSS = """
    FieldList {
        height: auto;
        text-wrap: nowrap;
    }
    """

    LABEL_WIDTH = 15
    LABEL_STYLE = "$text-muted"

    def __init__(
        self,
        fields: Iterable[Field] = (),
        *,
        title: Content | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.title = title
        """An optional first line above the fields."""
        self._fields: dict[str, Field] = {field.key: field for field in fields}
        self._cache: tuple[int, list[Content]] | None = None

    @property
    def fields(self) -> dict[str, Field]:
        return dict(self._fields)

    def value(self, key: str) -> str:
        """The value shown for `key` ('' when there is no such field)."""
        field = self._fields.get(key)
        return field.value if field else ""

    def set_fields(self, fields: Iterable[Field]) -> None:
        self._fields = {field.key: field for field in fields}
        self._changed()

    def set_value(self, key: str, value: str, style: str | None = None) -> None:
        """Change one field's value (and optionally its style), keeping its place."""
        field = self._fields[key]
        self._fields[key] = field._replace(value=value, style=field.style if style is None else style)
        self._changed()

    def _changed(self) -> None:
        self._cache = None
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        """The rendered lines for a given width (cached until the fields or the width change)."""
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        value_width = max(8, width - self.LABEL_WIDTH)
        indent = " " * self.LABEL_WIDTH
        lines: list[Content] = [] if self.title is None else [self.title]
        for field in self._fields.values():
            chunks = _wrap(field.value, value_width)
            label = field.label.ljust(self.LABEL_WIDTH)
            lines.append(Content.assemble((label, self.LABEL_STYLE), (chunks[0], field.style)))
            lines.extend(Content.assemble(indent, (chunk, field.style)) for chunk in chunks[1:])
        self._cache = (width, lines)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))

    @property
    def plain(self) -> str:
        """Every line as plain text, unwrapped (for tests and screen readers)."""
        lines = [] if self.title is None else [self.title.plain]
        lines += [f"{field.label.ljust(self.LABEL_WIDTH)}{field.value}" for field in self._fields.values()]
        return "\n".join(lines)


URL_BREAKS = "/.:"
"""Where a word longer than the column (a URL) is broken: after one of these, never mid-name if avoidable."""


def _wrap(text: str, width: int) -> list[str]:
    """Wrap at spaces; a word longer than the column (a URL) starts a line and breaks after `/`, `.` or `:`.

    Always one chunk or more.
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        if len(word) > width:
            if line:
                lines.append(line)
            *whole, line = _break_word(word, width)
            lines.extend(whole)
        elif not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def _break_word(word: str, width: int) -> list[str]:
    """`word` in pieces of at most `width`, each ending at the last `/`, `.` or `:` that fits if any."""
    pieces: list[str] = []
    while len(word) > width:
        cut = max(word.rfind(mark, 1, width) for mark in URL_BREAKS)
        end = cut + 1 if cut > 0 else width
        pieces.append(word[:end])
        word = word[end:]
    pieces.append(word)
    return pieces
