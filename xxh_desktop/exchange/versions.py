"""Each side's part of a record, versioned on its own (docs/xxh-format.md §4).

The sender counts the versions of its own part and sends the last few
(number and SM3), with what it last received of the receiver's part. The
receiver keeps what it sent and what it received (`ws.parts`), so it can tell:
whether the sender's part descends from what it last took in (an update), is
one it took in before (a replay), or forks from it (a conflict: a restored
backup, a second machine); and whether the receiver's part in the package is
what it holds or what it once sent (a stale copy), or something it never said
(a forgery, refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain.fields import Side
from ..storage.exchange import PartVersion
from .parts import digest, is_blank, part

if TYPE_CHECKING:
    from ..workspace import Workspace

HISTORY = 20   # versions of its own part a package lists


def other(side: Side) -> Side:
    return Side.UNIT if side == Side.OFFICE else Side.OFFICE


def own_versions(ws: Workspace, kind: str, record: dict[str, Any], side: Side) -> dict[str, Any]:
    """The `versions` a package carries for `record`, recording a new own version when the part changed."""
    mine = part(kind, record, side)
    h = digest(mine)
    latest = ws.parts.latest(kind, record["id"], side)
    if latest is None or latest.sm3 != h:
        ws.parts.add(kind, record["id"], side, (latest.version if latest else 0) + 1, h, mine)
    history = ws.parts.versions(kind, record["id"], side)[-HISTORY:]
    seen = ws.parts.latest(kind, record["id"], other(side))
    return {"sender": {"version": history[-1].version, "sm3": history[-1].sm3,
                       "history": [[v.version, v.sm3] for v in history]},
            "seen": {"version": seen.version, "sm3": seen.sm3} if seen else None}


# How the sender's part relates to what this side last took in.
NEW = "新增"
SAME = "无变化"
DESCENDS = "更新"
REPLAY = "旧版本（忽略）"
FORK = "冲突"


@dataclass(frozen=True)
class Verdict:
    sender_part: str                # one of NEW, SAME, DESCENDS, REPLAY, FORK
    receiver_stale: bool            # the package holds an older version of our part
    receiver_forged: list[str]      # keys of our part the package changed on its own: refuse
    # The sender says it saw a version of our part that we do not hold (we restored a backup, or
    # the file lies): what it carries of our part cannot be checked, and is refused as changed.
    receiver_unverified: bool = False


def judge(ws: Workspace, kind: str, local: dict[str, Any] | None, incoming: dict[str, Any],
          sender: Side) -> Verdict:
    """Compare one incoming record with ours, part by part."""
    me = other(sender)
    theirs_in, mine_in = part(kind, incoming, sender), part(kind, incoming, me)
    sent = incoming["versions"]["sender"]
    if local is None:
        forged = [] if is_blank(mine_in) else [k for k, v in mine_in.items() if v not in (None, "", 0, [], {})]
        return Verdict(NEW, False, forged)
    theirs_here, mine_here = part(kind, local, sender), part(kind, local, me)
    forged, stale, unverified = _receiver_part(ws, kind, local["id"], me, mine_in, mine_here,
                                               incoming["versions"]["seen"])
    if digest(theirs_in) == digest(theirs_here):
        return Verdict(SAME, stale, forged, unverified)
    received = ws.parts.versions(kind, local["id"], sender)
    last = received[-1] if received else None
    history = {tuple(v) for v in sent["history"]}
    if last is None:
        verdict = DESCENDS if is_blank(theirs_here) else FORK
    elif (last.version, last.sm3) in history and sent["version"] > last.version:
        verdict = DESCENDS
    elif any((v.version, v.sm3) == (sent["version"], sent["sm3"]) for v in received):
        verdict = REPLAY
    else:
        verdict = FORK
    return Verdict(verdict, stale, forged, unverified)


def _receiver_part(ws: Workspace, kind: str, record_id: str, me: Side, mine_in: dict[str, Any],
                   mine_here: dict[str, Any], seen: dict[str, Any] | None) -> tuple[list[str], bool, bool]:
    """(keys forged, stale, unverified): our part in the package must be ours now, or one we sent
    the sender."""
    if digest(mine_in) == digest(mine_here):
        return [], False, False
    if seen is None:
        reference: dict[str, Any] = {k: v for k, v in mine_in.items() if v in (None, "", 0, [], {})}
        if len(reference) == len(mine_in):   # nothing of ours ever reached the sender
            return [], True, False
        return [k for k in mine_in if k not in reference], False, False
    ours = {v.version: v for v in ws.parts.versions(kind, record_id, me)}
    sent = ours.get(seen["version"])
    held = sent is not None and sent.sm3 == seen["sm3"]
    if held and digest(mine_in) == sent.sm3:
        return [], True, False
    against = sent.content if held else mine_here
    keys = list(mine_in) + [k for k in against if k not in mine_in]
    return [k for k in keys if mine_in.get(k) != against.get(k)] or list(mine_in)[:1], False, not held


def took_in(ws: Workspace, kind: str, incoming: dict[str, Any], sender: Side) -> None:
    """Remember the sender's part as received: the versions it lists, the newest with its content.
    A fork the clerk settled replaces the line we held: the sender's line is the one it goes on from."""
    sent = incoming["versions"]["sender"]
    line = [PartVersion(v, sm3, {}) for v, sm3 in sent["history"] if v != sent["version"]]
    line.append(PartVersion(sent["version"], sent["sm3"], part(kind, incoming, sender)))
    ws.parts.reset(kind, incoming["id"], sender, line)
