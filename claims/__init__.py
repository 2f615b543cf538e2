"""claims: the `claims` command and the wiring between crawler/, extract/, store/ and Datasette."""
__version__ = "0.1.0"
