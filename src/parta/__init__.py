"""Parta: a self-hostable communication platform for schools."""

__version__ = "0.1.0"
