#!/usr/bin/env python3
"""Compares the data sets of two DICOM Part-10 files element by element (tags and values; the file meta
information and the transfer syntax the bytes were in are not compared), so that a file received in Implicit VR
equals its Explicit VR original. Prints "SAME", or the first difference and exits 1.

usage: same_dataset.py ORIGINAL RECEIVED
"""
import sys

from pydicom import dcmread


def main():
    a, b = dcmread(sys.argv[1]), dcmread(sys.argv[2])
    tags_a, tags_b = [e.tag for e in a], [e.tag for e in b]
    if tags_a != tags_b:
        print(f"tags differ: {sorted(set(tags_a) ^ set(tags_b))}")
        sys.exit(1)
    for tag in tags_a:
        if a[tag].value != b[tag].value:
            print(f"{tag} differs")
            sys.exit(1)
    print("SAME")


if __name__ == "__main__":
    main()
