"""村干部考核: score sheets, results, grades and ranking for village party secretaries.

So far only the scoring rules (`scoring`), free of models; the app itself is not installed yet.
"""
