#!/usr/bin/env python3
"""Writes DataSetReader fuzz seeds into DIR: for each of pydicom's test and charset files, a selector byte
(transfer syntax encoding in bits 0-1: Implicit VR LE 0, Explicit VR LE 1, Explicit VR BE 2, Deflated 3; chunk
size - 1 in bits 2-6) and at most 16383 bytes of the data set after the File Meta Information (PS3.10
section 7.1), so that a seed fits the fuzzer's 16384-byte maximum input."""
import os
import struct
import sys
import zlib

import pydicom

LONG = {b"OB", b"OW", b"OF", b"OD", b"OL", b"OV", b"SQ", b"UT", b"UC", b"UR", b"UN", b"SV", b"UV"}


def split(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 132 or data[128:132] != b"DICM":
        return None
    index, syntax = 132, ""
    while index + 8 <= len(data):
        group, element = struct.unpack_from("<HH", data, index)
        if group != 2:
            break
        vr = data[index + 4:index + 6]
        if vr in LONG:
            (length,) = struct.unpack_from("<I", data, index + 8)
            header = 12
        else:
            (length,) = struct.unpack_from("<H", data, index + 6)
            header = 8
        if element == 0x10:
            syntax = data[index + header:index + header + length].rstrip(b"\0 ").decode("ascii", "replace")
        index += header + length
    return syntax, data[index:]


def main():
    out = sys.argv[1]
    root = os.path.join(os.path.dirname(pydicom.__file__), "data")
    count = 0
    for folder in ("test_files", "charset_files"):
        directory = os.path.join(root, folder)
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            if not os.path.isfile(path):
                continue
            parts = split(path)
            if parts is None:
                continue
            syntax, body = parts
            if syntax == "1.2.840.10008.1.2":
                encoding = 0
            elif syntax == "1.2.840.10008.1.2.2":
                encoding = 2
            elif syntax == "1.2.840.10008.1.2.1.99":
                encoding = 3
            else:
                encoding = 1
            chunk = zlib.crc32(name.encode()) % 32
            with open(os.path.join(out, name + ".seed"), "wb") as f:
                f.write(bytes([encoding | chunk << 2]) + body[:16383])
            count += 1
    print(f"dataset-seeds: {count} seeds", file=sys.stderr)


if __name__ == "__main__":
    main()
