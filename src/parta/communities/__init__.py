"""Communities that span organisations: methodological and subject associations, joint projects."""
