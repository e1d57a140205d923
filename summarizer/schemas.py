"""Pydantic models shared by every part: the article, its summary, key figures, answers.

The JSON Schema of ArticleSummary / Answer is what is sent to an LLM endpoint, so both engines are
held to the same shapes.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from summarizer.text import SCALES, split_scale


class Article(BaseModel):
    """One article cut from a page. `start`/`end` are character offsets into the page text."""

    model_config = ConfigDict(extra="forbid")

    page: str
    index: int = Field(description="1-based position of the article on its page")
    title: str
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    credit: str = ""
    kind: Literal["news", "photo"] = "news"
    paragraphs: list[str]
    start: int = 0
    end: int = 0
    date: str = ""
    source: str = ""
    # Where the article stands on a PDF page: its page number (1-based) and bounding box in PDF
    # points (x0, top, x1, bottom). None for text pages.
    pdf_page: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def id(self) -> str:
        return f"{self.page}#{self.index}"

    def segment_record(self) -> dict[str, Any]:
        """The stable `summarizer segment --json` line."""
        return {
            "page": self.page,
            "index": self.index,
            "title": self.title,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "credit": self.credit,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


class PageMeta(BaseModel):
    """Page furniture kept apart from the articles: running header lines (paper, 版次, date) and
    footer lines (本版编辑 …)."""

    model_config = ConfigDict(extra="forbid")

    header: list[str] = Field(default_factory=list)
    footer: list[str] = Field(default_factory=list)


class SegmentedPage(BaseModel):
    """One page and its articles. `text` is what the articles' start/end offsets index: the page text
    as read for a text page, the text the tool rebuilt (in reading order) for a PDF page."""

    model_config = ConfigDict(extra="forbid")

    name: str
    text: str
    articles: list[Article]
    meta: PageMeta = Field(default_factory=PageMeta)


class KeyFigure(BaseModel):
    """A quantity stated in an article: 5.89万家 -> value 5.89, unit "万家"."""

    model_config = ConfigDict(extra="forbid")

    value: float = Field(description="the number exactly as printed in the article, without 万/亿 scaling")
    unit: str = Field(description="unit as printed, including 万/亿 if printed, e.g. 个, 万元, %, 人次")
    about: str = Field(description="what is counted, a few words, e.g. 参赛作品")
    quote: str = Field(description="the exact clause of the article that states the figure")
    qualifier: str = Field(
        default="", description="approximation word as printed: 近, 逾, 余, 多, 约, or empty"
    )

    @field_serializer("value")
    def _int_when_integral(self, v: float) -> float | int:
        return int(v) if float(v).is_integer() else v

    @property
    def scale(self) -> str:
        """The 万/亿 scale printed in the unit ("万亿元" -> "万亿", "万元" -> "万", "个" -> "")."""
        return split_scale(self.unit.lstrip("余多"))[0]

    @property
    def scaled_value(self) -> float:
        """Value after 万/亿 scaling, e.g. 5.89 万家 -> 58900."""
        return round(self.value * SCALES.get(self.scale, 1.0), 6)

    @property
    def base_unit(self) -> str:
        """Unit without 万/亿/千 and approximation words: "万元" -> "元", "万多人次" -> "人次"."""
        unit = self.unit.lstrip("余多")
        return split_scale(unit)[1].lstrip("余多") or unit

    def display(self) -> str:
        """The figure as the article prints it ("40多万元", "6万多人次"), read back from the quote.

        value/unit/qualifier alone cannot say where 多 stood, so the quote decides; without a
        matching span the qualifier goes before the scale.
        """
        printed = self._printed_in_quote()
        if printed:
            return printed
        v = int(self.value) if float(self.value).is_integer() else self.value
        pre = self.qualifier if self.qualifier not in ("余", "多") else ""
        post = self.qualifier if self.qualifier in ("余", "多") else ""
        return f"{pre}{v}{post}{self.unit.lstrip('余多')}"

    def _printed_in_quote(self) -> str:
        import re

        from summarizer.quantities import find_quantities, qualifier_of
        from summarizer.text import find_numbers, fold

        q = fold(self.quote)
        unit = re.escape(fold(self.base_unit))
        for n in find_numbers(q):
            if n.value != self.scaled_value and n.number != self.value:
                continue
            tail = re.match(rf"(?:余|多)?{unit}", q[n.end :]) if unit else None
            if unit and not tail:
                continue
            printed = qualifier_of(q, n.start)  # word level: none in 签约12家
            lead = printed if printed and q[: n.start].endswith(printed) else ""
            return lead + q[n.start : n.end] + (tail.group(0) if tail else "")
        for quantity in find_quantities(q):  # Chinese numerals: 五分之二, 半个月, 三万余人
            if quantity.chinese and quantity.value == self.scaled_value and quantity.unit == self.unit:
                return quantity.span
        return ""


class ArticleSummary(BaseModel):
    """What the summarize task returns for one article (both engines)."""

    model_config = ConfigDict(extra="forbid")

    summary: str = Field(max_length=150, description="one to three sentences, at most 150 characters")
    key_points: list[str] = Field(min_length=1, max_length=5)
    key_figures: list[KeyFigure] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    organisations: list[str] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)
    topic: str = ""


class Usage(BaseModel):
    """Tokens one or more model calls cost, as the endpoint reported them (zeros when it did not)."""

    model_config = ConfigDict(extra="ignore")

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )


# What every surface (CLI, JSON, UI) says when the corpus does not answer a question: one spelling.
NOT_FOUND = "语料中未找到答案（not found in the corpus）"


class Citation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    page: str
    article_index: int
    title: str
    quote: str


class Answer(BaseModel):
    """What the answer task returns (both engines)."""

    model_config = ConfigDict(extra="forbid")

    answer: str
    answerable: bool
    citations: list[Citation] = Field(default_factory=list)


class Passage(BaseModel):
    """A retrieved article handed to an engine's answer(): the article plus its best sentences."""

    page: str
    article_index: int
    title: str
    text: str
    sentences: list[str] = Field(default_factory=list)
    score: float = 0.0
    date: str = ""  # the article's publication date, when its corpus gives one (re-ranking reads it)
    byline: str = ""  # who signed the article (reporters, a commentary's author): evidence reads it
