"""The visit editor: the record of one visit beside its body map."""

from bodymap.ui.visit_editor.context import VisitContext
from bodymap.ui.visit_editor.editor import VisitEditor
from bodymap.ui.visit_editor.visit_model import VisitModel

__all__ = ["VisitContext", "VisitEditor", "VisitModel"]
