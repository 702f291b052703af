#!/usr/bin/env python3
"""Writes a TID 1500 measurement report by hand with pydicom, the way another AI tool might
(Comprehensive SR, its own algorithm, some findings chexview does not know, one probability under
a concept name other than DCM 122157, one value only as FloatingPointValue), so that
`chexview-cli results` is tested on a report chexview's writer did not make.

usage: make_independent_sr.py SOURCE.dcm OUT.dcm
Prints the values a reader must find, as one JSON object, on stdout.
"""
import argparse
import json

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33"


def code(value, scheme, meaning):
    c = Dataset()
    c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = value, scheme, meaning
    return c


def item(relationship, value_type, concept):
    i = Dataset()
    i.RelationshipType = relationship
    i.ValueType = value_type
    i.ConceptNameCodeSequence = Sequence([code(*concept)])
    return i


def text(relationship, concept, value):
    i = item(relationship, "TEXT", concept)
    i.TextValue = value
    return i


def coded(relationship, concept, value):
    i = item(relationship, "CODE", concept)
    i.ConceptCodeSequence = Sequence([code(*value)])
    return i


def num(concept, value, unit=("1", "UCUM", "no units"), float_only=False, children=()):
    i = item("CONTAINS", "NUM", concept)
    m = Dataset()
    m.MeasurementUnitsCodeSequence = Sequence([code(*unit)])
    if float_only:  # a tool that needs more digits than a DS holds
        m.NumericValue = f"{value:.4f}"
        m.FloatingPointValue = value
    else:
        m.NumericValue = f"{value:g}"
    i.MeasuredValueSequence = Sequence([m])
    if children:
        i.ContentSequence = Sequence(list(children))
    return i


def container(relationship, concept, children):
    i = item(relationship, "CONTAINER", concept)
    i.ContinuityOfContent = "SEPARATE"
    i.ContentSequence = Sequence(children)
    return i


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("source")
    p.add_argument("out")
    args = p.parse_args()
    src = pydicom.dcmread(args.source, stop_before_pixels=True)

    algorithm = [
        text("HAS CONCEPT MOD", ("111001", "DCM", "Algorithm Name"), "OtherVendor CXR triage"),
        text("HAS CONCEPT MOD", ("111003", "DCM", "Algorithm Version"), "2.4.1"),
    ]
    probability = ("122157", "DCM", "Probability")
    threshold = ("122411", "DCM", "Threshold Value")
    # (label chexview should report, finding code, probability concept, value, threshold, positive)
    rows = [
        ("Atelectasis", ("46621007", "SCT", "Atelectasis"), probability, 0.125, 0.4, False),
        ("Pneumothorax", ("36118008", "SRT", "Pneumothorax"), probability, 0.8675, 0.3, True),
        ("Effusion", ("60046008", "SCT", "Pleural effusion"),
         ("C0033204", "UMLS", "Likelihood"), 0.5125, None, None),
        ("Interstitial lung disease", ("233703007", "SCT", "Interstitial lung disease"),
         probability, 0.0312345678, 0.25, False),
    ]
    groups = []
    for n, (label, finding, concept, value, thr, positive) in enumerate(rows):
        children = [
            text("HAS OBS CONTEXT", ("112039", "DCM", "Tracking Identifier"), f"finding {n}"),
            coded("CONTAINS", ("121071", "DCM", "Finding"), finding),
            num(concept, value, float_only=(n == 3), children=algorithm if n == 0 else ()),
        ]
        if thr is not None:
            children.append(num(threshold, thr))
        if positive is not None:
            children.append(coded("CONTAINS", ("121052", "DCM", "Presence of property"),
                                  ("52101004", "SCT", "Present") if positive
                                  else ("272519000", "SCT", "Absent")))
        groups.append(container("CONTAINS", ("125007", "DCM", "Measurement Group"), children))

    image = Dataset()
    image.RelationshipType, image.ValueType = "CONTAINS", "IMAGE"
    ref = Dataset()
    ref.ReferencedSOPClassUID = src.SOPClassUID
    ref.ReferencedSOPInstanceUID = src.SOPInstanceUID
    image.ReferencedSOPSequence = Sequence([ref])

    ds = Dataset()
    ds.SOPClassUID = COMPREHENSIVE_SR
    ds.SOPInstanceUID = generate_uid()
    ds.StudyInstanceUID = src.StudyInstanceUID
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "SR"
    ds.SeriesNumber, ds.InstanceNumber = 77, 1
    ds.ContentDate, ds.ContentTime = "20240101", "120000"
    ds.CompletionFlag, ds.VerificationFlag = "COMPLETE", "UNVERIFIED"
    ds.Manufacturer = "OtherVendor"
    ds.PatientName = src.get("PatientName", "")
    ds.PatientID = src.get("PatientID", "")
    ds.ValueType = "CONTAINER"
    ds.ContinuityOfContent = "SEPARATE"
    ds.ConceptNameCodeSequence = Sequence([code("126000", "DCM", "Imaging Measurement Report")])
    tpl = Dataset()
    tpl.MappingResource, tpl.TemplateIdentifier = "DCMR", "1500"
    ds.ContentTemplateSequence = Sequence([tpl])
    ds.ContentSequence = Sequence([
        coded("HAS CONCEPT MOD", ("121049", "DCM", "Language of Content Item and Descendants"),
              ("en-US", "RFC5646", "English (United States)")),
        container("CONTAINS", ("111028", "DCM", "Image Library"),
                  [container("CONTAINS", ("126200", "DCM", "Image Library Group"), [image])]),
        container("CONTAINS", ("126010", "DCM", "Imaging Measurements"), groups),
    ])
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(args.out, write_like_original=False)

    print(json.dumps({
        "kind": "tid1500-sr",
        "algorithm": {"name": "OtherVendor CXR triage", "version": "2.4.1"},
        "source_sop_instance_uid": str(src.SOPInstanceUID),
        "findings": {r[0]: r[3] for r in rows},
        "thresholds": {r[0]: r[4] for r in rows if r[4] is not None},
        "positive": {r[0]: r[5] for r in rows if r[5] is not None},
    }))


if __name__ == "__main__":
    main()
