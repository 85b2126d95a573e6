"""Emoji whose width terminals disagree on, shown so that every terminal gives them the width Textual counts.

Textual lays a line out with Rich's cell widths, which read some emoji as one cluster: `⚠️` (a narrow
character and the emoji selector U+FE0F) is 2 cells, a skin-tone modifier (`👍🏽`) adds 0, and a character
joined by U+200D (`👨‍👩‍👧`) adds 0. Terminals that count code point by code point (tmux 3.3, VTE, xterm)
give 1, 2 and up to 2 each: everything after such an emoji moves, and an input's right border with it.

`display_text` changes only what is drawn, never the value: U+FE0F that widens becomes a space, a skin-tone
modifier, a joiner and what it joins become zero-width spaces. The result has as many characters as the value
(so cursor positions still match) and takes, counted code point by code point, the cells Rich counts.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.highlighter import Highlighter
from rich.text import Text

EMOJI_SELECTOR = "\ufe0f"
JOINER = "\u200d"
ZERO_WIDTH = "\u200b"
SKIN_TONES = range(0x1F3FB, 0x1F400)


def _needs_care(text: str) -> bool:
    return EMOJI_SELECTOR in text or JOINER in text or any(ord(char) in SKIN_TONES for char in text)


def display_text(text: str) -> str:
    """`text` as drawn: same length, and per code point as many cells as Rich counts for the whole text."""
    if not _needs_care(text):
        return text
    shown: list[str] = []
    last: str | None = None  # the last character Rich measured, as its own loop tracks it
    index = 0
    while index < len(text):
        char = text[index]
        if char == JOINER:
            joined = text[index + 1 : index + 2]  # Rich does not measure the joined character
            shown.append(ZERO_WIDTH * (1 + len(joined)))
            index += 1 + len(joined)
            continue
        if char == EMOJI_SELECTOR:
            widens = last is not None and cell_len(last + char) > cell_len(last)
            shown.append(" " if widens else char)
            last = None
        elif ord(char) in SKIN_TONES:
            shown.append(ZERO_WIDTH)
        else:
            shown.append(char)
            if get_character_cell_size(char):
                last = char
        index += 1
    return "".join(shown)


class EmojiWidthHighlighter(Highlighter):
    """An Input highlighter that draws the value with `display_text` (same length, so same cursor cells)."""

    def __call__(self, text: str | Text) -> Text:
        highlighted = Text(text) if isinstance(text, str) else text.copy()
        highlighted.plain = display_text(highlighted.plain)
        return highlighted

    def highlight(self, text: Text) -> None:
        """Nothing to colour: `__call__` only changes which characters are drawn."""
