"""Prompt templates as versioned package files, rendered strictly, identified by id + content hash.

Why files: a prompt is part of the product's behaviour, so it is reviewed, versioned and hashed like
code. A released version (prompts/MANIFEST.json records its sha256) is never edited; a change ships as
the next version. The hash goes into every cache key and every output line.

File format (prompts/<id>.md): a chat prompt

    id: summarize.v1
    variables: schema, title, meta, article
    ...other "key: value" header lines...
    ---system---
    system text with ${variables}
    ---user---
    user text with ${variables}

or a fragment, one piece of text the engine places inside a conversation (the re-ask message, the
framing of one retrieved passage):

    id: reask.v1
    variables: problems
    ---text---
    text with ${variables}

Data (articles, passages, questions) is placed between <<<NAME>>> ... <<<END_NAME>>> delimiters;
`data_block` neutralises anything inside the data that could pass for a delimiter.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from summarizer.errors import ConfigError

_VAR_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SECTION_RE = re.compile(r"^---(system|user|text)---[ \t]*$", re.M)
# "<<<", ">>>" and look-alikes (full-width, small forms), possibly split by spaces or zero-width characters.
_ZW = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_DELIM_OPEN_RE = re.compile(f"[<＜﹤‹〈](?:[\\s{_ZW}]*[<＜﹤‹〈]){{2,}}")
_DELIM_CLOSE_RE = re.compile(f"[>＞﹥›〉](?:[\\s{_ZW}]*[>＞﹥›〉]){{2,}}")


def source_prompts_dir() -> Path:
    """prompts/ in a source checkout, else the installed package data (summarizer.prompts_data)."""
    here = Path(__file__).resolve().parents[2] / "prompts"
    if (here / "MANIFEST.json").exists() or any(here.glob("*.md")):
        return here
    try:
        import summarizer.prompts_data as pd  # installed wheel: pyproject maps it to prompts/

        return Path(pd.__file__).resolve().parent
    except ImportError as e:  # pragma: no cover - broken install
        raise ConfigError("prompt templates not found (neither prompts/ nor summarizer.prompts_data)") from e


@dataclass(frozen=True)
class Prompt:
    """One loaded template: header fields, its parts (system and user, or one text), declared
    variables, content hash."""

    id: str
    version: int
    variables: tuple[str, ...]
    system: str
    user: str
    sha256: str
    path: Path
    text: str = ""  # a fragment's text (system and user are then empty)

    @property
    def is_fragment(self) -> bool:
        return bool(self.text)

    def render(self, **values: str) -> list[dict[str, str]]:
        """Chat messages with every ${var} filled. Missing or unexpected variables are errors."""
        if self.is_fragment:
            raise ConfigError(f"prompt {self.id} is a fragment: use render_text()")
        fill = self._filler(values)
        return [
            {"role": "system", "content": fill(self.system)},
            {"role": "user", "content": fill(self.user)},
        ]

    def render_text(self, **values: str) -> str:
        """A fragment's text with every ${var} filled (same strictness as render)."""
        if not self.is_fragment:
            raise ConfigError(f"prompt {self.id} is a chat prompt: use render()")
        return self._filler(values)(self.text)

    def _filler(self, values: dict[str, str]) -> Callable[[str], str]:
        given, declared = set(values), set(self.variables)
        if given != declared:
            missing, extra = sorted(declared - given), sorted(given - declared)
            raise ConfigError(f"prompt {self.id}: missing variables {missing}, unexpected variables {extra}")
        for k, v in values.items():
            if not isinstance(v, str):
                raise ConfigError(f"prompt {self.id}: variable {k} must be a string, got {type(v).__name__}")

        def fill(template: str) -> str:
            return _VAR_RE.sub(lambda m: values[m.group(1)], template)

        return fill

    @property
    def static_text(self) -> str:
        """The template text without variables: what a model must never repeat back (leak check)."""
        return _VAR_RE.sub("\n", "\n".join(p for p in (self.system, self.user, self.text) if p))


def parse_prompt(text: str, path: Path) -> Prompt:
    """Parse and check one template file: header, both parts, variables used == variables declared."""
    parts = _SECTION_RE.split(text)
    # parts = [header, "system", system_text, "user", user_text] or [header, "text", fragment_text]
    chat = len(parts) == 5 and parts[1] == "system" and parts[3] == "user"
    fragment = len(parts) == 3 and parts[1] == "text"
    if not (chat or fragment):
        raise ConfigError(
            f"{path}: a prompt needs a header, then ---system--- and ---user--- sections in that order "
            "(or one ---text--- section for a fragment)"
        )
    header: dict[str, str] = {}
    for n, line in enumerate(parts[0].splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise ConfigError(f"{path}:{n}: header lines are 'key: value', got {line!r}")
        header[key.strip()] = value.strip()
    for key in ("id", "version", "variables"):
        if key not in header:
            raise ConfigError(f"{path}: header lacks {key!r}")
    system, user = (parts[2].strip("\n"), parts[4].strip("\n")) if chat else ("", "")
    body = "" if chat else parts[2].strip("\n")
    if fragment and not body.strip():
        raise ConfigError(f"{path}: a fragment's ---text--- section is empty")
    declared = tuple(v.strip() for v in header["variables"].split(",") if v.strip())
    used = set(_VAR_RE.findall(system)) | set(_VAR_RE.findall(user)) | set(_VAR_RE.findall(body))
    if used != set(declared):
        raise ConfigError(
            f"{path}: variables used {sorted(used)} differ from variables declared {sorted(declared)}"
        )
    if re.search(r"\$(?!\{)", system + user + body):
        raise ConfigError(f"{path}: a bare '$' in a template; variables are written ${{name}}")
    try:
        version = int(header["version"])
    except ValueError as e:
        raise ConfigError(f"{path}: version must be an integer") from e
    return Prompt(
        id=header["id"],
        version=version,
        variables=declared,
        system=system,
        user=user,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        path=path,
        text=body,
    )


class PromptLibrary:
    """Loads prompts by id ("summarize.v1") from a directory; tests point it at their own copies."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory else source_prompts_dir()
        self._loaded: dict[str, Prompt] = {}

    def get(self, prompt_id: str) -> Prompt:
        if prompt_id not in self._loaded:
            path = self.directory / f"{prompt_id}.md"
            if not path.is_file():
                raise ConfigError(f"prompt {prompt_id!r} not found in {self.directory}")
            prompt = parse_prompt(path.read_text(encoding="utf-8"), path)
            if prompt.id != prompt_id:
                raise ConfigError(f"{path}: header id {prompt.id!r} does not match the file name")
            self._loaded[prompt_id] = prompt
        return self._loaded[prompt_id]

    def ids(self) -> list[str]:
        return sorted(p.name[: -len(".md")] for p in self.directory.glob("*.md"))

    def manifest(self) -> dict[str, str]:
        """{prompt id: sha256} of released prompts, from MANIFEST.json."""
        path = self.directory / "MANIFEST.json"
        if not path.is_file():
            return {}
        return dict(json.loads(path.read_text(encoding="utf-8"))["released"])


@lru_cache(maxsize=1)
def default_library() -> PromptLibrary:
    return PromptLibrary()


def load_prompt(prompt_id: str) -> Prompt:
    """A shipped prompt by id, e.g. load_prompt("summarize.v1")."""
    return default_library().get(prompt_id)


def neutralise(data: str) -> str:
    """Make text safe to place inside a <<<NAME>>> ... <<<END_NAME>>> section.

    Anything that looks like a delimiter (including full-width or zero-width-split look-alikes) is
    turned into harmless angle quotes, so an article can never close its own data section.
    """
    data = _DELIM_OPEN_RE.sub("«", data)
    return _DELIM_CLOSE_RE.sub("»", data)


def schema_json(schema: dict) -> str:
    """Canonical, compact, non-ASCII-preserving JSON of a schema (for prompts and hashing)."""
    return json.dumps(schema, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def schema_hash(schema: dict) -> str:
    return hashlib.sha256(schema_json(schema).encode("utf-8")).hexdigest()
