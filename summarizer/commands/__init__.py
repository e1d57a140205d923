"""The CLI commands, one module each: parse flags, call the library, print. No pipeline logic here."""
