"""附件2 item rows from an .xlsx a department already has (PRODUCT.md §9).

The file is untrusted: its size and the zip's uncompressed total are bounded
before openpyxl sees it (a zip bomb is refused unopened), and openpyxl parses
its XML through defusedxml (installed as a dependency; a test asserts that
openpyxl picked it up). The header row is found by its names (采购品目,
规格型号, 数量, 单价) anywhere in the first rows of the first sheet that has
them; every bad row gets a Chinese message naming its Excel row number, and
`ImportResult.items(take_good_only)` gives nothing while a row is bad unless
the user chose to take only the good ones.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..domain.procurement import ProcurementItem
from ..errors import XxhError

MAX_FILE_BYTES = 20 * 1024 * 1024           # an item list is a few KB; 20 MB is generous
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # the zip's members together, once inflated
MAX_MEMBERS = 2000
MAX_ROWS = 10_000
HEADER_SCAN_ROWS = 30
REQUIRED = {"item": "采购品目", "spec": "规格型号", "quantity": "数量", "unit_price": "单价"}
OPTIONAL = {"amount": "金额"}


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


def check_container(path: Path) -> None:
    """Refuse a file that is too big, not an .xlsx zip, or inflates too far."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise XxhError(f"无法读取文件 {path.name}：{exc.strerror or exc}") from exc
    if size > MAX_FILE_BYTES:
        raise XxhError(f"文件 {path.name} 有 {size // (1024 * 1024)} MB，超过 {MAX_FILE_BYTES // (1024 * 1024)} MB 的上限，"
                       "不像是一张采购明细表，未导入。")
    if not zipfile.is_zipfile(path):
        if path.suffix.lower() == ".xls":
            raise XxhError(f"文件 {path.name} 是旧版 Excel（.xls）格式，请在 Excel 或 WPS 中另存为 .xlsx 后再导入。")
        raise XxhError(f"文件 {path.name} 不是有效的 Excel（.xlsx）文件，可能已损坏。")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise XxhError(f"文件 {path.name} 已损坏，无法打开：{exc}") from exc
    if len(members) > MAX_MEMBERS:
        raise XxhError(f"文件 {path.name} 内含 {len(members)} 个部件，超过上限，未导入。")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise XxhError(f"文件 {path.name} 解压后达 {total // (1024 * 1024)} MB，超过 "
                       f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB 的上限（可能是压缩炸弹），未导入。")


def _norm(value: object) -> str:
    """A header cell compared by its name only: no spaces, no （元） or (元)."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = re.sub(r"\(.*?\)", "", text)
    return re.sub(r"\s+", "", text)


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
            return index, columns
    return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def _quantity(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _cell_text(value).replace(",", "")
    return int(text) if re.fullmatch(r"\d+", text) else None


def _money(value: object) -> Decimal | None:
    """An amount in 元 from a cell: numbers as Excel shows them (a float's
    shortest repr, so 5999.9 stays 5999.9), text with separators and ¥ allowed."""
    if isinstance(value, bool) or isinstance(value, datetime):
        return None
    if isinstance(value, (int, float)):
        text = repr(value)
    else:
        text = _cell_text(value).replace(",", "").replace("¥", "").replace("元", "").strip()
    try:
        result = Decimal(text)
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def read_procurement_items(path: str | Path) -> ImportResult:
    """Read 附件2 rows from `path`; the result holds the good rows and every error."""
    path = Path(path)
    check_container(path)
    from openpyxl import load_workbook  # after the checks: openpyxl only sees a bounded zip

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a malformed file
        raise XxhError(f"文件 {path.name} 不是有效的 Excel（.xlsx）文件，或已损坏，无法读取"
                       f"（{type(exc).__name__}）。") from exc
    try:
        for sheet in book.worksheets:
            rows: list[tuple] = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(row)
                if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                    raise XxhError(f"工作表「{sheet.title}」超过 {MAX_ROWS} 行，不像是一张采购明细表，未导入。")
            found = _find_header(rows)
            if found:
                return _read_rows(sheet.title, rows, *found)
    except XxhError:
        raise
    except Exception as exc:
        raise XxhError(f"读取文件 {path.name} 时出错，文件可能已损坏（{type(exc).__name__}）。") from exc
    finally:
        book.close()
    raise XxhError(f"在文件 {path.name} 中找不到表头：需要一行同时含有"
                   f"「{'」「'.join(REQUIRED.values())}」这几列。")


def _read_rows(sheet: str, rows: list[tuple], header: int, cols: dict[str, int]) -> ImportResult:
    result = ImportResult(sheet, header + 1)

    def cell(row: tuple, key: str) -> object:
        col = cols.get(key)
        return row[col] if col is not None and col < len(row) else None

    for index in range(header + 1, len(rows)):
        row = rows[index]
        excel_row = index + 1
        if all(_cell_text(v) == "" for v in row):
            continue
        first = "".join(_cell_text(v) for v in row[:2])
        if _norm(first).startswith("合计"):
            break  # the form's own total line ends the items
        where = f"第{excel_row}行"
        problems: list[str] = []
        item = _cell_text(cell(row, "item"))
        spec = _cell_text(cell(row, "spec"))
        if not item:
            problems.append("采购品目为空")
        raw_q = cell(row, "quantity")
        quantity = _quantity(raw_q)
        if _cell_text(raw_q) == "":
            problems.append("数量为空")
        elif quantity is None:
            problems.append(f"数量“{_cell_text(raw_q)}”不是整数")
        elif quantity <= 0:
            problems.append(f"数量“{_cell_text(raw_q)}”应大于0")
        raw_p = cell(row, "unit_price")
        price = _money(raw_p)
        if _cell_text(raw_p) == "":
            problems.append("单价为空")
        elif price is None:
            problems.append(f"单价“{_cell_text(raw_p)}”不是数字")
        elif price <= 0:
            problems.append(f"单价“{_cell_text(raw_p)}”应大于0")
        elif price != price.quantize(Decimal("0.01")):
            problems.append(f"单价“{_cell_text(raw_p)}”超过2位小数（最小到分）")
            price = None
        raw_a = cell(row, "amount")
        if not problems and _cell_text(raw_a) != "" and quantity and price is not None:
            amount = _money(raw_a)
            expected = price * quantity
            # a 金额 column computed by Excel may carry float noise: compare to the 分
            if amount is None or amount.quantize(Decimal("0.01")) != expected:
                problems.append(f"金额“{_cell_text(raw_a)}”≠ 数量×单价 {expected:,.2f}")
        if problems:
            result.errors.append(RowError(excel_row, f"{where}：{'；'.join(problems)}"))
        else:
            result.good.append((excel_row, ProcurementItem(item, spec, quantity, price)))
    if not result.good and not result.errors:
        raise XxhError(f"工作表「{sheet}」的表头下面没有任何采购明细行。")
    return result
