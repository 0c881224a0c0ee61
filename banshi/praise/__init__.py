"""表扬与党建品牌 (issue 14): see docs/architecture.md."""
