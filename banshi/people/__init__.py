"""People: residents (personal data encrypted at rest), their tags, and roles over places
(grid worker, grid chief, building head, unit head, party-building instructor)."""
