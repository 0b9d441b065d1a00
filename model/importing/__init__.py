"""Figures from where the clerk already has them: workbooks, Word and PDF reports (see
`model.importing.reader`), recognised by the format's labels."""
