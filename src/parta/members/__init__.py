"""Members of an organisation: roles, verification, parent–child links."""
