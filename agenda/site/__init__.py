"""Site-wide pages: home, language switch, health check and error pages."""
