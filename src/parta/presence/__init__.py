"""Presence: who is online now and when they were last seen, shown only where it is allowed
(students are hidden unless their organisation turns `show_student_presence` on)."""
