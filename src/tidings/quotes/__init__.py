"""Quotes: who said what, to whom, through whom."""
