"""How the engine runs: the compiled build of the hot modules (`compiled`, activated by the
package's `__init__` before anything else is imported), the durable_rules session that
guards every call into the native engine (`session`), and the engine behind a process
boundary, where a native crash costs one answer (`workers`, the child process with its pipe
that replay supervises; `isolation`, the calculator servers use). Part of the calculation
layer.

May import: the calculation, the rule book and the models. Never evaluation, the CLI or web.
"""
