"""The digital twin: scenarios run as discrete-event replications of the corridor, and their statistics."""
