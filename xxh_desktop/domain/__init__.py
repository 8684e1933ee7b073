"""Plain-value domain objects: projects, the two declaration forms, materials."""
