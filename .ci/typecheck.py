#!/usr/bin/env python3
"""Type-check the sources as they install: mypy on a view of the tree with the package-dir mapping applied.

pyproject.toml installs the top-level folders ui/ and evals/ as summarizer.ui and summarizer.evals.
mypy cannot follow setuptools' package-dir mapping (nor an editable install's import hook), so this
builds a temporary folder of symlinks laid out as the installed package, runs mypy there with the
project's [tool.mypy] settings, and prints its report with the repository's own paths.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_view(view: Path) -> dict[str, str]:
    """Symlink the tree into `view` as it installs; returns view path prefix -> repo path prefix."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping: dict[str, str] = config["tool"]["setuptools"].get("package-dir", {})
    (view / "summarizer").mkdir()
    for entry in (ROOT / "summarizer").iterdir():
        (view / "summarizer" / entry.name).symlink_to(entry)
    renames = {}
    for package, folder in mapping.items():
        parts = package.split(".")
        target = view.joinpath(*parts)
        if not target.exists():
            target.symlink_to(ROOT / folder)
        renames["/".join(parts) + "/"] = folder.rstrip("/") + "/"
    for extra in ("tests", "bench"):
        (view / extra).symlink_to(ROOT / extra)
    return renames


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="typecheck-") as tmp:
        view = Path(tmp)
        renames = build_view(view)
        cmd = [
            sys.executable, "-m", "mypy",
            "--config-file", str(ROOT / "pyproject.toml"),
            "-p", "summarizer", "-p", "tests",
            *sys.argv[1:],
        ]  # fmt: skip
        env = {**os.environ, "MYPY_CACHE_DIR": str(ROOT / ".mypy_cache")}
        proc = subprocess.run(cmd, cwd=view, capture_output=True, text=True, env=env)
        for line in (proc.stdout + proc.stderr).splitlines():
            for installed, folder in renames.items():
                if line.startswith(installed):
                    line = folder + line[len(installed) :]
                    break
            print(line)
        return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
