"""Pure-Python analysis engines over plain data.

Nothing under this package imports Django or the Django apps; a test walks the
AST to keep it so. Jobs (``refwatch.jobs``) load rows from the store, call these
engines and store their results.
"""
