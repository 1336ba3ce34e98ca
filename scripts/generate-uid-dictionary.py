#!/usr/bin/env python3
"""Generate Sources/DICOMUpperLayer/UIDDictionary+Generated.swift from the DICOM UID registry (PS3.6 Annex A).

Sources, both from PyPI, both pinned (the output names them and the PS3.6 edition of each):

- pydicom 3.0.2, ``pydicom._uid_dict.UID_dictionary``: the whole registry (name, type, info, retired, keyword
  of every UID: SOP classes, transfer syntaxes, well-known instances, ...) as of **PS3.6 2024c**
  (``pydicom._version.__dicom_version__``). It is the newest pydicom on PyPI and the newest package reachable
  here that ships the registry as data; DCMTK's Debian packages (3.6.7, dcmdata/dcuid.h) are older (2022).
- pynetdicom 3.0.4, ``pynetdicom.sop_class``: the SOP classes of every service class as of **PS3.6 2025b**
  (``pynetdicom._version.__dicom_version__``), keyword and UID only. The SOP classes that 2024c lacks (e.g.
  Label Map and Height Map Segmentation Storage, Waveform Presentation State and Waveform Acquisition
  Presentation State Storage) are added from it, their names spelled from their keywords ("Label Map
  Segmentation Storage", as PS3.6 names them).

So the table is PS3.6 2025b for SOP classes and 2024c for everything else. Install the pinned versions and run
from the package root:

    pip install pydicom==3.0.2 pynetdicom==3.0.4
    python3 scripts/generate-uid-dictionary.py

The output is deterministic (sorted by UID, no timestamps), so re-running with the same versions gives the same
file. A UID under the storage root 1.2.840.10008.5.1.4.1.1 that a later edition adds is still treated as a
storage SOP class by the engine (``UIDDictionary.isUnnamedStorageSOPClass``) before this table is regenerated.

Why a string table and not an array literal of structs: a Swift array literal of ~500 struct/tuple elements
is slow to type-check. One multi-line string literal costs the type checker nothing; it is split into a
dictionary once, lazily, on first lookup.

The "storage" flag (column 6) marks SOP classes that a Storage SCP receives with C-STORE: SOP classes whose
name, without a trailing " SOP Class", ends in "Storage" or in "Storage - For Presentation", "Storage - For
Processing", "Storage - Trial" (PS3.4 Annex B.5 and the retired storage classes), excluding "Media Storage
Directory Storage" (the DICOMDIR, PS3.10; never sent with C-STORE) and "Storage Commitment ..." (a
notification service, PS3.4 Annex J, whose names do not end in "Storage" anyway).
"""

import importlib
import os
import re
import sys

import pydicom
import pynetdicom
from pydicom._uid_dict import UID_dictionary
from pynetdicom import sop_class

PYDICOM_VERSION = "3.0.2"
PYNETDICOM_VERSION = "3.0.4"

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "DICOMUpperLayer",
                   "UIDDictionary+Generated.swift")

STORAGE_SUFFIX = re.compile(r"Storage( - (For Presentation|For Processing|Trial))?$")
NOT_STORAGE = {"Media Storage Directory Storage"}
# Word boundaries of a PS3.6 keyword: "LabelMapSegmentationStorage" -> "Label Map Segmentation Storage",
# "CTImageStorage" -> "CT Image Storage".
KEYWORD_WORDS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def is_storage(name: str, uid_type: str) -> bool:
    if uid_type != "SOP Class":
        return False
    base = name[: -len(" SOP Class")] if name.endswith(" SOP Class") else name
    return base not in NOT_STORAGE and STORAGE_SUFFIX.search(base) is not None


def clean(field: str) -> str:
    # The table is tab- and newline-separated; a stray one in the source text must not shift columns.
    if "\t" in field or "\n" in field or "\\" in field or '"""' in field:
        raise SystemExit(f"unexpected character in dictionary field: {field!r}")
    return field


def uid_key(uid: str):
    return [int(part) for part in uid.split(".")]


def newer_sop_classes() -> dict:
    """SOP classes pynetdicom knows (every service class group) that pydicom's registry lacks."""
    added = {}
    for group_name in sorted(name for name in dir(sop_class) if re.fullmatch(r"_[A-Z_]+_CLASSES", name)):
        if group_name == "_SERVICE_CLASSES":
            continue  # service classes, not SOP classes
        for keyword, uid in getattr(sop_class, group_name).items():
            uid = str(uid)
            if uid in UID_dictionary or uid in added:
                continue
            name = KEYWORD_WORDS.sub(" ", keyword)
            added[uid] = (name, "SOP Class", "", "", keyword)
    return added


def main() -> int:
    for package, pinned in ((pydicom, PYDICOM_VERSION), (pynetdicom, PYNETDICOM_VERSION)):
        if package.__version__ != pinned:
            raise SystemExit(f"{package.__name__} {package.__version__} installed; this table is made from "
                             f"{pinned} (pip install {package.__name__}=={pinned}), or update the pins and docs")
    registry_edition = importlib.import_module("pydicom._version").__dicom_version__
    sop_edition = importlib.import_module("pynetdicom._version").__dicom_version__
    added = newer_sop_classes()
    table = dict(UID_dictionary)
    table.update(added)
    rows = []
    for uid in sorted(table, key=uid_key):
        name, uid_type, info, retired, keyword = table[uid]
        rows.append("\t".join([
            clean(uid), clean(name), clean(keyword), clean(uid_type), clean(info),
            "R" if retired.strip().lower() == "retired" else "",
            "S" if is_storage(name, uid_type) else "",
        ]))
    body = "\n".join(rows)
    swift = f'''// GENERATED by scripts/generate-uid-dictionary.py — do not edit.
// Source: PS3.6 Annex A (Registry of DICOM Unique Identifiers): PS3.6 {registry_edition} as transcribed by
// pydicom {pydicom.__version__} (pydicom._uid_dict), plus the {len(added)} SOP classes of PS3.6 {sop_edition} that it lacks, from
// pynetdicom {pynetdicom.__version__} (pynetdicom.sop_class; names spelled from their keywords).
// {len(rows)} entries. Columns: UID, name, keyword, type, info, retired (R), storage SOP class (S).

extension UIDDictionary {{
    /// The pydicom release the table was generated from.
    static let generatedFromPydicomVersion = "{pydicom.__version__}"
    /// The pynetdicom release whose SOP classes were added.
    static let generatedFromPynetdicomVersion = "{pynetdicom.__version__}"
    /// The PS3.6 edition of the registry as a whole, and the edition of its SOP classes.
    static let registryEdition = "{registry_edition}"
    static let sopClassEdition = "{sop_edition}"

    /// Tab-separated rows, one per UID; parsed once by `UIDDictionary.table`.
    static let generatedTable = """
{body}
"""
}}
'''
    with open(OUT, "w", encoding="utf-8") as handle:
        handle.write(swift)
    storage = sum(1 for row in rows if row.endswith("\tS"))
    print(f"wrote {os.path.relpath(OUT)}: {len(rows)} UIDs, {storage} storage SOP classes; added from "
          f"pynetdicom: " + ", ".join(f"{uid} {value[0]}" for uid, value in sorted(added.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
