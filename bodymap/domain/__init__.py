"""The clinical model: dataclasses, validation, catalogs and arithmetic. Standard library only."""
