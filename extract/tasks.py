"""Numbered tasks of a decomposition plan (分解方案) and the units responsible for each.

A plan lists "14.实施…。" items, each followed by a line "责任单位:生态环境局,各乡(镇)人民政府".
The task is the numbered item's text without its number; the units are that line cut at commas,
顿号 and 及/和. Towns named with a shared suffix ("万安镇、古镛镇人民政府") are listed by name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.normalize import fold
from extract.records import Clause, Document, Task

RESPONSIBLE = re.compile(r"^\s*(?:责任单位|责任部门|牵头单位|责任主体|配合单位)\s*[:：]\s*")
"""The line naming who carries a task out."""
_UNIT_SPLIT = re.compile(r"[,，、;；]|及(?=有关|各)|和")
_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.、．]\s*")
_TOWN_GOV = re.compile(r"^(?P<town>[\u4e00-\u9fff]{1,6}[镇乡])人民政府$")


def units_from_line(line: str) -> tuple[str, ...]:
    """Units named after 责任单位: in the order written (original script kept)."""
    body = line[RESPONSIBLE.match(fold(line)).end():] if RESPONSIBLE.match(fold(line)) else line  # type: ignore[union-attr]
    units: list[str] = []
    depth = 0
    piece = ""
    folded = fold(body)
    for i, ch in enumerate(body):  # split outside parentheses only: 各乡(镇)人民政府 stays whole
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth == 0 and _UNIT_SPLIT.match(folded, i):
            units.append(piece)
            piece = ""
        else:
            piece += ch
    units.append(piece)
    # "及有关乡(镇)人民政府": the split leaves the towns before it bare.
    out = []
    for u in (u.strip().strip("。.") for u in units):
        if not u:
            continue
        m = _TOWN_GOV.match(fold(u))
        out.append(u[: len(m.group("town"))] if m and "(" not in u and "（" not in u else u)
    return tuple(out)


def extract_tasks(doc: Document, clauses: Sequence[Clause]) -> list[Task]:
    """The numbered tasks of a plan, each with its text, section and responsible units."""
    tasks: list[Task] = []
    open_task: dict | None = None

    def close() -> None:
        if open_task and open_task["clauses"]:
            first, last = open_task["clauses"][0], open_task["clauses"][-1]
            start = first.span_start + open_task["skip"]
            tasks.append(Task(
                doc_id=doc.doc_id, task_no=open_task["no"], text=doc.text[start:last.span_end],
                section_path=first.section_path, units=open_task["units"], clause_id=first.clause_id,
                span_start=start, span_end=last.span_end, page=first.page,
            ))

    for c in clauses:
        if c.kind == "title":
            continue
        if RESPONSIBLE.match(c.norm_text):
            if open_task is not None:
                open_task["units"] = units_from_line(c.text)
                close()
                open_task = None
            continue
        m = _NUMBER.match(fold(c.text))
        if c.kind == "item" and c.item.isdigit() and m and int(m.group(1)) == int(c.item):
            close()
            open_task = {"no": int(c.item), "clauses": [c], "skip": m.end(), "units": ()}
        elif open_task is not None and c.item == str(open_task["no"]) and c.kind == "item":
            open_task["clauses"].append(c)
        elif open_task is not None and c.kind in ("heading",):
            close()
            open_task = None
    close()
    return tasks
