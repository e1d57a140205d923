"""Settings: command-line flag > environment (OPENAI_*, SUMMARIZER_*) > default.

The engine is chosen here once: an endpoint *and* a model configured means the LLM engine,
anything less means the offline engine (and one line says so).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from summarizer.errors import ConfigError

OFFLINE_NOTICE = (
    "engine: offline (extractive summaries, rule-based figures); to use an LLM set OPENAI_BASE_URL, "
    "OPENAI_API_KEY and SUMMARIZER_MODEL, or pass --engine llm --base-url URL --model NAME"
)

# The Batch API (`summarize --batch`): how often a submitted batch is asked for its status, and the
# provider's limits on one batch's input file (OpenAI: 50,000 requests, 200 MB); a run whose requests
# exceed them is split into several batches. Each is overridable (SUMMARIZER_BATCH_*), e.g. in tests.
BATCH_POLL_SECONDS = 30.0
BATCH_MAX_REQUESTS = 50_000
BATCH_MAX_BYTES = 200 * 1000 * 1000


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as e:
        raise ConfigError(f"{name}={raw!r} is not an integer") from e


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return float(raw)
    except ValueError as e:
        raise ConfigError(f"{name}={raw!r} is not a number") from e


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer"


@dataclass(frozen=True)
class Settings:
    engine: str = "auto"  # auto | offline | llm
    base_url: str | None = None
    api_key: str | None = None
    model: str | None = None
    cache_dir: Path = field(default_factory=default_cache_dir)
    cache_size_limit: int = 1 << 30  # bytes
    use_cache: bool = True
    concurrency: int = 4
    timeout: float = 60.0  # seconds per HTTP request
    deadline: float = 180.0  # seconds per call, all retries and re-asks included
    max_retries: int = 3  # transport retries (one layer only)
    max_reasks: int = 2  # re-asks on invalid / ungrounded output
    max_tokens: int = 1024
    temperature: float = 0.0
    max_article_chars: int = 6000  # longer articles are truncated before any LLM call
    max_page_bytes: int = 20 * 1024 * 1024
    upload_seconds: float = 300.0  # the UI's budget for segmenting and summarising one uploaded page
    upload_memory_mb: int = 1024  # ... and the address space its worker process may use
    workers: int = 0  # offline `summarize`: worker processes (0 = one per core)
    batch_poll_seconds: float = BATCH_POLL_SECONDS  # `summarize --batch`: between status polls
    batch_max_requests: int = BATCH_MAX_REQUESTS  # ... requests in one batch
    batch_max_bytes: int = BATCH_MAX_BYTES  # ... bytes of one batch's input file

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Environment first, then any non-None override (the CLI's flags)."""
        env = os.environ
        s = cls(
            engine=env.get("SUMMARIZER_ENGINE", "auto") or "auto",
            base_url=env.get("OPENAI_BASE_URL") or None,
            api_key=env.get("OPENAI_API_KEY") or None,
            model=env.get("SUMMARIZER_MODEL") or env.get("OPENAI_MODEL") or None,
            cache_dir=Path(env["SUMMARIZER_CACHE_DIR"])
            if env.get("SUMMARIZER_CACHE_DIR")
            else default_cache_dir(),
            cache_size_limit=_env_int("SUMMARIZER_CACHE_SIZE", 1 << 30),
            use_cache=env.get("SUMMARIZER_NO_CACHE", "") in ("", "0", "false"),
            concurrency=_env_int("SUMMARIZER_CONCURRENCY", 4),
            timeout=_env_float("SUMMARIZER_TIMEOUT", 60.0),
            deadline=_env_float("SUMMARIZER_DEADLINE", 180.0),
            max_retries=_env_int("SUMMARIZER_MAX_RETRIES", 3),
            max_reasks=_env_int("SUMMARIZER_MAX_REASKS", 2),
            max_tokens=_env_int("SUMMARIZER_MAX_TOKENS", 1024),
            max_article_chars=_env_int("SUMMARIZER_MAX_ARTICLE_CHARS", 6000),
            max_page_bytes=_env_int("SUMMARIZER_MAX_PAGE_BYTES", 20 * 1024 * 1024),
            upload_seconds=_env_float("SUMMARIZER_UPLOAD_SECONDS", 300.0),
            upload_memory_mb=_env_int("SUMMARIZER_UPLOAD_MEMORY_MB", 1024),
            workers=_env_int("SUMMARIZER_WORKERS", 0),
            batch_poll_seconds=_env_float("SUMMARIZER_BATCH_POLL_SECONDS", BATCH_POLL_SECONDS),
            batch_max_requests=_env_int("SUMMARIZER_BATCH_MAX_REQUESTS", BATCH_MAX_REQUESTS),
            batch_max_bytes=_env_int("SUMMARIZER_BATCH_MAX_BYTES", BATCH_MAX_BYTES),
        )
        clean = {k: v for k, v in overrides.items() if v is not None}
        if "cache_dir" in clean:
            clean["cache_dir"] = Path(clean["cache_dir"])
        s = replace(s, **clean)
        s.validate()
        return s

    def validate(self) -> None:
        if self.engine not in ("auto", "offline", "llm"):
            raise ConfigError(f"unknown engine {self.engine!r}: use auto, offline or llm")
        if self.concurrency < 1:
            raise ConfigError("--concurrency must be at least 1")
        if self.workers < 0:
            raise ConfigError("--workers must be at least 1 (or 0 for one per core)")
        if self.batch_poll_seconds < 0 or self.batch_max_requests < 1 or self.batch_max_bytes < 1:
            raise ConfigError(
                "SUMMARIZER_BATCH_POLL_SECONDS must be 0 or more, SUMMARIZER_BATCH_MAX_REQUESTS and "
                "SUMMARIZER_BATCH_MAX_BYTES at least 1"
            )
        if self.upload_seconds <= 0 or self.upload_memory_mb < 64:
            raise ConfigError("the upload budget needs more than 0 seconds and at least 64 MB")
        if self.engine == "llm" and not self.model:
            raise ConfigError("--engine llm needs a model: pass --model NAME or set SUMMARIZER_MODEL")
        if self.engine == "llm" and not (self.base_url or self.api_key):
            raise ConfigError(
                "--engine llm needs an endpoint: set OPENAI_BASE_URL (and OPENAI_API_KEY) or pass --base-url"
            )

    @property
    def resolved_engine(self) -> str:
        """'llm' when asked for, or when auto and both an endpoint and a model are configured."""
        if self.engine != "auto":
            return self.engine
        return "llm" if self.model and (self.base_url or self.api_key) else "offline"
