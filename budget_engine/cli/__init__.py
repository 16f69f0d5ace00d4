"""The `budget-engine` commands: thin (parse arguments, call the engine, print).

Owns the command group (`commands`), `rules export | diff | show` (`rules`), `synth`
(`synth`) and the plain-text budget (`text_report`). The top layer of the engine.

May import: everything in `budget_engine` below it. Nothing imports it but `budget_engine`'s
public API (`engine_cli`).
"""
