"""Versioned eval datasets: `evals/datasets/<name>.v<N>.json`, loaded into one shape.

A dataset file may hold any of: one gold page (the seed format: "page", "articles", "figures"),
several pages with inline text ("pages"), PDF pages typeset from news items ("pdf":
{"items": "news.tune" | "seed"}, see evals/pdfgen.py), single sentences with known figures ("cases"), and
questions ("qa" over "corpus", article ids resolved by "titles" or "articles"). Its "thresholds"
map metric paths ("figures.recall") to minimums; `summarizer eval` fails when one is not met.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
DATASET_DIR = Path(__file__).resolve().parent / "datasets"
_NAME_RE = re.compile(r"^(?P<name>.+)\.v(?P<version>\d+)\.json$")


class MissingDependency(InputError):
    """A dataset that needs an optional package (reportlab for the PDF datasets) not installed here."""


@dataclass
class Dataset:
    name: str
    version: int
    path: Path
    pages: list[dict[str, Any]] = field(default_factory=list)  # {"name", "text", "articles", "figures"}
    cases: list[dict[str, Any]] = field(default_factory=list)  # {"id", "text", "figures", "not_figures"}
    qa: list[dict[str, Any]] = field(default_factory=list)
    corpus: list[Path] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name}.v{self.version}"


def available(folder: Path = DATASET_DIR) -> dict[str, list[Path]]:
    """name -> its versioned files, oldest first."""
    out: dict[str, list[tuple[int, Path]]] = {}
    for p in folder.glob("*.json"):
        m = _NAME_RE.match(p.name)
        if m:
            out.setdefault(m.group("name"), []).append((int(m.group("version")), p))
    return {k: [p for _, p in sorted(v)] for k, v in sorted(out.items())}


def resolve(name: str, folder: Path = DATASET_DIR) -> Path:
    """'seed_page' (latest version), 'seed_page.v1', or a path to a dataset file."""
    p = Path(name)
    if p.suffix == ".json" and p.exists():
        return p
    files = available(folder)
    if name in files:
        return files[name][-1]
    m = re.match(r"^(.+)\.v(\d+)$", name)
    if m and (folder / f"{name}.json").exists():
        return folder / f"{name}.json"
    known = ", ".join(files) or "none"
    raise InputError(f"unknown eval dataset {name!r} (known: {known}; or pass a path to a .json file)")


def _find_file(rel: str, base: Path) -> Path:
    for root in (base, ROOT, Path.cwd()):
        p = (root / rel).resolve()
        if p.exists():
            return p
    raise InputError(f"{base}: file {rel!r} named by the dataset was not found")


def load(name: str, folder: Path = DATASET_DIR) -> Dataset:
    path = resolve(name, folder)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path}: not a readable JSON dataset ({e})") from e
    if not isinstance(raw, dict):
        raise InputError(f"{path}: not a dataset (expected a JSON object, found {type(raw).__name__})")
    try:
        ds = _build(raw, path)
    except (TypeError, KeyError, AttributeError, ValueError) as e:  # a field of the wrong shape
        raise InputError(f"{path}: not a dataset of the expected shape ({type(e).__name__}: {e})") from e
    if not (ds.pages or ds.cases or ds.qa):
        raise InputError(f'{path}: nothing to score (no "page" with "articles", "pages", "cases" or "qa")')
    return ds


def _build(raw: dict[str, Any], path: Path) -> Dataset:
    m = _NAME_RE.match(path.name)
    ds = Dataset(
        name=raw.get("name") or (m.group("name") if m else path.stem),
        version=int(raw.get("version") or (m.group("version") if m else 0)),
        path=path,
        thresholds={k: float(v) for k, v in (raw.get("thresholds") or {}).items()},
    )
    base = path.parent
    if raw.get("page") and raw.get("articles"):  # the seed format: one page file plus its gold
        page_path = _find_file(raw.get("page_path") or f"seeds/{raw['page']}", base)
        ds.pages.append(
            {
                "name": raw["page"],
                "path": page_path,
                "articles": raw["articles"],
                "figures": raw.get("figures", []),
            }
        )
    if raw.get("pdf"):  # PDF pages typeset at load time from stories with known gold (evals/pdfgen.py)
        from .pdfgen import dataset_pages

        try:
            ds.pages.extend(dataset_pages(raw["pdf"]))
        except ImportError as e:
            raise MissingDependency(
                f"{path.name}: typesetting its PDF pages needs reportlab (pip install -e '.[test]')"
            ) from e
    for p in raw.get("pages") or []:
        page = dict(p)
        if "text" not in page and "path" in page:
            page["path"] = _find_file(page["path"], base)
        ds.pages.append(page)
    ds.cases = list(raw.get("cases") or [])
    ds.qa = list(raw.get("qa") or [])
    ds.titles = dict(raw.get("titles") or {a["id"]: a["title"] for a in raw.get("articles") or []})
    ds.corpus = [_find_file(c, base) for c in raw.get("corpus") or []]
    if ds.qa and not ds.corpus:
        ds.corpus = [p["path"] for p in ds.pages if "path" in p]
    return ds
