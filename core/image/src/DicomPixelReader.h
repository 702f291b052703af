#pragma once

#include "chexview/image/StoredImage.h"
#include "chexview/image/XrayImage.h"

#include <dcmtk/dcmdata/dcxfer.h>

#include <QStringList>

class DcmDataset;

namespace chexview {

/// Extracts the first frame of a DICOM dataset as stored values (one gray channel).
/// Handles native and encapsulated pixel data: DCMTK codecs for JPEG / JPEG-LS / RLE,
/// OpenJPEG for JPEG 2000. Reentrant. Throws ImageError quoting the offending tag.
class DicomPixelReader
{
public:
    struct Result
    {
        StoredImage stored;
        XrayImage::Polarity polarity = XrayImage::Polarity::Monochrome2;
        QString photometric;
        int frames = 1;
    };

    static Result readFirstFrame(DcmDataset& dataset, E_TransferSyntax xfer, QStringList& warnings);
};

} // namespace chexview
