"""Import of a department's .xxh at the office, beside the floor of reading and hashing its bytes.

    python exchange_import.py OFFICE_DB WORKDIR PROJECTS REPEAT

A department (县应急管理局) on its own machine declares PROJECTS projects through its
owners, each with the five 第八条 materials at the middle sizes of
`demo_synthetic.MATERIAL_KB` (about 0.5 MB a project, incompressible like the PDFs and
scans real ones are), after both machines registered each other as two real ones do
(`export_registration`, the fingerprint checked). It exports them all in one file.

- ours: a copy of OFFICE_DB (the benchmark's county) takes the file in:
  ``preview_import`` (with ``backup_ahead``, as ``xxh import-xxh --yes`` and the window ask)
  then ``apply_import`` with the department's fingerprint (its first file), the backup before
  the import and its full check included; a fresh copy each time;
- floor: the same bytes read and hashed: the file's SM3, and every zip member read and its
  SM3 computed.

One JSON line: {"ours": [s…], "floor": [s…], "size_mb", "attachments", "export_s", "backup_s"}.
"""

from __future__ import annotations

import random
import shutil
import sys
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import copy_county, emit, median, sign_in_as, timed  # noqa: E402

from xxh_desktop.demo_synthetic import MATERIAL_KB  # noqa: E402
from xxh_desktop.domain.accounts import Role  # noqa: E402
from xxh_desktop.domain.declaration import Declaration  # noqa: E402
from xxh_desktop.domain.fields import Side  # noqa: E402
from xxh_desktop.domain.materials import DECLARATION_KINDS  # noqa: E402
from xxh_desktop.domain.stages import Stage  # noqa: E402
from xxh_desktop.exchange import apply_import, export_package, export_registration, preview_import  # noqa: E402
from xxh_desktop.exchange.signing import fingerprint, own_public_key  # noqa: E402
from xxh_desktop.hashing import sm3_hex  # noqa: E402
from xxh_desktop.lifecycle import move_stage  # noqa: E402
from xxh_desktop.storage import backup  # noqa: E402
from xxh_desktop.workspace import Workspace  # noqa: E402

DEPT = "县应急管理局"


def department(folder: Path, projects: int) -> Workspace:
    folder.mkdir()
    ws = Workspace.open(folder / "dept.db")
    ws.settings.choose_side(Side.UNIT, DEPT)
    ws.user = DEPT
    rng = random.Random(16)
    for n in range(projects):
        name = f"应急管理业务协同系统（第{n + 1}期）"
        pid = ws.projects.create(name, DEPT, 2027)
        ws.declarations.save(pid, Declaration(
            applicant_unit=DEPT, declared_on=date(2026, 9, 1), leader="李建国", contact="吴俊",
            phone="0564-7015110", email="yjj_jz@jinzhai.gov.cn", project_name=name,
            start_month=date(2027, 3, 1), end_month=date(2027, 11, 1), investment=Decimal("120"),
            fund_fiscal=Decimal("120"), content=f"建设{name}，依托县云计算中心部署。", dept_opinion="同意申报"))
        for kind in DECLARATION_KINDS:
            size = MATERIAL_KB[kind][1] * 1024
            ws.materials.attach(pid, kind, f"{kind}.pdf", b"%PDF-1.7\n" + rng.randbytes(size))
        result = move_stage(ws, pid, Stage.DECLARED, on=date(2026, 9, 1))
        if not result.ok:
            raise RuntimeError(f"the department could not declare: {result.refusals}")
    return ws


def register(office: Workspace, dept: Workspace, folder: Path) -> None:
    """The office registers the unit; the unit takes in the office's key (fingerprint checked)."""
    path = folder / "登记.xxh"
    export_registration(office, DEPT, path)
    with preview_import(dept, path) as preview:
        apply_import(dept, preview, trust_key=fingerprint(own_public_key(office)))


def read_and_hash(path: Path) -> None:
    sm3_hex(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            sm3_hex(zf.read(info))


def main(office_db: Path, work: Path, projects: int, repeat: int) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    base = copy_county(office_db, work / "office-base")
    office = Workspace.open(base)
    office.user = "县智慧办"
    sign_in_as(office, Role.ADMIN)   # registering a unit's key is 系统管理's
    dept = department(work / "department", projects)
    register(office, dept, work)
    office.close()
    package = work / "申报.xxh"
    export_s = timed(lambda: export_package(dept, [p.id for p in dept.projects.all()], package))
    trust = fingerprint(own_public_key(dept))
    dept.close()
    with zipfile.ZipFile(package) as zf:
        attachments = sum(1 for i in zf.infolist() if i.filename.startswith("attachments/"))
        payload = sum(i.file_size for i in zf.infolist())

    ours, floor, backups = [], [], []
    for n in range(repeat):
        target = copy_county(base, work / f"office-{n}")
        ws = Workspace.open(target)
        ws.user = "县智慧办"
        sign_in_as(ws, Role.ENTRY)   # importing a file is 业务录入's

        def take_in() -> None:
            with preview_import(ws, package, backup_ahead=True) as preview:   # as `xxh import --yes` does
                result = apply_import(ws, preview, trust_key=trust)
            if not result.changed:
                raise RuntimeError(f"nothing imported: {result.message}")

        ours.append(timed(take_in))
        sign_in_as(ws, Role.ADMIN)   # a backup is 系统管理's
        backups.append(timed(lambda: backup.automatic_backup(ws, "benchmark")))
        ws.close()
        floor.append(timed(lambda: read_and_hash(package)))
        shutil.rmtree(target.parent)
    return {"ours": ours, "floor": floor, "size_mb": package.stat().st_size / 1e6, "payload_mb": payload / 1e6,
            "attachments": attachments, "projects": projects, "export_s": export_s, "backup_s": median(backups)}


if __name__ == "__main__":
    emit(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])))
