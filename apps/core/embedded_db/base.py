"""Django's PostgreSQL backend for the embedded server: a connection starts the server first.

Named by ``ENGINE: "apps.core.embedded_db"`` (see ``database_settings``), so importing the
settings starts nothing; the first query of a process that needs the database does.
"""

from django.db.backends.postgresql import base, client

from . import ensure_running


class DatabaseClient(client.DatabaseClient):
    def runshell(self, parameters):
        self.connection.ensure_server()
        super().runshell(parameters)


class DatabaseWrapper(base.DatabaseWrapper):
    client_class = DatabaseClient

    def ensure_server(self) -> None:
        """Start the server unless it runs, and point HOST at its socket (pg_dump reads it too)."""
        self.settings_dict["HOST"] = str(ensure_running(self.settings_dict["DATA_DIR"]))

    def get_connection_params(self):
        self.ensure_server()
        return super().get_connection_params()
