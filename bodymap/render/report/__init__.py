"""A small page-layout engine on QPainter for printed reports.

Blocks (``blocks``: paragraphs, headings, tables, pictures, boxes, columns) turn into
unsplittable pieces for a column width; ``paginate`` flows the pieces onto pages;
``document.render`` paints the pages, with the running header and footer, on any page
device. Units are decipoints (``units``), so a page lays out the same on every device.

Importing this package imports nothing heavy; its modules need PySide6 and a
QGuiApplication (fonts), except ``svg_cleanup``, which is plain Python.
"""
