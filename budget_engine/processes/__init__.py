"""The engine behind a process boundary: a native crash in durable_rules costs one answer.

Owns the worker child process with its pipe (`workers`), which replay supervises too, and the
isolated calculator servers use (`isolation`). Part of the calculation layer.

May import: the calculation, the rule book and the models. Never evaluation, the CLI or web.
"""
