#!/usr/bin/env python3
"""Reference DIMSE command sets and real P-DATA-TF PDUs for the DICOMUpperLayer tests.

Writes into Tests/DICOMUpperLayerTests/Fixtures/dimse/:
  pynetdicom-c-echo-rq.bin    command set of a C-ECHO-RQ, Message ID 7, encoded by pynetdicom
  pynetdicom-c-echo-rsp.bin   C-ECHO-RSP, responding to 7, status 0x0000
  pynetdicom-c-store-rq.bin   C-STORE-RQ, Message ID 3, CT Image Storage, priority HIGH, move originator
  pynetdicom-c-store-rsp.bin  C-STORE-RSP, responding to 3, status 0xA700
  dcmtk-echoscu-pdata.bin     the first P-DATA-TF PDU /usr/bin/echoscu sends (its C-ECHO-RQ, Message ID 1)
  dcmtk-storescu-pdata-*.bin  every P-DATA-TF PDU /usr/bin/storescu sends for one small object, max PDU 4096

The P-DATA-TF PDUs are captured by a pynetdicom SCP on 127.0.0.1 (ephemeral port) through its EVT_DATA_RECV
hook, which sees each received PDU's raw bytes. Run from the package root: python3 scripts/capture-dimse-fixtures.py
"""

import io
import os
import subprocess
import sys
import tempfile

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian
from pynetdicom import AE, evt
from pynetdicom.dimse_messages import C_ECHO_RQ, C_ECHO_RSP, C_STORE_RQ, C_STORE_RSP
from pynetdicom.dimse_primitives import C_ECHO, C_STORE
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_dataset

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "DICOMUpperLayerTests", "Fixtures", "dimse")
CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
INSTANCE = "1.2.826.0.1.3680043.9.3811.77.1"


def encoded_command(message) -> bytes:
    fp = DicomBytesIO()
    fp.is_little_endian = True
    fp.is_implicit_VR = True
    write_dataset(fp, message.command_set)
    return fp.getvalue()


def write(name: str, data: bytes) -> None:
    with open(os.path.join(OUT, name), "wb") as handle:
        handle.write(data)
    print(f"{name}: {len(data)} bytes")


def reference_command_sets() -> None:
    echo = C_ECHO()
    echo.MessageID = 7
    echo.AffectedSOPClassUID = "1.2.840.10008.1.1"
    message = C_ECHO_RQ()
    message.primitive_to_message(echo)
    write("pynetdicom-c-echo-rq.bin", encoded_command(message))

    echo_rsp = C_ECHO()
    echo_rsp.MessageIDBeingRespondedTo = 7
    echo_rsp.AffectedSOPClassUID = "1.2.840.10008.1.1"
    echo_rsp.Status = 0x0000
    message = C_ECHO_RSP()
    message.primitive_to_message(echo_rsp)
    write("pynetdicom-c-echo-rsp.bin", encoded_command(message))

    store = C_STORE()
    store.MessageID = 3
    store.AffectedSOPClassUID = CT_IMAGE_STORAGE
    store.AffectedSOPInstanceUID = INSTANCE
    store.Priority = 0x0001
    store.MoveOriginatorApplicationEntityTitle = "MOVESCU"
    store.MoveOriginatorMessageID = 11
    store.DataSet = io.BytesIO(b"\x08\x00\x16\x00\x00\x00\x00\x00")
    message = C_STORE_RQ()
    message.primitive_to_message(store)
    write("pynetdicom-c-store-rq.bin", encoded_command(message))

    store_rsp = C_STORE()
    store_rsp.MessageIDBeingRespondedTo = 3
    store_rsp.AffectedSOPClassUID = CT_IMAGE_STORAGE
    store_rsp.AffectedSOPInstanceUID = INSTANCE
    store_rsp.Status = 0xA700
    message = C_STORE_RSP()
    message.primitive_to_message(store_rsp)
    write("pynetdicom-c-store-rsp.bin", encoded_command(message))


def small_ct_file(path: str) -> None:
    ds = Dataset()
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = INSTANCE
    ds.PatientName = "FIXTURE^DIMSE"
    ds.PatientID = "PDV-1"
    ds.Modality = "CT"
    ds.StudyInstanceUID = INSTANCE + ".1"
    ds.SeriesInstanceUID = INSTANCE + ".2"
    ds.Rows = 64
    ds.Columns = 64
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.PixelData = bytes((i * 7) & 0xFF for i in range(64 * 64 * 2))
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT_IMAGE_STORAGE
    meta.MediaStorageSOPInstanceUID = INSTANCE
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.save_as(path, enforce_file_format=True)


def capture(command: list, tag: str, files: tuple = ()) -> list:
    received = []

    def on_data(event):
        if event.data[:1] == b"\x04":
            received.append(bytes(event.data))

    ae = AE(ae_title="FIXTURESCP")
    ae.add_supported_context("1.2.840.10008.1.1")
    ae.add_supported_context(CT_IMAGE_STORAGE, [ExplicitVRLittleEndian, ImplicitVRLittleEndian])
    ae.maximum_pdu_size = 4096
    handlers = [(evt.EVT_DATA_RECV, on_data), (evt.EVT_C_STORE, lambda event: 0x0000)]
    server = ae.start_server(("127.0.0.1", 0), block=False, evt_handlers=handlers)
    try:
        port = server.server_address[1]
        subprocess.run(command + ["127.0.0.1", str(port), *files], check=True, timeout=30,
                       stdout=subprocess.DEVNULL)
    finally:
        server.shutdown()
    print(f"{tag}: captured {len(received)} P-DATA-TF PDUs")
    return received


def main() -> int:
    os.makedirs(OUT, exist_ok=True)
    reference_command_sets()
    echo_pdus = capture(["/usr/bin/echoscu", "-aec", "FIXTURESCP"], "echoscu")
    if not echo_pdus:
        return 1
    write("dcmtk-echoscu-pdata.bin", echo_pdus[0])
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ct.dcm")
        small_ct_file(path)
        store_pdus = capture(["/usr/bin/storescu", "-aec", "FIXTURESCP", "-xe", "--max-pdu", "4096"],
                             "storescu", (path,))
    for index, pdu in enumerate(store_pdus):
        write(f"dcmtk-storescu-pdata-{index}.bin", pdu)
    return 0


if __name__ == "__main__":
    sys.exit(main())
