"""工会帮扶 (issue 14): see docs/architecture.md."""
