#!/usr/bin/env python3
"""Reads `sqlite3 .dump` on stdin and writes it with the wall-clock times masked: ISO instants
(…T…Z), also inside blobs (X'…', the stored rendered forms), and SHA-256 hex digests
(the audit chain's hashes and digests cover those instants). Two imports of the same files on
different runs differ only in these; everything else (ids, values, order, events) must match."""
import re, sys

INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
DIGEST = re.compile(r"\b[0-9a-f]{64}\b")


INSTANT_BYTES = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")


def blob(match):
    raw = INSTANT_BYTES.sub(b"<T>", bytes.fromhex(match.group(1)))
    return "X'" + raw.hex() + "'"


for line in sys.stdin:
    line = re.sub(r"X'([0-9a-fA-F]*)'", blob, line)
    sys.stdout.write(DIGEST.sub("<H>", INSTANT.sub("<T>", line)))
