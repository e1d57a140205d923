"""Typeset news stories as broadsheet PDF pages with known gold: the eval and test material for PDF input.

Why: a PDF reader is only as good as the layouts it has been tried on, and real e-paper PDFs come
without gold. This generator lays stories out the way a Chinese broadsheet does — four columns,
headlines of 16–24 pt over one to three columns, kickers (引题) and subtitles (副题) smaller than the
title, body text around 9.5 pt justified with a two-em paragraph indent, bylines of many forms,
credits, photo boxes with captions and photo credits, a running header (paper, 版次, date) and a
footer (本版编辑 …) — with reportlab's built-in CID font STSong-Light (no font file; its text extracts
as Unicode). Every choice comes from a random.Random seeded by a string, and reportlab runs in its
invariant mode, so the same call gives the same bytes.

`stories_from_items` turns eval news items (evals/items/news.*.json) into stories, composing the
printed byline and credit from their reporter/correspondent/photographer fields; `seed_stories`
gives the seed page's 13 articles. `typeset` lays stories on as many pages as they need and returns
the PDF with the stories of each page (their gold, in placement order).

    python -m summarizer.evals.pdfgen news.tune OUT.pdf     # a PDF of the tune items, to look at
"""

from __future__ import annotations

import io
import json
import math
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.text import quantity_key

ROOT = Path(__file__).resolve().parent.parent
ITEMS = Path(__file__).resolve().parent / "items"
FONT = "STSong-Light"
COLUMNS = 4
LOOKAHEAD = 8  # stories tried after one that does not fit, before the page is closed
NO_LINE_START = "，。、；：？！”’）》」』,.;:?!)%"
NO_LINE_END = "“‘（《「『("
_ATOM_RE = re.compile(r"[A-Za-z0-9.%+\-·]+|——|……|.", re.S)
PAPERS = ("职工周报", "劳动者日报", "城乡工人报", "产业工人周刊")  # invented mastheads
EDITORS = ("宋佳", "韩冬梅", "吕志强", "蒋婷", "孟凡宇", "郑秋", "罗晓光", "邱敏")
SECTIONS = ("综合新闻", "工会工作", "地方新闻", "职工生活", "劳动保障")
WEEKDAYS = "一二三四五六日"


@dataclass
class Story:
    """One article to typeset and its gold: what is printed where."""

    id: str
    title: str
    paragraphs: list[str]
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    byline_inline: bool = False  # "本报讯（记者 …）" opens the first paragraph; else a line of its own
    credit: str = ""
    credit_inline: bool = False  # after the last sentence; else a line of its own, set right
    kind: str = "news"
    figures: list[dict[str, Any]] = field(default_factory=list)

    def gold(self) -> dict[str, Any]:
        """The seed-gold record: fields, and the body's first and last characters."""
        return {
            "id": self.id,
            "title": self.title,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "credit": self.credit,
            "kind": self.kind,
            "first_chars": self.paragraphs[0][:16],
            "last_chars": self.paragraphs[-1][-16:],
        }


# ------------------------------------------------------------------------------------------------
# Stories


def _names(names: list[str], rng: random.Random) -> str:
    return rng.choice((" ", "　", "、")).join(names) if len(names) > 1 else "".join(names)


def _dateline(item: dict[str, Any], agency: str) -> str:
    _, m, d = (int(x) for x in item.get("date", "2024-01-01").split("-"))
    return f"{agency}{item.get('place', '')}{m}月{d}日电"


def _byline(item: dict[str, Any], rng: random.Random) -> tuple[str, bool, str, bool]:
    """(byline, inline?, credit, inline?) in one of the forms papers print them."""
    rep, cor, intern = item.get("reporters", []), item.get("correspondents", []), item.get("interns", [])
    if item.get("kind") == "photo":
        shooters = item.get("photographers") or rep or ["佚名"]
        role = rng.choice(("本报记者 ", "本报通讯员 ", "", "本报记者", ""))
        return "", False, f"{role}{_names(shooters, rng)} 摄", rng.random() < 0.5
    if item.get("author"):
        mark = rng.choice(("□", "■ ", "◎", "文/", "本报评论员 "))
        return f"{mark}{item['author']}", False, "", False
    sp = rng.choice(("", " "))
    parts = []
    if rep:
        parts.append(f"记者{sp}{_names(rep, rng)}")
    if cor:
        parts.append(f"通讯员{sp}{_names(cor, rng)}")
    if intern:
        parts.append(f"实习生{sp}{_names(intern, rng)}")
    if not rep and cor and not intern and rng.random() < 0.6:
        return "", False, f"（{_names(cor, rng)}）", rng.random() < 0.6
    if not parts:
        return "", False, "", False
    inner = " ".join(parts)
    form = rng.random()
    if intern or form < 0.4:
        return f"本报讯{rng.choice(('', ' '))}（{inner}）", True, "", False
    if form < 0.55 and rep:
        agency = rng.choice(("本报", "新华社")) if not cor else "本报"
        return f"{_dateline(item, agency)}{rng.choice(('', ' '))}（{inner}）", True, "", False
    line = []
    if rep:
        line.append(f"本报记者 {_names(rep, rng)}")
    if cor:
        line.append(f"{rng.choice(('本报通讯员', '通讯员'))} {_names(cor, rng)}")
    return " ".join(line), False, "", False


def stories_from_items(items: list[dict[str, Any]]) -> list[Story]:
    """Stories for eval news items; byline and credit forms drawn per item (seeded by its id)."""
    out = []
    for item in items:
        rng = random.Random(f"pdf-byline-{item['id']}")
        byline, b_inline, credit, c_inline = _byline(item, rng)
        out.append(
            Story(
                id=item["id"],
                title=item["title"],
                paragraphs=list(item["paragraphs"]),
                kicker=item.get("kicker", ""),
                subtitle=item.get("subtitle", ""),
                byline=byline,
                byline_inline=b_inline,
                credit=credit,
                credit_inline=c_inline,
                kind=item.get("kind", "news"),
                # the figures the eval can score (quantity_key reads them; "几百米" it cannot)
                figures=[
                    {**f, "article": item["id"]} for f in item.get("figures", []) if quantity_key(f["text"])
                ],
            )
        )
    return out


def load_items(name: str) -> list[dict[str, Any]]:
    """Items of evals/items/<name>.json ("news.tune"), or of a path."""
    path = Path(name) if name.endswith(".json") else ITEMS / f"{name}.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return list(raw["items"] if isinstance(raw, dict) else raw)


def seed_stories() -> list[Story]:
    """The seed page's 13 articles (gold fields; bodies cut from the seed page by the gold's first and
    last characters, re-joined into paragraphs as evals/relay.py does)."""
    from summarizer.evals.metrics import gold_spans
    from summarizer.evals.relay import SEED_GOLD, paragraphs, raw_span

    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    seed = (ROOT / "seeds" / gold["page"]).read_text(encoding="utf-8")
    out = []
    for a, span in zip(gold["articles"], gold_spans(seed, gold["articles"]), strict=True):
        if span is None:
            raise ValueError(f"seed gold article {a['id']} not found on the seed page")
        paras = [re.sub(r"\s+", "", p) for p in paragraphs(raw_span(seed, span))]
        paras[0] = a["first_chars"] + paras[0][len(a["first_chars"]) :]
        out.append(
            Story(
                id=a["id"],
                title=a["title"],
                paragraphs=paras,
                kicker=a["kicker"],
                subtitle=a["subtitle"],
                byline=a["byline"],
                byline_inline=a["byline"].startswith("本报讯"),
                credit=a["credit"],
                credit_inline=a["id"] in ("a02", "a04"),
                kind=a["kind"],
                figures=[f for f in gold["figures"] if f["article"] == a["id"]],
            )
        )
    return out


# ------------------------------------------------------------------------------------------------
# Typesetting


@dataclass
class Style:
    """One page's typography, drawn from the page's seed."""

    width: float
    height: float
    margin: float
    gutter: float
    body: float
    leading: float
    header_rule: bool
    paper: str
    section: str
    # The variant conventions (other papers' habits); the defaults are the main style's.
    justify: bool = True  # body lines stretched to the measure (else ragged right)
    indent_em: float = 2.0  # a paragraph's first-line indent
    kicker_ratio: tuple[float, float] = (1.2, 1.35)  # kicker and subtitle size / body size
    subtitle_ratio: tuple[float, float] = (1.25, 1.45)
    photo_title_ratio: tuple[float, float] = (1.3, 1.6)
    center: float = 0.6  # share of headlines set centred (else flush left)
    byline_center: bool = False  # an own-line byline centred over the block
    credit_under_photo: float = 0.0  # share of photo credits set right under the picture
    column_rules: bool = False  # thin vertical rules in the gutters
    fake_bold: float = 0.0  # share of titles printed twice, a hair apart (how some PDFs embolden)
    footer_rule: bool = True

    @property
    def col(self) -> float:
        return (self.width - 2 * self.margin - (COLUMNS - 1) * self.gutter) / COLUMNS

    def span_width(self, k: int) -> float:
        return k * self.col + (k - 1) * self.gutter

    def col_x(self, c: int) -> float:
        return self.margin + c * (self.col + self.gutter)


def page_style(rng: random.Random, height: float = 1300.0, variant: bool = False) -> Style:
    body = rng.choice((9.0, 9.5, 9.5, 10.0))
    style = Style(
        width=rng.choice((900.0, 920.0, 960.0)),
        height=height,
        margin=rng.uniform(34, 46),
        gutter=rng.uniform(11, 16),
        body=body,
        leading=body * rng.uniform(1.4, 1.6),
        header_rule=rng.random() < 0.75,
        paper=rng.choice(PAPERS),
        section=rng.choice(SECTIONS),
    )
    if variant:
        v = random.Random(rng.random())
        style.justify = False
        style.indent_em = v.choice((0.0, 1.0, 2.0))
        style.kicker_ratio = (1.12, 1.2)
        style.subtitle_ratio = (1.12, 1.25)
        style.photo_title_ratio = (1.15, 1.3)
        style.center = 0.3
        style.byline_center = True
        style.credit_under_photo = 0.5
        style.column_rules = True
        style.fake_bold = 0.5
        style.header_rule = v.random() < 0.3
        style.footer_rule = False
        style.gutter = v.uniform(9, 11)
        style.body = v.choice((9.5, 10.0, 10.5))
        style.leading = style.body * v.uniform(1.3, 1.5)
    return style


def _w(s: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(s, FONT, size))


@dataclass
class _Line:
    text: str
    width: float  # natural width
    justify: bool  # stretch to the measure (every line of a paragraph but its last)
    indent: float = 0.0
    align: str = "left"  # left | right | center


def wrap(text: str, measure: float, size: float, indent: float = 0.0) -> list[_Line]:
    """Greedy CJK line breaking: any character may end a line except an opening mark; a closing mark
    never starts one (it stays on the line before, which is then set a little tight); numbers and
    Latin words, "——" and "……" are never broken."""
    atoms = _ATOM_RE.findall(text)
    lines: list[_Line] = []
    cur: list[str] = []
    cur_w = 0.0
    first = True
    for atom in atoms:
        aw = _w(atom, size)
        room = measure - (indent if first else 0.0)
        if cur and cur_w + aw > room + 0.01 and atom[0] not in NO_LINE_START:
            carry: list[str] = []
            while cur and cur[-1][-1] in NO_LINE_END:
                carry.insert(0, cur.pop())
            line = "".join(cur)
            lines.append(_Line(line, _w(line, size), True, indent if first else 0.0))
            first = False
            cur = carry
            cur_w = _w("".join(cur), size)
        cur.append(atom)
        cur_w += aw
    if cur:
        line = "".join(cur)
        lines.append(_Line(line, _w(line, size), False, indent if first else 0.0))
    return lines


@dataclass
class _Op:
    """One thing to draw: text (x, y = baseline) or a box (x, y = top-left, w, h)."""

    kind: str  # text | box | rule
    x: float
    y: float
    size: float = 0.0
    text: str = ""
    char_space: float = 0.0
    w: float = 0.0
    h: float = 0.0


def _set_line(
    ops: list[_Op], ln: _Line, x: float, top: float, measure: float, size: float, justify: bool = True
) -> None:
    n = len(ln.text)
    room = measure - ln.indent
    squeeze = ln.width > room  # a closing mark kept on a full line: set it a little tight
    cs = (room - ln.width) / (n - 1) if (ln.justify or squeeze) and n > 1 else 0.0
    if not justify and not squeeze:
        cs = 0.0
    if ln.align == "right":
        x += measure - ln.width
    elif ln.align == "center":
        x += (measure - ln.width) / 2
    ops.append(_Op("text", x + ln.indent, top + 0.88 * size, size, ln.text, cs))


def _body_lines(story: Story, measure: float, style: Style, photo: bool, credit: bool = True) -> list[_Line]:
    size = style.body
    paras = list(story.paragraphs)
    out: list[_Line] = []
    if story.byline and story.byline_inline:
        paras[0] = story.byline + paras[0]
    elif story.byline:
        align = "center" if style.byline_center else "left"
        out += [_Line(ln.text, ln.width, False, align=align) for ln in wrap(story.byline, measure, size)]
    if story.credit and story.credit_inline and credit:
        paras[-1] = paras[-1] + " " + story.credit
    for p in paras:
        out += wrap(p, measure, size, indent=style.indent_em * size)
    if story.credit and not story.credit_inline and credit:
        for ln in wrap(story.credit, measure, size):
            out.append(_Line(ln.text, ln.width, False, align="right"))
    return out


def _headline_ops(
    story: Story, width: float, style: Style, rng: random.Random, span: int
) -> tuple[list[_Op], float]:
    """Kicker, title and subtitle set over `width`; their ops (relative to the block's top) and height."""
    ops: list[_Op] = []
    y = 0.0
    center = rng.random() < style.center
    photo = story.kind == "photo"
    if photo:
        t_size = style.body * rng.uniform(*style.photo_title_ratio)
    else:
        low, high = (16.0, 20.0) if span == 1 else (19.0, 24.0)
        t_size = rng.uniform(low, high)
    spaced = not photo and len(story.title) <= 8 and rng.random() < 0.5

    def put(text: str, size: float, letter: float = 0.0, bold: bool = False) -> None:
        nonlocal y
        for ln in wrap(text, width - letter * len(text), size):
            n = max(1, len(ln.text) - 1)
            cs = letter if ln.width + letter * n <= width else (width - ln.width) / n  # never past the block
            w = ln.width + cs * n
            x = (width - w) / 2 if center else 0.0
            ops.append(_Op("text", x, y + 0.88 * size, size, ln.text, cs))
            if bold:
                ops.append(_Op("text", x + 0.35, y + 0.88 * size, size, ln.text, cs))
            y += size * 1.25

    if story.kicker:
        put(story.kicker, style.body * rng.uniform(*style.kicker_ratio))
        y += 2
    bold = rng.random() < style.fake_bold
    put(story.title, t_size, t_size * rng.uniform(0.15, 0.35) if spaced else 0.0, bold)
    if story.subtitle:
        y += 2
        put(story.subtitle, style.body * rng.uniform(*style.subtitle_ratio))
    return ops, y + style.body * rng.uniform(0.6, 1.2)


@dataclass
class _Block:
    ops: list[_Op]
    col_heights: list[float]  # height used in each of its columns (relative to the block's top)


def _block(story: Story, span: int, style: Style, rng: random.Random) -> _Block:
    width = style.span_width(span)
    ops: list[_Op] = []
    if story.kind == "photo":
        photo_h = width * rng.uniform(0.45, 0.65)
        head, head_h = _headline_ops(story, width, style, rng, span)
        title_first = rng.random() < 0.5
        y = 0.0
        if title_first:
            ops += head
            y = head_h
        ops.append(_Op("box", 0.0, y, w=width, h=photo_h))
        y += photo_h + style.body * 0.6
        under = bool(story.credit) and rng.random() < style.credit_under_photo
        if under:  # the credit right under the picture, set right, before the caption
            _set_line(
                ops,
                _Line(story.credit, _w(story.credit, style.body), False, align="right"),
                0.0,
                y,
                width,
                style.body,
            )
            y += style.leading
        if not title_first:
            for op in head:
                ops.append(_Op(op.kind, op.x, op.y + y, op.size, op.text, op.char_space))
            y += head_h
        for ln in _body_lines(story, width, style, photo=True, credit=not under):
            _set_line(ops, ln, 0.0, y, width, style.body, style.justify)
            y += style.leading
        return _Block(ops, [y] * span)
    head, head_h = _headline_ops(story, width, style, rng, span)
    ops += head
    lines = _body_lines(story, style.col, style, photo=False)
    per = math.ceil(len(lines) / span)
    heights = []
    for c in range(span):
        part = lines[c * per : (c + 1) * per]
        x = c * (style.col + style.gutter)
        for i, ln in enumerate(part):
            _set_line(ops, ln, x, head_h + i * style.leading, style.col, style.body, style.justify)
        heights.append(head_h + len(part) * style.leading)
    return _Block(ops, heights)


def _span_for(story: Story, style: Style, content_h: float, rng: random.Random) -> int:
    chars = sum(len(p) for p in story.paragraphs)
    per_line = style.col / style.body
    height = chars / per_line * style.leading
    if story.kind == "photo":
        return 2 if rng.random() < 0.4 else 1
    if height > 1.1 * content_h:
        return 3
    if height > 0.4 * content_h:
        return 2 if rng.random() < 0.7 else 3
    if chars > 250 and rng.random() < 0.3:
        return 2
    return 1


@dataclass
class Page:
    """One typeset page: its stories (placement order), header and footer lines as printed."""

    stories: list[Story]
    header: list[str]
    footer: list[str]

    def printed(self) -> str:
        """What the page prints, story by story (the generator's record, not a reading of the PDF)."""
        parts = list(self.header)
        for s in self.stories:
            parts += [t for t in (s.kicker, s.title, s.subtitle, s.byline) if t]
            parts += [*s.paragraphs, s.credit]
        return "\n".join([*parts, *self.footer])


def _furniture(
    style: Style, number: int, date: str, rng: random.Random
) -> tuple[list[_Op], list[str], list[str]]:
    y, m, d = (int(x) for x in date.split("-"))
    ops = [
        _Op("text", style.margin, style.margin + 24, 26.0, style.paper),
    ]
    day = f"{y}年{m}月{d}日 星期{WEEKDAYS[(y * 3 + m * 5 + d) % 7]}"
    edition = f"第{number}版"
    right = style.width - style.margin
    ops.append(_Op("text", right - _w(edition, 14.0), style.margin + 12, 14.0, edition))
    ops.append(_Op("text", right - _w(day, 9.0), style.margin + 26, 9.0, day))
    sec_x = style.margin + _w(style.paper, 26.0) + 30
    ops.append(_Op("text", sec_x, style.margin + 22, 12.0, style.section))
    header = [style.paper, style.section, edition, day]
    if style.header_rule:
        ops.append(_Op("rule", style.margin, style.margin + 34, w=style.width - 2 * style.margin, h=1.0))
    editor, proof = rng.sample(EDITORS, 2)
    foot = f"本版编辑：{editor}  校对：{proof}"
    fy = style.height - style.margin
    if style.footer_rule:
        ops.append(_Op("rule", style.margin, fy - 12, w=style.width - 2 * style.margin, h=0.6))
    ops.append(_Op("text", style.margin, fy, 8.0, foot))
    return ops, header, [foot]


def typeset(
    stories: list[Story],
    seed: str,
    date: str = "2024-06-18",
    first_number: int = 1,
    height: float = 1300.0,
    variant: bool = False,
) -> tuple[bytes, list[Page]]:
    """A multi-page PDF holding the stories (in order, each page filled before the next is begun)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    rng = random.Random(f"pdf-page-{seed}")
    style = page_style(rng, height, variant)
    cv = canvas.Canvas(buf, pagesize=(style.width, style.height), invariant=1, pageCompression=1)
    pages: list[Page] = []
    todo = list(stories)
    number = first_number
    while todo:
        if pages:
            style = page_style(rng, height, variant)
            cv.setPageSize((style.width, style.height))
        fops, header, footer = _furniture(style, number, date, rng)
        ops = list(fops)
        top, bottom = style.margin + 48, style.height - style.margin - 22
        sky = [top] * COLUMNS
        placed: list[Story] = []
        skipped = 0
        while skipped < min(LOOKAHEAD, len(todo)):
            story = todo[skipped]
            first = _span_for(story, style, bottom - top, rng)
            best = None
            for span in dict.fromkeys((first, max(1, first - 1), min(COLUMNS - 1, first + 1))):
                block = _block(story, span, style, random.Random(f"{seed}-{story.id}-{span}"))
                for c in range(COLUMNS - span + 1):
                    base = max(sky[c : c + span])
                    gap = style.body * 2.0 if base > top else 0.0
                    if base + gap + max(block.col_heights) > bottom:
                        continue
                    # The least paper left empty under the block, then the highest place, then the
                    # span the story asked for.
                    waste = sum(base - sky[k] for k in range(c, c + span))
                    key = (round(waste / style.leading), base, span != first)
                    if best is None or key < best[0]:
                        best = (key, c, base, gap, span, block)
            if best is None:
                skipped += 1
                continue
            _, c, base, gap, span, block = best
            y0 = base + gap
            x0 = style.col_x(c)
            if gap and rng.random() < 0.5:
                ops.append(_Op("rule", x0, base + gap / 2, w=style.span_width(span), h=0.5))
            if style.column_rules and c > 0:
                ops.append(_Op("vrule", x0 - style.gutter / 2, y0, w=0.5, h=max(block.col_heights)))
            for op in block.ops:
                ops.append(_Op(op.kind, op.x + x0, op.y + y0, op.size, op.text, op.char_space, op.w, op.h))
            for i in range(span):
                sky[c + i] = y0 + block.col_heights[i]
            placed.append(story)
            todo.pop(skipped)
            skipped = 0
        if not placed:
            raise ValueError(f"story {todo[0].id} does not fit on an empty page")
        _draw(cv, ops, style)
        cv.showPage()
        pages.append(Page(placed, header, footer))
        number += 1
    cv.save()
    return buf.getvalue(), pages


def _draw(cv: Any, ops: list[_Op], style: Style) -> None:
    h = style.height
    for op in ops:
        if op.kind == "text":
            t = cv.beginText(op.x, h - op.y)
            t.setFont(FONT, op.size)
            t.setCharSpace(op.char_space)
            t.textOut(op.text)
            cv.drawText(t)
        elif op.kind == "box":
            cv.setFillGray(0.82)
            cv.rect(op.x, h - op.y - op.h, op.w, op.h, stroke=0, fill=1)
            cv.setFillGray(0.0)
        elif op.kind == "rule":
            cv.setLineWidth(op.h)
            cv.line(op.x, h - op.y, op.x + op.w, h - op.y)
        elif op.kind == "vrule":
            cv.setLineWidth(op.w)
            cv.line(op.x, h - op.y, op.x, h - op.y - op.h)


# ------------------------------------------------------------------------------------------------
# Datasets


def dataset_pages(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Eval pages for a dataset's "pdf" spec {"items": "news.tune" | "seed", "seed": "...", "height":
    page height, "variant": other papers' conventions (see Style)}: one
    multi-page PDF, and per page its name ("<file>:<n>", as the reader names it), number, gold
    articles, figures, header and footer. Every page entry carries the same PDF bytes."""
    source = spec["items"]
    stories = seed_stories() if source == "seed" else stories_from_items(load_items(source))
    data, pages = typeset(
        stories,
        str(spec.get("seed", source)),
        height=float(spec.get("height", 1300.0)),
        variant=bool(spec.get("variant", False)),
    )
    file = f"{source}.pdf"
    return [
        {
            "name": f"{file}:{i}",
            "pdf": data,
            "pdf_file": file,
            "pdf_page": i,
            "articles": [s.gold() for s in page.stories],
            "figures": [f for s in page.stories for f in s.figures],
            "header": page.header,
            "footer": page.footer,
            "printed": page.printed(),
        }
        for i, page in enumerate(pages, 1)
    ]


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit("usage: python -m summarizer.evals.pdfgen news.tune|seed OUT.pdf")
    source, out = argv
    stories = seed_stories() if source == "seed" else stories_from_items(load_items(source))
    data, pages = typeset(stories, source)
    Path(out).write_bytes(data)
    print(f"wrote {out}: {len(pages)} pages, {sum(len(p.stories) for p in pages)} stories")


if __name__ == "__main__":
    main(sys.argv[1:])
