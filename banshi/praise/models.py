"""表扬与党建品牌: the models."""
