"""附件2 item rows from an .xlsx a department already has (PRODUCT.md §9).

The file is untrusted. Before openpyxl sees it: it must be a regular file (a
FIFO or a device is never opened), not an OLE file (old .xls, or encrypted),
and its zip is bounded in total, per part and per compression ratio, with no
part of more than MAX_PART_TAGS XML elements and no row of more than
MAX_ROW_TAGS, whatever the parts are called and whichever namespace prefixes
they use (a zip bomb or an XML bomb is refused unopened); openpyxl parses its XML through defusedxml (installed as a
dependency; a test asserts that openpyxl picked it up), and reads a bounded
number of visible sheets, rows and columns. The header row is found by its
names (采购品目, 规格型号, 数量, 单价; money in 元, never 万元) in the first
rows of the first visible sheet that has them; every bad row, a row after
the 合计 line included, gets a Chinese message naming its Excel row number,
held to the form's own rules (`validate_item`, `text_problem`), and
`ImportResult.items(take_good_only)` gives nothing while a row is bad unless
the user chose to take only the good ones.
"""

from __future__ import annotations

import copy
import errno
import itertools
import re
import stat
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..domain.procurement import ProcurementItem
from ..domain.text import shown, text_problem
from ..domain.validation import AMOUNT_LIMIT, QUANTITY_LIMIT, validate_item
from ..errors import XxhError

MiB = 1024 * 1024
MAX_FILE_BYTES = 20 * MiB        # an item list is a few KB; 20 MB is generous
# Inflated sizes. A list at the row limit (10,000 rows), every cell styled and its strings inline
# as openpyxl writes them, has 3.9 MB of sheet XML and 4.1 MB in all; a hand-made list is a few KB.
# openpyxl builds objects 50-100 times the size of the XML it reads (a 90 MB styles.xml took over
# 5 GB), so these, with MAX_ROW_TAGS, keep one import within a few hundred MB.
MAX_UNCOMPRESSED_BYTES = 12 * MiB  # the zip's members together
MAX_SHEET_BYTES = 8 * MiB          # one worksheet or the shared strings
MAX_PART_BYTES = 1 * MiB           # any other XML part (styles, workbook, rels): a few KB each in practice
MAX_RATIO = 100                    # inflated / compressed, per member, as the .xxh reader holds it ...
RATIO_GRACE = 256 * 1024           # ... once a member inflates beyond this (real sheet XML packs ~10-30:1)
MAX_MEMBERS = 2000
MAX_ROWS = 10_000
MAX_ROW_TAGS = 20_000              # XML elements in one <row>: openpyxl builds a whole row before it cuts it
# XML elements: a list at the row limit, every cell styled, has ~260,000 in its sheet.
MAX_PART_TAGS = 400_000            # in one part: what openpyxl builds objects for
MAX_PARSE_TAGS = 1_200_000         # sheet entries × the most of one worksheet (see _check_parts)
MAX_COLS = 64                      # the form has 6 columns; openpyxl pads rows to the declared width
MAX_SHEETS = 10                    # visible worksheets scanned for the header
HEADER_SCAN_ROWS = 30
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # CFB: an old .xls, or any Office file with a password
REQUIRED = {"item": "采购品目", "spec": "规格型号", "quantity": "数量", "unit_price": "单价"}
OPTIONAL = {"amount": "金额"}
MONEY = ("unit_price", "amount")   # columns that must be in 元, not 万元 (元/台 and 含税 are fine)
SHOWN = 30                         # characters of a cell quoted in a message


@dataclass(frozen=True)
class RowError:
    row: int        # the row number Excel shows
    message: str    # «第5行：数量“两台”不是整数»


@dataclass
class ImportResult:
    sheet: str
    header_row: int
    good: list[tuple[int, ProcurementItem]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def items(self, *, take_good_only: bool = False) -> list[ProcurementItem]:
        """The rows to import: all of them, or none while any is bad — unless
        the user chose to take only the good rows."""
        if self.errors and not take_good_only:
            raise XxhError(
                f"Excel 中有 {len(self.errors)} 行有错，未导入任何行：\n"
                + "\n".join(e.message for e in self.errors)
                + "\n请改正后重新导入，或选择只导入正确的行。")
        return [item for _, item in self.good]


def _os_problem(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取这个文件的权限"
    return f"系统错误 {exc.errno}，请检查文件是否仍在、能否在 Excel 或 WPS 中打开"


def check_container(path: Path) -> None:
    """Refuse what is not a regular file, too big, not an .xlsx zip, or inflates too far —
    before anything is opened (a FIFO would block, /dev/zero would never end)."""
    name = path.name
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise XxhError(f"找不到文件 {name}，可能已被移动或删除。") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise XxhError(f"文件 {name} 是循环的快捷方式（符号链接），无法打开。") from exc
        raise XxhError(f"无法读取文件 {name}：{_os_problem(exc)}。") from exc
    if stat.S_ISDIR(info.st_mode):
        raise XxhError(f"{name} 是一个文件夹，不是 Excel 文件。")
    if not stat.S_ISREG(info.st_mode):
        raise XxhError(f"{name} 不是普通文件（可能是设备或管道），不能作为 Excel 文件导入。")
    if info.st_size > MAX_FILE_BYTES:
        raise XxhError(f"文件 {name} 有 {info.st_size // MiB} MB，超过 {MAX_FILE_BYTES // MiB} MB 的上限，"
                       "不像是一张采购明细表，未导入。")
    try:
        with path.open("rb") as handle:
            signature = handle.read(len(OLE_SIGNATURE))
    except OSError as exc:
        raise XxhError(f"无法读取文件 {name}：{_os_problem(exc)}。") from exc
    if signature == OLE_SIGNATURE:
        raise XxhError(f"文件 {name}：这是旧版 .xls 文件或设置了打开密码的 Excel 文件："
                       "请在 Excel 或 WPS 中另存为不加密的 .xlsx 后再导入。")
    if not zipfile.is_zipfile(path):
        raise XxhError(f"文件 {name} 不是有效的 Excel（.xlsx）文件，可能已损坏。")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise XxhError(f"文件 {name} 内含 {len(members)} 个部件，超过上限，未导入。")
            total = sum(m.file_size for m in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise XxhError(f"文件 {name} 解压后达 {total // MiB} MB，超过 "
                               f"{MAX_UNCOMPRESSED_BYTES // MiB} MB 的上限（可能是压缩炸弹），未导入。")
            for member in members:
                _check_member(name, member)
            _check_parts(name, archive, members)
    except RuntimeError as exc:  # zipfile's word for a part encrypted inside the zip
        raise XxhError(f"文件 {name} 的内容已加密，无法读取：请另存为不加密的 .xlsx 后再导入。") from exc
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, ValueError) as exc:
        raise XxhError(f"文件 {name} 已损坏，无法打开。") from exc


def _check_member(name: str, member: zipfile.ZipInfo) -> None:
    """One part's declared inflated size and its ratio; `_read_member` refuses a part that
    inflates beyond what it declares."""
    part = member.filename
    big = part.startswith("xl/worksheets/") or part == "xl/sharedStrings.xml"
    xml = part.endswith((".xml", ".rels"))
    limit = MAX_SHEET_BYTES if big or not xml else MAX_PART_BYTES
    if member.file_size > limit:
        raise XxhError(f"文件 {name} 中的部件 {shown(part, 60)} 解压后有 {member.file_size // 1024} KB，"
                       f"超过 {limit // 1024} KB 的上限，不像是一张采购明细表，未导入。")
    if member.file_size > RATIO_GRACE and member.file_size > MAX_RATIO * max(member.compress_size, 1):
        raise XxhError(f"文件 {name} 中的部件 {shown(part, 60)} 压缩比超过 {MAX_RATIO} 倍"
                       "（可能是压缩炸弹），未导入。")


def _read_member(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """A part's bytes, inflating at most one byte more than its header declares. zipfile's own
    read() inflates a part in one piece before it cuts it to the declared size, so a part that
    lies (1 KB declared, 1 GB inside, its CRC that of the first KB) would take its real size in
    memory here and again in openpyxl; such a part is refused."""
    probe = copy.copy(member)
    probe.file_size = member.file_size + 1
    with archive.open(probe) as stream:
        data = stream.read(member.file_size + 1)
    if len(data) > member.file_size:
        raise XxhError(f"文件 {name} 中的部件 {shown(member.filename, 60)} 解压后比它声明的大小更大"
                       "（可能是压缩炸弹），未导入。")
    return data


_PREFIX = rb"(?:[^\s<>/!?=\"':]+:)?"   # any namespace prefix, in any script
_ROW_START = re.compile(rb"<" + _PREFIX + rb"row[\s/>]")
_SHEET_DATA = re.compile(rb"<" + _PREFIX + rb"sheetData[\s/>]")
_SHEET_ENTRY = re.compile(rb"<" + _PREFIX + rb"sheet[\s/>]")
_NOT_TAGS = re.compile(rb"<!--|<!\[CDATA\[|<\?")
_NOT_TAGS_END = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}


def _tags_only(name: str, xml: bytes) -> bytes:
    """`xml` without comments, CDATA and processing instructions, so every `<` left starts a tag
    (XML allows no other) and a «<row>» written inside a comment cannot split a row in two."""
    kept: list[bytes] = []
    pos = 0
    while found := _NOT_TAGS.search(xml, pos):
        end = xml.find(_NOT_TAGS_END[found.group()], found.end())
        if end < 0:
            raise XxhError(f"文件 {name} 中的工作表已损坏，无法读取。")
        kept.append(xml[pos:found.start()])
        pos = end + len(_NOT_TAGS_END[found.group()])
    kept.append(xml[pos:])
    return b"".join(kept)


def _check_rows(name: str, part: str, xml: bytes) -> None:
    """`xml` as `_tags_only` leaves it. No stretch of a worksheet between two <row> tags (nor
    before the first or after the last) holds more than MAX_ROW_TAGS elements: openpyxl builds a
    whole row, cells beyond any column limit included, and 20 million empty <c/> in one row took 6 GB."""
    widest = max(piece.count(b"<") for piece in _ROW_START.split(xml))
    if widest > MAX_ROW_TAGS:
        raise XxhError(f"文件 {name} 的工作表 {shown(part, 60)} 有一行含 {widest} 个 XML 元素，超过 "
                       f"{MAX_ROW_TAGS} 个的上限，不像是一张采购明细表，未导入。")


def _check_parts(name: str, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """What openpyxl would parse, bounded before it does, whatever the parts are called and
    whichever namespace prefixes they use: the elements of every XML part (openpyxl builds an
    object for each cell it meets, rows split or not), every worksheet's rows (`_check_rows`),
    and the cost of opening the workbook — openpyxl may parse a worksheet once for each <sheet>
    entry naming it (1,500 entries never finished loading): entries × the most elements of a
    worksheet is held to a bound."""
    entries = 0
    widest_sheet = 0
    for member in members:
        data = _read_member(name, archive, member)
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
            continue   # not XML (a picture): openpyxl parses no such part
        xml = _tags_only(name, data)
        tags = xml.count(b"<")
        if tags > MAX_PART_TAGS:
            raise XxhError(f"文件 {name} 中的部件 {shown(member.filename, 60)} 含 {tags} 个 XML 元素，超过 "
                           f"{MAX_PART_TAGS} 个的上限，不像是一张采购明细表，未导入。")
        entries += len(_SHEET_ENTRY.findall(xml))
        if _SHEET_DATA.search(xml):
            _check_rows(name, member.filename, xml)
            widest_sheet = max(widest_sheet, tags)
    if entries * widest_sheet > MAX_PARSE_TAGS:
        raise XxhError(f"文件 {name} 列出 {entries} 个工作表，全部读取代价过大，不像是一张采购明细表，未导入；"
                       "请只保留采购明细所在的工作表，另存后再导入。")


def _norm(value: object) -> str:
    """A header cell compared by its name only: no spaces, no （元） or (元)."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = re.sub(r"\(.*?\)", "", text)
    return re.sub(r"\s+", "", text)


def _unit(value: object) -> str:
    """What a header says in parentheses: 单价（万元） → 万元."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return "".join(re.sub(r"\s+", "", u) for u in re.findall(r"\((.*?)\)", text))


# 附件2 counts in 元: not in 万元 (a price 10,000 times too small), nor in another currency.
_NOT_YUAN = re.compile(r"[十百千万亿]|美元|美金|欧元|港元|港币|日元|英镑|USD|EUR|HKD|JPY|GBP|\$|€|£", re.IGNORECASE)
_UNIT_LINE = re.compile(r"单位\s*[:：]?\s*(?P<unit>\S+)")


def _unit_above(rows: list[tuple], header: int) -> None:
    """A line above the header saying the table's unit («单位：万元») holds for its 单价 and 金额."""
    for index, row in enumerate(rows[:header]):
        for value in row:
            found = _UNIT_LINE.search(unicodedata.normalize("NFKC", "" if value is None else str(value)))
            if found and _NOT_YUAN.search(found["unit"]):
                raise XxhError(f"第{index + 1}行写明「{shown(found.group(), SHOWN)}」：采购明细的单价和金额须以元为单位，"
                               "请把表格换算成元后再导入。")


def _find_header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        names = [_norm(v) for v in row]
        columns: dict[str, int] = {}
        for key, label in {**REQUIRED, **OPTIONAL}.items():
            for col, name in enumerate(names):
                if name == label or (key == "unit_price" and name in ("单价", "单价元")):
                    columns[key] = col
                    break
        if all(k in columns for k in REQUIRED):
            for key in MONEY:
                unit = _unit(row[columns[key]]) if key in columns else ""
                if re.search(_NOT_YUAN, unit):
                    # 附件2 counts in 元: a 万元 price read as 元 would be 10,000 times too small.
                    raise XxhError(f"第{index + 1}行表头「{shown(str(row[columns[key]]), SHOWN)}」以{shown(unit, SHOWN)}"
                                   "为单位：采购明细的单价和金额须以元为单位，请把表格换算成元后再导入。")
            _unit_above(rows, index)
            return index, columns
    return None


def _cell_text(value: object) -> str:
    """A cell as a person would write it: TRUE, 2027-01-01, 24:00:00, 3 (not 3.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # 3.0 as 3; a float beyond what Excel shows in full as Excel shows it (1E+30)
        if abs(value) >= 1e15:
            return f"{value:.15G}"
        return str(int(value)) if value.is_integer() else repr(value).upper()
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}" if value.time() == time() else f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return unicodedata.normalize("NFKC", str(value)).strip()


def _not_a_number(value: object) -> bool:
    return isinstance(value, (bool, date, time, timedelta))


def _quantity(value: object) -> int | None:
    if _not_a_number(value):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _cell_text(value).replace(",", "")
    if not re.fullmatch(r"-?[0-9]+", text):
        return None
    # a digit string longer than any quantity is held as too large, not parsed (int() caps at 4300 digits)
    return QUANTITY_LIMIT if len(text) > len(str(QUANTITY_LIMIT)) else int(text)


def _money(value: object) -> Decimal | None:
    """An amount in 元 from a cell: numbers as Excel shows them (a float's
    shortest repr, so 5999.9 stays 5999.9), text with separators and ¥ allowed."""
    if _not_a_number(value):
        return None
    if isinstance(value, (int, float)):
        text = repr(value)
    else:
        text = _cell_text(value).replace("¥", "").replace("元", "").strip()
        # plain digits, thousands separators in threes, at most one point: not 1e3, 4_999 or 1,2,3
        if not re.fullmatch(r"-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?", text):
            return None
        text = text.replace(",", "")
    try:
        result = Decimal(text)
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def _quoted(label: str, raw: object) -> str:
    return f"{label}“{shown(_cell_text(raw), SHOWN)}”"


def _open_book(path: Path, *, data_only: bool):
    from openpyxl import load_workbook  # after the checks: openpyxl only sees a bounded zip

    with warnings.catch_warnings():  # openpyxl's notes on what it skips are for developers, not on stderr
        warnings.simplefilter("ignore")
        return load_workbook(path, read_only=True, data_only=data_only)


def read_procurement_items(path: str | Path) -> ImportResult:
    """Read 附件2 rows from `path`; the result holds the good rows and every error."""
    path = Path(path)
    check_container(path)
    try:
        book = _open_book(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a malformed file
        raise XxhError(f"文件 {path.name} 不是有效的 Excel（.xlsx）文件，或已损坏，无法读取。") from exc
    try:
        return _read_book(path, book)
    except XxhError:
        raise
    except Exception as exc:
        raise XxhError(f"读取文件 {path.name} 时出错，文件可能已损坏。") from exc
    finally:
        book.close()


def _read_book(path: Path, book) -> ImportResult:
    """The first visible sheet with the header; each part once, a bounded number of them and of
    rows and columns, so one small file cannot make the import parse the same megabytes again and again."""
    seen: set[str] = set()
    for sheet in book.worksheets:
        part = sheet._worksheet_path  # two <sheet> entries may name the same part
        if sheet.sheet_state != "visible" or part in seen:
            continue  # a hidden sheet is not what the user reviewed
        seen.add(part)
        if len(seen) > MAX_SHEETS:
            break
        rows_iter = sheet.iter_rows(values_only=True, max_col=MAX_COLS, max_row=MAX_ROWS + HEADER_SCAN_ROWS + 1)
        try:
            rows = list(itertools.islice(rows_iter, HEADER_SCAN_ROWS))
            found = _find_header(rows)
            if not found:
                continue
            for row in rows_iter:
                rows.append(row)
                if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                    raise XxhError(f"工作表「{shown(sheet.title, SHOWN)}」超过 {MAX_ROWS} 行，不像是一张采购明细表，未导入。")
        finally:
            rows_iter.close()
        return _read_rows(path, sheet.title, rows, *found, _hidden_rows(path, sheet, len(rows)))
    raise XxhError(f"在文件 {path.name} 中找不到表头：需要一个未隐藏的工作表，其中一行同时含有"
                   f"「{'」「'.join(REQUIRED.values())}」这几列。")


def _is_total(row: tuple, cols: dict[str, int]) -> bool:
    """The form's 合计 line: its first filled cell, at or before 采购品目, says 合计 and nothing else."""
    for value in row[:cols["item"] + 1]:
        text = _cell_text(value)
        if text:
            return re.sub(r"\s+", "", text) == "合计"
    return False


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(\s[^>]*)?>")
_ROW_NUMBER = re.compile(rb"\sr\s*=\s*[\"']([0-9]{1,7})[\"']")
_ROW_HIDDEN = re.compile(rb"\shidden\s*=\s*[\"'](?:1|true)[\"']")


def _hidden_rows(path: Path, sheet, last: int) -> set[int]:
    """The rows up to `last` the sheet hides: the user reviewing it in Excel does not see them.
    openpyxl's read-only mode does not tell, so the part (bounded by check_container) is read here."""
    with sheet._get_source() as source:
        xml = _tags_only(path.name, source.read(MAX_SHEET_BYTES + 1))
    hidden: set[int] = set()
    number = 0
    for tag in _ROW_TAG.finditer(xml):
        attributes = tag.group(1) or b""
        given = _ROW_NUMBER.search(attributes)
        number = int(given.group(1)) if given else number + 1  # as openpyxl counts a row without r=
        if number > last:
            break
        if _ROW_HIDDEN.search(attributes):
            hidden.add(number)
    return hidden


def _read_rows(path: Path, sheet: str, rows: list[tuple], header: int, cols: dict[str, int],
               hidden: set[int]) -> ImportResult:
    result = ImportResult(sheet, header + 1)

    def cell(row: tuple, key: str) -> object:
        col = cols.get(key)
        return row[col] if col is not None and col < len(row) else None

    total_row = 0
    for index in range(header + 1, len(rows)):
        row = rows[index]
        excel_row = index + 1
        if all(_cell_text(v) == "" for v in row):
            continue
        where = f"第{excel_row}行"
        if total_row:
            result.errors.append(RowError(excel_row, f"{where}：在第{total_row}行「合计」之后，未作为采购明细读取；"
                                                     "如是采购明细请移到合计行之前，如是备注请删去。"))
            continue
        if excel_row in hidden:
            result.errors.append(RowError(excel_row, f"{where}：是隐藏的行，请在 Excel 或 WPS 中取消隐藏并核对后再导入。"))
            continue
        if _is_total(row, cols):
            total_row = excel_row  # the form's own total line ends the items
            continue
        problems = _row_problems(row, cell)
        if problems:
            result.errors.append(RowError(excel_row, f"{where}：{'；'.join(problems)}"))
            continue
        item = ProcurementItem(_cell_text(cell(row, "item")), _cell_text(cell(row, "spec")),
                               _quantity(cell(row, "quantity")), _money(cell(row, "unit_price")))
        # the form's own rules (lengths, printed widths, 规格型号 filled in), its 第1行 made this row's
        problems = [p.message.removeprefix("第1行：").rstrip("。") for p in validate_item(0, item)]
        if problems:
            result.errors.append(RowError(excel_row, f"{where}：{'；'.join(problems)}"))
        else:
            result.good.append((excel_row, item))
    if not result.good and not result.errors:
        raise XxhError(f"工作表「{shown(sheet, SHOWN)}」的表头下面没有任何采购明细行。")
    if any(_cell_text(cell(rows[e.row - 1], k)) == "" for e in result.errors for k in REQUIRED):
        _name_unsaved_formulas(path, sheet, cols, result)
    return result


def _positive_problem(label: str, raw: object, value: int | Decimal | None, wrong: str,
                      limit: int | Decimal, limit_text: str) -> str | None:
    """What is wrong with a required number that must be above 0 and below `limit`: empty, not
    the kind of number asked for (`value` None: `wrong` says how), or out of range."""
    if _cell_text(raw) == "":
        return f"{label}为空"
    if value is None:
        return f"{_quoted(label, raw)}{wrong}"
    if value <= 0:
        return f"{_quoted(label, raw)}应大于0"
    if value >= limit:
        return f"{_quoted(label, raw)}过大（应小于{limit_text}），请核对"
    return None


def _row_problems(row: tuple, cell) -> list[str]:
    problems: list[str] = []
    for key in ("item", "spec"):
        raw = cell(row, key)
        text = _cell_text(raw)
        label = REQUIRED[key]
        if key == "item" and not "".join(c for c in text if unicodedata.category(c) != "Cf").strip():
            problems.append(f"{label}为空")
        elif text and (why := text_problem(text)):
            problems.append(f"{label}{why}")
    raw_q = cell(row, "quantity")
    quantity = None if _not_a_number(raw_q) else _quantity(raw_q)
    wrong = "不是数字" if _not_a_number(raw_q) else "不是整数"
    if problem := _positive_problem("数量", raw_q, quantity, wrong, QUANTITY_LIMIT, str(QUANTITY_LIMIT)):
        problems.append(problem)
    raw_p = cell(row, "unit_price")
    price = _money(raw_p)
    if problem := _positive_problem("单价", raw_p, price, "不是数字", AMOUNT_LIMIT, "一万亿元"):
        problems.append(problem)
    elif price is not None and price != price.quantize(Decimal("0.01")):
        problems.append(f"{_quoted('单价', raw_p)}超过2位小数（最小到分）")
    raw_a = cell(row, "amount")
    if not problems and _cell_text(raw_a) != "":
        amount = _money(raw_a)
        expected = price * quantity
        # a 金额 column computed by Excel may carry float noise: compare to the 分
        if amount is None or abs(amount) >= AMOUNT_LIMIT or amount.quantize(Decimal("0.01")) != expected:
            problems.append(f"{_quoted('金额', raw_a)}≠ 数量×单价 {expected:,.2f}")
    return problems


def _name_unsaved_formulas(path: Path, sheet: str, cols: dict[str, int], result: ImportResult) -> None:
    """A formula the file holds without its value reads as an empty cell: say so, so the user
    does not look for a cell that is filled in (a file written by a program, not saved by Excel)."""
    rows = {e.row for e in result.errors}
    formulas: dict[int, list[str]] = {}
    book = _open_book(path, data_only=False)
    try:
        source = book[sheet].iter_rows(values_only=True, max_col=MAX_COLS, max_row=max(rows))
        for excel_row, row in enumerate(source, start=1):
            if excel_row in rows:
                formulas[excel_row] = [REQUIRED[k] for k in REQUIRED if cols[k] < len(row)
                                       and isinstance(row[cols[k]], str) and row[cols[k]].startswith("=")]
    finally:
        book.close()
    for i, error in enumerate(result.errors):
        if labels := formulas.get(error.row):
            result.errors[i] = RowError(error.row, f"{error.message}（{'、'.join(labels)}是公式，但文件里没有保存"
                                                   "公式的计算结果：请在 Excel 或 WPS 中打开并保存后再导入）")
