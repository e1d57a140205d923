"""PDF pages in: characters, layout and articles read back from PDFs typeset in the test (reportlab).

The gold is what the generator printed (evals/pdfgen.py: the seed gold's fields, the tune news
items' fields), never what the reader returns. Held-apart items are not used here.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from summarizer.evals.metrics import FIELDS, segmentation_scores
from summarizer.evals.pdfgen import Story, dataset_pages, load_items, stories_from_items, typeset

from summarizer.cli import main
from summarizer.errors import InputError
from summarizer.qa.corpus import load_corpus
from summarizer.schemas import SegmentedPage
from summarizer.segment import segment_bytes, segment_file
from summarizer.segment.pages import check_page_bytes, iter_page_files
from summarizer.segment.pdf import is_pdf, read_pdf
from summarizer.text import fold, squash
from tests.conftest import SEED_GOLD, SEGMENT_CONTRACT_KEYS

FONT = "STSong-Light"


def _canvas(buf: io.BytesIO, size: tuple[float, float] = (600.0, 800.0), **kw: Any) -> Any:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas.Canvas(buf, pagesize=size, invariant=1, **kw)


def _scores(pages: list[dict[str, Any]], read: list[SegmentedPage]) -> list[dict[str, Any]]:
    by_name = {p.name: p for p in read}
    return [
        segmentation_scores(
            by_name[g["name"]].text, g["articles"], [a.segment_record() for a in by_name[g["name"]].articles]
        )
        for g in pages
    ]


def _pooled(scores: list[dict[str, Any]], key: str) -> float:
    n = sum(s["articles_gold"] for s in scores)
    return sum(s[key] * s["articles_gold"] for s in scores) / n


@pytest.fixture(scope="module")
def seed_pdf() -> list[dict[str, Any]]:
    spec = json.loads((SEED_GOLD.parent / "pdf_seed.v1.json").read_text(encoding="utf-8"))["pdf"]
    return dataset_pages(spec)


@pytest.fixture(scope="module")
def tune_pdf() -> list[dict[str, Any]]:
    spec = json.loads((SEED_GOLD.parent / "pdf_news_tune.v1.json").read_text(encoding="utf-8"))["pdf"]
    return dataset_pages(spec)


@pytest.fixture(scope="module")
def tune_read(tune_pdf: list[dict[str, Any]]) -> list[SegmentedPage]:
    return segment_bytes(tune_pdf[0]["pdf"], tune_pdf[0]["pdf_file"])


# ------------------------------------------------------------------------------------------------
# The bars of the issue


def test_the_seed_page_typeset_as_a_pdf_comes_back_13_of_13_on_every_field(
    seed_pdf: list[dict[str, Any]], gold: dict
) -> None:
    assert sum(len(p["articles"]) for p in seed_pdf) == len(gold["articles"]) == 13
    read = segment_bytes(seed_pdf[0]["pdf"], seed_pdf[0]["pdf_file"])
    scores = _scores(seed_pdf, read)
    for s in scores:
        assert s["articles_pred"] == s["articles_gold"]
        assert s["boundary_f1"] == 1.0 and s["first_last_ok"] == 1.0
        for f in FIELDS:
            assert s[f"{f}_exact"] == 1.0, (f, [d for d in s["details"] if f in d["wrong_fields"]])
    # and the gold is the seed gold: its titles, bylines and credits, in some order
    printed = {(a["title"], a["byline"], a["credit"], a["kind"]) for p in seed_pdf for a in p["articles"]}
    assert printed == {(a["title"], a["byline"], a["credit"], a["kind"]) for a in gold["articles"]}


def test_tune_broadsheets_meet_the_bars(
    tune_pdf: list[dict[str, Any]], tune_read: list[SegmentedPage]
) -> None:
    assert len(tune_read) == len(tune_pdf) >= 4
    scores = _scores(tune_pdf, tune_read)
    assert _pooled(scores, "boundary_f1") >= 0.99
    assert _pooled(scores, "title_exact") >= 0.97
    for f in ("byline", "credit", "kind"):
        assert _pooled(scores, f"{f}_exact") >= 0.97, f
    # the material is varied: photo news, kickers, subtitles, own-line and inline bylines, credits
    arts = [a for p in tune_pdf for a in p["articles"]]
    assert sum(a["kind"] == "photo" for a in arts) >= 5
    assert sum(bool(a["kicker"]) for a in arts) >= 5 and sum(bool(a["subtitle"]) for a in arts) >= 5
    assert sum(a["byline"].startswith("本报讯") for a in arts) >= 5
    assert sum(bool(a["byline"]) and "电" not in a["byline"] and "讯" not in a["byline"] for a in arts) >= 5
    assert sum(a["credit"].startswith("（") for a in arts) >= 2


def test_other_papers_conventions_meet_the_bars_too() -> None:
    """Ragged right, small kickers, flush-left headlines, centred bylines, credits under the picture,
    column rules, overprinted titles, no rules around header and footer (pdfgen's variant style)."""
    spec = json.loads((SEED_GOLD.parent / "pdf_news_variants.v1.json").read_text(encoding="utf-8"))["pdf"]
    pages = dataset_pages(spec)
    read = segment_bytes(pages[0]["pdf"], pages[0]["pdf_file"])
    scores = _scores(pages, read)
    assert _pooled(scores, "boundary_f1") >= 0.99
    for f in ("title", "kicker", "subtitle", "byline", "credit", "kind"):
        assert _pooled(scores, f"{f}_exact") >= 0.97, f
    for gold_page, page in zip(pages, read, strict=True):
        assert [squash(t) for t in page.meta.footer] == [squash(t) for t in gold_page["footer"]]


def test_page_furniture_is_kept_apart_as_page_metadata(
    tune_pdf: list[dict[str, Any]], tune_read: list[SegmentedPage]
) -> None:
    for gold_page, page in zip(tune_pdf, tune_read, strict=True):
        assert [squash(t) for t in page.meta.header] == [squash(t) for t in gold_page["header"]]
        assert [squash(t) for t in page.meta.footer] == [squash(t) for t in gold_page["footer"]]
        titles = {a.title for a in page.articles}
        assert not titles & {*page.meta.header, *page.meta.footer}
        assert all("版" not in a.title[:1] for a in page.articles)


def test_offsets_index_the_rebuilt_page_text(tune_read: list[SegmentedPage]) -> None:
    for page in tune_read:
        for a in page.articles:
            span = page.text[a.start : a.end]
            assert span.startswith((a.kicker or a.title)[:4])
            assert fold(a.text) in fold(span)
        starts = [a.start for a in page.articles]
        assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_a_multi_page_pdf_is_several_pages_with_numbers_and_boxes(
    tune_pdf: list[dict[str, Any]], tune_read: list[SegmentedPage]
) -> None:
    assert [p.name for p in tune_read] == [
        f"{tune_pdf[0]['pdf_file']}:{i}" for i in range(1, len(tune_read) + 1)
    ]
    sizes = {p.number: (p.width, p.height) for p in read_pdf(tune_pdf[0]["pdf"], "x.pdf")}
    for n, page in enumerate(tune_read, 1):
        w, h = sizes[n]
        for a in page.articles:
            assert a.page == page.name and a.pdf_page == n
            assert a.bbox is not None
            x0, top, x1, bottom = a.bbox
            assert 0 <= x0 < x1 <= w and 0 <= top < bottom <= h


# ------------------------------------------------------------------------------------------------
# Reading: layout facts


def _two_column_page(left_title: str, right_title: str) -> bytes:
    """Two one-column articles side by side, titles on one baseline, each over its own column."""
    buf = io.BytesIO()
    c = _canvas(buf)
    body = "这是一段用来检验分栏的正文文字，它足够长，可以排满好几行，每一行都排满整个栏宽。" * 5
    for x, title in ((40.0, left_title), (310.0, right_title)):
        c.setFont(FONT, 20)
        c.drawString(x, 700, title)
        c.setFont(FONT, 10)
        c.drawString(x + 20, 670, body[:22])  # a two-em indent, the same right edge
        for i in range(1, 8):
            c.drawString(x, 670 - 15 * i, body[22 + (i - 1) * 24 : 22 + i * 24])
    c.save()
    return buf.getvalue()


def test_headlines_side_by_side_stay_apart_and_columns_read_down() -> None:
    page = segment_bytes(_two_column_page("左栏标题文字", "右栏标题文字"), "two.pdf")[0]
    assert [a.title for a in page.articles] == ["左栏标题文字", "右栏标题文字"]
    for a in page.articles:
        assert a.text.startswith("这是一段用来检验分栏的正文文字")
        assert len(a.text) == 190  # 22 + 7 x 24 characters, none taken from the other column
        assert len(a.paragraphs) == 1


def test_kicker_title_subtitle_by_size() -> None:
    buf = io.BytesIO()
    c = _canvas(buf)
    for size, y, text in (
        (12, 740, "引题文字在主题之上——"),
        (22, 712, "主题最大"),
        (14, 688, "副题在主题之下"),
    ):
        c.setFont(FONT, size)
        c.drawString(40, y, text)
    c.setFont(FONT, 10)
    c.drawString(60, 660, "本报讯（记者 王小明）正文第一句话在这里。")
    c.drawString(40, 645, "正文第二行写完了。")
    c.save()
    a = segment_bytes(buf.getvalue(), "k.pdf")[0].articles[0]
    assert (a.kicker, a.title, a.subtitle) == ("引题文字在主题之上——", "主题最大", "副题在主题之下")
    assert squash(a.byline) == "本报讯（记者王小明）"
    assert a.paragraphs == ["正文第一句话在这里。正文第二行写完了。"]


def test_furniture_without_rules_or_gaps_is_found_by_its_words_and_a_big_byline_stays_a_byline() -> None:
    buf = io.BytesIO()
    c = _canvas(buf, (600.0, 400.0))
    c.setFont(FONT, 12)
    c.drawString(40, 390, "第2版")
    c.drawString(420, 390, "2024年3月5日 星期二")
    c.setFont(FONT, 20)
    c.drawString(40, 366, "标题紧贴版头")  # half an em under the header: no clear gap, no rule
    c.setFont(FONT, 12)  # the byline set as large as a kicker
    c.drawString(40, 336, "本报记者 王小明")
    c.setFont(FONT, 10)
    for i in range(20):
        text = "正文一行写满整个栏宽的文字，" * 2 if i < 19 else "最后一行结束。"
        c.drawString(40 + (20 if i == 0 else 0), 316 - 14 * i, text[:26] if i == 0 else text)
    c.drawString(40, 36, "本版编辑：李四 校对：王五")  # four points under the last body line
    c.save()
    page = segment_bytes(buf.getvalue(), "w.pdf")[0]
    assert page.meta.header == ["第2版", "2024年3月5日 星期二"]
    assert page.meta.footer == ["本版编辑：李四 校对：王五"]
    [a] = page.articles
    assert (a.title, a.byline, a.subtitle) == ("标题紧贴版头", "本报记者 王小明", "")
    assert a.text.endswith("最后一行结束。")


def test_a_page_with_one_type_size_is_segmented_as_a_text_page(seed_text: str, gold: dict) -> None:
    """The seed's extracted lines printed as one column in one size: no size tells a headline, so
    the text-page rules decide, and the seed gold comes back."""
    lines = [ln for ln in seed_text.splitlines() if ln.strip()]
    buf = io.BytesIO()
    c = _canvas(buf, (420.0, 14.0 * len(lines) + 80))
    c.setFont(FONT, 10)
    for i, ln in enumerate(lines):
        c.drawString(30, 14.0 * len(lines) + 40 - 14 * i, ln)
    c.save()
    page = segment_bytes(buf.getvalue(), "flat.pdf")[0]
    s = segmentation_scores(page.text, gold["articles"], [a.segment_record() for a in page.articles])
    assert s["articles_pred"] == 13 and s["fields_exact"] == 1.0 and s["boundary_f1"] == 1.0
    assert {a.pdf_page for a in page.articles} == {1}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.text(alphabet="abcdefgh0123", min_size=1, max_size=6),
    picks=st.lists(st.integers(min_value=0, max_value=51), min_size=3, max_size=12, unique=True),
)
@example(seed="001a", picks=[31, 0, 1])  # an author line alone above a column (found by hypothesis)
@pytest.mark.slow
def test_any_layout_of_any_stories_gives_back_their_titles_and_bylines(seed: str, picks: list[int]) -> None:
    items = load_items("news.tune")
    stories = [stories_from_items(items)[i % len(items)] for i in picks]
    data, pages = typeset(stories, f"prop-{seed}")
    read = segment_bytes(data, "prop.pdf")
    assert len(read) == len(pages)
    for page, sp in zip(pages, read, strict=True):
        got = sorted((squash(a.title), squash(a.byline), squash(a.credit), a.kind) for a in sp.articles)
        want = sorted((squash(s.title), squash(s.byline), squash(s.credit), s.kind) for s in page.stories)
        assert got == want


def test_the_same_call_typesets_the_same_bytes() -> None:
    stories = stories_from_items(load_items("news.tune")[:6])
    assert typeset(stories, "same")[0] == typeset(stories, "same")[0]
    assert typeset(stories, "same")[0] != typeset(stories, "other")[0]


# ------------------------------------------------------------------------------------------------
# Bad PDFs: one line, never a traceback; other files go on


def _encrypted() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    buf = io.BytesIO()
    c = _canvas(buf, encrypt=StandardEncryption("user-secret", ownerPassword="owner"))
    c.setFont(FONT, 12)
    c.drawString(50, 700, "加密的版面")
    c.save()
    return buf.getvalue()


def _scan() -> bytes:
    buf = io.BytesIO()
    c = _canvas(buf)
    c.setFillGray(0.5)
    c.rect(40, 40, 500, 700, stroke=0, fill=1)  # a picture of a page: no text layer
    c.save()
    return buf.getvalue()


def test_encrypted_scanned_and_damaged_pdfs_are_one_line_errors() -> None:
    with pytest.raises(InputError, match=r"^enc\.pdf: encrypted PDF") as e1:
        segment_bytes(_encrypted(), "enc.pdf")
    with pytest.raises(InputError, match=r"^scan\.pdf: no text layer: run OCR first") as e2:
        segment_bytes(_scan(), "scan.pdf")
    with pytest.raises(InputError, match=r"^bad\.pdf: not a readable PDF") as e3:
        segment_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n" + bytes(range(256)), "bad.pdf")
    for e in (e1, e2, e3):
        assert "\n" not in str(e.value)


def test_a_pdf_whose_owner_password_only_restricts_printing_is_read() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    buf = io.BytesIO()
    c = _canvas(buf, encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0))
    c.setFont(FONT, 20)
    c.drawString(40, 700, "可以阅读的标题")
    c.setFont(FONT, 10)
    c.drawString(40, 670, "正文只有一句话。")
    c.save()
    assert [a.title for a in segment_bytes(buf.getvalue(), "ok.pdf")[0].articles] == ["可以阅读的标题"]


def test_cli_segment_reads_pdfs_and_goes_on_after_a_bad_one(
    tmp_path: Path, seed_pdf: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a_scan.pdf").write_bytes(_scan())
    (tmp_path / "b_seed.pdf").write_bytes(seed_pdf[0]["pdf"])
    (tmp_path / "c_locked.pdf").write_bytes(_encrypted())
    assert main(["segment", str(tmp_path), "--json"]) == 1
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 13 and {r["page"] for r in records} == {"b_seed.pdf:1"}
    assert all(set(r) == SEGMENT_CONTRACT_KEYS for r in records)
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "no text layer: run OCR first" in lines[0] and "encrypted PDF" in lines[1]
    assert "Traceback" not in err


def test_pdf_is_a_page_suffix_and_recognised_by_its_bytes(tmp_path: Path) -> None:
    (tmp_path / "p.pdf").write_bytes(_scan())
    (tmp_path / "q.txt").write_text("x", encoding="utf-8")
    (tmp_path / "r.png").write_bytes(b"\x89PNG")
    assert [p.name for p in iter_page_files([tmp_path])] == ["p.pdf", "q.txt"]
    assert is_pdf(b"%PDF-1.4\n") and is_pdf(b"\n\n junk %PDF-1.4") and not is_pdf(b"PDF page")
    check_page_bytes(_scan(), "p.pdf")  # a PDF passes the upload check on its header
    with pytest.raises(InputError, match="binary"):
        check_page_bytes(bytes(range(256)) * 4, "x.txt")


def test_corpus_and_summarize_take_pdfs(
    tmp_path: Path, seed_pdf: list[dict[str, Any]], seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "seed.pdf").write_bytes(seed_pdf[0]["pdf"])
    (folder / "scan.pdf").write_bytes(_scan())
    (folder / "seed.txt").write_bytes(seed_path.read_bytes())
    corpus = load_corpus([folder])
    assert len(corpus.errors) == 1 and "scan.pdf: no text layer" in corpus.errors[0]
    assert {a.page for a in corpus} == {"seed.pdf:1", "seed.txt"} and len(corpus) == 26
    out = tmp_path / "out"
    assert main(["summarize", str(folder / "seed.pdf"), "--out", str(out), "--engine", "offline"]) == 0
    rows = [json.loads(line) for line in (out / "summaries.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 13 and {r["page"] for r in rows} == {"seed.pdf:1"}


def test_segment_file_serves_a_pdf_from_the_cache(tmp_path: Path, seed_pdf: list[dict[str, Any]]) -> None:
    from summarizer.config import Settings
    from summarizer.llm.cache import ResultCache

    path = tmp_path / "s.pdf"
    path.write_bytes(seed_pdf[0]["pdf"])
    cache = ResultCache(Settings(cache_dir=tmp_path / "cache"))
    first = segment_file(path, cache=cache)
    assert segment_file(path, cache=cache) == first == segment_file(path)
    assert [a.title for a in first[0].articles] != []


def test_ui_upload_takes_a_pdf(tmp_path: Path, seed_pdf: list[dict[str, Any]]) -> None:
    from summarizer.ui import handlers

    from summarizer.config import Settings
    from summarizer.service import Service

    svc = Service(
        Settings(cache_dir=tmp_path / "cache", engine="offline"), corpus_paths=[], state_dir=tmp_path
    )
    path = tmp_path / "upload.pdf"
    path.write_bytes(seed_pdf[0]["pdf"])
    limits = handlers.Limits(max_upload_bytes=len(seed_pdf[0]["pdf"]) + 1)
    result = handlers.upload_page(svc, path, limits)
    assert len(result.articles) == 13 and "13" in result.message
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_scan())
    with pytest.raises(InputError, match="no text layer"):
        handlers.upload_page(svc, scan, limits)
    assert not (tmp_path / "uploads" / "scan.pdf").exists()


def test_story_gold_is_what_is_printed() -> None:
    s = Story("x", "标题", ["第一段正文内容。", "第二段结尾。"], byline="本报记者 张三")
    g = s.gold()
    assert (
        g["first_chars"] == "第一段正文内容。"
        and g["last_chars"] == "第二段结尾。"
        and g["byline"] == "本报记者 张三"
    )
