"""The lifecycle kanban (PRODUCT.md §4): board model and column models, card delegate, board."""

from .board import KanbanBoard
from .model import MIME_TYPE, BoardModel, StageColumnModel

__all__ = ["MIME_TYPE", "BoardModel", "KanbanBoard", "StageColumnModel"]
