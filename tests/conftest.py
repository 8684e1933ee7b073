"""Shared fixtures. Every test gets its own data folder; Qt runs offscreen."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from xxh_desktop.domain.fields import Side  # noqa: E402
from xxh_desktop.workspace import Workspace  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("XXH_DATA_DIR", str(data))
    return data


@pytest.fixture
def fake_mounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A faked Linux mount table and sysfs over real folders (tests/placement_support.py)."""
    from placement_support import FakeMounts

    return FakeMounts(tmp_path / "fake-system", monkeypatch)


@pytest.fixture
def ws(tmp_path: Path):
    """A fresh office machine (县智慧办)."""
    workspace = Workspace.open(tmp_path / "ws.db")
    workspace.user = "测试员"
    workspace.settings.choose_side(Side.OFFICE)
    yield workspace
    if not workspace.closed:
        workspace.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from xxh_desktop.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Workspace.open(path) as workspace:
        load_demo(workspace)   # an office machine (the demo chooses it on a new file)
    return path


@pytest.fixture
def demo_ws(tmp_path: Path, _demo_template: Path):
    # The database travels with its data folder's machine key and anchors, or its audit chain would
    # not verify (machine_key.py, audit_anchors.py).
    folder = tmp_path / "demo"
    folder.mkdir()
    for companion in (_demo_template, *_demo_template.parent.glob("demo.db.anchors"),
                      _demo_template.parent / "machine.key"):
        shutil.copyfile(companion, folder / companion.name)
    workspace = Workspace.open(folder / "demo.db")
    workspace.user = "测试员"
    yield workspace
    if not workspace.closed:
        workspace.close()
