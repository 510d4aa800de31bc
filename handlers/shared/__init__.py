"""Helpers every feature that speaks to people shares: folding and stemming (`text`), language detection
(`lang`), and phrasebooks with the supported languages (`i18n`). No feature logic here."""
