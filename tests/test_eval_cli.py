"""`summarizer eval` end to end: table, report files, charts, exit status, and the LLM engine over HTTP."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from summarizer.evals import charts
from summarizer.evals.dataset import DATASET_DIR

from summarizer.cli import main


def test_offline_eval_writes_report_and_charts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(
        [
            "eval",
            "--engine",
            "offline",
            "--dataset",
            "figures_hard",
            "--dataset",
            "qa_extra",
            "--out",
            str(tmp_path),
        ]
    )
    out, err = capsys.readouterr()
    assert "engine: offline" in err
    assert "figures.recall" in out and "qa.recall@5" in out
    report = json.loads((tmp_path / "offline" / "report.json").read_text(encoding="utf-8"))
    assert report["engine"] == "offline"
    assert [d["dataset"] for d in report["datasets"]] == ["figures_hard.v3", "qa_extra.v1"]
    assert rc == (0 if report["passed"] else 1)
    md = (tmp_path / "offline" / "report.md").read_text(encoding="utf-8")
    assert "| figures.precision |" in md and "figures_hard.v3.metrics.png" in md
    for name in ("figures_hard.v3.metrics.png", "qa_extra.v1.metrics.png"):
        png = tmp_path / "offline" / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000


def test_unmet_threshold_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads((DATASET_DIR / "figures_hard.v1.json").read_text(encoding="utf-8"))
    data["name"] = "strict"
    data["thresholds"] = {"figures.precision": 1.01, "qa.recall@5": 0.5}  # unreachable; never measured
    path = tmp_path / "strict.v1.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    rc = main(["eval", "--engine", "offline", "--dataset", str(path), "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert rc == 1
    assert "strict.v1:figures.precision" in out and "strict.v1:qa.recall@5=None" in out
    assert "FAIL" in out


def test_unknown_dataset_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["eval", "--dataset", "nope", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert rc == 2 and "unknown eval dataset 'nope'" in err and "seed_page" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "needle"),
    [('{"name": "x"}', "nothing to score"), ("[]", "not a dataset"), ('"text"', "not a dataset")],
)
def test_a_dataset_of_the_wrong_shape_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["eval", "--dataset", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err and needle in err and "internal error" not in err
    assert err.strip().splitlines()[-1].startswith("summarizer: error:")


def test_list_datasets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--list"]) == 0
    out = capsys.readouterr().out
    assert "seed_page: seed_page.v1.json" in out and "figures_hard" in out


def test_chinese_labels_render_without_missing_glyphs(tmp_path: Path) -> None:
    result = {
        "metrics": {"figures": {"recall": 0.5, "precision": 1.0}},
        "checks": [{"metric": "figures.recall", "min": 0.95, "value": 0.5, "ok": False}],
        "details": {
            "figures": {"recall_by_article": {"p#a1": 1.0, "p#a2": 0.5}},
            "segmentation": {
                "p": {
                    "details": [
                        {"id": "a1", "title": "“工BA”撬动百万善款"},
                        {"id": "a2", "title": "新疆多举措加强基层工会建设"},
                    ]
                }
            },
        },
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = charts.figure_recall_by_article(result, tmp_path / "by_article.png", "关键数字召回率")
        charts.metric_bars(result, tmp_path / "bars.png", "数据集")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing
    assert path is not None and path.stat().st_size > 5000


def test_comparison_needs_both_engines(tmp_path: Path) -> None:
    def write(engine: str, recall: float) -> None:
        (tmp_path / engine).mkdir()
        rep = {
            "datasets": [
                {"dataset": "d.v1", "metrics": {"figures": {"recall": recall, "figures_required": 9}}}
            ]
        }
        (tmp_path / engine / "report.json").write_text(json.dumps(rep), encoding="utf-8")

    write("offline", 0.9)
    assert charts.comparison(tmp_path) == []
    write("llm", 0.4)
    [png] = charts.comparison(tmp_path)
    assert png.name == "compare.d.v1.png" and png.stat().st_size > 3000


def fake_openai_cases() -> list[dict]:
    return json.loads((DATASET_DIR / "figures_hard.v3.json").read_text(encoding="utf-8"))["cases"]


def test_llm_engine_eval_against_the_fake_server(
    fake_openai, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key")
    out = tmp_path / "eval"
    rc = main(
        [
            "eval",
            "--engine",
            "llm",
            "--base-url",
            fake_openai.base_url,
            "--model",
            "fake-model",
            "--dataset",
            "figures_hard",
            "--out",
            str(out),
        ]
    )
    assert rc in (0, 1)
    report_text = (out / "llm" / "report.json").read_text(encoding="utf-8")
    assert "sk-test-secret-key" not in report_text
    report = json.loads(report_text)
    assert report["engine"] == "llm" and report["model"] == "fake-model"
    assert report["base_url"] == fake_openai.base_url
    assert len(fake_openai.requests) >= len(
        json.loads((DATASET_DIR / "figures_hard.v3.json").read_text())["cases"]
    )
    assert report["datasets"][0]["metrics"]["engine"]["calls"] == len(fake_openai_cases())
    assert all(p.startswith("summarize.") for p in report["datasets"][0]["details"]["prompts"])
    figs = report["datasets"][0]["metrics"]["figures"]
    assert 0.0 <= figs["precision"] <= 1.0 and figs["quote_verbatim"] == 1.0  # grounding drops bad quotes
    assert "engine: llm (model fake-model" in capsys.readouterr().err
    # With the offline report next to it, a comparison chart appears.
    assert main(["eval", "--engine", "offline", "--dataset", "figures_hard", "--out", str(out)]) in (0, 1)
    assert (out / "compare.figures_hard.v3.png").exists()


def test_engine_errors_are_scored_not_fatal(
    fake_openai, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dead endpoint costs the articles it failed on (empty results, listed), not the whole report."""
    data = json.loads((DATASET_DIR / "figures_hard.v3.json").read_text(encoding="utf-8"))
    data["name"], data["cases"] = "two", data["cases"][:2]
    path = tmp_path / "two.v1.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("SUMMARIZER_MAX_RETRIES", "0")
    fake_openai.set_faults(rate_500=1.0)
    rc = main(
        [
            "eval",
            "--engine",
            "llm",
            "--base-url",
            fake_openai.base_url,
            "--model",
            "m",
            "--dataset",
            str(path),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert rc == 1
    result = json.loads((tmp_path / "out" / "llm" / "report.json").read_text(encoding="utf-8"))["datasets"][0]
    assert result["metrics"]["engine"]["errors"] == 2
    assert result["metrics"]["figures"]["recall"] == 0.0
    assert all("HTTP 500" in e or "500" in e for e in result["details"]["errors"])
    assert "Engine errors" in (tmp_path / "out" / "llm" / "report.md").read_text(encoding="utf-8")
