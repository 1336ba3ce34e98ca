#!/usr/bin/env python3
"""Writes Modality Worklist items (PS3.4 K.6.1), one DICOM Part-10 file each, for C-FIND tests.

usage: make_worklist.py OUTDIR COUNT [json]
With "json", the items go into one file, OUTDIR/worklist.json, as an array in the DICOM JSON Model (PS3.18 F.2).
Item i: patient "Worklist^Patient<i>" (ID WL<i>), accession ACC<i>, one scheduled procedure step with modality
CT for even i and MR for odd i, station AE "SCANNER<i mod 3>", start date 2026-12-01 + (i mod 5) days, 08:00 + i min.
"""
import os
import sys

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

WORKLIST_FIND = "1.2.840.10008.5.1.4.31"


def item(i):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = WORKLIST_FIND
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.PatientName = f"Worklist^Patient{i}"
    ds.PatientID = f"WL{i}"
    ds.PatientBirthDate = "19700101"
    ds.PatientSex = "O"
    ds.AccessionNumber = f"ACC{i}"
    ds.StudyInstanceUID = generate_uid()
    ds.RequestedProcedureID = f"RP{i}"
    ds.RequestedProcedureDescription = "Müller protocol" if i == 0 else f"Procedure {i}"
    step = Dataset()
    step.Modality = "CT" if i % 2 == 0 else "MR"
    step.ScheduledStationAETitle = f"SCANNER{i % 3}"
    step.ScheduledProcedureStepStartDate = f"202612{1 + i % 5:02d}"
    step.ScheduledProcedureStepStartTime = f"{8 + i // 60 % 10:02d}{i % 60:02d}00"
    step.ScheduledProcedureStepID = f"SPS{i}"
    step.ScheduledProcedureStepDescription = f"Step {i}"
    ds.ScheduledProcedureStepSequence = [step]
    return ds


def make(path, i):
    item(i).save_as(path, enforce_file_format=True)


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    if len(sys.argv) > 3 and sys.argv[3] == "json":
        items = [item(i) for i in range(count)]
        for ds in items:
            del ds.file_meta
        with open(os.path.join(out, "worklist.json"), "w", encoding="utf-8") as f:
            f.write("[" + ",".join(ds.to_json() for ds in items) + "]")
        return
    for i in range(count):
        make(os.path.join(out, f"item{i:05d}.wl"), i)


if __name__ == "__main__":
    main()
