"""学习材料: learning materials pushed to branches and each member's receipt (issue 12)."""
