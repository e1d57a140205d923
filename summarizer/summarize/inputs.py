"""The page files of a run and their identities, streamed (never a list of every page).

A page's identity is its path relative to the input it was found under: a file named directly is
its file name, a file inside a named folder is its path inside that folder ("day2/p.txt"), so the
same file name in different folders names different pages. If two inputs of one run still give the
same identity (`summarize a/p.txt b/p.txt`), the later file is named by its path as given. A file
reached twice (named twice, or also inside a named folder) is read once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import InputError
from summarizer.segment.pages import iter_page_files


@dataclass(frozen=True)
class PageFile:
    path: Path
    identity: str  # the page's name in the output folder


@dataclass(frozen=True)
class MissingInput:
    given: str
    error: str  # "PATH: no such file or folder"


def _relative(file: Path, given: Path) -> str:
    if given.is_dir():
        try:
            return file.relative_to(given).as_posix()
        except ValueError:
            pass
    return file.name


def page_files(paths: Iterable[str | Path]) -> Iterator[PageFile | MissingInput]:
    """Every page file under paths, in order, with its identity; a missing path is yielded as such."""
    seen_files: set[str] = set()  # resolved paths, as text (a Path object costs several times more)
    seen_names: set[str] = set()
    for given in paths:
        root = Path(given)
        try:
            found = iter_page_files([root])
            for file in found:
                real = str(file.resolve())
                if real in seen_files:
                    continue
                seen_files.add(real)
                identity = _relative(file, root)
                if identity in seen_names:
                    identity = file.as_posix()
                    n = 2
                    while identity in seen_names:  # the same path spelt twice cannot get here; be total
                        identity = f"{file.as_posix()} ({n})"
                        n += 1
                seen_names.add(identity)
                yield PageFile(file, identity)
        except InputError as e:
            yield MissingInput(str(given), str(e))
