"""Use cases, one module each, called by the command line and the dashboards alike."""
