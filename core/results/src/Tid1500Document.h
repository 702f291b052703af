#pragma once

#include "SrTreeBuilder.h"
#include "chexview/results/SourceStudy.h"

#include <dcmtk/dcmsr/dsrdoc.h>

namespace chexview {

/// The frame every TID 1500 "Imaging Measurement Report" chexview writes shares: a
/// Comprehensive 3D SR in the source's study (new series), the root container with language
/// (TID 1204), a device observer (TID 1001/1002/1004), procedure reported and an image library
/// (TID 1600) referencing the source image; write() adds the evidence, the private coding
/// scheme, the patient and study module (anonymized when the source is), new UIDs and content
/// date, and saves the file. Between the constructor and write() the caller adds the Imaging
/// Measurements and Qualitative Evaluations below the root with builder() (the cursor is on the
/// image library container). Private to chexview_results; one document per thread.
class Tid1500Document
{
public:
    struct Observer
    {
        QString uid;          ///< Device Observer UID
        QString name;         ///< Device Observer Name
        QString manufacturer; ///< Device Observer Manufacturer
        QString modelName;    ///< Device Observer Model Name (cut to 64 characters)
    };

    /// Throws std::runtime_error if DCMTK refuses the frame.
    Tid1500Document(const SourceStudy& source, const QString& seriesDescription,
                    const Observer& observer);
    SrTreeBuilder& builder() { return m_builder; }
    /// Saves the report; returns its new SOP Instance UID. Throws std::runtime_error.
    QString write(const QString& softwareVersion, const QString& outPath);

private:
    SourceStudy m_source;
    DSRDocument m_doc;
    SrTreeBuilder m_builder;
};

} // namespace chexview
