"""The rule book in words people read: a rule's condition as a Latvian or English sentence
(`condition_words`, from the fact catalogue's labels) and parameter values with their units
as people write them (`parameter_words`: `3,83 €/h`, `01.01.2026`, tables with labelled
columns).

May import: the rule book's modules (`budget_engine.rulebook`), Babel. Part of the rulebook
layer; imports nothing of the calculation, evaluation or the commands.
"""
