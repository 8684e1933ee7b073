"""A table row taller than a page, cut into rows that fit one.

reportlab splits a table between rows, never inside one: a row taller than
the frame stops the whole document with a LayoutError. `fit_rows` measures
every row below the repeated head; one that would not fit on an empty page
under that head becomes several rows (parts), each cell's paragraphs
continuing from one to the next, the other cells left blank below the first.
The parts are ruled around, not between, so they read as the one row they are.
Commands that name a cut row follow it: a one-row SPAN is repeated in every
part, a NOSPLIT around it is dropped (what is taller than a page cannot be
kept together).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

Command = tuple
# a cut row's parts are at most this share of a page: the first fills what is left of the page it
# starts on, instead of leaving that blank
PART = 0.25


def _spans(commands: Sequence[Command], nrows: int, ncols: int) -> dict[tuple[int, int], int]:
    """(column, row) of each spanned cell → the last column it spans."""
    out = {}
    for name, (c0, r0), (c1, _r1), *_ in commands:
        if name == "SPAN":
            out[(c0, r0 + nrows if r0 < 0 else r0)] = c1 + ncols if c1 < 0 else c1
    return out


def _height(content: object, width: float) -> float:
    if not isinstance(content, (list, tuple)):
        return 0.0
    return sum(f.wrap(width, 1e9)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in content)


def _cut(content: list[Flowable], width: float, room: float) -> list[list[Flowable]]:
    """The cell's flowables in parts no taller than ``room``, paragraphs split where they must."""
    parts: list[list[Flowable]] = []
    part: list[Flowable] = []
    left = room
    queue = list(content)
    while queue:
        f = queue.pop(0)
        h = f.wrap(width, room)[1] + f.getSpaceBefore() + f.getSpaceAfter()
        if h <= left:
            part.append(f)
            left -= h
            continue
        pieces = f.split(width, left) if left > 0 else []
        if len(pieces) == 2:
            part.append(pieces[0])
            queue.insert(0, pieces[1])
        elif part:
            queue.insert(0, f)
        else:   # nothing of it fits even an empty part: it goes whole (cannot happen for text)
            part.append(f)
        parts.append(part)
        part, left = [], room
    if part:
        parts.append(part)
    return parts


def fit_rows(rows: Sequence[Sequence[object]], widths: Sequence[float], commands: Sequence[Command], *,
             repeat_rows: int, room: float, pad_x: float, pad_y: float) -> tuple[list[list], list[Command]]:
    """``rows`` and ``commands`` with every row taller than ``room`` (an empty page's height)
    less the repeated rows cut into rows that fit; ``pad_x`` and ``pad_y`` are a cell's
    padding on each side and top plus bottom."""
    nrows = len(rows)
    spans = _spans(commands, nrows, len(widths))

    def inner(c: int, r: int) -> float:
        return sum(widths[c:spans.get((c, r), c) + 1]) - 2 * pad_x

    def height(r: int) -> float:
        return max((_height(v, inner(c, r)) for c, v in enumerate(rows[r])), default=0.0) + pad_y

    # the head is measured as if its rows were not spanned over each other: more than it takes
    limit = room - sum(height(r) for r in range(repeat_rows)) - 1
    part = (limit - pad_y) * PART
    counts = [1] * nrows
    out: list[list] = []
    for r, row in enumerate(rows):
        if r < repeat_rows or height(r) <= limit:
            out.append(list(row))
            continue
        parts = [_cut(list(v), inner(c, r), part) if isinstance(v, (list, tuple)) and v else [v]
                 for c, v in enumerate(row)]
        counts[r] = max(len(p) for p in parts)
        out += [[p[k] if k < len(p) else "" for p in parts] for k in range(counts[r])]
    if nrows == len(out):
        return out, list(commands)
    first = [sum(counts[:r]) for r in range(nrows)]
    cut = {r for r in range(nrows) if counts[r] > 1}
    joined = {first[r] + k for r in cut for k in range(counts[r] - 1)}   # no rule below these
    remapped: list[Command] = []
    for name, (c0, r0), (c1, r1), *rest in commands:
        r0, r1 = (r0 + nrows if r0 < 0 else r0), (r1 + nrows if r1 < 0 else r1)
        top, bottom = first[r0], first[r1] + counts[r1] - 1
        if name == "SPAN" and r0 == r1 and r0 in cut:
            remapped += [(name, (c0, top + k), (c1, top + k), *rest) for k in range(counts[r0])]
        elif name == "NOSPLIT" and cut & set(range(r0, r1 + 1)):
            continue
        elif name == "GRID":
            # the parts of a row read as one: ruled around them, not between them (so a row that
            # runs on to the next page is left open at the page's foot)
            remapped += [("LINEABOVE", (c0, top), (c1, top), *rest), ("LINEBEFORE", (c0, top), (c1, bottom), *rest),
                         ("LINEAFTER", (c1, top), (c1, bottom), *rest),
                         *(("LINEBELOW", (c0, r), (c1, r), *rest) for r in range(top, bottom + 1) if r not in joined)]
        else:
            remapped.append((name, (c0, top), (c1, bottom), *rest))
    return out, remapped
