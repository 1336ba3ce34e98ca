#!/usr/bin/env python3
"""Prints, as hex, a data set as pynetdicom encodes it for a DIMSE message (Implicit VR Little Endian).

usage: encode_dataset.py KIND
KIND: commitment-request (N-ACTION-RQ of Storage Commitment Push Model, PS3.4 J.3.2: Transaction UID and three
Referenced SOP Sequence items), commitment-report (N-EVENT-REPORT-RQ: two committed, one in Failed SOP Sequence),
mpps-create (N-CREATE-RQ of MPPS, PS3.4 F.7.2.1, Latin-1 patient name), mpps-set (N-SET-RQ completing it).
"""
import sys

from pydicom.dataset import Dataset
from pynetdicom.dsutils import encode


def reference(i):
    item = Dataset()
    item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    item.ReferencedSOPInstanceUID = f"1.2.3.{i}"
    return item


def make(kind):
    ds = Dataset()
    if kind.startswith("commitment"):
        ds.TransactionUID = "2.25.4711"
        if kind == "commitment-request":
            ds.ReferencedSOPSequence = [reference(i) for i in range(3)]
        else:
            ds.ReferencedSOPSequence = [reference(i) for i in range(2)]
            failed = reference(2)
            failed.FailureReason = 0x0110
            ds.FailedSOPSequence = [failed]
    elif kind == "mpps-create":
        ds.SpecificCharacterSet = "ISO_IR 100"
        ds.PatientName = "Müller^Jörg"
        ds.PatientID = "P-7"
        ds.Modality = "CT"
        ds.PerformedStationAETitle = "CT_SCANNER_01"
        ds.PerformedProcedureStepID = "PPS1"
        ds.PerformedProcedureStepStartDate = "20261205"
        ds.PerformedProcedureStepStartTime = "170003"
        ds.PerformedProcedureStepStatus = "IN PROGRESS"
        ds.PerformedProcedureStepDescription = "CT chest"
    elif kind == "mpps-set":
        ds.PerformedProcedureStepStatus = "COMPLETED"
        ds.PerformedProcedureStepEndDate = "20261205"
        ds.PerformedProcedureStepEndTime = "171500"
    return encode(ds, True, True)


if __name__ == "__main__":
    print(make(sys.argv[1]).hex())
