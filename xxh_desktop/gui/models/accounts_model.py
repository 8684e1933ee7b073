"""The accounts of this machine, for the 系统管理 role's dialog."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...accounts import local_text
from ...domain.accounts import Account, roles_text

COLUMNS = ("用户名", "姓名", "角色", "状态", "上次登录", "上次登录失败")

Index = QModelIndex | QPersistentModelIndex


def state(account: Account, locked: bool) -> str:
    if not account.active:
        return "已停用"
    if locked:
        return f"已锁定至 {local_text(account.locked_until)}"
    return "本机单账户" if account.local else "正常"


class AccountsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Account] = []
        self._texts: list[tuple[str, ...]] = []

    def set_accounts(self, accounts: list[Account], locked: set[str]) -> None:
        self.beginResetModel()
        self._rows = list(accounts)
        self._texts = [(a.name, a.full_name, roles_text(a.roles), state(a, a.name in locked),
                        local_text(a.last_success_at), local_text(a.last_failure_at)) for a in self._rows]
        self.endResetModel()

    def account(self, row: int) -> Account:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
