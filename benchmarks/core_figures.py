"""In-process figures of the core, each timed alternately with its floor in one process.

    python core_figures.py pdf DB NUMBER REPEAT OUTDIR
        ours:  附件1 of NUMBER exported as the window does it (`printing.registry.export_form`:
               read, lay out, write the file atomically, audit), after one warm-up;
        floor: bare reportlab drawing the same labels and values in the same face
               (floor_reportlab.render), after one warm-up.
    python core_figures.py ledger DB REPEAT OUTDIR
        ours:  the ledger .xlsx (`excel.ledger.export_ledger`: read, write, audit);
        floor: openpyxl in write-only mode writing the same rows (values only, no styles),
               both sheets, title and total lines included.

    python core_figures.py scale DB REPEAT OUTDIR
        what grows with the county (scaling.py): the project list (`views.summaries`), every
        deadline (`deadlines.project_deadlines`), the ledger (`export_ledger`).

One JSON line: {"ours": [s…], "floor": [s…], …}. DB is a scratch copy (exports are audited).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floor_reportlab  # noqa: E402
from common import demo_account, emit, sign_in_as, timed  # noqa: E402

from xxh_desktop.domain.accounts import Role  # noqa: E402
from xxh_desktop.workspace import Workspace  # noqa: E402


def form_rows(ws: Workspace, number: str) -> list[list[str]]:
    """附件1's printed labels and values (the floor draws the same text)."""
    from xxh_desktop.printing.declaration_pdf import field_values

    project = ws.projects.get(number)
    return [[label, value] for label, value in field_values(ws.declarations.get(project.id)).items()]


def pdf(db: Path, number: str, repeat: int, out: Path) -> dict[str, Any]:
    from xxh_desktop.printing.fonts import resolve_font
    from xxh_desktop.printing.registry import export_form

    ws = Workspace.open(db)
    ws.user = "性能测试"
    sign_in_as(ws, Role.ENTRY)
    # What `xxh --user NAME pdf` spends signing in (the password's scrypt, by design): run.py
    # shows the whole command and the command without it. Once untimed (first-call costs), then
    # at least three timed: run.py takes the fastest, so that one slow sync on a busy machine
    # cannot make the command less its sign-in look shorter than it is.
    name, password = demo_account(Role.ENTRY)
    sign_ins = [0.0]
    if ws.accounts.exist():
        ws.sign_in(name, password, via="性能测试")
        sign_ins = [timed(lambda: ws.sign_in(name, password, via="性能测试")) for _ in range(max(repeat, 3))]
    rows = form_rows(ws, number)
    font = resolve_font(None)
    floor_reportlab.register(str(font.path), font.subfont_index)
    ours_file, floor_file = out / "附件1-inprocess.pdf", out / "floor-inprocess.pdf"
    export_form(ws, "附件1", number, ours_file)
    floor_reportlab.render(rows, str(floor_file))
    ours, floor = [], []
    for _ in range(repeat):
        ours.append(timed(lambda: export_form(ws, "附件1", number, ours_file)))
        floor.append(timed(lambda: floor_reportlab.render(rows, str(floor_file))))
    ws.close()
    (out / "form-rows.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return {"ours": ours, "floor": floor, "sign_in": sign_ins, "font": str(font.path),
            "subfont": font.subfont_index, "face": font.face_name}


def ledger_values(ws: Workspace) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The ledger's two sheets as plain values: (title, header, rows)."""
    from xxh_desktop.excel.ledger import LEDGER_COLUMNS, PROCUREMENT_COLUMNS, ledger_rows, procurement_rows

    def plain(v: Any) -> Any:
        return float(v) if isinstance(v, Decimal) else v

    return [(title, [c.title for c in columns], [[plain(r.get(c.key)) for c in columns] for r in rows])
            for title, columns, rows in (("项目台账", LEDGER_COLUMNS, ledger_rows(ws)),
                                         ("采购申报", PROCUREMENT_COLUMNS, procurement_rows(ws)))]


def write_only(sheets: list[tuple[str, list[str], list[list[Any]]]], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = wb.create_sheet(title)
        sheet.append([title])
        sheet.append([f"截至{date.today():%Y年%m月%d日}"])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        sheet.append(["合计", None, f"共{len(rows)}个"])
    wb.save(path)


def ledger(db: Path, repeat: int, out: Path) -> dict[str, Any]:
    from xxh_desktop.excel.ledger import export_ledger

    ws = Workspace.open(db)
    ws.user = "性能测试"
    sign_in_as(ws, Role.ENTRY)
    sheets = ledger_values(ws)
    ours, floor = [], []
    for _ in range(repeat):
        ours.append(timed(lambda: export_ledger(ws, out / "台账.xlsx")))
        floor.append(timed(lambda: write_only(sheets, out / "floor-ledger.xlsx")))
    ws.close()
    return {"ours": ours, "floor": floor, "rows": len(sheets[0][2]), "cases": len(sheets[1][2])}


def scale(db: Path, repeat: int, out: Path) -> dict[str, Any]:
    from xxh_desktop.deadlines import project_deadlines
    from xxh_desktop.excel.ledger import export_ledger

    ws = Workspace.open(db)
    ws.user = "性能测试"
    sign_in_as(ws, Role.ENTRY)
    result: dict[str, list[float]] = {"list": [], "deadlines": [], "ledger": []}
    for _ in range(repeat):
        result["list"].append(timed(ws.views.summaries))
        result["deadlines"].append(timed(lambda: project_deadlines(ws)))
        result["ledger"].append(timed(lambda: export_ledger(ws, out / "台账.xlsx")))
    ws.close()
    return result


if __name__ == "__main__":
    what, args = sys.argv[1], sys.argv[2:]
    if what == "pdf":
        emit(pdf(Path(args[0]), args[1], int(args[2]), Path(args[3])))
    elif what == "ledger":
        emit(ledger(Path(args[0]), int(args[1]), Path(args[2])))
    else:
        emit(scale(Path(args[0]), int(args[1]), Path(args[2])))
