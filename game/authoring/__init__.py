"""Authoring tools: exact problem locations, meaning checks, schema, scaffold."""
