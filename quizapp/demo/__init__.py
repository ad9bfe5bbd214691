"""Demo data: a teacher, a class and months of realistic study, made through our own scheduler."""
