"""Training: exercises, after-action review, results and debrief."""
