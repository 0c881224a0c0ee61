"""志愿服务 (issue 14): see docs/architecture.md."""
