"""The instructor's grading tool: nbgrader's own API, driven for this course."""
