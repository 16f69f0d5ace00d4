"""The decision letter: a budget as the client receives it (formal, and easy to read).

`content` builds the letter as a small model (sections of paragraphs and tables) from any
budget of format 1, the case (pseudonymous), and what only the letter carries: the
addressee's name and address, the date and the number; `render` writes it as text or HTML,
`pdf` as an A4 PDF. The texts come from the rule book (`rules/letters.yaml`).
Layer: calculation (it reads models and the rule book, never a door).
"""
