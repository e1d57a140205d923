"""A chart of one article's key figures, drawn with a CJK font so Chinese labels are not boxes.

Why small multiples: an article's figures rarely share a unit (个, 万元, %), so one axis would be
meaningless. Figures are grouped by base unit (after 万/亿 scaling) and each group gets its own panel
of horizontal bars labelled with what is counted and the figure as printed.

Figures are built with matplotlib.figure.Figure (not pyplot): no global state, no GUI backend, and
they are garbage-collected. They are rendered to PNG in memory (gr.Plot base64-encodes them), never
to a file outside the app's own directory.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager
from matplotlib.ticker import FuncFormatter

from summarizer.schemas import KeyFigure

MAX_PANELS = 4
MAX_BARS = 8

_SYSTEM_CJK = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    """A font file with CJK glyphs: mplfonts' bundled Noto Sans CJK SC first, else Debian's fonts-noto-cjk."""
    candidates: list[str] = []
    try:
        from mplfonts.conf import FONT_DIR

        candidates.append(str(Path(FONT_DIR) / "NotoSansCJKsc-Regular.otf"))
    except ImportError:
        pass
    candidates.extend(_SYSTEM_CJK)
    for path in candidates:
        if Path(path).is_file():
            try:
                fontManager.addfont(path)
            except Exception:  # unreadable font file: try the next one
                continue
            return path
    return None


def cjk_font() -> FontProperties:
    path = cjk_font_path()
    return FontProperties(fname=path) if path else FontProperties()


def _as_figure(raw: KeyFigure | Mapping[str, Any]) -> KeyFigure | None:
    if isinstance(raw, KeyFigure):
        return raw
    try:
        return KeyFigure.model_validate({k: raw[k] for k in raw if k in KeyFigure.model_fields})
    except Exception:  # a malformed figure is left out of the chart, not fatal
        return None


def figures_chart(figures: Sequence[KeyFigure | Mapping[str, Any]], title: str = "") -> Figure | None:
    """Horizontal bars of the figures, one panel per base unit; None when there is nothing to draw."""
    parsed = [f for f in (_as_figure(r) for r in figures) if f is not None]
    groups: dict[str, list[KeyFigure]] = {}
    for f in parsed:
        groups.setdefault(f.base_unit or "（无单位）", []).append(f)
    if not groups:
        return None
    panels = sorted(groups.items(), key=lambda kv: -len(kv[1]))[:MAX_PANELS]
    font = cjk_font()
    heights = [0.5 + 0.45 * min(len(fs), MAX_BARS) for _, fs in panels]
    fig = Figure(figsize=(7.5, 0.6 + sum(heights)), dpi=100, layout="constrained")
    axes = fig.subplots(len(panels), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, (unit, fs) in zip(axes, panels, strict=True):
        fs = fs[:MAX_BARS]
        labels = [_short(f.about or f.quote, 14) for f in fs]
        values = [f.scaled_value for f in fs]
        ys = list(range(len(fs)))[::-1]
        ax.barh(ys, values, color="#4c78a8")
        ax.set_yticks(ys, labels, fontproperties=font)
        top = max(values) if values and max(values) > 0 else 1.0
        ax.set_xlim(0, top * 1.35)
        for y, f, v in zip(ys, fs, values, strict=True):
            ax.text(v + top * 0.02, y, f.display(), va="center", fontproperties=font, fontsize=9)
        ax.set_title(f"单位：{unit}", fontproperties=font, fontsize=10, loc="left")
        ax.xaxis.set_major_formatter(FuncFormatter(_tick))
        ax.tick_params(axis="x", labelsize=8, labelfontfamily=font.get_name())
        ax.spines[["top", "right"]].set_visible(False)
    if title:
        fig.suptitle(_short(title, 30), fontproperties=font, fontsize=11)
    return fig


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes (in memory)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _tick(v: float, _pos: int) -> str:
    """Axis numbers the way the articles print them: 630万 rather than 6.3e6."""
    if abs(v) >= 1e8:
        return f"{v / 1e8:g}亿"
    if abs(v) >= 1e4:
        return f"{v / 1e4:g}万"
    return f"{v:g}"


def _short(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"
