"""Clover Desk: a desktop back-office for Clover merchants."""

__version__ = "0.1.0"
