"""Programs the fault tests run in their own processes (`python -m tests.resilience.scripts.X`),
against a scratch database named by DATABASE_URL, so they can be killed or raced for real."""
