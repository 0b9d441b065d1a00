"""Figures from where the clerk already has them: workbooks, Word and PDF reports (see
`model.importing.reader`), recognised by the format's labels.

The kinds of file the readers take are named here, apart from the readers, so that a file
dialog can offer them without loading what reads them."""

SUFFIXES = (".xlsx", ".xlsm", ".docx", ".pdf")
