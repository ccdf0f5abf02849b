"""Operations that change data: they join models, domain code, storage and the search index.

Services flush; the caller (a view or a command) commits once.
"""
