#!/usr/bin/env python3
"""Builds DICOM study trees from real NIH films for the study model's tests (issue 19).

pydicom writes every file (no code of this project is involved), from real NIH ChestX-ray14
images-256 PNGs decoded by PIL. The dates are chosen so that the folder order is NOT the date
order, names are extension-less in places, and one folder holds DICOM files with the same
names as another. Output: OUT/tree/... and OUT/expected.json describing what the tree must
group into (the tests compare against it).

Patients:
  STUDYPAT1  three studies in folders a_visit (2024-03-10, PA + a second series marked LL),
             b_visit (2023-01-05, PA), c_visit/nested/deeper (2023-11-20, AP, extension-less);
             order b, c, a; priors: b <- c <- a.
  STUDYPAT2  two studies on the same day (08:15 and 14:40) -> the later one's prior is the
             earlier; a third with a malformed date ("20231345") -> undated, no prior.
  A README.txt (ignored) and a DICOM file without a StudyInstanceUID (skipped, named).

usage: make_study_fixtures.py SHARED_DATA_DIR OUT_DIR
"""
import json
import os
import shutil
import sys

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

FILMS = ["00000075_000.png", "00000100_000.png", "00000129_000.png", "00000211_000.png",
         "00000282_000.png", "00000001_000.png", "00000001_001.png", "00000001_002.png"]
ROOT = "1.2.826.0.1.3680043.10.1119."  # fixed UIDs: the tests name them


def film(shared, name):
    for sub in ("nih/images-256", "nih/followups"):
        p = os.path.join(shared, sub, name)
        if os.path.exists(p):
            im = Image.open(p).convert("L")
            if im.size[0] > 256:
                im = im.resize((256, 256), Image.BILINEAR)
            return np.array(im, dtype=np.uint8)
    raise SystemExit("missing film " + name)


def instance(pixels, patient, study_uid, series_uid, sop_uid, date, time, view, laterality,
             series_number, description, modality="CR"):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1"
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = sop_uid
    ds.Modality = modality
    ds.PatientName = "Study^" + patient
    ds.PatientID = patient
    ds.PatientAge = "061Y"
    if study_uid:
        ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.SeriesNumber = series_number
    ds.InstanceNumber = 1
    ds.StudyDate = date
    ds.StudyTime = time
    ds.StudyDescription = description
    ds.ViewPosition = view
    if laterality:
        ds.ImageLaterality = laterality
    ds.BodyPartExamined = "CHEST"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.PixelData = pixels.tobytes()
    return ds


def main(shared, out):
    tree = os.path.join(out, "tree")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(tree)
    px = [film(shared, f) for f in FILMS]

    def save(ds, rel):
        path = os.path.join(tree, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        ds.save_as(path, write_like_original=False)

    p1 = "STUDYPAT1"
    # (folder, study suffix, date, time, description, [(series, view, laterality, film, name)])
    studies1 = [
        ("a_visit", "1.3", "20240310", "101500", "CHEST PA AND LATERAL",
         [("1", "PA", "", 0, "IMG0001.dcm"), ("2", "LL", "L", 1, "IMG0002.dcm")]),
        ("b_visit", "1.1", "20230105", "093000", "CHEST PA",
         [("1", "PA", "", 2, "IMG0001.dcm")]),
        ("c_visit/nested/deeper", "1.2", "20231120", "231000", "CHEST AP PORTABLE",
         [("1", "AP", "", 3, "IM0")]),
    ]
    for folder, suffix, date, time, desc, series in studies1:
        study = ROOT + suffix
        for number, view, lat, f, name in series:
            ds = instance(px[f], p1, study, study + "." + number, study + "." + number + ".1",
                          date, time, view, lat, int(number), desc)
            save(ds, os.path.join(folder, name))

    p2 = "STUDYPAT2"
    studies2 = [
        ("p2/late", "2.2", "20230301", "144000", 4),
        ("p2/early", "2.1", "20230301", "081500", 5),
        ("p2/baddate", "2.3", "20231345", "120000", 6),
    ]
    for folder, suffix, date, time, f in studies2:
        study = ROOT + suffix
        save(instance(px[f], p2, study, study + ".1", study + ".1.1", date, time, "PA", "", 1,
                      "CHEST"), os.path.join(folder, "IMG0001"))
    # Not study images.
    with open(os.path.join(tree, "README.txt"), "w") as fh:
        fh.write("not an image\n")
    save(instance(px[7], "STUDYPAT3", "", ROOT + "3.1.1", ROOT + "3.1.1.1", "20230101",
                  "000000", "PA", "", 1, "NO STUDY UID"), "broken/no_study_uid.dcm")

    expected = {
        "patients": {
            p1: [
                {"study_uid": ROOT + "1.1", "date": "20230105", "prior": None, "series": 1,
                 "views": ["PA"]},
                {"study_uid": ROOT + "1.2", "date": "20231120", "prior": ROOT + "1.1",
                 "series": 1, "views": ["AP"]},
                {"study_uid": ROOT + "1.3", "date": "20240310", "prior": ROOT + "1.2",
                 "series": 2, "views": ["PA", "LL"]},
            ],
            p2: [
                {"study_uid": ROOT + "2.3", "date": None, "prior": None, "series": 1,
                 "views": ["PA"]},
                {"study_uid": ROOT + "2.1", "date": "20230301", "prior": None, "series": 1,
                 "views": ["PA"]},
                {"study_uid": ROOT + "2.2", "date": "20230301", "prior": ROOT + "2.1",
                 "series": 1, "views": ["PA"]},
            ],
        },
        "skipped": ["broken/no_study_uid.dcm"],
        "ignored": ["README.txt"],
        "files": 9,
    }
    with open(os.path.join(out, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
