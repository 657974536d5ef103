"""Reports for people and tools: terminal tables, JSON, CSV and formatted Excel."""
