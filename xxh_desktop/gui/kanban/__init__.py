"""The lifecycle kanban (PRODUCT.md §4): board model and column models, card delegate, board.

The names below are imported on first use (PEP 562): the project detail's dialogs live
here too, and the window's first frame has no board to import. The window imports
`kanban.board` by name, which is also how PyInstaller's analysis finds it.
"""

from importlib import import_module

_EXPORTS = {"KanbanBoard": ".board", "MIME_TYPE": ".model", "BoardModel": ".model", "StageColumnModel": ".model"}

__all__ = ["MIME_TYPE", "BoardModel", "KanbanBoard", "StageColumnModel"]


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name], __name__), name)
