"""The demo: Hohhot's region tree and 大学东路街道 in full detail, built deterministically."""
