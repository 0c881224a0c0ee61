"""志愿服务: the models."""
