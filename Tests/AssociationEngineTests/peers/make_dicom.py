#!/usr/bin/env python3
"""Writes small CT-image DICOM Part-10 files for storescu tests.

usage: make_dicom.py OUTDIR COUNT [ROWS]
Prints each file's path and SOP Instance UID, tab-separated, one per line.
"""
import os
import sys

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid


def make(path, rows):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CTImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = CTImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName = "Test^Assocmon"
    ds.PatientID = "ASSOCMON-1"
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "CT"
    ds.Rows = rows
    ds.Columns = rows
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.PixelData = bytes((i * 7) % 251 for i in range(rows * rows * 2))
    ds.save_as(path, enforce_file_format=True)
    return ds.SOPInstanceUID


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        path = os.path.join(out, f"ct{i}.dcm")
        print(f"{path}\t{make(path, rows)}", flush=True)


if __name__ == "__main__":
    main()
