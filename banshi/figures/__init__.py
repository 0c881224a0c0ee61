"""Figures of a region, each computed from records and each openable into its records."""
