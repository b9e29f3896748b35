"""Reference data shipped with refwatch, with its provenance.

Pure Python (no Django): the analysis engines and the store both read it.
``data/PROVENANCE.md`` says where each file came from.
"""
