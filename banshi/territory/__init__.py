"""Territory: the region tree (city → district → street → community), grids, buildings,
units, households and commercial outlets, and the point → grid index."""
