"""Helpers the apps' document renderers share: DOCX building blocks (``docx``) and charts drawn
once and written as accessible SVG for pages and PDFs and as PNG for DOCX files (``charts``)."""
