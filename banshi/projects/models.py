"""实事项目: the models."""
