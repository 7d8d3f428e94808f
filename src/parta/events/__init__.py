"""Events and the calendar: events of a place, answers, reminders and iCalendar feeds."""
