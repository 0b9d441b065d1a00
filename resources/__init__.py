"""Data files the program reads at run time: formats/, examples/ and icons/.

A package (not a bare folder) so that the files travel with the code into a wheel or a frozen
program and are found with importlib.resources; read them through model.bundled.
"""
