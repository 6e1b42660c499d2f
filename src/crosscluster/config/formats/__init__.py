"""Our own locale formats (``settings.FORMAT_MODULE_PATH``), where Django's do not suit a
European platform; a language without a module here keeps Django's (docs/languages.md)."""
