#pragma once

#include "chexview/study/StudyInstance.h"

namespace chexview {

/// Reads the study-identifying tags of one DICOM file with DCMTK, stopping before the pixel
/// data (large values are not loaded). Dates and times are validated (a malformed one is left
/// empty); UIDs must be well formed. Private to chexview_study. Reentrant.
class DicomStudyTags
{
public:
    /// Fills the identity fields of `instance` (path, size and mtime are the caller's). Returns
    /// an empty string on success, else why the file cannot be used.
    static QString read(const QString& path, StudyInstance& instance);
    /// YYYYMMDD of a real calendar day, else empty.
    static QString validDate(const QString& text);
    /// HHMMSS (HH, HHMM accepted and padded; fraction dropped) of a real time, else empty.
    static QString validTime(const QString& text);
};

} // namespace chexview
