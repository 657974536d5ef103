"""Pieces the pages share: formats, colours, tables, glossary tooltips and the page shell."""
