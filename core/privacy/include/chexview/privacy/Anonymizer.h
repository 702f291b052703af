#pragma once

#include "chexview/image/ImageMetadata.h"

#include <QStringList>

namespace chexview {

/// De-identifies an image's metadata for display and export, following DICOM PS3.15 Annex E's
/// basic application level confidentiality profile (table E.1-1) with the "Retain Patient
/// Characteristics" option (sex, age, size and weight stay: they are what a chest film is read
/// with). A value is masked when its attribute is on the basic-profile list, its VR is PN, DA,
/// DT or TM, it is an instance/study/series UID, it is private (odd group), it lies inside a
/// masked sequence, or it contains one of the image's identifying values anyway (a name typed
/// into a comment). The pixels are not touched: burnt-in text is out of its reach.
/// Pure functions on values; any thread.
class Anonymizer
{
public:
    /// What a masked value reads.
    static QString maskText();
    /// True for an attribute of the basic profile's list (group, element), private tags included.
    static bool isProfileTag(quint16 group, quint16 element);
    /// True when `entry`'s value must not be shown (see the class comment).
    static bool isIdentifying(const DicomTagEntry& entry, const QStringList& identifyingValues);
    /// A copy with patient name, ID, study date and description cleared and every identifying
    /// tag value replaced by maskText(); warnings and pixel facts are kept.
    static ImageMetadata anonymize(const ImageMetadata& meta);
    /// The identifying values an image carries (name and its components, IDs, dates, UIDs,
    /// institution, physicians, accession number...), at least 3 characters each: what must not
    /// appear anywhere when anonymized. Used by the masking itself and by the tests' scans.
    static QStringList identifyingValues(const ImageMetadata& meta);
};

} // namespace chexview
