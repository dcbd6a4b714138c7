"""Offline theme synthesis: answers in EN/FR/ES/AR grouped into themes with the evidence behind each.

Pure Python and numpy, no database: the CLI (``alliance87 themes``), the bench and, later, the
consultation pages all call :func:`engine.synthesise`.
"""
