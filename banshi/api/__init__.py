"""JSON API (DRF): thin views over the scoped selectors."""
