"""分别: which of a list of figures goes with the item a question names.

"初级、中级、高级证书可分别申领1000元、1500元、2000元" pairs the n-th item before 分别 with the n-th
figure after it. A question that names one item ("取得初级证书可申领多少") asks its figure, not the
others', though all of them share the sentence's words equally.
"""

from __future__ import annotations

import re

from summarizer.qa.sentences import quantities_of

RESPECTIVELY = "分别"
# What joins the items of a list and the figures after 分别 (、 and the conjunctions before the last).
_JOINERS = "、和及与"
_ITEMS = re.compile(
    rf"[^，,；;。：:！？、和及与“”（）()\s]+(?:[{_JOINERS}][^，,；;。：:！？、和及与“”（）()\s]+)+"
)
# How long an item's key is when the list has no middle item to show its length.
KEY_LEN = 2


def _item_keys(items: list[str]) -> list[str]:
    """The items as the list prints them apart: parallel items are about as long as each other, so
    the first item loses what stands before it (职工取得初级 -> 初级) and the last what follows it
    (高级职业资格证书后 -> 高级), cut to the middle items' length."""
    middle = items[1:-1]
    if middle:
        size = min(len(x) for x in middle)
    else:  # two items: they end alike (甲类岗位、乙类岗位…), which marks where the last one ends
        first, last = items
        shared = next((first[-n:] for n in range(len(first), 0, -1) if first[-n:] in last), "")
        size = last.find(shared) + len(shared) if shared else KEY_LEN
    return [items[0][-size:], *middle, items[-1][:size]]


def _figures_after(view: str, at: int) -> list[tuple[int, int]]:
    """The figures listed right after 分别 (…为1000元、1500元和2000元): those joined by list marks."""
    out: list[tuple[int, int]] = []
    for qty in quantities_of(view):
        if qty.start < at:
            continue
        gap = view[out[-1][1] : qty.start] if out else view[at : qty.start]
        if out and gap.strip() not in tuple(_JOINERS):
            break
        if not out and re.search(r"[，,；;。！？]", gap):
            break
        out.append((qty.start, qty.end))
    return out


def respective_item(question: str, view: str, start: int) -> bool | None:
    """Whether the figure at `start` is the one paired by 分别 with the item the question names;
    None when the sentence pairs no list with its figures or the question names none of the items
    (or more than one)."""
    at = view.find(RESPECTIVELY)
    if at < 0 or start < at:
        return None
    figures = _figures_after(view, at + len(RESPECTIVELY))
    index = next((i for i, (a, _) in enumerate(figures) if a == start), None)
    if index is None or len(figures) < 2:
        return None
    lists = [m.group(0) for m in _ITEMS.finditer(view[:at])]
    for listed in reversed(lists):
        items = re.split(rf"[{_JOINERS}]", listed)
        if len(items) != len(figures):
            continue
        named = [i for i, key in enumerate(_item_keys(items)) if key and key in question]
        if len(named) != 1:
            return None
        return named[0] == index
    return None
