"""moto's DynamoDB-compatible server, one request at a time.

moto_server handles requests on threads, and its TransactWriteItems is not isolated across
threads (it deep-copies the tables and restores them on a failed condition), so two concurrent
transactions can both pass a condition that DynamoDB would let only one pass. DynamoDB
transactions are serializable; serving requests one at a time gives moto the same isolation,
so concurrency tests check our code, not moto's races. Usage: moto_server.py HOST PORT"""
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(host, port, app, threaded=False)


if __name__ == "__main__":
    main()
