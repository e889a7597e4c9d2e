"""Documents and their resampling units."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    date: str
    source: str
    language: str
    paragraph_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0] + [m.end() for m in _BLANK_LINE.finditer(self.text)]
        object.__setattr__(self, "paragraph_starts", tuple(starts))

    @classmethod
    def from_json(cls, value: dict) -> Document:
        """A checked line of documents.jsonl (its canary is not part of the document)."""
        return cls(value["id"], value["text"], value["date"], value["source"], value["language"])

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph (block of text between blank lines) holding ``offset``.

        >>> Document("d", "One.\\n\\nTwo.", "2024-01-19", "", "en").paragraph_of(len("One.\\n\\nT"))
        1
        """
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def paragraph_span(self, index: int) -> tuple[int, int]:
        start = self.paragraph_starts[index]
        end = (self.paragraph_starts[index + 1] if index + 1 < len(self.paragraph_starts)
               else len(self.text))
        return start, len(self.text[start:end].rstrip()) + start

    def as_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "date": self.date, "source": self.source,
                "language": self.language}
