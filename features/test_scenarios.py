"""Collects every scenario of features/*.feature (steps are in conftest.py)."""

from pytest_bdd import scenarios

scenarios(".")
