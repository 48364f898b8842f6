"""The light client: headers verified from the pinned genesis, witnesses cross-checked, reads proven against them.

``verifier`` holds the pure rules; ``client.LightClient`` drives them with a
``provider`` (a node's API) and a ``store`` (SQLite).  See docs/light-client.md.
"""
