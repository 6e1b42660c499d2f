"""Documents rendered in the background (PDF, DOCX, XLSX) and their status."""
