"""PNG charts for eval reports: per-metric bars per dataset, figure recall per article, engine comparison.

matplotlib with the Agg backend (no display needed) and a CJK font shipped by the mplfonts package,
so article titles render as Chinese rather than empty boxes on any machine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SECTIONS = ("segmentation", "figures", "summaries", "qa")
_FONT: str | None = None


def _plt() -> Any:
    """pyplot with Agg and a CJK font registered (once)."""
    global _FONT
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    if _FONT is None:
        _FONT = "DejaVu Sans"
        try:
            import mplfonts

            font = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
            font_manager.fontManager.addfont(str(font))
            _FONT = font_manager.FontProperties(fname=str(font)).get_name()
        except (ImportError, OSError, RuntimeError):
            pass
    plt.rcParams["font.family"] = [_FONT, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _ratios(values: dict[str, Any]) -> dict[str, float]:
    """Metrics that are shares in [0, 1] (counts and lengths are left to the tables)."""
    return {
        k: float(v)
        for k, v in values.items()
        if isinstance(v, (int, float))
        and not isinstance(v, bool)
        and 0.0 <= v <= 1.0
        and not k.startswith(
            (
                "articles_",
                "figures_",
                "numbers",
                "summaries",
                "questions",
                "answerable",
                "false_",
                "dates_",
                "max_",
                "mean_",
            )
        )
    }


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)


def metric_bars(result: dict[str, Any], path: Path, title: str) -> Path:
    """One panel per metric family: a bar per share, a red tick at each declared threshold."""
    plt = _plt()
    secs = [(s, _ratios(result["metrics"][s])) for s in SECTIONS if _ratios(result["metrics"].get(s, {}))]
    limits = {c["metric"]: c["min"] for c in result["checks"]}
    fig, axes = plt.subplots(1, len(secs), figsize=(4.2 * len(secs), 4.6), squeeze=False)
    for ax, (sec, vals) in zip(axes[0], secs, strict=True):
        names = list(vals)
        ys = range(len(names))
        colors = []
        for n in names:
            lim = limits.get(f"{sec}.{n}")
            colors.append("#c0392b" if lim is not None and vals[n] < lim - 1e-9 else "#2e86c1")
        ax.barh(list(ys), [vals[n] for n in names], color=colors)
        for y, n in zip(ys, names, strict=True):
            ax.text(
                min(vals[n], 0.98),
                y,
                f" {vals[n]:.2f}",
                va="center",
                ha="right" if vals[n] > 0.8 else "left",
                fontsize=8,
                color="white" if vals[n] > 0.8 else "black",
            )
            lim = limits.get(f"{sec}.{n}")
            if lim is not None:
                ax.plot([lim, lim], [y - 0.4, y + 0.4], color="red", linewidth=2)
        ax.set_yticks(list(ys), names, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 1.05)
        ax.set_title(sec)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def figure_recall_by_article(result: dict[str, Any], path: Path, title: str) -> Path | None:
    """Required-figure recall per gold article, labelled with its (Chinese) title."""
    by = (result["details"].get("figures") or {}).get("recall_by_article") or {}
    titles = {}
    for page, det in (result["details"].get("segmentation") or {}).items():
        for x in det.get("details", []):
            titles[f"{page}#{x['id']}"] = x["title"]
    keys = [k for k in by if k in titles] or list(by)
    if not keys or len(keys) > 60:
        return None
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(keys) + 1.2))
    labels = [f"{k.split('#')[-1]} {titles.get(k, '')[:18]}" for k in keys]
    ax.barh(
        range(len(keys)), [by[k] for k in keys], color=["#2e86c1" if by[k] >= 1 else "#e67e22" for k in keys]
    )
    ax.set_yticks(range(len(keys)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.05)
    ax.set_xlabel("required key figures found (recall)")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def engine_charts(report: dict[str, Any], out: Path) -> list[Path]:
    written: list[Path] = []
    for r in report["datasets"]:
        label = r["dataset"]
        written.append(
            metric_bars(r, out / f"{_safe(label)}.metrics.png", f"{label} — engine {report['engine']}")
        )
        if len(r["details"].get("segmentation") or {}) == 1:
            p = figure_recall_by_article(
                r, out / f"{_safe(label)}.figures_by_article.png", f"{label}: 关键数字召回率（按文章）"
            )
            if p:
                written.append(p)
    return written


def comparison(out_dir: Path, engines: tuple[str, str] = ("offline", "llm")) -> list[Path]:
    """Grouped bars per dataset when every engine in `engines` has a report.json under out_dir."""
    reports = {}
    for e in engines:
        p = out_dir / e / "report.json"
        if not p.exists():
            return []
        try:
            reports[e] = {r["dataset"]: r for r in json.loads(p.read_text(encoding="utf-8"))["datasets"]}
        except (OSError, ValueError, KeyError):
            return []
    common = [d for d in reports[engines[0]] if all(d in reports[e] for e in engines)]
    if not common:
        return []
    plt = _plt()
    written = []
    for d in common:
        flat: dict[str, dict[str, float]] = {}
        for e in engines:
            for sec in SECTIONS:
                for k, v in _ratios(reports[e][d]["metrics"].get(sec, {})).items():
                    flat.setdefault(f"{sec}.{k}", {})[e] = v
        names = [n for n in flat if all(e in flat[n] for e in engines)]
        if not names:
            continue
        fig, ax = plt.subplots(figsize=(8, 0.3 * len(names) * len(engines) + 1.5))
        h = 0.8 / len(engines)
        for j, e in enumerate(engines):
            ax.barh([i + j * h for i in range(len(names))], [flat[n][e] for n in names], height=h, label=e)
        ax.set_yticks([i + h * (len(engines) - 1) / 2 for i in range(len(names))], names, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 1.05)
        ax.margins(y=0.01)
        ax.legend(loc="lower right")
        ax.set_title(f"{d}: {' vs '.join(engines)}")
        fig.tight_layout()
        path = out_dir / f"compare.{_safe(d)}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    return written
