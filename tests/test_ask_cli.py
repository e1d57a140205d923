"""`summarizer ask` as a user runs it: a real subprocess, its stdout/stderr and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.config import OFFLINE_NOTICE


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    return subprocess.run(
        [sys.executable, "-m", "summarizer", "ask", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("question", "answer", "title"),
    [
        ("牡丹江市各级工会为短视频大赛收集了多少个参赛作品？", "147个", "一场聚焦集体协商的短视频大赛"),
        ("谁成为烟台龙口市首个获得“齐鲁工匠”荣誉的职工？", "张峰", "山东龙口市总搭平台建阵地"),
    ],
)
def test_human_answer_with_sources(seed_path: Path, question: str, answer: str, title: str) -> None:
    p = run_cli(question, "--corpus", str(seed_path))
    assert p.returncode == 0, p.stderr
    first, _, rest = p.stdout.partition("\n")
    assert answer in first  # the short answer first (a name or figure, with its short clause)
    assert "Sources:" in rest and title in rest
    assert p.stderr.strip().splitlines() == [OFFLINE_NOTICE]  # the one-line engine notice, nothing else


def test_json_contract(seed_path: Path) -> None:
    p = run_cli("武强县建立了多少家基层工会劳动监督委员会？", "--corpus", str(seed_path), "--json", "-k", "3")
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    assert r["answerable"] is True and "321" in r["answer"]
    assert [set(c) for c in r["citations"]] == [{"page", "article_index", "title", "quote"}]
    assert 1 <= len(r["retrieved"]) <= 3
    assert all(set(h) == {"page", "article_index", "title", "score"} for h in r["retrieved"])
    assert r["retrieved"][0]["title"] == r["citations"][0]["title"]


def test_questions_file_with_bad_lines(tmp_path: Path, seed_path: Path) -> None:
    qfile = tmp_path / "q.jsonl"
    qfile.write_text(
        "\n".join(
            [
                json.dumps({"q": "幸福小区共安置了多少户易地扶贫搬迁群众？", "id": 1}, ensure_ascii=False),
                "{broken json",
                json.dumps({"question": "wrong key"}),
                "",
                json.dumps({"q": "   "}),
                json.dumps(["q"]),
                json.dumps({"q": "牡丹江市短视频大赛一等奖的奖金是多少？"}, ensure_ascii=False),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "answers.jsonl"
    p = run_cli(
        "--corpus", str(seed_path), "--questions", str(qfile), "--out", str(out), "--engine", "offline"
    )
    assert p.returncode == 1, p.stderr  # skipped lines: the good ones are answered, the exit says not all
    assert p.stdout == ""
    warnings = [line for line in p.stderr.splitlines() if "warning" in line]
    assert [w.split(f"{qfile}:")[1].split(":")[0] for w in warnings] == ["2", "3", "5", "6"]
    assert "Traceback" not in p.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["q"] for r in rows] == [
        "幸福小区共安置了多少户易地扶贫搬迁群众？",
        "牡丹江市短视频大赛一等奖的奖金是多少？",
    ]
    assert rows[0]["answerable"] and "101户" in rows[0]["answer"]
    assert rows[1]["answerable"] is False
    for r in rows:
        assert {"q", "answer", "answerable", "citations", "retrieved"} <= set(r)
    assert not list(tmp_path.glob("answers.jsonl.tmp-*"))


def test_questions_to_stdout_are_json_lines(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps(
            {"id": "1", "title": "书屋", "text": "青川县新建职工书屋 18个。\n书屋由县总工会管理。"},
            ensure_ascii=False,
        )
        + "\nnot json\n",
        encoding="utf-8",
    )
    qfile = tmp_path / "q.jsonl"
    qfile.write_text(
        json.dumps({"q": "青川县新建了多少个职工书屋？"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    p = run_cli("--corpus", str(corpus), "--questions", str(qfile))
    assert p.returncode == 0, p.stderr
    rows = [json.loads(x) for x in p.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["answer"].endswith("18个")
    assert f"{corpus}:2:" in p.stderr  # the bad corpus line is named, the rest still loads


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["问题？", "--corpus", "/nonexistent/folder"], "no such file"),
        (["--corpus", "SEED"], "give a question"),
        (["--corpus", "SEED", "--questions", "/nonexistent/q.jsonl"], "cannot read"),
        (["--corpus", "SEED", "--questions", "BADQ"], "no questions"),
    ],
)
def test_clear_errors_without_traceback(
    args: list[str], message: str, tmp_path: Path, seed_path: Path
) -> None:
    badq = tmp_path / "bad.jsonl"
    badq.write_text("nope\n{}\n", encoding="utf-8")
    args = [str(seed_path) if a == "SEED" else str(badq) if a == "BADQ" else a for a in args]
    p = run_cli(*args)
    assert p.returncode == 2
    assert message in p.stderr
    assert "Traceback" not in p.stderr
    assert p.stderr.strip().splitlines()[-1].startswith("summarizer: error:")


def test_restrict_flag_in_process(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--restrict limits the search to the named articles (run in-process: no extra interpreter)."""
    from summarizer.cli import main
    from summarizer.qa.corpus import load_corpus

    first = load_corpus([seed_path])[0]
    q = "武强县建立了多少家基层工会劳动监督委员会？"
    assert main(["ask", q, "--corpus", str(seed_path), "--json", "--restrict", first.id]) == 0
    r = json.loads(capsys.readouterr().out)
    assert all((h["page"], h["article_index"]) == (first.page, first.index) for h in r["retrieved"])
    assert r["answerable"] is False  # the only allowed article does not say
    assert main(["ask", q, "--corpus", str(seed_path), "--json", "--restrict", first.page]) == 0
    assert json.loads(capsys.readouterr().out)["answer"] == "321家"


# -- in-process: one-line errors, --out, --restrict, corpus identity --------------------------------

SEED_Q = "武强县建立了多少家基层工会劳动监督委员会？"


def _questions(path: Path, *questions: str) -> Path:
    path.write_text(
        "".join(json.dumps({"q": q}, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8"
    )
    return path


def test_questions_out_to_a_folder_is_one_line_and_leaves_nothing(
    tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarizer.cli import main

    qfile = _questions(tmp_path / "q.jsonl", SEED_Q)
    folder = tmp_path / "answers"
    folder.mkdir()
    assert main(["ask", "--corpus", str(seed_path), "--questions", str(qfile), "--out", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and "internal error" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers", "q.jsonl"]  # no temp file left
    assert not list(folder.iterdir())


def test_out_equal_to_questions_is_refused(
    tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.cli import main

    qfile = _questions(tmp_path / "q.jsonl", SEED_Q)
    before = qfile.read_bytes()
    monkeypatch.chdir(tmp_path)
    for out in (str(qfile), "./q.jsonl"):
        assert main(["ask", "--corpus", str(seed_path), "--questions", str(qfile), "--out", out]) == 2
        assert "--out is the --questions file" in capsys.readouterr().err
    assert qfile.read_bytes() == before


def test_a_single_question_honours_out(
    tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarizer.cli import main

    out = tmp_path / "answer.json"
    assert main(["ask", SEED_Q, "--corpus", str(seed_path), "--json", "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["answer"] == "321家"
    human = tmp_path / "answer.txt"
    assert main(["ask", SEED_Q, "--corpus", str(seed_path), "--out", str(human)]) == 0
    assert capsys.readouterr().out == ""
    assert human.read_text(encoding="utf-8").splitlines()[0] == "321家"


def test_an_unknown_restrict_is_an_error(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from summarizer.cli import main

    args = ["ask", SEED_Q, "--corpus", str(seed_path), "--restrict"]
    assert main([*args, "no-such-page.txt", f"{seed_path.name}#999"]) == 2
    err = capsys.readouterr().err
    assert "no-such-page.txt" in err and f"{seed_path.name}#999" in err and "not in the corpus" in err
    assert main([*args, f"{seed_path.name}#1", seed_path.name]) == 0  # known ones are fine


def test_the_same_file_given_twice_is_loaded_once(
    tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarizer.cli import main
    from summarizer.qa.corpus import load_corpus

    once = load_corpus([seed_path])
    copy = tmp_path / "pages"
    copy.mkdir()
    (copy / seed_path.name).write_bytes(seed_path.read_bytes())
    twice = load_corpus([copy / seed_path.name, copy, str(copy / seed_path.name)])
    assert [a.id for a in twice] == [a.id for a in once]
    assert main(["ask", SEED_Q, "--corpus", str(seed_path), str(seed_path), "--json"]) == 0
    retrieved = json.loads(capsys.readouterr().out)["retrieved"]
    assert all("(2)" not in r["page"] for r in retrieved)


def test_jsonl_ids_are_cited_and_restrictable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from summarizer.cli import main

    corpus = tmp_path / "archive.jsonl"
    records = [
        {"id": "2024-0107-03", "title": "书屋", "text": "青川县新建职工书屋 18个。书屋由县总工会管理。"},
        {"id": "2024-0107-04", "title": "驿站", "text": "道里区新增户外劳动者服务站 16个。"},
    ]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    q = "青川县新建了多少个职工书屋？"
    assert main(["ask", q, "--corpus", str(corpus), "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["answer"].endswith("18个") and r["citations"][0]["page"] == "2024-0107-03"
    assert main(["ask", q, "--corpus", str(corpus), "--json", "--restrict", "2024-0107-04"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["answerable"] is False and {h["page"] for h in r["retrieved"]} <= {"2024-0107-04"}
