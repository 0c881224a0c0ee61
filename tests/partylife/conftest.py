"""The party-life fixtures of life.py (P1's tests) for every test module of this folder."""

from .life import life, november_day, plan  # noqa: F401 (fixtures)
