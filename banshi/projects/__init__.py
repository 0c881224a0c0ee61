"""实事项目 (issue 14): see docs/architecture.md."""
