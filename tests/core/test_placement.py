"""Placement by the file system, not the path (issue 17, failure 4): a faked mount table and sysfs
on Linux, faked drive types on Windows, a faked volume table on macOS — over real folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from xxh_desktop import paths, placement
from xxh_desktop.errors import XxhError
from xxh_desktop.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


def _nothing_in(folder: Path) -> bool:
    return not any(folder.rglob("*"))


# ---------------------------------------------------------------------- the mount table


def test_the_mount_table_is_read_with_its_escapes() -> None:
    text = ("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
            "40 27 8:17 / /media/li/KINGSTON\\040U rw,nosuid - vfat /dev/sdb1 rw,uid=1000\n"
            "41 27 0:52 / /srv/share rw shared:7 - cifs //fs/office rw,vers=3.0\n")
    mounts = placement.parse_mountinfo(text)
    assert [(m.mount_point, m.fstype, m.source, m.device) for m in mounts] == [
        ("/", "ext4", "/dev/vda", (254, 0)),
        ("/media/li/KINGSTON U", "vfat", "/dev/sdb1", (8, 17)),
        ("/srv/share", "cifs", "//fs/office", (0, 52))]


def test_the_deepest_mount_of_the_files_device_holds_it() -> None:
    mounts = placement.parse_mountinfo(
        "1 0 254:0 / / rw - ext4 /dev/vda rw\n"
        "2 1 8:17 / /home/li/stick rw - vfat /dev/sdb1 rw\n"
        "3 1 254:0 /srv /home/li/stick rw - ext4 /dev/vda rw\n")   # over-mounted later by a bind mount
    path = Path("/home/li/stick/xxh.db")
    assert placement.mount_of(path, os.makedev(254, 0), mounts).mount_point == "/home/li/stick"
    assert placement.mount_of(path, os.makedev(254, 0), mounts).fstype == "ext4"
    assert placement.mount_of(path, os.makedev(8, 17), mounts).fstype == "vfat"
    assert placement.mount_of(Path("/etc/x"), None, mounts).mount_point == "/"


@pytest.mark.parametrize("fstype", ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "9p", "virtiofs", "vboxsf"])
def test_a_network_file_system_anywhere_is_refused(fake_mounts, tmp_path: Path, fstype: str) -> None:
    share = fake_mounts.share(tmp_path / "srv" / "office", fstype=fstype)
    with pytest.raises(XxhError, match="网络") as refused:
        Workspace.open(share / "xxh.db")
    assert fstype in str(refused.value)
    assert _nothing_in(share)


@pytest.mark.parametrize("fstype", ["vfat", "exfat", "ntfs3", "fuseblk", "ext4"])
def test_a_usb_stick_is_refused_wherever_it_is_mounted(fake_mounts, tmp_path: Path, fstype: str) -> None:
    # /mnt/usbstick passed the old «/media/ or /run/media/» test.
    stick = fake_mounts.stick(tmp_path / "mnt" / "usbstick", fstype=fstype)
    with pytest.raises(XxhError, match="U盘"):
        Workspace.open(stick / "数据" / "xxh.db")
    assert _nothing_in(stick)


def test_a_card_in_a_built_in_reader_is_removable(fake_mounts, tmp_path: Path) -> None:
    card = fake_mounts.card(tmp_path / "card")
    assert "U盘" in (placement.problem(card / "xxh.db") or "")


def test_a_second_internal_disk_and_the_home_folder_are_accepted(fake_mounts, tmp_path: Path) -> None:
    data = fake_mounts.disk(tmp_path / "data-disk")
    assert placement.problem(data / "xxh.db") is None
    assert placement.problem(tmp_path / "home" / "xxh.db") is None
    with Workspace.open(data / "xxh.db") as ws:
        assert ws.check() == []


def test_a_folder_named_media_on_the_internal_disk_is_accepted(fake_mounts, tmp_path: Path) -> None:
    assert placement.problem(tmp_path / "media" / "usb0" / "xxh.db") is None


def test_a_symlink_into_a_stick_is_the_stick_and_nothing_is_created(fake_mounts, tmp_path: Path) -> None:
    # `init` used to create the database through the link, and the next command refused the same path.
    stick = fake_mounts.stick(tmp_path / "media" / "KINGSTON")
    link = tmp_path / "home" / "数据"
    link.parent.mkdir()
    link.symlink_to(stick)
    with pytest.raises(XxhError, match="U盘"):
        Workspace.open(link / "新建" / "xxh.db")
    assert _nothing_in(stick)


def test_a_bind_mount_of_a_stick_is_the_stick(fake_mounts, tmp_path: Path) -> None:
    fake_mounts.stick(tmp_path / "media" / "KINGSTON")
    bound = fake_mounts.mount(tmp_path / "home" / "li" / "备份盘", "vfat", "/dev/sdb1", 8, 17)
    assert "U盘" in (placement.problem(bound / "xxh.db") or "")


def test_the_cli_refuses_a_stick_before_creating_anything(fake_mounts, tmp_path: Path, capsys) -> None:
    from xxh_desktop import cli

    stick = fake_mounts.stick(tmp_path / "mnt" / "usbstick")
    assert cli.main(["--db", str(stick / "xxh.db"), "init"]) == 1
    assert "U盘" in capsys.readouterr().err
    assert _nothing_in(stick)


def test_this_machines_own_mount_table_accepts_the_test_folder(tmp_path: Path) -> None:
    # The real /proc/self/mountinfo and /sys of the machine the tests run on.
    assert placement.problem(tmp_path / "xxh.db") is None


# ---------------------------------------------------------------------- Windows


class _Kernel32:
    """A stand-in for kernel32: drive types by volume root."""

    def __init__(self, types: dict[str, int]) -> None:
        self.types = types
        self.asked: list[str] = []

    def GetDriveTypeW(self, root: str) -> int:  # noqa: N802 (the Windows API's name)
        self.asked.append(root)
        return self.types.get(root.upper(), 3)


def _volume_root(path: str) -> str:
    if path.upper().startswith("C:\\MOUNTED\\STICK"):
        return "C:\\Mounted\\Stick\\"   # a volume mounted on a folder (GetVolumePathNameW)
    return path[:3]


@pytest.mark.parametrize(("path", "types", "expected"), [
    ("E:\\xxh\\xxh.db", {"E:\\": placement.DRIVE_REMOVABLE}, "U盘"),
    ("Z:\\办公室\\xxh.db", {"Z:\\": placement.DRIVE_REMOTE}, "网络"),       # a mapped drive
    ("C:\\Mounted\\Stick\\xxh.db", {"C:\\MOUNTED\\STICK\\": placement.DRIVE_REMOVABLE}, "U盘"),
    ("D:\\光盘\\xxh.db", {"D:\\": placement.DRIVE_CDROM}, "U盘"),
    ("C:\\Users\\li\\AppData\\Roaming\\xxh-desktop\\xxh.db", {}, None),
])
def test_windows_asks_the_drive_type_of_the_volume(path: str, types: dict[str, int], expected: str | None) -> None:
    kernel32 = _Kernel32(types)
    verdict = placement.windows_problem(path, kernel32=kernel32, volume_root=_volume_root, realpath=lambda p: p)
    assert (expected in verdict) if expected else verdict is None
    assert kernel32.asked == [_volume_root(path)]


@pytest.mark.parametrize("path", ["\\\\fileserver\\office\\xxh.db", "\\\\?\\UNC\\fileserver\\office\\xxh.db"])
def test_windows_refuses_a_unc_path_without_asking(path: str) -> None:
    kernel32 = _Kernel32({})
    assert "网络" in placement.windows_problem(path, kernel32=kernel32, volume_root=_volume_root,
                                              realpath=lambda p: p)
    assert kernel32.asked == []


def test_windows_resolves_links_before_asking() -> None:
    # A junction on C: pointing into a share is the share.
    kernel32 = _Kernel32({})
    verdict = placement.windows_problem("C:\\数据\\xxh.db", kernel32=kernel32, volume_root=_volume_root,
                                        realpath=lambda p: "\\\\fileserver\\office\\xxh.db")
    assert "网络" in verdict


def test_a_redirected_appdata_falls_back_to_local_appdata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XXH_DATA_DIR", raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", "\\\\fileserver\\profiles\\li\\AppData\\Roaming")
    monkeypatch.setenv("LOCALAPPDATA", "C:\\Users\\li\\AppData\\Local")
    monkeypatch.setattr(placement, "problem",
                        lambda p: placement.windows_problem(str(p), kernel32=_Kernel32({}),
                                                            volume_root=_volume_root, realpath=lambda q: q))
    assert str(paths.default_data_dir()).endswith("xxh-desktop")
    assert str(paths.default_data_dir()).startswith("C:\\Users\\li\\AppData\\Local")
    notice = paths.roaming_fallback_notice()
    assert "\\\\fileserver\\profiles" in notice and "C:\\Users\\li\\AppData\\Local" in notice
    monkeypatch.setenv("APPDATA", "C:\\Users\\li\\AppData\\Roaming")
    assert str(paths.default_data_dir()).startswith("C:\\Users\\li\\AppData\\Roaming")
    assert paths.roaming_fallback_notice() is None


# ---------------------------------------------------------------------- macOS


def test_macos_refuses_volumes_other_than_the_boot_volume() -> None:
    devices = {"/": 1, "/System/Volumes/Data": 2, "/Volumes/KINGSTON": 7, "/Volumes/Macintosh HD - Data": 2}

    class Stat:
        def __init__(self, device: int) -> None:
            self.st_dev = device

    def stat(path: str) -> Stat:
        if path not in devices:
            raise FileNotFoundError(path)
        return Stat(devices[path])

    assert "U盘" in placement.mac_problem(Path("/Volumes/KINGSTON/xxh.db"), stat=stat)
    assert placement.mac_problem(Path("/Volumes/Macintosh HD - Data/Users/li/xxh.db"), stat=stat) is None
    assert placement.mac_problem(Path("/Users/li/Library/Application Support/xxh-desktop/xxh.db"), stat=stat) is None


# ---------------------------------------------------------------------- read-only places


def test_a_read_only_mount_is_told_from_a_damaged_file(tmp_path: Path) -> None:
    from readonly_support import read_only

    folder = tmp_path / "ro"
    folder.mkdir()
    Workspace.open(folder / "xxh.db").close()
    with read_only(folder):
        reason = placement.read_only_reason(folder / "xxh.db")
        assert reason and "只读" in reason
        assert "损坏" not in reason


def test_the_core_never_imports_a_windows_module_on_linux() -> None:
    # The ctypes calls are made only on Windows: importing and judging a path here needs none.
    code = ("import sys; from pathlib import Path; from xxh_desktop import placement; "
            "placement.problem(Path('/tmp/x.db')); print('ctypes.wintypes' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_an_empty_mount_table_refuses_nothing(tmp_path: Path) -> None:
    assert placement.linux_problem(tmp_path / "x.db", mountinfo="") is None
