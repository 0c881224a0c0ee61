"""党组织生活: annual plans, activities, attendance, appraisal and the branch obligations
(issue 12)."""
