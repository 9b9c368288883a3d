"""Spend analysis: read published payment files, classify suppliers, compute figures.

No Django here: the web layer stores what ``reader`` yields and points ``engine.analyse``
at its own table; the command line analyses files directly.
"""
