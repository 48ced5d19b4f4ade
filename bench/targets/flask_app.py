"""Benchmark target for bench/process-tree.mjs: a Flask app for gunicorn's sync workers. Each request
renders a page whose body costs ~2 ms of CPU a few frames deep, like a small template view.

Usage: gunicorn -w 3 -b 127.0.0.1:PORT --chdir bench/targets flask_app:app
"""
from flask import Flask

app = Flask(__name__)


def row(i):
    return "<tr><td>%d</td><td>%s</td></tr>" % (i, hex(i * 2654435761 % 4294967296))


def table(n):
    return "".join(row(i) for i in range(n))


def page(n):
    return "<table>" + table(n) + "</table>"


@app.route("/")
def index():
    return page(2000)
