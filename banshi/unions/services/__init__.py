"""The unions' writes, one module per feature: federations and their roll (federations),
the minimum-living line and the needy-worker files (workers), the aid (aid)."""
