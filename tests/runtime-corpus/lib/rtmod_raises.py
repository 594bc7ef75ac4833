# A support module that raises while being imported.
value = 1
raise ValueError("failed during import")
