"""Stand-ups: schedules, collection of replies into StandupUpdates, reminders, the summary, and the scheduler."""
