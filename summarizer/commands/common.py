"""Flags shared by several commands, and turning them into Settings."""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlsplit, urlunsplit

from summarizer.config import OFFLINE_NOTICE, Settings


def add_engine_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("engine")
    g.add_argument(
        "--engine",
        choices=["auto", "offline", "llm"],
        default=None,
        help="auto (default): llm when an endpoint and a model are configured, else offline",
    )
    g.add_argument("--base-url", default=None, help="OpenAI-compatible endpoint (default: $OPENAI_BASE_URL)")
    g.add_argument("--model", default=None, help="model name (default: $SUMMARIZER_MODEL)")
    g.add_argument(
        "--cache-dir",
        default=None,
        help="LLM result cache (default: $SUMMARIZER_CACHE_DIR or ~/.cache/summarizer)",
    )
    g.add_argument("--no-cache", action="store_true", help="do not read or write the LLM result cache")


def settings_from_args(args: argparse.Namespace, **extra: object) -> Settings:
    overrides: dict[str, object] = {
        "engine": getattr(args, "engine", None),
        "base_url": getattr(args, "base_url", None),
        "model": getattr(args, "model", None),
        "cache_dir": getattr(args, "cache_dir", None),
    }
    if getattr(args, "no_cache", False):
        overrides["use_cache"] = False
    overrides.update(extra)
    return Settings.from_env(**overrides)


def announce_engine(settings: Settings) -> None:
    """One line on stderr saying which engine runs (and how to get the LLM one)."""
    if settings.resolved_engine == "offline":
        print(OFFLINE_NOTICE, file=sys.stderr)
    else:
        print(
            f"engine: llm (model {settings.model} at {shown_url(settings.base_url) or 'api.openai.com'})",
            file=sys.stderr,
        )


def shown_url(url: str | None) -> str:
    """The endpoint as it may be printed: no user:password@ and no query string (keys travel there)."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # not a URL we can take apart: print nothing of it rather than a secret
        return "(endpoint URL not shown)"
    netloc = f"{host}:{port}" if port else host
    if ":" in host:  # IPv6
        netloc = f"[{host}]:{port}" if port else f"[{host}]"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
