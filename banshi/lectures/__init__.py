"""理论宣讲: lecture teams and their talks (issue 12)."""
