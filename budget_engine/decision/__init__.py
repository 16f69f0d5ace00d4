"""What a caseworker decides on a computed budget (domain.md §13b): the decided budget.

A subpackage of the calculation layer (the package's own folder holds its fifteen modules):
`decided.py` turns a computed budget and the worker's overrides into a budget of format 1,
with every decided euro given a payer by the allocation code the calculation uses.
"""
