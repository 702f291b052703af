#pragma once

#include "chexview/model/Analysis.h"
#include "chexview/report/AnnotatedImage.h"

#include <QDateTime>
#include <QStringList>

namespace chexview {

/// The one-page PDF report (Qt's PDF writer, A4): title and date, the not-for-clinical-use
/// notice, the patient's identifying data (or "Anonymized"), the image at full resolution with
/// the chosen finding's heatmap and its legend (AnnotatedImage), the findings table with
/// thresholds and positive flags, and the model's name, precision, device, provenance and
/// trained/untrained state. The PDF's own metadata carries no patient data.
/// Pure apart from the file written; any thread with a QGuiApplication.
class ReportWriter
{
public:
    struct Content
    {
        AnnotatedImage::Content image;
        AnalysisResult result; ///< empty: the report says no analysis ran
        QString modelName;
        bool trained = false;
        QString provenance;   ///< "source: ..., built: ..."
        QString gate;         ///< the input gate's verdict; "(scores forced)" when overridden
        QString imageSummary; ///< format, size, bit depth, photometric, transfer syntax
        QStringList identity; ///< "Name: ...", "ID: ...", "File: ..."; empty when anonymized
        bool anonymized = false;
        QDateTime created;
        QString credit;           ///< whom the image is credited to (ImageCredit)
        QStringList measurements; ///< "Length: 84.2 mm at detector", one line each
    };
    /// Writes the report; false (and `error` set) when the file cannot be written.
    static bool writePdf(const Content& content, const QString& path, QString* error = nullptr);
};

} // namespace chexview
