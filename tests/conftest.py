"""Shared fixtures: the seed page and its gold annotation (copied into evals/datasets)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Every property test draws the same examples on every run of the same code, CI's clean clone
# included: a red run is reproduced by running it again, never a matter of luck, and no example
# database carries one machine's finds into another's run. HYPOTHESIS_PROFILE=explore searches anew.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = ROOT / "seeds" / "000_a4725a0873293853.txt"
# The stable `summarizer segment --json` contract (issue 2), written out here, not read from the code.
SEGMENT_CONTRACT_KEYS = frozenset(
    {"page", "index", "title", "kicker", "subtitle", "byline", "credit", "kind", "text", "start", "end"}
)
SEED_GOLD = ROOT / "evals" / "datasets" / "seed_page.v1.json"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED_PAGE


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's real cache, and no test picks up a real endpoint."""
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "SUMMARIZER_MODEL", "OPENAI_MODEL", "SUMMARIZER_ENGINE"):
        monkeypatch.delenv(var, raising=False)


# The fake OpenAI-compatible server (tests/fake_openai.py): fixture `fake_openai`.
from tests.fake_openai import fake_openai  # noqa: E402, F401
