"""Evaluation: many cases at once, for evaluators and policy staff.

Owns replay (a file of cases in, one budget or error per case out), tabular input and
Excel CSV, reforms and the reform comparison (every case under two rule books), the rule
book diff in sentences, synthetic populations, aggregates and the HTML report.

May import: the calculation (`budget_engine`'s top-level modules), `budget_engine.runtime`,
`budget_engine.rulebook` and the models. Never the CLI, never the web.
"""
