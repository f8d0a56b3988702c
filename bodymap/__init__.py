"""Bodymap: chart myofascial trigger points on a posterior neck, shoulder and back diagram."""

__version__ = "0.1.0"
APP_NAME = "Bodymap"
ORG_NAME = "Bodymap"
