"""The lifecycle kanban (PRODUCT.md §4): model, column proxies, card delegate, board."""

from .board import KanbanBoard
from .model import MIME_TYPE, ProjectCardsModel, StageColumnProxy

__all__ = ["MIME_TYPE", "KanbanBoard", "ProjectCardsModel", "StageColumnProxy"]
