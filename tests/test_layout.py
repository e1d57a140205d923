"""The installed layout: one `summarizer` namespace, no import cycles, packages that say what they do."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def installed_modules() -> dict[str, Path]:
    """Module name -> source file, as the package installs (pyproject's package-dir mapping applied)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping = config["tool"]["setuptools"]["package-dir"]
    roots = {"summarizer": ROOT / "summarizer", **{pkg: ROOT / folder for pkg, folder in mapping.items()}}
    out: dict[str, Path] = {}
    for package, folder in roots.items():
        for path in folder.rglob("*.py"):
            rel = path.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            out[".".join([package, *parts])] = path
    return out


def module_level_imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Project modules imported when `name` is imported: top-level statements, not TYPE_CHECKING blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(stmts: list[ast.stmt]) -> None:
        for node in stmts:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, (ast.If, ast.Try)):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for h in getattr(node, "handlers", []):
                    visit(h.body)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in known)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*up, base]) if base else ".".join(up)
                if base in known:
                    found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known)

    visit(tree.body)
    found.discard(name)
    return found


def test_no_module_level_import_cycle() -> None:
    modules = installed_modules()
    known = set(modules)
    graph = {name: module_level_imports(path, name, known) for name, path in modules.items()}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []
    cycles: list[list[str]] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_cycle_finder_sees_a_planted_cycle(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("from pkg.b import x\n")
    b.write_text("import pkg.a\n")
    known = {"pkg.a", "pkg.b"}
    assert module_level_imports(a, "pkg.a", known) == {"pkg.b"}
    assert module_level_imports(b, "pkg.b", known) == {"pkg.a"}
    lazy = tmp_path / "c.py"
    lazy.write_text("def f():\n    import pkg.a\n\nif TYPE_CHECKING:\n    from pkg.b import y\n")
    assert module_level_imports(lazy, "pkg.c", known) == set()


def test_every_package_init_says_what_flows_in_and_out() -> None:
    for name, path in installed_modules().items():
        if path.name != "__init__.py" or name == "summarizer.prompts_data":
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{name}: its __init__ docstring should say what the package does"


@pytest.mark.slow
def test_the_wheel_installs_one_namespace(tmp_path: Path) -> None:
    """`pip install .` puts only `summarizer` into site-packages: ui and evals live inside it."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("summarizer-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"summarizer"}
    for needed in ("summarizer/ui/app.py", "summarizer/evals/run.py", "summarizer/evals/datasets/seed_page.v1.json",
                   "summarizer/prompts_data/MANIFEST.json", "summarizer/segment/segmenter.py"):  # fmt: skip
        assert needed in names, needed
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    probe = "import importlib, sys; sys.path.insert(0, sys.argv[1]); importlib.import_module(sys.argv[2])"
    env = {"PYTHONPATH": "", "PATH": "/usr/bin:/bin"}
    ok = [subprocess.run([sys.executable, "-S", "-c", probe, str(target), m], env=env, cwd=tmp_path,
                         capture_output=True) for m in ("summarizer.ui", "summarizer.evals")]  # fmt: skip
    assert all(r.returncode == 0 for r in ok), [r.stderr for r in ok]
    for top in ("ui", "evals"):
        r = subprocess.run([sys.executable, "-S", "-c", probe, str(target), top], env=env, cwd=tmp_path,
                           capture_output=True)  # fmt: skip
        assert r.returncode != 0 and b"No module named" in r.stderr, top
