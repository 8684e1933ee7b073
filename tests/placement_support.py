"""A faked Linux mount table and sysfs (`placement.MOUNTINFO`, `placement.SYS_ROOT`) for real
folders under a test's tmp_path: a USB stick, a removable card, a network share, an ordinary disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xxh_desktop import placement

USB_DISK = "devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb"
SATA_DISK = "devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda"


class FakeMounts:
    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.sys = root / "sys"
        self.mountinfo = root / "mountinfo"
        self.devices: dict[str, int] = {}   # mount point → its (fake) device number
        root.mkdir(parents=True, exist_ok=True)
        real = os.stat(root).st_dev
        self.lines = [f"1 0 {os.major(real)}:{os.minor(real)} / / rw,relatime - ext4 /dev/vda rw"]
        self._write()
        real_device_of = placement.device_of

        def device_of(path: Path) -> int | None:
            text = str(path)
            for point, device in sorted(self.devices.items(), key=lambda kv: -len(kv[0])):
                if text == point or text.startswith(point + "/"):
                    return device
            return real_device_of(path)

        monkeypatch.setattr(placement, "MOUNTINFO", self.mountinfo)
        monkeypatch.setattr(placement, "SYS_ROOT", self.sys)
        monkeypatch.setattr(placement, "device_of", device_of)

    def _write(self) -> None:
        self.mountinfo.write_text("\n".join(self.lines) + "\n", encoding="utf-8")

    def mount(self, point: Path, fstype: str, source: str, major: int, minor: int, *,
              disk: str | None = None, removable: bool = False, read_only: bool = False) -> Path:
        """A real folder at `point`, listed in the mount table as `fstype` from `source`."""
        point.mkdir(parents=True, exist_ok=True)
        point = point.resolve()
        escaped = str(point).replace("\\", "\\134").replace(" ", "\\040")
        options = "ro" if read_only else "rw"
        self.lines.append(f"{len(self.lines) + 30} 1 {major}:{minor} / {escaped} {options},relatime - "
                          f"{fstype} {source} {options}")
        self.devices[str(point)] = os.makedev(major, minor)
        self._write()
        if disk:
            node = self.sys / disk / source.rpartition("/")[2]
            node.mkdir(parents=True, exist_ok=True)
            (self.sys / disk / "removable").write_text("1\n" if removable else "0\n")
            link = self.sys / "dev" / "block" / f"{major}:{minor}"
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(node)
        return point

    def stick(self, point: Path, fstype: str = "vfat") -> Path:
        """A USB stick (sdb1 on the USB bus), its removable flag unset as many sticks report it."""
        return self.mount(point, fstype, "/dev/sdb1", 8, 17, disk=USB_DISK)

    def card(self, point: Path) -> Path:
        """A card in a built-in reader: not on USB, but removable."""
        return self.mount(point, "exfat", "/dev/sdc1", 8, 33,
                          disk="devices/pci0000:00/0000:00:1f.2/ata3/host2/target2:0:0/2:0:0:0/block/sdc",
                          removable=True)

    def disk(self, point: Path, fstype: str = "ext4") -> Path:
        """A second internal SATA disk."""
        return self.mount(point, fstype, "/dev/sda1", 8, 1, disk=SATA_DISK)

    def share(self, point: Path, fstype: str = "nfs4", source: str = "fileserver:/export/office") -> Path:
        return self.mount(point, fstype, source, 0, 60)
