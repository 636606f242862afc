"""The core's own readers, writers and executor, registered like any plugin's."""
