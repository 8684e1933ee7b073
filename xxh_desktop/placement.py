"""Where a database may live, judged by the file system a path is on — never by its name.

SQLite's own documentation (howtocorrupt.html §2.1, useovernet.html): network
file systems lie about locks and sync, and a USB stick pulled out or losing
power mid-write corrupts the file. So PRODUCT.md §10 keeps the database on the
computer's own disk, and a USB stick only ever receives finished files.

The verdict is taken after resolving symlinks (a link into a stick is the
stick) and before anything is created:

- Linux: the mount table (`/proc/self/mountinfo`) entry holding the path's
  device — network file systems (nfs, cifs, smb3, sshfs, 9p …) by type, and
  any file system on a block device that sysfs calls removable or finds on
  the USB bus (`/sys/dev/block/MAJ:MIN`), so `/mnt/usbstick` or a bind mount
  of a stick are recognised wherever they are mounted.
- Windows: `GetDriveTypeW` on the path's volume (removable, remote — mapped
  drives — and UNC paths).
- macOS: a volume under `/Volumes` other than the boot volume.

Every platform function takes its system answers as arguments, so the tests
run each one with a faked mount table, sysfs tree or drive type.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "9p", "afs", "ceph", "coda", "glusterfs", "lustre",
    "gfs2", "ocfs2", "davfs", "virtiofs", "vboxsf", "vmhgfs", "prl_fs", "sshfs",
    "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.goofys", "fuse.blobfuse", "fuse.blobfuse2",
    "fuse.glusterfs", "fuse.ceph-fuse", "fuse.cephfs", "fuse.davfs", "fuse.davfs2", "fuse.curlftpfs",
    "fuse.smbnetfs", "fuse.gvfsd-fuse", "fuse.vmhgfs-fuse", "fuse.juicefs", "fuse.mfs", "fuse.lizardfs",
    "fuse.seaweedfs", "fuse.onedriver",
})
# Discs are removable whatever device reports them.
REMOVABLE_FILE_SYSTEMS = frozenset({"iso9660", "udf"})

# Where Linux says what is mounted and what each block device is (tests point these at fakes).
MOUNTINFO = Path("/proc/self/mountinfo")
SYS_ROOT = Path("/sys")

REMOVABLE = ("数据库不能放在U盘、移动硬盘或存储卡上（{where}：拔出或断电会损坏数据），请选择本机硬盘上的位置；"
             "U盘只用于交换 .xxh 文件和存放备份。")
NETWORK = ("数据库不能放在网络共享或网络驱动器上（{where}：网络文件系统的锁和同步不可靠，会损坏数据），"
           "请选择本机硬盘上的位置。")


def problem(path: Path) -> str | None:
    """Why a database must not live at `path` (a removable or network file system), or None."""
    if sys.platform == "win32":
        return windows_problem(str(path))
    real = Path(os.path.abspath(path)).resolve()
    if sys.platform == "darwin":
        return mac_problem(real)
    return linux_problem(real)


# ---------------------------------------------------------------------- Linux


@dataclass(frozen=True)
class Mount:
    device: tuple[int, int]   # major, minor
    mount_point: str
    fstype: str
    source: str


_OCTAL = re.compile(r"\\([0-7]{3})")


def _unescape(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash in paths as octal escapes (\\040)."""
    return _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[Mount]:
    """The entries of a `/proc/self/mountinfo` text, in order (a later mount hides an earlier one)."""
    mounts = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or len(tail) < 2:
            continue
        major, _, minor = fields[2].partition(":")
        if not (major.isdigit() and minor.isdigit()):
            continue
        mounts.append(Mount((int(major), int(minor)), _unescape(fields[4]), tail[0], _unescape(tail[1])))
    return mounts


def _within(path: str, mount_point: str) -> bool:
    return mount_point == "/" or path == mount_point or path.startswith(mount_point.rstrip("/") + "/")


def mount_of(path: Path, device: int | None, mounts: list[Mount]) -> Mount | None:
    """The mount holding `path` (resolved): among the mounts over it, those of its device
    first (a bind mount shows its source's device), the deepest and latest of them."""
    over = [(i, m) for i, m in enumerate(mounts) if _within(str(path), m.mount_point)]
    if device is not None:
        same = [(i, m) for i, m in over if m.device == (os.major(device), os.minor(device))]
        over = same or over
    if not over:
        return None
    return max(over, key=lambda im: (len(im[1].mount_point), im[0]))[1]


def block_device_is_removable(device: tuple[int, int], sys_root: Path, depth: int = 0) -> bool:
    """True when sysfs says the block device (or a disk under it, for dm-crypt/LVM) is removable,
    an SD card, or on the USB bus."""
    try:
        real = (sys_root / "dev" / "block" / f"{device[0]}:{device[1]}").resolve(strict=True)
    except OSError:
        return False
    return _removable_node(real, depth)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""


def _removable_node(node: Path, depth: int) -> bool:
    if any(part.startswith("usb") for part in node.parts):
        return True
    for disk in (node, node.parent):   # a partition's flags are its disk's
        if _read(disk / "removable") == "1" or _read(disk / "device" / "type") == "SD":
            return True
    if depth < 4 and (node / "slaves").is_dir():
        for slave in (node / "slaves").iterdir():
            try:
                if _removable_node(slave.resolve(strict=True), depth + 1):
                    return True
            except OSError:
                continue
    return False


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def device_of(path: Path) -> int | None:
    """The device number of the file system `path` is (or would be created) on."""
    try:
        return os.stat(_nearest_existing(path)).st_dev
    except OSError:
        return None


def linux_problem(real: Path, *, mountinfo: str | None = None, sys_root: Path | None = None,
                  device: int | None = None) -> str | None:
    """The verdict for a resolved path from the mount table and sysfs (both faked by tests)."""
    if mountinfo is None:
        try:
            mountinfo = MOUNTINFO.read_text(encoding="utf-8", errors="surrogateescape")
        except OSError:
            return None   # no mount table (not Linux's /proc): nothing known to refuse
    sys_root = SYS_ROOT if sys_root is None else sys_root
    if device is None:
        device = device_of(real)
    mount = mount_of(real, device, parse_mountinfo(mountinfo))
    if mount is None:
        return None
    where = f"{mount.mount_point}，{mount.fstype}"
    if mount.fstype in NETWORK_FILE_SYSTEMS:
        return NETWORK.format(where=where)
    if mount.fstype in REMOVABLE_FILE_SYSTEMS or block_device_is_removable(_block_device(mount), sys_root):
        return REMOVABLE.format(where=f"{where}，{mount.source}")
    return None


def _block_device(mount: Mount) -> tuple[int, int]:
    """The mount's block device: its own number, or (btrfs and others number their mounts
    anonymously, major 0) the device node it was mounted from."""
    if mount.device[0] == 0 and mount.source.startswith("/dev/"):
        try:
            rdev = os.stat(mount.source).st_rdev
            return os.major(rdev), os.minor(rdev)
        except OSError:
            pass
    return mount.device


# ---------------------------------------------------------------------- Windows

DRIVE_REMOVABLE = 2
DRIVE_REMOTE = 4
DRIVE_CDROM = 5


def _kernel32() -> Any:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.GetDriveTypeW.argtypes = [wintypes.LPCWSTR]
    kernel32.GetDriveTypeW.restype = wintypes.UINT
    kernel32.GetVolumePathNameW.argtypes = [wintypes.LPCWSTR, wintypes.LPWSTR, wintypes.DWORD]
    kernel32.GetVolumePathNameW.restype = wintypes.BOOL
    return kernel32


def _volume_root(path: str, kernel32: Any) -> str:
    """The root of the volume holding `path` (a folder a volume is mounted on counts as its root)."""
    import ctypes

    buffer = ctypes.create_unicode_buffer(1024)
    if kernel32.GetVolumePathNameW(path, buffer, len(buffer)):
        return buffer.value
    return os.path.splitdrive(path)[0] + "\\"


def windows_problem(path: str, *, kernel32: Any = None, volume_root: Callable[[str], str] | None = None,
                    realpath: Callable[[str], str] = os.path.realpath) -> str | None:
    """The verdict from the drive type of the path's volume (`kernel32` and `volume_root` faked by tests)."""
    real = realpath(path)
    if real.startswith("\\\\?\\UNC\\") or (real.startswith("\\\\") and not real.startswith("\\\\?\\")):
        return NETWORK.format(where=f"{real}，网络路径")
    if kernel32 is None:
        kernel32 = _kernel32()
    root = volume_root(real) if volume_root else _volume_root(real, kernel32)
    kind = kernel32.GetDriveTypeW(root)
    if kind == DRIVE_REMOTE:
        return NETWORK.format(where=f"{root}，网络驱动器")
    if kind in (DRIVE_REMOVABLE, DRIVE_CDROM):
        return REMOVABLE.format(where=f"{root}，可移动磁盘")
    return None


# ---------------------------------------------------------------------- macOS


def mac_problem(real: Path, *, stat: Callable[[str], os.stat_result] = os.stat) -> str | None:
    """A volume mounted under /Volumes that is not the boot volume: an external disk, a stick, a share.

    The boot volume's entry in /Volumes is a symlink to «/», so a resolved path never goes through it.
    """
    parts = real.parts
    if len(parts) < 3 or parts[1] != "Volumes":
        return None
    volume = os.path.join("/Volumes", parts[2])
    try:
        device, boot = stat(volume).st_dev, {stat("/").st_dev}
    except OSError:
        return None
    try:
        boot.add(stat("/System/Volumes/Data").st_dev)   # the boot disk's data volume (APFS)
    except OSError:
        pass
    if device in boot:
        return None
    return REMOVABLE.format(where=f"{volume}，外接磁盘或网络共享")


# ---------------------------------------------------------------------- read-only places


def read_only_reason(path: Path) -> str | None:
    """Why the database at `path` can only be read here (a read-only mount, folder or file), or None."""
    folder = _nearest_existing(Path(os.path.abspath(path)).parent)
    if hasattr(os, "statvfs"):
        try:
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return f"数据库所在的磁盘以只读方式挂载（{folder}）"
        except OSError:
            pass
    if path.exists() and not os.access(path, os.W_OK):
        return f"数据库文件 {path} 是只读的（没有写入权限）"
    if not os.access(folder, os.W_OK):
        return f"数据库所在的文件夹 {folder} 是只读的（没有写入权限）"
    return None
