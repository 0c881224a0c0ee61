"""Work reports (信息报送) checked against the records (issue 15)."""
