"""Assembling a later set blind: what cannot be checked is dropped and counted, nothing is printed."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.evals.assemble_items import assemble


def _item(**over: object) -> dict[str, object]:
    item: dict[str, object] = {
        "id": "z001",
        "group": "z001",
        "date": "2023-04-02",
        "place": "某县",
        "kicker": "",
        "title": "某县工会开办夜校",
        "subtitle": "",
        "kind": "news",
        "reporters": [],
        "correspondents": [],
        "interns": [],
        "photographers": [],
        "author": "",
        "paragraphs": ["某县总工会开办职工夜校，首期招收学员86名。"],
        "figures": [{"text": "86名", "kind": "arabic"}, {"text": "90名", "kind": "arabic"}],
        "not_figures": ["首期", "第二期"],
        "qa": [
            {"q": "夜校首期招收多少名学员？", "answers": ["86名"], "type": "count"},
            {"q": "夜校在哪里上课？", "answers": ["文化宫"], "type": "place"},
            {"q": "夜校是否收费？", "answers": ["否"], "type": "yesno"},
        ],
        "unanswerable": [{"q": "夜校有几位老师？"}],
    }
    item.update(over)
    return item


def test_unprinted_figures_answers_and_unevidenced_yes_no_are_dropped(tmp_path: Path) -> None:
    (tmp_path / "items_z.json").write_text(json.dumps([_item()], ensure_ascii=False), encoding="utf-8")
    items, dropped, warn = assemble(tmp_path)
    assert [f["text"] for f in items[0]["figures"]] == ["86名"]
    assert items[0]["not_figures"] == ["首期"]
    assert [q["q"] for q in items[0]["qa"]] == ["夜校首期招收多少名学员？"]
    assert dropped == {"figure": 1, "not_figure": 1, "question": 2} and warn == []


def test_a_malformed_item_or_a_body_with_its_byline_is_reported_by_id(tmp_path: Path) -> None:
    rows = [_item(id="z002", date="2023/4/2"), _item(id="z003", paragraphs=["本报讯 某县总工会开办夜校。"])]
    (tmp_path / "items_z.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    items, dropped, warn = assemble(tmp_path)
    assert [i["id"] for i in items] == ["z003"] and dropped["item"] == 1
    assert any(w.startswith("z002") for w in warn) and any(w.startswith("z003") for w in warn)
