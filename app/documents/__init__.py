"""Documents the office prints: PDF (ReportLab) renderers, with the fonts they embed.

Nothing here imports Qt; a renderer takes the dataclasses the services return and writes a file.
"""
