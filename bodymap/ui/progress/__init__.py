"""The progress view: a patient's charts across visits (issue 5).

Importing this package does not import matplotlib; the view does that when first shown.
"""

from bodymap.ui.progress.view import ProgressView

__all__ = ["ProgressView"]
