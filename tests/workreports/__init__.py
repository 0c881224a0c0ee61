"""信息报送 (issue 15): the text core of the work-report checker."""
