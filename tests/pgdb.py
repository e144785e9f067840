"""Create or drop a PostgreSQL test database: `python tests/pgdb.py create|drop SERVER_URL NAME`."""
import sys

import psycopg


def main(action: str, server: str, name: str) -> None:
    statement = {"create": f'CREATE DATABASE "{name}"', "drop": f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'}
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(statement[action])


if __name__ == "__main__":
    main(*sys.argv[1:4])
