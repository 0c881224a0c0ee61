"""工会帮扶: the models."""
